"""``sitemap.xml`` (with ``xhtml:link`` language alternates) and ``robots.txt``.

A sitemap holds at most :data:`URLS` URLs and :data:`BYTES` bytes (sitemaps.org); a site with more pages gets its
URLs in parts (``sitemap-1.xml``, ``sitemap-2.xml``, …) and ``sitemap.xml`` becomes the index of the parts, so the
address ``robots.txt`` gives stays the same whatever the site's size."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from jiading_cli.config import Config
from jiading_cli.content.layout import SITEMAP, sitemap_part
from jiading_cli.pages.head import Alternate
from jiading_cli.pages.urls import absolute

URLS = 50_000  # of one sitemap (sitemaps.org)
BYTES = 52_428_800  # of one sitemap, uncompressed (sitemaps.org)
NAME = SITEMAP
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
TAIL = "</urlset>\n"


class Entry(NamedTuple):
    """One URL of a sitemap (a tuple: the page store keeps it as one, and a build takes thousands back)."""

    url: str
    lastmod: str | None = None  # W3C datetime
    alternates: tuple[Alternate, ...] = ()


def sitemap(entries: Sequence[Entry]) -> bytes:
    """A sitemap (sitemaps.org 0.9) listing ``entries`` in URL order, whatever their number."""
    return (HEAD + "".join(_lines(entries)) + TAIL).encode("utf-8")


def sitemaps(config: Config, entries: Sequence[Entry]) -> list[tuple[str, bytes]]:
    """The site's sitemap files, by name: ``sitemap.xml`` listing ``entries`` in URL order when they fit in one
    (:data:`URLS`, :data:`BYTES`), else ``sitemap.xml`` the index of parts that each do."""
    if len(entries) <= URLS:  # as the loop below would find them, when one file holds them all
        whole = sitemap(entries)
        if len(whole) <= BYTES:
            return [(NAME, whole)]
    parts: list[list[bytes]] = [[]]
    size = room = len(HEAD.encode()) + len(TAIL.encode())
    for line in _lines(entries):
        data = line.encode("utf-8")
        if parts[-1] and (len(parts[-1]) >= URLS or size + len(data) > BYTES):
            parts.append([])
            size = room
        parts[-1].append(data)
        size += len(data)
    if len(parts) == 1:
        return [(NAME, HEAD.encode() + b"".join(parts[0]) + TAIL.encode())]
    names = [sitemap_part(number) for number in range(1, len(parts) + 1)]
    index = "".join(f"  <sitemap>\n    <loc>{_text(absolute(config, name))}</loc>\n  </sitemap>\n" for name in names)
    found = [(NAME, (INDEX + index + "</sitemapindex>\n").encode("utf-8"))]
    return found + [
        (name, HEAD.encode() + b"".join(part) + TAIL.encode()) for name, part in zip(names, parts, strict=True)
    ]


INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _by_url(entry: Entry) -> str:
    return entry.url


def _lines(entries: Sequence[Entry]) -> list[str]:
    """Each entry's ``<url>`` (:func:`_url`), in URL order. When no URL, date or language of any entry holds a
    character XML escapes (looked for once, in them all), each is written without looking again."""
    ordered = sorted(entries, key=_by_url)
    values = "".join(
        [url + (lastmod or "") + "".join([a[0] + a[1] for a in versions]) for url, lastmod, versions in ordered]
    )
    if any(special in values for special in SPECIAL):
        return [_url(entry) for entry in ordered]
    return [
        _url(entry, str, _quoted) if entry[2] else _DATED % entry[:2] if entry[1] else _UNDATED % entry[0]
        for entry in ordered
    ]


_UNDATED = "  <url>\n    <loc>%s</loc>\n  </url>\n"
_DATED = "  <url>\n    <loc>%s</loc>\n    <lastmod>%s</lastmod>\n  </url>\n"


def _url(entry: Entry, text: Callable[[str], str] | None = None, attr: Callable[[str], str] | None = None) -> str:
    """One ``<url>`` of a sitemap, its line end included; its text escaped by ``text`` and its attributes quoted by
    ``attr`` (default: as XML needs)."""
    text, attr = text or _text, attr or _attr
    url, lastmod, versions = entry
    if not versions:  # most of them
        return _DATED % (text(url), text(lastmod)) if lastmod else _UNDATED % text(url)
    head = f"  <url>\n    <loc>{text(url)}</loc>\n" + (f"    <lastmod>{text(lastmod)}</lastmod>\n" if lastmod else "")
    links = [f'    <xhtml:link rel="alternate" hreflang={attr(a.lang)} href={attr(a.url)}/>\n' for a in versions]
    return head + "".join(links) + "  </url>\n"


def _quoted(value: str) -> str:
    """A quoted attribute value that needs no escaping."""
    return f'"{value}"'


SPECIAL = "&<>\"'\n\r\t"  # what XML's escaping changes
_SPECIAL = re.compile(f"[{SPECIAL}]")


def _text(value: str) -> str:
    """``value`` as XML character data (``xml.sax.saxutils.escape``'s text, which is imported only when needed)."""
    if not _SPECIAL.search(value):
        return value
    from xml.sax.saxutils import escape

    return escape(value)


def _attr(value: str) -> str:
    """``value`` as a quoted XML attribute value (``xml.sax.saxutils.quoteattr``'s text)."""
    if not _SPECIAL.search(value):
        return f'"{value}"'
    from xml.sax.saxutils import quoteattr

    return quoteattr(value)


def robots(config: Config, preview: bool) -> bytes:
    """Every crawler welcome, pointed at the sitemap; a preview (drafts) shut to all."""
    if preview:
        return b"User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(config, 'sitemap.xml')}\n".encode()
