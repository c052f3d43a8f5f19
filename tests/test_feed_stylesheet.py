"""A feed opened in a browser (``feed.xsl``) shows each summary and the feed's description as written, the RSS file
as the Atom one: an RSS description is HTML, and its ``&amp;`` is the ``&`` the author wrote."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from jiading_cli.feeds.build import stylesheet_bytes
from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.feeds.xmltext import rss_and_atom

TRANSFORM = etree.XSLT(etree.fromstring(stylesheet_bytes()))
WHEN = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


class Paragraphs(HTMLParser):
    """The text of each ``<p>`` of a page without a class (not an item's date), as a browser shows it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and "class" not in dict(attrs):
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "p"

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data


def shown(data: bytes) -> list[str]:
    """The paragraphs of the page a browser makes of a feed file with the stylesheet."""
    return Paragraphs(str(TRANSFORM(etree.fromstring(data)))).found


def files(description: str, summary: str, html: str | None) -> tuple[bytes, bytes]:
    meta = FeedMeta(
        "News", description, "en", "https://news.example.com/", WHEN, ("Newsroom",), "", None, None, None,
        {"rss": "https://news.example.com/feed.xml", "atom": "https://news.example.com/atom.xml"},
        "https://news.example.com/atom.xml",
    )  # fmt: skip
    item = Item(
        "urn:uuid:1", "https://news.example.com/a/", "A title", WHEN, WHEN, summary, html, (), (), "en", None, ()
    )
    return rss_and_atom(meta, [item])


PIECES = ["&", "<", ">", "&amp;", "&lt;", "&gt;", "&amp", "&;", "&#38;", "&nbsp;", ";", "<b>", "a", " ", "嘉定", '"']
WRITTEN = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join).map(lambda text: f"x{text}x")


@settings(max_examples=150, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(description=WRITTEN, summary=WRITTEN, full=st.booleans())
@example(description="Chips & cars", summary="An MoU on <chips> & smart cars; &amp; is written as is.", full=True)
def test_rss_and_atom_pages_show_the_summary_as_written(description: str, summary: str, full: bool) -> None:
    rss, atom = files(description, summary, "<p>Body &amp; more</p>\n" if full else None)
    assert shown(rss) == shown(atom) == [description, summary]  # the feed's, the item's


def test_an_item_without_a_summary_shows_none_in_either() -> None:
    """An RSS item without a summary carries its body's HTML as its description: no tag of it is shown as text."""
    rss, atom = files("News of Jiading", "", "<p>Body &amp; <b>more</b></p>\n")
    assert shown(rss) == shown(atom) == ["News of Jiading", ""]


LONG = st.lists(st.sampled_from(PIECES), min_size=10, max_size=400).map("".join)


@settings(max_examples=60, derandomize=True)
@given(description=LONG, summary=LONG)
@example(description="&" * 40 + "x" * 60, summary="x" * 60 + "&amp;" * 40)  # every '&' in one half, then the other
def test_a_long_text_is_shown_as_written_whatever_its_cuts(description: str, summary: str) -> None:
    """A long text is unescaped in pieces: no cut between pieces splits an escape or makes one."""
    rss, atom = files(description, summary, None)
    assert shown(rss) == shown(atom) == [description, summary]


def test_thousands_of_ampersands_are_shown_in_a_nesting_that_grows_with_the_log_of_the_length() -> None:
    """A browser stops a transform nested 3000 calls and variables deep, which 1500 '&' passed at one call each."""
    for text in ("R&D " * 50_000, "&" * 50_000, "&amp;" * 50_000, "&lt;&gt;" * 30_000 + "a" * 100_000):
        rss, atom = files(text, text, None)
        assert shown(rss) == shown(atom) == [text, text]


def test_every_text_of_the_feed_the_page_shows_takes_its_own_direction() -> None:
    """The stylesheet cannot know which languages are written right to left: each text it takes from the feed (the
    feed's title and description, each item) is in an element of ``dir="auto"``, so an Arabic or Hebrew one reads
    right to left whatever the feed's language; the stylesheet's own words keep the page's."""
    from lxml import html

    for data in files("أخبار جيادينغ", "ملخص الخبر", None):
        page = html.fromstring(str(TRANSFORM(etree.fromstring(data))))
        feed_texts = {"أخبار جيادينغ", "ملخص الخبر", "A title", "News"}
        shown_in = [
            element
            for element in page.iter()
            if isinstance(element.tag, str) and element.tag not in ("title", "html", "head")
            for text in [element.text or "", *(child.tail or "" for child in element)]
            if text.strip() in feed_texts
        ]
        assert len(shown_in) >= 3
        for element in shown_in:
            assert any(up.get("dir") == "auto" for up in (element, *element.iterancestors())), html.tostring(element)
        assert page.get("dir") is None
