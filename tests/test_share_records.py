"""Recording a post edits only the `syndication` field: every other byte of the article stays as it was."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jiading_cli.share.records import edit, record, replacing
from jiading_cli.share.request import ShareError

MOMENT = dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC)
INTENT = record("facebook", "urn:uuid:1", "intent", MOMENT, sha256="ab" * 32)


def test_a_record_is_added_at_the_end_of_the_front_matter_and_removed_without_a_trace() -> None:
    original = b"---\ntitle: A  # keep this comment\ndate: 2017-07-03\n---\nBody with\n---\na rule.\n"
    added, _ = edit(original, replacing("facebook", INTENT), "a.md")
    assert added.startswith(original[: original.index(b"---\nBody")])
    assert added.endswith(b"---\nBody with\n---\na rule.\n")
    assert b"syndication:\n- network: facebook\n  article: urn:uuid:1\n  state: intent\n" in added
    removed, _ = edit(added, replacing("facebook", None), "a.md")
    assert removed == original


def test_crlf_and_a_byte_order_mark_are_kept() -> None:
    original = "\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n".encode()
    added, _ = edit(original, replacing("facebook", INTENT), "a.md")
    assert added.startswith("\ufeff---\r\ntitle: A\r\nsyndication:\r\n".encode())
    assert b"\n" not in added.replace(b"\r\n", b"")


def test_an_existing_field_is_replaced_in_place() -> None:
    original = b"---\ntitle: A\nsyndication:\n- network: linkedin\n  state: posted\n# note\ndate: 2017-07-03\n---\n"
    added, records = edit(original, replacing("facebook", INTENT), "a.md")
    assert [r["network"] for r in records] == ["linkedin", "facebook"]
    assert added.startswith(b"---\ntitle: A\nsyndication:\n- network: linkedin\n  state: posted\n- network: facebook")
    assert added.endswith(b"# note\ndate: 2017-07-03\n---\n")


def test_a_flow_style_front_matter_is_refused_rather_than_rewritten() -> None:
    with pytest.raises(ShareError, match="block mapping"):
        edit(b"---\n{title: A}\n---\n", replacing("facebook", INTENT), "a.md")


safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
fields = st.dictionaries(
    st.sampled_from(["title", "summary", "tags", "lang", "image", "category", "share"]),
    st.one_of(safe_text, st.lists(safe_text, max_size=3), st.dictionaries(st.sampled_from(["x", "weibo"]), safe_text)),
    min_size=1,
)


@given(fields, st.sampled_from(["\n", "\r\n"]), st.text(max_size=80))
def test_any_front_matter_keeps_every_byte_outside_the_field(values: dict, newline: str, body: str) -> None:
    front = yaml.safe_dump(values, allow_unicode=True, sort_keys=False).replace("\n", newline)
    original = f"---{newline}{front}---{newline}{body}".encode()
    added, _ = edit(original, replacing("facebook", INTENT), "a.md")
    split = original.index(f"{newline}---{newline}".encode()) + len(newline)
    assert added.startswith(original[:split]) and added.endswith(original[split:])
    assert yaml.safe_load(added.decode().split(f"---{newline}")[1])["syndication"] == [INTENT.mapping()]
    assert edit(added, replacing("facebook", None), "a.md")[0] == original


@pytest.mark.parametrize(
    ("front", "said"),
    [
        (  # an anchor inside the records, named elsewhere: rewritten, the alias would name nothing
            "title: A\nsyndication:\n- network: facebook\n  state: intent\n  time: &t '2026-11-27T04:00:00Z'\n"
            "reviewed: *t\n",
            "expected the front matter written out, found a YAML alias (*name) (JD114: run jiading validate)",
        ),
        (  # ten levels of ten aliases: 10^10 values, had they been built and compared
            "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}' if n else 'x'] * 10)}]\n" for n in range(10)),
            "expected the front matter written out, found a YAML alias (*name) (JD114: run jiading validate)",
        ),
        (  # an alias inside the value it names
            "title: A\nloop: &l [*l]\n",
            "expected the front matter written out, found a YAML alias (*name) (JD114: run jiading validate)",
        ),
        (  # an item that is no record: rewritten, it would be gone
            "title: A\nsyndication:\n- facebook\n- network: linkedin\n  state: intent\n",
            "syndication: expected records written by `jiading share`, a mapping each, found an item 'facebook'",
        ),
        (  # a key twice: YAML keeps the last, and the rewrite would drop the first
            "title: A\nsyndication:\n- network: facebook\n  network: linkedin\n  state: intent\n",
            "syndication: expected records written by `jiading share`, a mapping each, found a key given twice",
        ),
    ],
)
def test_records_that_a_rewrite_would_change_unsaid_are_refused_in_one_line(front: str, said: str) -> None:
    raw = f"---\n{front}---\nBody.\n".encode()
    with pytest.raises(ShareError) as refused:
        edit(raw, replacing("facebook", INTENT), "a.md")
    assert said in str(refused.value) and "\n" not in str(refused.value)


UNSEEN = sorted(
    {chr(c) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)) in ("Cf", "Zs") and chr(c) != " "}
    - {"\u2028", "\u2029", "\u0085"}
)  # what an editor shows as nothing or as a space, pasted before a field's name: the loader reads it as part of it


@given(st.sampled_from(UNSEEN), st.sampled_from(["", "\r"]))
def test_a_field_name_starting_with_an_invisible_character_is_kept_as_the_loader_reads_it(unseen: str, cr: str) -> None:
    """A front matter validate loads (the odd field a warning, JD105) is one share can write its records into:
    libyaml reads a U+FEFF at a line's start as a byte-order mark and skips it, and the records' writer once read
    the file so, as YAML that does not parse, failing the article's post on every run."""
    end = cr + "\n"
    original = f"---{end}title: A{end}{unseen}notes: x{end}date: 2017-07-03{end}---{end}Body{end}".encode()
    added, records = edit(original, replacing("facebook", INTENT), "a.md")
    assert [r["network"] for r in records] == ["facebook"]
    head = original[: original.index(f"---{end}Body".encode())]
    assert added.startswith(head)
    front = added.decode()[len("---" + end) :].partition(f"{end}---{end}")[0]
    assert f"{unseen}notes: x" in front
    removed, _ = edit(added, replacing("facebook", None), "a.md")
    assert removed == original
