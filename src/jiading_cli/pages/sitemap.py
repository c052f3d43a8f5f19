"""``sitemap.xml`` (with ``xhtml:link`` language alternates) and ``robots.txt``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jiading_cli.config import Config
from jiading_cli.pages.head import Alternate
from jiading_cli.pages.urls import absolute


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    lastmod: str | None = None  # W3C datetime
    alternates: tuple[Alternate, ...] = ()


def sitemap(entries: Sequence[Entry]) -> bytes:
    """A sitemap (sitemaps.org 0.9) listing ``entries`` in URL order."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sorted(entries, key=lambda e: e.url):
        lines.append(f"  <url>\n    <loc>{_text(entry.url)}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{_text(entry.lastmod)}</lastmod>")
        for a in entry.alternates:
            lines.append(f'    <xhtml:link rel="alternate" hreflang={_attr(a.lang)} href={_attr(a.url)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


_SPECIAL = re.compile(r"[&<>\"'\n\r\t]")  # what XML's escaping changes


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
