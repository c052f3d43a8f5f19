"""``sitemap.xml`` (with ``xhtml:link`` language alternates) and ``robots.txt``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

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
        lines += ["  <url>", f"    <loc>{escape(entry.url)}</loc>"]
        if entry.lastmod:
            lines.append(f"    <lastmod>{escape(entry.lastmod)}</lastmod>")
        lines += [
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(a.lang)} href={quoteattr(a.url)}/>'
            for a in entry.alternates
        ]
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(config: Config, preview: bool) -> bytes:
    """Every crawler welcome, pointed at the sitemap; a preview (drafts) shut to all."""
    if preview:
        return b"User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(config, 'sitemap.xml')}\n".encode()
