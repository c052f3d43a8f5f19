"""The text part of an email lays a body out as a browser lays out its HTML part: a hard line break is one line end,
never a blank line; white space is one space or one line end, however elements split it; the content of the elements
HTML reads as text is text, and a tag the HTML ends inside shows nothing of it, in time linear in its length."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, one_article
from jiading_cli.config import Config
from jiading_cli.content.escaped import escaped_html
from jiading_cli.content.markdown import render_html
from jiading_cli.content.plaintext import text_of
from jiading_cli.model.article import Article

WORDS = [
    "word", "嘉定，投资。", "*em*", "**bold**", "`co  de`", "[link](https://x.org/)", "[ spaced ](https://x.org/a)",
    "&nbsp;x", "&amp;", "a<b", "\U0001f469\u200d\U0001f469\u200d\U0001f467", "<https://x.org/b>",
    "![alt](https://x.org/i.png)", "<!-- note -->",
]  # fmt: skip
BREAKS = ["\n", "  \n", "\\\n", "   \n"]  # a soft line break, and the hard ones: two spaces or more, a backslash


@st.composite
def paragraphs(draw: st.DrawFn) -> list[str]:
    """The lines of one paragraph, each beginning with a word (never a block's mark), each its words."""
    count = draw(st.integers(1, 6))
    return ["start " + " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))) for _ in range(count)]


@settings(max_examples=150)
@given(lines=paragraphs(), breaks=st.lists(st.sampled_from(BREAKS), min_size=6, max_size=6))
@example(lines=["start one", "start two", "start three"], breaks=["  \n", "\\\n", "\n", "\n", "\n", "\n"])
def test_a_paragraph_is_a_line_of_text_per_line_the_html_part_shows(lines: list[str], breaks: list[str]) -> None:
    body = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    out = text_of(escaped_html(body))
    shown = out.removesuffix("\n").split("\n")
    assert len(shown) == len(lines), (body, out)
    assert all(line.startswith("start") for line in shown), (body, out)


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>a<br />\nb<br />\n<br />\nc</p>\n", "a\nb\n\nc\n"),  # two breaks: an empty line between
        ("<p>a <em>b<br /></em>\n c</p>\n", "a b\nc\n"),
        ("<div>a\n\n\nb <!-- x --> \n c</div>\n", "a\nb\nc\n"),
        ('<p>see<a href="https://x.org/"> the plan </a>now</p>\n', "see the plan <https://x.org/> now\n"),
        ("<textarea><p>hi &amp; bye</p></textarea>\n", "<p>hi & bye</p>\n"),
        ("<xmp><b>x</b>\n  y</xmp>\n", "    <b>x</b>\n      y\n"),
        ("<iframe><p>not shown</p></iframe><p>shown</p>\n", "shown\n"),
        ("<noembed><b>no</b></noembed><noframes>no</noframes>yes\n", "yes\n"),
        ("<textarea/><b>typed</b> &lt;</textarea> after\n", "<b>typed</b> < after\n"),
        ("<p>x</p><pre>\na</pre>\n", "x\n\n    a\n"),  # the line end right after the tag is none
        ("<p>x</p><pre>\n\n  a\n</pre><textarea>\nb</textarea>\n", "x\n\n\n      a\n\nb\n"),
        ("<p>x</p><pre><!-- c -->\na</pre>\n", "x\n\n\n    a\n"),
        ("<p>a <!--> b <!---> c <!-- d --!> e <!-- f -- > g --> h</p>\n", "a b c e h\n"),  # comments as HTML ends them
    ],
)
def test_the_text_part_shows_what_a_browser_shows(html: str, shown: str) -> None:
    assert text_of(html) == shown


@pytest.fixture(scope="module")
def unsafe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    found: tuple[Config, Article] = one_article(
        tmp_path_factory.mktemp("site"), CONFIG + "[markdown]\nunsafe_html = true\n"
    )
    return found


UNENDED = ["<a href=x ", "<b c='", '<i c="', "<!-- ", "</a ", "<?x ", "<!x ", "<![CDATA[ ", "<!DOCTYPE "]


@settings(max_examples=60)
@given(
    construct=st.sampled_from(UNENDED),
    times=st.integers(1, 400),
    words=st.lists(st.sampled_from(["a", "c<d", "&amp;", "=e", "'", '"', "/"]), max_size=4),  # no '>': no tag ends
)
@example(construct="<a href=x ", times=400, words=[])
def test_raw_html_ended_inside_a_tag_shows_none_of_it(
    unsafe: tuple[Config, Article], construct: str, times: int, words: list[str]
) -> None:
    """A raw HTML block the body ends inside one of its tags: browsers drop that tag, and so does the text part,
    which read on from each ``<`` in it, showing it, in time growing as the square of its length."""
    config, article = unsafe
    tail = (construct + " ".join(words) + " ") * times
    html = render_html(config, dataclasses.replace(article, body="<div>shown " + tail))
    assert html.startswith("<div>shown <") and "</div>" not in html  # passed through as written
    assert text_of(html) == "shown\n"


SPACES = ["\u3000", "\u00a0", "&nbsp;", "\u2003", "\u2009", "\u202f"]  # shown as they are: no white space of HTML's
PLACES = ["{}", "- {}", "> {}", "# {}", "| a |\n|---|\n| {} |", "![{}](https://x.org/i.png)", "[{}](https://x.org/)"]


@settings(max_examples=150)
@given(
    place=st.sampled_from(PLACES),
    pieces=st.lists(st.sampled_from([*SPACES, "嘉定", "word", " "]), min_size=1, max_size=8),
)
@example(place="{}", pieces=["\u3000", "\u3000", "嘉定新闻。"])  # a Chinese paragraph's indent
def test_a_space_html_shows_is_in_the_text_part(place: str, pieces: list[str]) -> None:
    """HTML collapses and trims its own white space alone (space, tab, line ends, form feed); every other space, an
    ideographic one (a Chinese paragraph's indent) or a no-break one, is shown, at a paragraph's or cell's ends too."""
    text = "".join(pieces).strip(" ")
    body = place.format(text) + "\n"
    out = text_of(escaped_html(body))
    for space in ("\u3000", "\u00a0", "\u2003", "\u2009", "\u202f"):
        wanted = body.replace("&nbsp;", "\u00a0").count(space)
        assert out.count(space) == wanted, (body, out)


LEVELS = {"> ": "> ", "- ": "  ", "1. ": "   ", "* ": "  "}  # a container's mark, and how its content is indented


@settings(max_examples=40)
@given(marks=st.lists(st.sampled_from(list(LEVELS)), min_size=1, max_size=110))
@example(marks=["> "] * 99)
@example(marks=["- "] * 49)
def test_every_list_and_quote_of_a_body_validate_accepts_is_shown(marks: list[str]) -> None:
    """The text part flattens elements nested deeper than any body ``validate`` accepts (JD108) makes, never those of
    one it accepts: 49 lists inside one another showed the innermost 25 items without their marks."""
    from hypothesis import assume

    from jiading_cli.content import limits
    from jiading_cli.content.gfm import cmark

    lines, indent = [], ""
    for mark in marks:  # each container on a line of its own, inside the one above
        lines.append(indent + mark + "x")
        indent += LEVELS[mark] if mark != "> " else "> "
    body = "\n".join(lines) + "\n"
    assume(not cmark().past(body, limits.BODY_DEPTH))
    out = text_of(escaped_html(body))
    assert out.count("x") == len(marks)
    items = [line for line in out.splitlines() if re.search(r"(?:- |[0-9]+\. )x$", line)]
    assert len(items) == len(marks) - marks.count("> "), (body, out)  # each item shows its mark
    assert out.splitlines()[-1].count(">") == marks.count("> "), (body, out)  # the innermost inside every quote
