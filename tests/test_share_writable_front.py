"""Every front matter validate passes without JD119 is one `jiading share` can write its records into, and one it
cannot is JD119 before any post: drawn front matters of many YAML forms (fields quoted or not, values plain, quoted,
folded or as lists of either style, comments, blank lines, CRLF, the whole as one flow mapping or indented), each
loaded as validate loads it and edited as share records a post."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.content.loader import parse
from jiading_cli.model.article import Defaults
from jiading_cli.share.records import edit, record, replacing
from jiading_cli.share.request import ShareError

DEFAULTS = Defaults(timezone="Asia/Shanghai", lang="en", authors=("Newsroom",))
INTENT = record("facebook", "urn:uuid:1", "intent", dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC), sha256="ab" * 32)
FIELDS = [
    ("id", ["urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "'urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10'"]),
    ("title", ["A park opens", '"A park: opens"', "'A park #1'"]),
    ("date", ["2017-07-03T18:00:00+08:00", "'2017-07-03T18:00:00+08:00'"]),
    ("summary", ["A new industrial park opens in Jiading today.", ">-\n  A new industrial park\n  opens in Jiading."]),
    ("tags", ["[parks, chips]", "\n- parks\n- chips", "\n  - parks\n  - chips"]),
]


@st.composite
def fronts(draw: st.DrawFn) -> tuple[str, str]:
    """(front matter text, its form: 'block', 'flow' or 'indented')."""
    form = draw(st.sampled_from(["block", "block", "flow", "indented"]))
    quote = draw(st.sampled_from(["", "'", '"']))
    rows = []
    for name, values in FIELDS:
        value = draw(st.sampled_from(values))
        if form == "flow" and ("\n" in value):
            value = values[0]
        comment = draw(st.sampled_from(["", "  # a note"])) if form != "flow" and "\n" not in value else ""
        rows.append(f"{quote}{name}{quote}: {value}{comment}" if value[0] != "\n" else f"{quote}{name}{quote}:{value}")
        if form != "flow" and draw(st.booleans()):
            rows.append(draw(st.sampled_from(["", "# between fields"])))
    if form == "flow":
        return "{" + ", ".join(rows) + "}", form
    text = "\n".join(rows)
    if form == "indented":
        text = "\n".join("    " + row if row else row for row in text.split("\n"))
    return text, form


@settings(max_examples=150, deadline=None)
@given(fronts(), st.sampled_from(["\n", "\r\n"]))
def test_share_writes_its_records_into_every_front_matter_validate_passes_without_jd119(
    drawn: tuple[str, str], end: str
) -> None:
    front, form = drawn
    raw = ("---\n" + front + "\n---\nBody.\n").replace("\n", end).encode()
    problems = parse(raw, "articles/a.md", DEFAULTS, "a").problems
    assert not [p.render() for p in problems if p.severity == "error"]
    said = [p for p in problems if p.code == "JD119"]
    try:
        added, records = edit(raw, replacing("facebook", INTENT), "articles/a.md")
    except ShareError:
        assert said, (form, front)
        assert form != "block"
        return
    assert not said, (form, front)
    assert [r["network"] for r in records] == ["facebook"]
    again = parse(added, "articles/a.md", DEFAULTS, "a")
    assert not [p.render() for p in again.problems if p.severity == "error"]
    assert again.article is not None and [r["network"] for r in again.article.syndication] == ["facebook"]
