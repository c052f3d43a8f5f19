"""JD191: with ``[markdown] unsafe_html = true``, raw HTML that leaves an element or a comment open, or closes one it
did not open, is refused on its line, since it would carry on into the page around the body (the share bar and the
footer inside a ``<div>`` or a ``<textarea>`` it left open, the body's own container closed by its ``</div>``)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html
from typer.testing import CliRunner

from conftest import CONFIG, Site

UNSAFE = CONFIG + "[markdown]\nunsafe_html = true\n"
BODY_LINE = 7  # the line of conftest's front matter's body
PAGE = "public/en/news/2017/07/a/index.html"
EXPECTED = "articles/a.md:{line}: error JD191 body: expected raw HTML that closes each element it opens, found {found}"

SHARE_BAR = "the page's share bar and footer would be inside it"
PAGE_TEXT = "the rest of the body and of the page would be"
REFUSED = {
    "a div never closed": (
        'Before.\n\n<div class="note">\nThe park opens in May.\n',
        2,
        f"<div> never closed: {SHARE_BAR}; close it with </div>",
    ),
    "a textarea never closed": (
        "<textarea>\nnotes\n",
        0,
        f"<textarea> never closed: {PAGE_TEXT} its text; close it with </textarea>",
    ),
    "an end tag that closes the page's own": (
        "Text.\n\n</div>\n\nMore.\n",
        2,
        "</div>, which closes no element the body opened: it would close one of the page's own, and what follows "
        "would fall outside it; remove it",
    ),
    "a comment never closed": (
        "Text.\n\n<!-- to do\n\nMore.\n",
        2,
        f"a comment '<!--' never closed by '-->': {PAGE_TEXT} inside it; close it with '-->'",
    ),
    "a bold left open inside a div": (
        "<div>\n<b>Bold\n</div>\n",
        1,
        "<b> still open at the </div> that closes its <div>: a browser closes it there and carries it on past that "
        "end; close it with </b> before",
    ),
    "a bold left open at the end of its Markdown paragraph": (
        "Text.\n\n<b>Bold\n\nnext</b>\n",
        2,
        "<b> still open at the end of the Markdown paragraph it is in: a browser closes it there and carries it on "
        "past that end; close it with </b> before",
    ),
    "a span left open in a Markdown heading": (
        "## Park <span>opens\n\nText.\n",
        0,
        "<span> still open at the end of the Markdown heading it is in: a browser closes it there; close it with "
        "</span> before",
    ),
    "a list inside a Markdown paragraph's text": (
        "Text <ul><li>a</ul> more.\n",
        0,
        "<ul> inside the Markdown paragraph, which HTML ends there: what follows would fall outside it; write the "
        "HTML on lines of its own, after a blank line",
    ),
    "an end tag that closes the Markdown's emphasis": (
        "*a </em> b*\n",
        0,
        "</em>, which closes the Markdown emphasis around it, not an element it opened: what follows would fall "
        "outside it; remove it",
    ),
    "plaintext": (
        "Text.\n\n<plaintext>\n",
        2,
        "<plaintext>, which nothing closes: the rest of the page would be its text; use <pre> for text shown as "
        "written",
    ),
    "a tag never ended": (
        'Text.\n\n<div class="a\n',
        2,
        "the tag '<div class=\"a' never ended by '>': the page's own markup after the body would be read as part of "
        "it; end it with '>'",
    ),
}

ACCEPTED = {
    "a div around Markdown": '<div class="note">\n\nThe park opens in *May*.\n\n</div>\n',
    "elements HTML closes by itself": "<ul><li>one<li>two</ul>\n\n<table><tr><td>a<td>b<tr><td>c</table>\n\n<p>x\n",
    "void and foreign elements": 'A<br/>b <img src="https://example.com/a.png" alt="a"> <svg><path d="M0 0"/></svg>\n',
    "closed comments and scripts": "<!-- a\nnote -->\n\n<script>var x = '</div>';</script>\n\nText.\n",
    "inline tags in a paragraph": "A <b>bold</b> and <span class='x'><em>both</em></span> move.\n",
    "a details around Markdown": "<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n",
    "an HTML block after a paragraph's line": "Some text\n<div>x</div>\n\n- <b>item</b>\n- two\n",
}


def unsafe_site(site: Site) -> Site:
    site.write("jiading.toml", UNSAFE)
    return site


@pytest.mark.parametrize("name", list(REFUSED))
def test_raw_html_that_carries_on_past_the_body_is_refused_on_its_line(site: Site, name: str) -> None:
    body, at, found = REFUSED[name]
    unsafe_site(site).article(body=body)
    result = site.run("validate")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if " JD191 " in line]
    assert lines == [EXPECTED.format(line=BODY_LINE + at, found=found)]
    built = site.run("build")
    assert built.exit_code == 1 and not (site.root / PAGE).exists()


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_raw_html_that_closes_what_it_opens_is_built(site: Site, name: str) -> None:
    unsafe_site(site).article(body="FIRST\n\n" + ACCEPTED[name] + "\n\nLAST\n")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert "JD191" not in result.output
    assert_body_stays_in_place(site.root / PAGE)


def test_without_unsafe_html_raw_html_is_text_and_not_reported(site: Site) -> None:
    site.article(body="<div>\n<textarea>\n")
    result = site.run("validate")
    assert result.exit_code == 0 and "JD191" not in result.output and "JD190" in result.output


def assert_body_stays_in_place(page: Path) -> None:
    """The body's first and last paragraphs inside the theme's ``<div class="body">``, the share bar after it in the
    article and the footer in the page's ``<body>``, as an HTML parser other than the rule's reads the page."""
    doc = html.fromstring(page.read_bytes())
    (body,) = doc.xpath("//div[@class='body']")
    assert body.xpath(".//p[.='FIRST']") and body.xpath(".//p[.='LAST']")
    (bar,) = doc.xpath("//nav[@class='sharebar']")
    assert bar.getparent().tag == "article" and not bar.xpath("ancestor::div[@class='body']")
    assert doc.xpath("/html/body/footer[@class='footer']")


PIECES = st.sampled_from(
    [
        "<div>", "</div>", "<b>", "</b>", "<span>", "</span>", "<em>", "</em>", "<table><tr><td>", "</td>",
        "</table>", "<ul><li>", "</ul>", "<textarea>", "</textarea>", "<!--", "-->", "<p>", "</p>", "word", "## ", "> ",
        "\n\n", "\n", "<br>", "<blockquote>", "</blockquote>", "*em*", "- item\n",
    ]
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(PIECES, max_size=12))
def test_a_drawn_body_is_refused_or_stays_inside_its_place_in_the_page(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str]
) -> None:
    """Raw HTML drawn from opening and closing pieces, between two paragraphs: either ``validate`` refuses it with
    ``JD191`` lines alone, or the page built keeps the body where the theme puts it, the share bar and the footer
    outside it."""
    root = tmp_path_factory.mktemp("drawn")
    (root / "articles").mkdir()
    site = unsafe_site(Site(root, CliRunner()))
    site.article(body="FIRST\n\n" + "".join(pieces) + "\n\nLAST\n")
    with contextlib.chdir(root):
        result = site.run("build")
    problems = [line for line in result.output.splitlines() if line.startswith("articles/a.md:")]
    if result.exit_code:
        assert problems and all(" error JD191 body: " in line for line in problems), result.output
        return
    assert_body_stays_in_place(root / PAGE)
