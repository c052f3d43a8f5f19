"""Every option that takes a comma-separated list (`new-article --tag` and `--author`, `init --language`) refuses
an empty entry (`en,`, `a,,b`, `,park`) in one line naming the option and the entry, exit 2 and nothing written:
a stray comma is a slip, never a list one shorter than the user typed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.model.errors import describe
from test_init_edges import FLAGS, here
from test_init_edges import run as run_init
from test_new_article_edges import new_site, run, snapshot, without_cache

# Each option that takes a comma list: the command, entries it takes, and what an entry is called.
LISTS = {
    "--tag": ("new-article", ["park", "finance", "园区", "Open day"], "a tag"),
    "--author": ("new-article", ["Newsroom", "Li Wei", "王芳"], "an author"),
    "--language": ("init", ["en", "zh-CN", "fr", "ja"], "a language tag such as 'en' or 'zh-CN'"),
}
EMPTY = st.sampled_from(["", " ", "\u3000", "\u200b"])
SEPARATOR = st.sampled_from([",", "，", "、", ", ", " ,"])


@st.composite
def with_an_empty_entry(draw: st.DrawFn, entries: list[str]) -> tuple[str, int]:
    """A comma list of some of ``entries`` with one empty entry among them, and that entry's number (from 1)."""
    chosen = draw(st.lists(st.sampled_from(entries), min_size=1, max_size=3, unique=True))
    at = draw(st.integers(0, len(chosen)))
    items = [*chosen[:at], draw(EMPTY), *chosen[at:]]
    separators = [draw(SEPARATOR) for _ in items[1:]]
    return items[0] + "".join(sep + item for sep, item in zip(separators, items[1:], strict=True)), at + 1


@settings(max_examples=60, deadline=None)
@given(option=st.sampled_from(sorted(LISTS)), data=st.data())
@example(option="--language", data=None)  # 'en,'
def test_an_empty_entry_of_a_comma_list_is_refused_by_name(option: str, data: st.DataObject | None) -> None:
    command, entries, what = LISTS[option]
    value, number = data.draw(with_an_empty_entry(entries)) if data is not None else (f"{entries[0]},", 2)
    found = f"found entry {number} of {describe(value)} empty"
    line = f"Error: {option}: expected {what} between each two commas, {found}\n"
    if command == "init":
        with tempfile.TemporaryDirectory(prefix="jiading-lists-") as folder, here(Path(folder)):
            result = run_init("init", *FLAGS, "--language", "en", "--language", value, "--", "site")
            assert list(Path(folder).iterdir()) == []
    else:
        with new_site() as root:
            before = without_cache(snapshot(root))
            result = run("new-article", option, entries[0], option, value, "--", "Jiading opens a park")
            assert without_cache(snapshot(root)) == before
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)
