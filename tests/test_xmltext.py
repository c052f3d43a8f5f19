"""The RSS and Atom writer gives the bytes its oracle, feedgen with lxml, gives, and refuses what validation refuses."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, GOOD_ID, OTHER_ID, Site
from feeds.feedgen_oracle import feedgen_rss_and_atom
from jiading_cli.app.validate import validate
from jiading_cli.config import Config, load_config
from jiading_cli.feeds import xmltext
from jiading_cli.feeds.build import build_feeds
from jiading_cli.feeds.model import Enclosure, FeedMeta, Item
from tinyimages import PNG

REPO = Path(__file__).resolve().parent.parent
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 1, 1, tzinfo=CST)
THIRD_ID = "urn:uuid:3c0f8a52-9d1e-4b7a-8c2d-5e6f7a8b9c0d"
LXML_REFUSES = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"

Feed = tuple[FeedMeta, list[Item]]
Outcome = tuple[bytes, bytes] | tuple[type, str]


def outcome(
    write: Callable[[FeedMeta, Sequence[Item]], tuple[bytes, bytes]], meta: FeedMeta, items: list[Item]
) -> Outcome:
    """The files a writer makes, or the type and message of the error it raises."""
    try:
        return write(meta, items)
    except ValueError as error:  # lxml's and feedgen's refusals, UnicodeEncodeError among them
        return type(error), str(error)


def feeds_built(config: Config, monkeypatch: pytest.MonkeyPatch, *, preview: bool = False) -> list[Feed]:
    """Every feed a build of ``config``'s site hands to ``xmltext.rss_and_atom``."""
    seen: list[Feed] = []
    write = xmltext.rss_and_atom

    def record(meta: FeedMeta, items: Sequence[Item]) -> tuple[bytes, bytes]:
        seen.append((meta, list(items)))
        return write(meta, items)

    monkeypatch.setenv("JIADING_CACHE", "off")
    with monkeypatch.context() as patched:
        patched.setattr(xmltext, "rss_and_atom", record)
        build_feeds(config, validate(config, NOW).articles, NOW, include_drafts=preview)
    return seen


def assert_written_as_feedgen_writes(feeds: list[Feed]) -> None:
    for meta, items in feeds:
        assert xmltext.rss_and_atom(meta, items) == feedgen_rss_and_atom(meta, items), meta.title


def meta_of(**fields: object) -> FeedMeta:
    base: dict[str, object] = {
        "title": "Invest in Jiading",
        "description": "News about investing in Jiading.",
        "language": "en",
        "home": "https://news.example.com",
        "updated": dt.datetime(2017, 7, 3, 18, 30, tzinfo=CST),
        "authors": ("Newsroom",),
        "rights": "",
        "icon": None,
        "logo": None,
        "hub": None,
        "urls": {fmt: f"https://news.example.com/{fmt}" for fmt in ("rss", "atom", "json")},
        "id": "https://news.example.com/atom",
    }
    return FeedMeta(**{**base, **fields})


def item_of(**fields: object) -> Item:
    base: dict[str, object] = {
        "id": GOOD_ID,
        "url": "https://news.example.com/en/news/a/",
        "title": "Financial industry to boost Jiading",
        "published": dt.datetime(2017, 7, 3, 18, tzinfo=CST),
        "updated": dt.datetime(2017, 7, 3, 18, 30, tzinfo=CST),
        "summary": "A memorandum on finance.",
        "html": "<p>Body &amp; more.</p>\n",
        "terms": ("News",),
        "authors": ("Li Wei",),
        "lang": "en",
        "image": None,
        "translations": (),
    }
    return Item(**{**base, **fields})


# -- real sites -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preview", [False, True], ids=["published", "preview"])
def test_every_feed_of_the_shipped_site_is_written_as_feedgen_writes_it(
    monkeypatch: pytest.MonkeyPatch, preview: bool
) -> None:
    feeds = feeds_built(load_config(REPO), monkeypatch, preview=preview)
    assert len(feeds) == len(list((REPO / "tests" / "golden" / "feeds").rglob("atom.xml")))
    hrefs = {meta.stylesheet for meta, _ in feeds}  # the preview's relative to each file, else the site path
    assert all(re.fullmatch(r"(\.\./)*feed\.xsl", href) for href in hrefs) if preview else hrefs == {"/feed.xsl"}
    assert_written_as_feedgen_writes(feeds)


def test_the_stylesheet_instruction_follows_the_declaration_in_both_writers() -> None:
    meta, items = meta_of(stylesheet="../feed.xsl"), [item_of()]
    rss, atom = xmltext.rss_and_atom(meta, items)
    for data in (rss, atom):
        head = [b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml-stylesheet type="text/xsl" href="../feed.xsl"?>']
        assert data.split(b"\n")[:2] == head
    assert (rss, atom) == feedgen_rss_and_atom(meta, items)
    plain = xmltext.rss_and_atom(replace(meta, stylesheet=""), items)
    assert (rss.replace(rss.split(b"\n")[1] + b"\n", b""), atom.replace(atom.split(b"\n")[1] + b"\n", b"")) == plain


@pytest.fixture
def busy_site(site: Site) -> Site:
    """A test site with every optional part on: hub, icon, logo, rights, images, translations, authors."""
    site.write(
        "jiading.toml",
        CONFIG + 'description = "News & views <Jiading>"\ncopyright = "© 2017 \\"Jiading\\""\n'
        'icon = "https://news.example.com/icon.png"\nlogo = "https://news.example.com/logo.png?a=1&b=2"\n'
        '[feeds]\nwebsub_hub = "https://hub.example.com/"\n',
    )
    (site.root / "articles" / "photo.png").write_bytes(PNG.ljust(100, b"\0"))
    body = "A <b>bold</b> move & more.\n\n\"Quoted\" and 'single', 金融 😀\n"
    site.article(
        "en.md", body, image="photo.png", authors="[Li Wei, Anna Smith]", tags='["R&D", "<b>", 金融]',
        translations=f"{{zh-CN: {OTHER_ID}}}",
    )  # fmt: skip
    site.article(
        "zh.md", "嘉定 & 金融\n", id=OTHER_ID, lang="zh-CN", slug="zh", title="金融业 <助力>",
        image="https://cdn.example.com/a.jpg", translations=f"{{en: {GOOD_ID}}}", category="新闻",
    )  # fmt: skip
    site.article("c.md", id=THIRD_ID, slug="c", summary=None, image="https://cdn.example.com/pic", draft="true")
    return site


def test_every_feed_of_a_site_with_every_option_is_written_as_feedgen_writes_it(
    busy_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(busy_site.root)
    feeds = feeds_built(config, monkeypatch) + feeds_built(config, monkeypatch, preview=True)
    summaries = replace(config, feeds=replace(config.feeds, content="summary"))
    feeds += feeds_built(summaries, monkeypatch, preview=True)
    items = [item for _, items in feeds for item in items]
    assert {item.id for item in items} == {GOOD_ID, OTHER_ID, THIRD_ID}
    assert all(meta.hub and meta.icon and meta.logo and meta.rights for meta, _ in feeds)
    assert {item.image.length for item in items if item.image} == {100, None}
    assert any(item.translations for item in items) and any(item.html is None for item in items)
    assert_written_as_feedgen_writes(feeds)


# -- what feedgen and lxml do with particular values ------------------------------------------------------


def test_an_empty_body_is_an_empty_content_element_and_an_empty_description() -> None:
    meta, items = meta_of(), [item_of(html="", summary="")]
    rss, atom = xmltext.rss_and_atom(meta, items)
    assert b"      <description></description>\n" in rss and b"content:encoded" not in rss
    assert b'    <content type="html"/>\n' in atom and b"<summary" not in atom
    assert (rss, atom) == feedgen_rss_and_atom(meta, items)


def test_an_item_in_the_feeds_language_but_another_case_has_no_language_of_its_own() -> None:
    meta, items = meta_of(language="zh-CN"), [item_of(lang="zh-cn"), item_of(id=OTHER_ID, lang="en")]
    rss, atom = xmltext.rss_and_atom(meta, items)
    assert rss.count(b"<dc:language>") == 1 and b"<dc:language>en</dc:language>" in rss
    assert atom.count(b"<entry") == 2 and atom.count(b'<entry xml:lang="en">') == 1
    assert (rss, atom) == feedgen_rss_and_atom(meta, items)


def test_every_character_xml_allows_is_escaped_as_lxml_escapes_it_in_text_and_attributes() -> None:
    spans = [(0x9, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]  # XML 1.0's Char
    allowed = "".join(chr(c) for low, high in spans for c in range(low, high + 1))
    item = item_of(title=allowed, url=allowed, terms=(allowed,), translations=((allowed, allowed),))
    meta, items = meta_of(description=allowed, hub=allowed), [item]
    rss, atom = xmltext.rss_and_atom(meta, items)
    assert b"<title>\t\n&#13; !\"#$%&amp;'()*+,-./0123456789:;&lt;=&gt;?@ABC" in rss
    assert b"<link href=\"&#9;&#10;&#13; !&quot;#$%&amp;'()*+,-./0123456789:;&lt;=&gt;?@ABC" in atom
    assert (rss, atom) == feedgen_rss_and_atom(meta, items)


# -- what validation refuses -------------------------------------------------------------------------------

REFUSED = ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ud800", "\ufffe", "\uffff"]
PLACES: dict[str, Callable[[str], Feed]] = {
    "feed title": lambda bad: (meta_of(title=f"Jiading {bad}"), [item_of()]),
    "item HTML": lambda bad: (meta_of(), [item_of(html=f"<p>{bad}</p>")]),
    "item summary": lambda bad: (meta_of(), [item_of(summary=bad)]),
    "tag": lambda bad: (meta_of(), [item_of(terms=("ok", bad))]),
    "image URL": lambda bad: (meta_of(), [item_of(image=Enclosure(f"https://x/{bad}", None, None))]),
}


@pytest.mark.parametrize("bad", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
@pytest.mark.parametrize("place", PLACES)
def test_a_character_xml_refuses_is_refused_as_the_oracle_refuses_it(bad: str, place: str) -> None:
    meta, items = PLACES[place](bad)
    with pytest.raises(xmltext.Unsupported, match=r"a character XML 1\.0 does not allow"):
        xmltext.rss_and_atom(meta, items)
    assert outcome(feedgen_rss_and_atom, meta, items)[0] in (ValueError, UnicodeEncodeError)


def test_a_feed_without_a_required_value_or_with_a_naive_date_is_refused() -> None:
    naive = dt.datetime(2017, 7, 3, 18)  # without a zone: the point of the test
    cases = {
        "the channel lacks a title": (meta_of(title=""), []),
        "an item lacks an id or a title": (meta_of(), [item_of(id="")]),
        "a date has no time zone": (meta_of(), [item_of(published=naive)]),
    }
    for message, (meta, items) in cases.items():
        with pytest.raises(xmltext.Unsupported, match=message):
            xmltext.rss_and_atom(meta, items)
        assert outcome(feedgen_rss_and_atom, meta, items)[0] is ValueError


# -- made-up feeds ----------------------------------------------------------------------------------------

xml_char = st.characters(min_codepoint=0x20, exclude_categories=("Cs",)).filter(lambda c: c not in "\ufffe\uffff")
tricky = st.text(st.sampled_from(list("ab Z&<>\"';\t\n\r\r\n]]>金融😀é\u0085\u2028")), max_size=14)
text = st.one_of(tricky, st.text(st.one_of(xml_char, st.sampled_from("\t\n\r")), max_size=14))
some_text = text.filter(bool)
languages = st.one_of(st.sampled_from(["en", "EN", "zh-CN", "zh-cn", "ZH-cn", ""]), text)
zones = st.one_of(
    st.builds(dt.timezone, st.timedeltas(min_value=dt.timedelta(hours=-23), max_value=dt.timedelta(hours=23))),
    st.timezones(),
)
moments = st.datetimes(timezones=zones)
optional = st.one_of(st.none(), st.just(""), text)
images = st.one_of(
    st.none(),
    st.builds(Enclosure, text, st.one_of(st.none(), st.just(""), text), st.one_of(st.none(), st.integers(0, 10**9))),
)
pairs = st.lists(st.tuples(languages, text), max_size=3).map(tuple)


def items_from(
    ids: st.SearchStrategy[str], titles: st.SearchStrategy[str], when: st.SearchStrategy[dt.datetime]
) -> st.SearchStrategy[list[Item]]:
    words = st.lists(text, max_size=3).map(tuple)
    bodies = st.one_of(st.none(), st.just(""), text, st.text(st.sampled_from(list("<p>&amp; x\n'\"")), max_size=30))
    fields = dict(id=ids, url=text, title=titles, published=when, updated=when, summary=text, html=bodies)
    more = dict(terms=words, authors=words, lang=languages, image=images, translations=pairs)
    return st.lists(st.builds(Item, **fields, **more), max_size=4)


def metas_from(required: st.SearchStrategy[str], when: st.SearchStrategy[dt.datetime]) -> st.SearchStrategy[FeedMeta]:
    urls = st.fixed_dictionaries({"rss": text, "atom": required, "json": text})
    return st.builds(
        FeedMeta, title=required, description=required, language=languages, home=required, updated=when,
        authors=st.lists(text, max_size=3).map(tuple), rights=text, icon=optional, logo=optional, hub=optional,
        urls=urls, id=required,
    )  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=metas_from(some_text, moments), items=items_from(some_text, some_text, moments))
def test_any_feed_it_accepts_is_written_as_feedgen_writes_it(meta: FeedMeta, items: list[Item]) -> None:
    assert xmltext.rss_and_atom(meta, items) == feedgen_rss_and_atom(meta, items)


refused = st.sampled_from(["\x00", "\x07", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"])
wild = st.one_of(text, st.text(st.one_of(st.characters(), refused), max_size=6))  # any character at all
wild_moments = st.one_of(moments, st.datetimes())  # and dates without a zone


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=metas_from(wild, wild_moments), items=items_from(wild, wild, wild_moments))
def test_any_feed_at_all_is_refused_or_written_as_the_oracle_writes_it(meta: FeedMeta, items: list[Item]) -> None:
    try:
        files = xmltext.rss_and_atom(meta, items)
    except xmltext.Unsupported:
        return
    assert files == feedgen_rss_and_atom(meta, items)


# -- imports ----------------------------------------------------------------------------------------------

PROBE = """
import datetime as dt, sys
from pathlib import Path
from jiading_cli.app.validate import validate
from jiading_cli.config import load_config
from jiading_cli.feeds.build import build_feeds
config, now = load_config(Path(".")), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
built = build_feeds(config, validate(config, now).articles, now)
print(len(built.outputs), sorted(name for name in ("dateutil", "feedgen", "lxml") if name in sys.modules))
"""


def test_building_feeds_imports_neither_lxml_feedgen_nor_dateutil(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIADING_CACHE", "off")
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=REPO)
    count, heavy = done.stdout.split(" ", 1)
    assert int(count) >= 3 and heavy.strip() == "[]"


def test_the_characters_refused_are_exactly_those_outside_xml_1_0s_char() -> None:
    char = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # the Char production
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in xmltext.NOT_XML.finditer(text)] == [i for i, c in enumerate(text) if not char.match(c)]
