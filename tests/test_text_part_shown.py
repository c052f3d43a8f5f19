"""The email's text part shows what a reader of its HTML part sees, and only that, with raw HTML kept.

Under `[markdown] unsafe_html = true` an autolink in a link's text stayed nested (`<a>` inside `<a>`), so a browser
ended the outer link where the inner began; text a browser hides (`style="display:none"`, a `hidden` attribute, a
closed `<details>` but its summary) was in the text part for every reader to see; and a `|` escaped in a table cell
(`a \\| b`) read there as the end of a cell. Bodies are drawn from pieces that make each of these.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, one_article
from jiading_cli.config import Config
from jiading_cli.content.markdown import render_html, resolver
from jiading_cli.content.plaintext import text_of
from jiading_cli.model.article import Article

UNSAFE = CONFIG + "[markdown]\nunsafe_html = true\n"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[Config, Article]]:
    """The site's config and its article, by ``unsafe_html``."""
    return {unsafe: one_article(tmp_path_factory.mktemp("site"), UNSAFE if unsafe else CONFIG) for unsafe in (0, 1)}


def shown(site: tuple[Config, Article], body: str) -> tuple[str, str]:
    """The HTML part's body and the text part, as the email is made of them."""
    config, article = site
    article = dataclasses.replace(article, body=body)
    html = render_html(config, article)
    return html, text_of(html, resolver(config, article))


class _Links(HTMLParser):
    """How many links start inside another, read as a browser reads the HTML (not in comments or a textarea's text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open, self.nested = 0, 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "textarea":
            self.set_cdata_mode(tag)
        if tag == "a":
            self.nested += bool(self.open)
            self.open += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open:
            self.open -= 1


PIECES = [
    "[", "](https://x.org/p)", "<https://y.org/a>", "<news@example.com>", "www.z.org", '<a href="https://r.org/">',
    "</a>", "<a href=https://q.org/ >", "<!-- <a href=x> -->", "<textarea>", "</textarea>", "word", " ", "\n",
    "\n| a | b |\n|-|-|\n| ", " | ", "*",
]  # fmt: skip


@settings(max_examples=100)
@given(body=st.lists(st.sampled_from(PIECES), max_size=25).map("".join), unsafe=st.booleans())
@example(body="[see <https://y.org/a> first](https://x.org/p)\n", unsafe=True)
@example(body='<a href="https://r.org/">raw <a href="https://q.org/">in</a> out</a>\n', unsafe=True)
@example(body='[md <a href="https://r.org/">raw</a>](https://x.org/p)\n', unsafe=True)
def test_no_link_is_inside_another_with_raw_html_or_without(
    sites: dict[bool, tuple[Config, Article]], body: str, unsafe: bool
) -> None:
    html, _ = shown(sites[unsafe], body)
    assert _Links(html).nested == 0, html


SECRET = "SECRET"
HIDING = [
    '<div style="display:none">{}</div>', '<span style="DISPLAY : None !important">{}</span>', "<p hidden>{}</p>",
    '<span hidden="hidden">{}</span>', '<div style="color: red; visibility: hidden">{}</div>',
    "<details><summary>Open me</summary>{}</details>", "<details><summary>Open me</summary><p>{}</p></details>",
    '<div style="/* a */ display:/* b */none">{}</div>', "<details>{}</details>",
]  # fmt: skip
SHOWING = [
    '<div style="display:block">{}</div>', "<details open><summary>Open</summary>{}</details>", "<p>{}</p>",
    '<span style="display: inline">{}</span>', '<div style="display:none; display:block">{}</div>',
]  # fmt: skip
INSIDE = ["", " text ", "<b>bold</b> ", "*em* ", "<a href='https://x.org/'>link</a> ", "<br>"]  # no blank line: no
# Markdown paragraph, which would close a raw <p> or <span> (a browser shows what follows it)


@settings(max_examples=80)
@given(
    parts=st.lists(
        st.tuples(st.booleans(), st.integers(0, 99), st.sampled_from(INSIDE), st.sampled_from(INSIDE)), max_size=6
    )
)
@example(parts=[(True, 0, "", ""), (True, 5, "", ""), (False, 1, "", "")])
@example(parts=[(True, 0, "\n\nA *paragraph*.\n\n", "\n\n- an item\n\n"), (True, 5, "\n\n", "\n\n")])
def test_text_hidden_from_view_is_not_in_the_text_part_and_text_shown_is(
    sites: dict[bool, tuple[Config, Article]], parts: list[tuple[bool, int, str, str]]
) -> None:
    body, visible = "Start.\n\n", []
    for number, (hide, which, before, after) in enumerate(parts):
        wrap = HIDING[which % len(HIDING)] if hide else SHOWING[which % len(SHOWING)]
        word = f"{SECRET}{number}" if hide else f"SHOWN{number}"
        body += wrap.format(f"{before}{word}{after}") + "\n\n"
        visible += [] if hide else [word]
    _, text = shown(sites[True], body)
    assert SECRET not in text, (body, text)
    for word in visible:
        assert word in text, (body, text)


CELLS = ["a", "a \\| b", "`x \\| y`", "**b\\|**", "c\\|", "\\|d", "中文", "[l \\| m](https://x.org/)", "e \\\\| f"]


@settings(max_examples=60)
@given(
    columns=st.integers(1, 4),
    rows=st.lists(st.lists(st.sampled_from(CELLS), min_size=4, max_size=4), min_size=1, max_size=3),
    unsafe=st.booleans(),
)
def test_a_table_row_of_the_text_part_has_as_many_cells_as_the_table(
    sites: dict[bool, tuple[Config, Article]], columns: int, rows: list[list[str]], unsafe: bool
) -> None:
    header = "| " + " | ".join(f"h{n}" for n in range(columns)) + " |\n|" + "---|" * columns + "\n"
    body = header + "".join("| " + " | ".join(row[:columns]) + " |\n" for row in rows)
    html, text = shown(sites[unsafe], body)
    lines = text.removesuffix("\n").split("\n")
    assert len(lines) == len(rows) + 1, (body, text)
    for line in lines:
        assert len(line.split(" | ")) == columns, (body, html, text)


@pytest.mark.parametrize(
    ("body", "line"),
    [("\\- item", "- item"), ("\\> quote", "> quote"), ("\\# title", "# title"), ("1\\. x", "1. x"), ("\\+ x", "+ x")],
)
def test_an_escaped_mark_at_a_line_start_is_the_text_the_html_part_shows(
    sites: dict[bool, tuple[Config, Article]], body: str, line: str
) -> None:
    """A backslash escape makes the mark text: the HTML part shows a paragraph reading ``- item``, and the text
    part shows the same characters, never the backslash (docs/sharing.md says why)."""
    html, text = shown(sites[False], f"Before.\n\n{body}\n")
    assert html == f"<p>Before.</p>\n<p>{line.replace('>', '&gt;')}</p>\n"
    assert text == f"Before.\n\n{line}\n"
