"""The whole-body scans that find links and control characters report exactly what a line-by-line scan does."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.base.xmlchars import NOT_XML as XML_INVALID
from jiading_cli.base.xmlchars import xml_clean
from jiading_cli.model.article import Article
from jiading_cli.validate.fields import check_characters
from jiading_cli.validate.references import (
    _references_at_once,
    _references_by_line,
    body_references,
    scanned_references,
)

PIECES = [
    "[a](b.md)",
    "![img](x.png)",
    "[a]( <c d.pdf> )",
    "[r]: ref.pdf",
    "   [r]:\t<r s.pdf>",
    "    [i](indented.md)",
    'src="s.png"',
    "HREF = 'h.html'",
    'href="a\nb"',
    "](",
    "]:",
    "=",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    " ",
    "\t",
    "\n",
    "\n    ",
    "\x0b",
    "\u2028",
    "\x0c",
    "x",
    "金融",
    "#",
    '"',
    "'",
]
bodies = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400)
@given(bodies)
def test_a_body_without_code_finds_what_a_line_by_line_scan_finds(body: str) -> None:
    assert _references_at_once(body) == list(_references_by_line(body))


@given(st.lists(st.sampled_from([*PIECES, "`", "```\n", "~~~\n"]), max_size=40).map("".join))
def test_a_body_with_code_is_scanned_line_by_line(body: str) -> None:
    links = [found[:3] for found in scanned_references(body) if not found[3]]
    assert links == [found[:3] for found in _references_by_line(body)]


def test_links_are_found_on_their_lines_in_pattern_order() -> None:
    body = 'Intro\n<img src="a.png"> and [b](b.md)\n[c]: c.pdf\n    [code](no.md)\n![d](d.jpg) and ![e](e.png)\n'
    assert list(body_references(body)) == [
        (1, "b.md", False),
        (1, "a.png", False),  # src= of any element: checked as an image by its name's ending only
        (2, "c.pdf", False),
        (4, "d.jpg", True),
        (4, "e.png", True),
    ]
    assert body_references(body + "`x`\n") == body_references(body)


def test_raw_html_is_read_over_the_whole_body_as_the_renderer_reads_it() -> None:
    """A tag over several lines, a value without quotes inside a tag; never text outside one, nor code."""
    body = "<img\nsrc=a.png alt=\"x\"><a href='b.pdf'\n>b</a> src=no.png `<img src=code.png>`\n\n    <img src=c.png>\n"
    assert body_references(body) == [(1, "a.png", False), (1, "b.pdf", False)]


any_character = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())


@settings(max_examples=400)
@given(st.text(alphabet=st.one_of(any_character, st.sampled_from(["\x00", "\x1f", "\ufffe", "\uffff", "\ud800", "é"]))))
def test_the_control_character_test_agrees_with_the_pattern(text: str) -> None:
    assert xml_clean(text) == (XML_INVALID.search(text) is None)


def _article(**fields: object) -> Article:
    values: dict[str, object] = {
        "path": "a.md",
        "id": "urn:uuid:1",
        "title": "T",
        "date": dt.datetime(2017, 7, 3, tzinfo=dt.UTC),
        "updated": None,
        "summary": "",
        "authors": ("A",),
        "tags": ("x",),
        "category": None,
        "lang": "en",
        "slug": "a",
        "image": None,
        "image_alt": None,
        "draft": False,
        "canonical_url": None,
        "translations": {},
        "share": {},
        "syndication": (),
        "body": "",
        "body_line": 9,
        "lines": {"id": 2, "title": 3, "tags": 4, "translations": 5},
    }
    return Article(**{**values, **fields})  # type: ignore[arg-type]  # test values of the right types


def test_a_control_character_is_reported_in_the_first_field_and_line_that_holds_it() -> None:
    article = _article(tags=("x", "y\x0b"), translations={"zh-CN": "urn:\x01"}, body="ok\n\ufffe here\n")
    found = [(p.field, p.line, p.message[-6:]) for p in check_characters(article)]
    assert found == [("tags", 4, "U+000B"), ("translations", 5, "U+0001"), ("body", 10, "U+FFFE")]


def test_text_without_control_characters_has_no_problem() -> None:
    assert check_characters(_article(title="金融 ok\ttab", body="line\r\nnext\n")) == []


READ_PIECES = [
    *PIECES,
    "[a](x(1).png)",
    "[![i](i.png)](o.pdf)",
    "[t\nu](m.pdf)",
    "[a [b] c](n.pdf)",
    "[e](caf&eacute;.pdf)",
    "[s](s\\_t.pdf)",
    "\\[n](no.pdf)",
    '[t](t.pdf "title")',
    "[w](w.pdf w)",
    "[u][r]",
    "[r]",
    "| [c](c.pdf) |\n|---|\n",
    "<div>\n",
    "\n\n",
    "`",
    "\xa0",
    "<https://x.org/a>",
    "<HTTP://x.org/a?b=1&c=2>",
    "<mailto:m@x.org>",
    "<m@x.org>",
    "<https://x.org/&amp;>",
    "<https://x.org/[a]>",
    "<https://x.org/a b>",
    "<ab:\x7f>",
    "<a:b>",
    "<div>",
    "[q](q.pdf?a=1&b=2)",
    "[q](q.pdf?a=1&amp;b=2)",
    "[q](q.pdf?a=1&copy=2)",
    "[q](https://x.org/a)",
    '[t](t.pdf "<https://x.org/a>")',
    "> ",
    "- ",
    "*",
    "# ",
]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(READ_PIECES), max_size=30).map("".join), st.booleans())
@example('See [a](x.png) and ![b](y.png "t").\n\nMore [c](c.pdf) [](d.pdf)\n', False)
@example(">     [i](indented.md)\n", False)  # code in a quote: no link
def test_the_quick_reading_of_links_is_cmarks(body: str, unsafe: bool) -> None:
    """A body the pattern reads alike (:func:`_read_alike`) gives the links cmark reads in it, at the same lines."""
    from unittest import mock

    from jiading_cli.validate import references

    quick = references.read_references(body, unsafe)
    if body.startswith("See [a]"):
        assert references._read_alike(body, 4)
        assert [target for _, target, _ in quick] == ["x.png", "y.png", "c.pdf", "d.pdf"]
    with mock.patch.object(references, "_read_alike", lambda *_: False):
        assert references.read_references(body, unsafe) == quick
