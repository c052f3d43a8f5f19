"""Feeds as real reader libraries see them: what a subscriber is shown, in every format.

feedparser (RSS and Atom; it reads no JSON Feed) and fastfeedparser (RSS, Atom and JSON Feed) read the
files a build writes. An RSS ``<description>`` is HTML to them, Atom's ``type="text"`` summary and JSON
Feed's ``summary`` are text: each must show the summary exactly as the author wrote it.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import fastfeedparser
import feedparser
import pytest

from conftest import GOOD_ID, Site
from jiading_cli.feeds import sets

SUMMARY = "An MoU on <chips> & smart cars; the text &amp; is written as is."
TITLE = "Chips & cars: <news>"
FILES = ("feed.xml", "atom.xml", "feed.json")


class _Text(HTMLParser):
    """The text a reader shows for HTML: tags dropped, entities decoded; a <script> would show nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(markup: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts).strip(), parser.tags


def readers(data: bytes, name: str) -> dict[str, Any]:
    """Each reader's parse of one file; feedparser's only for XML, and only when it has no complaint."""
    found: dict[str, Any] = {"fastfeedparser": fastfeedparser.parse(data)}
    if name != "feed.json":
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        found["feedparser"] = parsed
    return found


@pytest.fixture
def public(site: Site) -> Path:
    site.article(title=f'"{TITLE}"', summary=f'"{SUMMARY}"', body="Talks on <chips> & cars.\n\n<script>x()</script>\n")
    result = site.run("feed", "build")
    assert result.exit_code == 0, result.output
    return site.root / "public"


@pytest.mark.parametrize("name", FILES)
def test_every_reader_shows_the_summary_and_title_as_written(public: Path, name: str) -> None:
    for reader, parsed in readers((public / name).read_bytes(), name).items():
        entry = parsed.entries[0]
        summary = entry.get("description") if reader == "fastfeedparser" else entry.summary
        text = shown(summary)[0] if name == "feed.xml" else summary  # RSS: HTML; Atom and JSON: text
        assert (text, entry.title) == (SUMMARY, TITLE), reader


@pytest.mark.parametrize("name", FILES)
def test_raw_html_in_a_body_reaches_every_reader_as_text_never_as_an_element(public: Path, name: str) -> None:
    for reader, parsed in readers((public / name).read_bytes(), name).items():
        text, tags = shown(parsed.entries[0].content[0]["value"])
        assert "Talks on <chips> & cars." in text and "<script>x()</script>" in text, reader
        assert "script" not in tags and "chips" not in tags, reader


def test_with_unsafe_html_on_raw_html_is_kept_as_html(site: Site) -> None:
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + "[markdown]\nunsafe_html = true\n")
    site.article(body='A <b>bold</b> move; <img src="/a.png" alt="">\n')
    assert site.run("feed", "build").exit_code == 0
    content = fastfeedparser.parse((site.root / "public" / "atom.xml").read_bytes()).entries[0].content[0]["value"]
    assert "<b>bold</b>" in content and 'src="https://news.example.com/a.png"' in content


@pytest.mark.parametrize("name", FILES)
def test_every_reader_takes_the_site_as_the_feeds_link_and_the_article_as_the_items(public: Path, name: str) -> None:
    for reader, parsed in readers((public / name).read_bytes(), name).items():
        assert parsed.feed.link == "https://news.example.com", reader
        assert parsed.entries[0].link == "https://news.example.com/en/news/2017/07/a/", reader
        assert parsed.entries[0].id == GOOD_ID, reader


def test_the_atom_feeds_first_link_is_the_site_then_itself(public: Path) -> None:
    parsed = feedparser.parse((public / "atom.xml").read_bytes())
    rels = [(link.rel, link.href) for link in parsed.feed.links]
    assert rels == [("alternate", "https://news.example.com"), ("self", "https://news.example.com/atom.xml")]


def test_the_json_feed_extension_says_where_it_is_documented(site: Site) -> None:
    other = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"
    site.article(translations=f"{{zh-CN: {other}}}")
    site.article("zh.md", id=other, lang="zh-CN", slug="zh", translations=f"{{en: {GOOD_ID}}}")
    assert site.run("feed", "build").exit_code == 0
    items = json.loads((site.root / "public" / "feed.json").read_bytes())["items"]
    extensions = [item["_jiading"] for item in items]
    assert all(ext["about"].startswith("https://") and list(ext) == ["about", "translations"] for ext in extensions)


def test_a_preview_feed_names_itself_by_its_own_file_wherever_it_is_opened(site: Site) -> None:
    site.article(draft="true", tags="[finance]")
    result = site.run("feed", "build", "--include-drafts")
    assert result.exit_code == 0, result.output
    assert "public-preview/tags/finance/atom.xml" in result.output and "news.example.com/tags" not in result.output
    for folder in ("", "tags/finance/"):
        public = site.root / "public-preview" / folder
        for name in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse((public / name).read_bytes())
            assert [link.href for link in parsed.feed.links if link.rel == "self"] == [name]
            assert parsed.entries[0].link == "https://news.example.com/en/news/2017/07/a/"
        atom = feedparser.parse((public / "atom.xml").read_bytes())
        assert atom.feed.id == f"https://news.example.com/{folder}atom.xml"  # absolute, as Atom requires
        feed = json.loads((public / "feed.json").read_bytes())
        assert "feed_url" not in feed and feed["home_page_url"] == "https://news.example.com"


def test_a_preview_served_elsewhere_names_itself_there(site: Site) -> None:
    site.write(
        "jiading.toml",
        (site.root / "jiading.toml").read_text() + '[feeds]\npreview_url = "https://staging.example.com/"\n',
    )
    site.article(draft="true")
    assert site.run("feed", "build", "--include-drafts").exit_code == 0
    atom = feedparser.parse((site.root / "public-preview" / "atom.xml").read_bytes()).feed
    assert [link.href for link in atom.links if link.rel == "self"] == ["https://staging.example.com/atom.xml"]
    assert atom.id == "https://staging.example.com/atom.xml"
    feed = json.loads((site.root / "public-preview" / "feed.json").read_bytes())
    assert feed["feed_url"] == "https://staging.example.com/feed.json"


def test_an_rss_description_is_html_escaped_then_xml_escaped(public: Path) -> None:
    data = (public / "feed.xml").read_bytes().decode()
    expected = html.escape(html.escape(SUMMARY, quote=False), quote=False)
    assert f"<description>{expected}</description>" in data


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_every_reader_reads_the_same_entries_with_or_without_the_stylesheet(public: Path, name: str) -> None:
    styled = (public / name).read_bytes()
    line = styled.split(b"\n")[1]
    assert line == b'<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'
    assert (public / "feed.xsl").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    plain = styled.replace(line + b"\n", b"", 1)
    for reader, parsed in readers(styled, name).items():
        bare = readers(plain, name)[reader]
        assert parsed.feed.get("title") == bare.feed.get("title") and parsed.feed.get("title")
        assert len(parsed.entries) == 1 and parsed.entries == bare.entries, reader


@pytest.mark.parametrize("year", [2, 49, 99, 100, 999, 1000, 1969, 2000])
def test_every_reader_dates_an_item_and_the_feed_in_their_own_year(site: Site, year: int) -> None:
    """An RSS date's year is written in four digits: a shorter one ('2') is read as this century's (2002)."""
    site.article(date=f"{year:04d}-07-03T18:00:00+08:00")
    assert site.run("feed", "build").exit_code == 0
    for name in ("feed.xml", "atom.xml"):
        data = (site.root / "public" / name).read_bytes()
        parsed = readers(data, name)
        assert parsed["fastfeedparser"].entries[0].published.startswith(f"{year:04d}-07-03T10:00:00"), name
        entry, feed = parsed["feedparser"].entries[0], parsed["feedparser"].feed
        assert (entry.published_parsed.tm_year, feed.updated_parsed.tm_year) == (year, year), name


@pytest.mark.parametrize("summary", ['" "', '"\\u200b"', '"\\ufeff\\u3000\\u200d"', '"\\u2060\\n"'])
def test_a_summary_that_shows_nothing_is_none_in_every_feed(site: Site, summary: str) -> None:
    """A summary of spaces or zero-width characters says nothing: it is missing (JD150), as an empty one, and each
    reader shows the item as one without a summary, never an invisible one."""
    site.article(summary=summary)
    assert "warning JD150 summary:" in site.run("validate").output
    assert site.run("feed", "build").exit_code == 0
    public = site.root / "public"
    assert "summary" not in json.loads((public / "feed.json").read_bytes())["items"][0]
    assert b"<summary" not in (public / "atom.xml").read_bytes()
    assert shown(feedparser.parse((public / "feed.xml").read_bytes()).entries[0].summary)[0] == "Body."


SPELLINGS = ["Finance", "finance", "FINANCE", "ＦＩＮＡＮＣＥ", "Ｆｉｎａｎｃｅ", "fi\u00adnance", "finance  "]


@pytest.mark.parametrize("second", SPELLINGS[1:])
def test_an_items_categories_hold_each_name_once_as_its_page_does(site: Site, second: str) -> None:
    """Names the site groups as one (case, width, spaces) are one category of the item, its first spelling, as the
    article's page shows one tag and one page and feed lists it: never the same tag twice to a reader."""
    grouped = sets.name_key(second) == sets.name_key("Finance")
    site.article(category="News", tags=json.dumps(["news", "Finance", second, "金融"], ensure_ascii=False))
    assert site.run("feed", "build").exit_code == 0
    public = site.root / "public"
    want = ["News", "Finance", "金融"] if grouped else ["News", "Finance", second.strip(), "金融"]
    assert json.loads((public / "feed.json").read_bytes())["items"][0]["tags"] == want
    for name in ("feed.xml", "atom.xml"):
        for reader, parsed in readers((public / name).read_bytes(), name).items():
            assert [tag["term"] for tag in parsed.entries[0].tags] == want, (reader, name)


@pytest.mark.parametrize("second", SPELLINGS[1:])
def test_an_article_pages_head_holds_each_tag_once_as_its_feeds_do(site: Site, second: str) -> None:
    """The page's Open Graph tags (article:tag) and its JSON-LD keywords hold each tag once as the site groups names,
    its first spelling, as the feed items and the tag pages do: one key for all of them (content/names.py)."""
    grouped = sets.name_key(second) == sets.name_key("Finance")
    site.article(slug="one", tags=json.dumps(["Finance", second, "金融"], ensure_ascii=False))
    assert site.run("build").exit_code == 0
    page = next((site.root / "public").rglob("one/index.html")).read_text(encoding="utf-8")
    want = ["Finance", "金融"] if grouped else ["Finance", second.strip(), "金融"]
    assert re.findall(r'<meta property="article:tag" content="([^"]*)"', page) == want
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["keywords"] == want
