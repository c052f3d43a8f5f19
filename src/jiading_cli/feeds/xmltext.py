"""RSS 2.0 and Atom 1.0, written as text: the one writer of RSS and Atom files.

It writes what feedgen 1.0.0 writes for the same feed (feedgen building lxml trees, serialised by
libxml2 with ``pretty_print=True``), which stays in the test suite as its oracle
(``tests/feeds/feedgen_oracle.py``): feedgen's element order and root namespace declarations, the
optional elements it leaves out when a value is empty, libxml2's escapes (text: ``&``, ``<``, ``>``
and carriage return as ``&#13;``; attributes also ``"``, tab, newline and carriage return) and its
pretty printing (two spaces a level; an empty string gives ``<x></x>``, no text ``<x/>``); Atom dates
are ``isoformat()``, RSS dates ``'%a, %d %b %Y %H:%M:%S %z'`` with C-locale names.

Where readers need it, both differ from feedgen's defaults in the same way: an RSS ``<description>``
that is plain text (a summary, a title) is escaped as HTML before it is escaped as XML, because
readers render that element as HTML; in Atom the ``rel="alternate"`` link to the site comes before
``rel="self"``, because some readers take the first link as the site's; an RSS date's year has four
digits (``0002``, where ``%Y`` writes ``2``), because readers take a shorter one for this century's.

With ``FeedMeta.stylesheet`` set, both files carry an ``xml-stylesheet`` instruction after the XML
declaration (:func:`with_stylesheet`, applied alike to the oracle's output), so that a browser opening
a feed shows it as a page; readers ignore the instruction.

It takes only a feed that validation lets through: the channel's title, description, home and
feed URLs and each item's id and title are not empty, every date has a time zone, and no string holds
a character XML 1.0 refuses (``JD140`` in articles, ``JD006`` in ``jiading.toml``). Anything else is a
defect upstream and raises :class:`Unsupported` rather than writing a file no reader can parse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from jiading_cli.base.xmlchars import NOT_XML
from jiading_cli.feeds.model import FeedMeta, Item

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
RSS_DOCS = "https://www.rssboard.org/rss-specification"
GENERATOR = "jiading"
TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
RSS_ROOT = f'<rss xmlns:dc="{DC}" xmlns:atom="{ATOM}" xmlns:content="{CONTENT}" version="2.0">\n'
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Unsupported(ValueError):
    """A feed validation should have refused: an empty required value, a naive date, a character XML refuses."""


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _html_text(value: str) -> str:
    """Plain text as HTML (``&``, ``<``, ``>``), then as XML text: what an RSS description that is text needs."""
    return _text(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def forget() -> None:
    """Forget the items' escaped HTML kept for the feeds carrying them (:func:`_html`)."""
    _html.cache_clear()


@lru_cache(maxsize=1024)
def _html(value: str) -> str:
    """An item's HTML, checked and escaped once for its RSS and Atom files however many feeds carry it."""
    if NOT_XML.search(value):
        raise Unsupported("an item's HTML holds a character XML 1.0 does not allow")
    return _text(value)


def _rfc2822(moment: dt.datetime) -> str:
    """feedgen's ``formatRFC2822``, strftime in the C locale, but for the year: always four digits, as RFC 2822
    writes it, where ``%Y`` writes year 2 as ``2``, which readers take for 2002 (RFC 2822's reading of an
    obsolete two-digit year, feedparser's too)."""
    day, month = DAYS[moment.weekday()], MONTHS[moment.month - 1]
    return moment.strftime(f"{day}, %d {month} {moment.year:04d} %H:%M:%S %z")


def _strings(meta: FeedMeta, items: Sequence[Item]) -> Iterator[str]:
    """Every string of a feed that lxml could be given, but items' HTML (see :func:`_html`)."""
    yield from (meta.title, meta.description, meta.language, meta.home, meta.rights, *meta.authors)
    yield from (meta.icon or "", meta.logo or "", meta.hub or "", meta.id, *meta.urls.values())
    for item in items:
        yield from (item.id, item.url, item.title, item.summary, item.lang, *item.terms, *item.authors)
        for pair in item.translations:
            yield from pair
        if item.image:
            yield from (item.image.url, item.image.mime or "")


def _check(meta: FeedMeta, items: Sequence[Item]) -> None:
    """Raise :class:`Unsupported` for a feed feedgen could fail on or lxml would refuse."""
    if not (meta.title and meta.description and meta.home and meta.id and meta.urls.get("atom") and "rss" in meta.urls):
        raise Unsupported("the channel lacks a title, description, home, id or feed URL")
    if not all(item.id and item.title for item in items):
        raise Unsupported("an item lacks an id or a title")
    moments = [meta.updated, *(item.updated for item in items), *(item.published for item in items)]
    if any(moment.tzinfo is None for moment in moments):
        raise Unsupported("a date has no time zone")
    if NOT_XML.search("".join(_strings(meta, items))):
        raise Unsupported("a string holds a character XML 1.0 does not allow")


def _summary(item: Item) -> str:
    return item.summary or (item.title if item.html is None else "")  # as in .xml._generator


def _rss_item(item: Item, language: str) -> str:
    t, a = _text, _attribute
    out = [f"    <item>\n      <title>{t(item.title)}</title>\n"]
    if item.url:
        out.append(f"      <link>{t(item.url)}</link>\n")
    summary, html = _summary(item), item.html
    if summary:
        out.append(f"      <description>{_html_text(summary)}</description>\n")
        if html is not None:
            out.append(f"      <content:encoded>{_html(html)}</content:encoded>\n")
    elif html is not None:
        out.append(f"      <description>{_html(html)}</description>\n")
    out.append(f'      <guid isPermaLink="false">{t(item.id)}</guid>\n')
    out.extend(f"      <category>{t(term)}</category>\n" for term in item.terms)
    out.append(f"      <pubDate>{_rfc2822(item.published)}</pubDate>\n")
    out.extend(f"      <dc:creator>{t(name)}</dc:creator>\n" for name in item.authors)
    if item.lang.lower() != language.lower():
        out.append(f"      <dc:language>{t(item.lang)}</dc:language>\n")
    image = item.image
    if image and image.length is not None and image.mime:
        out.append(f'      <enclosure url="{a(image.url)}" length="{image.length}" type="{a(image.mime)}"/>\n')
    out.extend(
        f'      <atom:link rel="related" type="text/html" hreflang="{a(lang)}" href="{a(url)}"/>\n'
        for lang, url in item.translations
    )
    out.append("    </item>\n")
    return "".join(out)


def _rss(meta: FeedMeta, items: Sequence[Item]) -> str:
    t, a = _text, _attribute
    out = [
        f"{DECLARATION}{RSS_ROOT}  <channel>\n    <title>{t(meta.title)}</title>\n    <link>{t(meta.home)}</link>\n",
        f"    <description>{_html_text(meta.description)}</description>\n",
        f'    <atom:link href="{a(meta.urls["rss"])}" rel="self" type="{TYPES["rss"]}"/>\n',
    ]
    if meta.rights:
        out.append(f"    <copyright>{t(meta.rights)}</copyright>\n")
    out.append(f"    <docs>{RSS_DOCS}</docs>\n    <generator>{GENERATOR}</generator>\n")
    if meta.logo:
        out.append(
            f"    <image>\n      <url>{t(meta.logo)}</url>\n      <title>{t(meta.title)}</title>\n"
            f"      <link>{t(meta.home)}</link>\n    </image>\n"
        )
    if meta.language:
        out.append(f"    <language>{t(meta.language)}</language>\n")
    out.append(f"    <lastBuildDate>{_rfc2822(meta.updated)}</lastBuildDate>\n")
    if meta.hub:
        out.append(f'    <atom:link href="{a(meta.hub)}" rel="hub"/>\n')
    out.extend(_rss_item(item, meta.language) for item in items)
    out.append("  </channel>\n</rss>\n")
    return "".join(out)


def _authors(indent: str, names: Iterable[str]) -> Iterator[str]:
    """Atom's ``author`` elements; feedgen leaves out a nameless author."""
    for name in names:
        if name:
            yield f"{indent}<author>\n{indent}  <name>{_text(name)}</name>\n{indent}</author>\n"


def _atom_entry(item: Item, language: str) -> str:
    t, a = _text, _attribute
    lang = f' xml:lang="{a(item.lang)}"' if item.lang.lower() != language.lower() else ""
    out = [
        f"  <entry{lang}>\n    <id>{t(item.id)}</id>\n    <title>{t(item.title)}</title>\n",
        f"    <updated>{item.updated.isoformat()}</updated>\n",
        *_authors("    ", item.authors),
    ]
    if item.html:
        out.append(f'    <content type="html">{_html(item.html)}</content>\n')
    elif item.html is not None:  # feedgen writes no text for empty content
        out.append('    <content type="html"/>\n')
    out.append(f'    <link href="{a(item.url)}" rel="alternate" type="text/html" hreflang="{a(item.lang)}"/>\n')
    summary = _summary(item)
    if summary:
        out.append(f'    <summary type="text">{t(summary)}</summary>\n')
    out.extend(f'    <category term="{a(term)}"/>\n' for term in item.terms)
    out.append(f"    <published>{item.published.isoformat()}</published>\n")
    out.extend(
        f'    <link href="{a(url)}" rel="related" type="text/html" hreflang="{a(lang)}"/>\n'
        for lang, url in item.translations
    )
    image = item.image
    if image:
        mime = f' type="{a(image.mime)}"' if image.mime else ""
        length = f' length="{image.length}"' if image.length is not None else ""
        out.append(f'    <link href="{a(image.url)}" rel="enclosure"{mime}{length}/>\n')
    out.append("  </entry>\n")
    return "".join(out)


def _optional(meta: FeedMeta) -> Iterator[tuple[str, str]]:
    for name, value in (("icon", meta.icon), ("logo", meta.logo), ("rights", meta.rights)):
        if value:
            yield name, value


def _atom(meta: FeedMeta, items: Sequence[Item]) -> str:
    t, a = _text, _attribute
    lang = f' xml:lang="{a(meta.language)}"' if meta.language else ""
    atom = meta.urls["atom"]
    out = [
        f'{DECLARATION}<feed xmlns="{ATOM}"{lang}>\n  <id>{t(meta.id)}</id>\n  <title>{t(meta.title)}</title>\n',
        f"  <updated>{meta.updated.isoformat()}</updated>\n",
        *_authors("  ", meta.authors),
        f'  <link href="{a(meta.home)}" rel="alternate" type="text/html"/>\n',
        f'  <link href="{a(atom)}" rel="self" type="{TYPES["atom"]}"/>\n',
    ]
    if meta.hub:
        out.append(f'  <link href="{a(meta.hub)}" rel="hub"/>\n')
    out.append(f"  <generator>{GENERATOR}</generator>\n")
    out.extend(f"  <{name}>{t(value)}</{name}>\n" for name, value in _optional(meta))
    out.append(f"  <subtitle>{t(meta.description)}</subtitle>\n")
    out.extend(_atom_entry(item, meta.language) for item in items)
    out.append("</feed>\n")
    return "".join(out)


def rss_and_atom(meta: FeedMeta, items: Sequence[Item]) -> tuple[bytes, bytes]:
    """The RSS and Atom files of one feed, as UTF-8 bytes; :class:`Unsupported` for a feed validation refuses."""
    _check(meta, items)
    rss, atom = _rss(meta, items).encode("utf-8"), _atom(meta, items).encode("utf-8")
    if meta.stylesheet:
        return with_stylesheet(rss, meta.stylesheet), with_stylesheet(atom, meta.stylesheet)
    return rss, atom


def with_stylesheet(data: bytes, href: str) -> bytes:
    """An RSS or Atom file with an ``xml-stylesheet`` instruction after its XML declaration, so that a
    browser opening it shows the page the XSL stylesheet at ``href`` makes of it; feed readers ignore it.
    A file that names a stylesheet already is left as it is."""
    head = DECLARATION.encode("ascii")
    if not data.startswith(head) or data.startswith(b"<?xml-stylesheet ", len(head)):
        return data
    link = _attribute(href).encode("utf-8")
    return head + b'<?xml-stylesheet type="text/xsl" href="' + link + b'"?>\n' + data[len(head) :]
