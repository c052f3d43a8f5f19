"""The page store's journal reads back every state it writes, as a base and as changes beside one: a part holding a
value of a form its reader refused (a named file not there, kept as ``()``) made every build after it read no
store, and make every page again, correct and many times slower, with nothing said; a reference found to lead
nowhere (None) was read from a changes file as a key removed, and looked at again by every build."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.incremental.pagejournal import PARTS, Journal, State, diff, diff_leads

TEXT = st.text(max_size=6)
STAT = st.tuples(st.integers(0, 2**63), st.integers(0, 2**63), st.integers(0, 2**63), st.integers(0, 2**40))
# a page's key, digest, and its file's size, mtime_ns, ctime_ns and inode
ENTRY = st.tuples(
    TEXT, TEXT, st.integers(0, 2**40), st.integers(0, 2**63), st.integers(0, 2**63), st.integers(0, 2**40)
)
STATES = st.builds(
    State,
    entries=st.dictionaries(TEXT, ENTRY, max_size=4),
    views=st.dictionaries(st.binary(max_size=4), st.lists(TEXT | st.none(), max_size=3).map(tuple), max_size=4),
    digests=st.dictionaries(st.binary(max_size=4), st.binary(max_size=4), max_size=4),
    facts=st.dictionaries(TEXT, st.lists(TEXT | st.integers(), max_size=3).map(tuple), max_size=4),
    resolved=st.dictionaries(st.tuples(TEXT, TEXT), st.tuples(TEXT, TEXT) | st.none(), max_size=4),
    named=st.dictionaries(TEXT, STAT | st.just(()), max_size=4),  # () for a file not there
    shape=st.tuples(TEXT, st.lists(st.tuples(TEXT, TEXT), max_size=2).map(tuple), st.just(())),
)


def _same(found: State, expected: State) -> bool:
    return all(getattr(found, p) == getattr(expected, p) for p in PARTS) and found.shape == expected.shape


@settings(max_examples=80, deadline=None)
@given(STATES, STATES)
def test_every_state_written_is_read_back_as_a_base_and_as_changes(
    tmp_path_factory: object, first: State, second: State
) -> None:
    folder: Path = tmp_path_factory.mktemp("store")  # type: ignore[attr-defined]
    base = folder / "pages-0123456789abcdef.pickle"
    journal = Journal(base, "salt")
    journal.save(first)
    loaded = Journal(base, "salt").load()
    assert _same(loaded, first)
    again = Journal(base, "salt")
    was = again.load()
    changes = {part: diff(getattr(was, part), getattr(second, part)) for part in PARTS}
    changes["resolved"] = diff_leads(was.resolved, second.resolved)  # as the page store writes it
    again.save(second, changes)
    assert _same(Journal(base, "salt").load(), second)
