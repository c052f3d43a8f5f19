"""The whole-body scans that find links and control characters report exactly what a line-by-line scan does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.rules import _references_by_line, body_references

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
    assert list(body_references(body)) == list(_references_by_line(body))


@given(st.lists(st.sampled_from([*PIECES, "`", "```\n", "~~~\n"]), max_size=40).map("".join))
def test_a_body_with_code_is_scanned_line_by_line(body: str) -> None:
    assert list(body_references(body)) == list(_references_by_line(body))


def test_links_are_found_on_their_lines_in_pattern_order() -> None:
    body = 'Intro\n<img src="a.png"> and [b](b.md)\n[c]: c.pdf\n    [code](no.md)\n'
    assert list(body_references(body)) == [(1, "b.md"), (1, "a.png"), (2, "c.pdf")]
