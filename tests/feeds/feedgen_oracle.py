"""The test oracle of the RSS and Atom writer: the same feeds made with feedgen 1.0.0 and lxml.

:func:`feedgen_rss_and_atom` builds each feed with feedgen, whose lxml trees libxml2 serialises;
``jiading_cli.feeds.xmltext`` must write the same bytes for every feed validation lets through. It
works around feedgen's traps:

- feedgen stamps feeds and entries with now(): every date is set explicitly.
- Atom entry links lose ``rel``/``type``/``hreflang``/``length`` (an upstream bug) and an
  enclosure given to feedgen turns into a second alternate link: feedgen gets only the
  article's own link; :class:`_AtomEntry` puts its lost attributes back and writes the
  enclosure (``rel="enclosure"``) and translation links itself.
- ``content(type="CDATA")`` writes an invalid Atom ``type``: content is always ``type="html"``.
- In RSS the last ``link()`` call wins the channel ``<link>``: the site's link goes last there; in
  Atom it goes first, before ``rel="self"``.
- ``rel="hub"`` never reaches RSS: :class:`_RssChannel` writes the ``atom:link``.
- RSS ``author`` must be an email address: authors are ``dc:creator``.
- RSS readers render ``<description>`` as HTML: a description that is plain text (the channel's,
  an item's summary or title) is escaped as HTML in the RSS tree only; Atom's summary stays text.
- feedgen writes an RSS date's year as ``%Y`` does, ``2`` for year 2, which readers take for 2002: the
  year of ``pubDate`` and ``lastBuildDate`` is written again in four digits, as RFC 2822 writes it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.feeds.xmltext import ATOM, DC, GENERATOR, RSS_DOCS, TYPES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _add(parent: Any, tag: str, text: str | None = None, **attrib: str) -> Any:
    child = parent.makeelement(tag, attrib)
    child.text = text
    parent.append(child)
    return child


def _four_digit_year(element: Any, tag: str) -> None:
    date = element.find(tag)
    if date is not None and date.text:
        weekday, day, month, year, rest = date.text.split(" ", 4)
        date.text = f"{weekday} {day} {month} {int(year):04d} {rest}"


def _escape_description(element: Any) -> None:
    description = element.find("description")
    if description is not None and description.text:
        description.text = html.escape(description.text, quote=False)


class _RssChannel:
    """feedgen feed extension for RSS: the WebSub hub as ``atom:link rel="hub"``."""

    def __init__(self) -> None:
        self.hub: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"dc": DC}

    def extend_rss(self, feed: Any) -> Any:
        _escape_description(feed[0])
        _four_digit_year(feed[0], "lastBuildDate")
        if self.hub:
            _add(feed[0], f"{{{ATOM}}}link", href=self.hub, rel="hub")
        return feed

    def extend_atom(self, feed: Any) -> Any:
        return feed


class _RssItem:
    """feedgen entry extension for RSS: creators, language, enclosure, translations."""

    def __init__(self) -> None:
        self.item: Item | None = None
        self.feed_lang = ""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, entry: Any) -> Any:
        item = self.item
        if item is None:
            return entry
        if item.summary or item.html is None:  # the description is text, not the item's HTML
            _escape_description(entry)
        _four_digit_year(entry, "pubDate")
        for name in item.authors:
            _add(entry, f"{{{DC}}}creator", name)
        if item.lang.lower() != self.feed_lang.lower():
            _add(entry, f"{{{DC}}}language", item.lang)
        if item.image and item.image.length is not None and item.image.mime:
            _add(entry, "enclosure", url=item.image.url, length=str(item.image.length), type=item.image.mime)
        for lang, url in item.translations:
            _add(entry, f"{{{ATOM}}}link", rel="related", type="text/html", hreflang=lang, href=url)
        return entry

    def extend_atom(self, entry: Any) -> Any:
        return entry


class _AtomFeed:
    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, feed: Any) -> Any:
        return feed

    def extend_rss(self, feed: Any) -> Any:
        return feed


class _AtomEntry:
    """feedgen entry extension for Atom: repairs links, adds enclosure, translations, xml:lang."""

    def __init__(self) -> None:
        self.item: Item | None = None
        self.feed_lang = ""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, entry: Any) -> Any:
        item = self.item
        if item is None:
            return entry
        for link in entry.findall("link"):  # feedgen wrote only the article's link, without attributes
            link.attrib.update({"rel": "alternate", "type": "text/html", "hreflang": item.lang})
        for lang, url in item.translations:
            _add(entry, "link", href=url, rel="related", type="text/html", hreflang=lang)
        if item.image:
            extra = {"type": item.image.mime} if item.image.mime else {}
            if item.image.length is not None:
                extra["length"] = str(item.image.length)
            _add(entry, "link", href=item.image.url, rel="enclosure", **extra)
        if item.lang.lower() != self.feed_lang.lower():
            entry.set(XML_LANG, item.lang)
        return entry

    def extend_rss(self, entry: Any) -> Any:
        return entry


def _generator(meta: FeedMeta, items: Sequence[Item]) -> Any:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.register_extension("jiading_rss", _RssChannel, _RssItem, atom=False, rss=True)
    fg.register_extension("jiading_atom", _AtomFeed, _AtomEntry, atom=True, rss=False)
    fg.jiading_rss.hub = meta.hub
    fg.title(meta.title)
    fg.description(meta.description)
    fg.language(meta.language)
    fg.updated(meta.updated)
    fg.lastBuildDate(meta.updated)
    fg.generator(GENERATOR)
    fg.docs(RSS_DOCS)
    for name in meta.authors:
        fg.author(name=name)
    if meta.rights:
        fg.rights(meta.rights)
    if meta.icon:
        fg.icon(meta.icon)
    if meta.logo:
        fg.logo(meta.logo)
    for item in reversed(items):  # feedgen prepends: add oldest first to keep newest first
        fe = fg.add_entry()
        fe.id(item.id)
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate")
        fe.updated(item.updated)
        fe.published(item.published)
        for name in item.authors:
            fe.author(name=name)
        if item.html is not None:
            fe.content(item.html, type="html")
        summary = item.summary or (item.title if item.html is None else "")  # every entry has text
        if summary:
            fe.summary(summary, type="text")
        for term in item.terms:
            fe.category(term=term)
        for ext in (fe.jiading_rss, fe.jiading_atom):
            ext.item = item
            ext.feed_lang = meta.language
    return fg


def _links(fg: Any, meta: FeedMeta, fmt: str) -> None:
    home = {"href": meta.home, "rel": "alternate", "type": "text/html"}
    if fmt == "atom":
        fg.link(**home, replace=True)
    fg.link(href=meta.urls[fmt], rel="self", type=TYPES[fmt], replace=fmt != "atom")
    if meta.hub:
        fg.link(href=meta.hub, rel="hub")
    if fmt == "rss":
        fg.link(**home)  # last: RSS takes it as the channel link


def feedgen_rss_and_atom(meta: FeedMeta, items: Sequence[Item]) -> tuple[bytes, bytes]:
    """The RSS and Atom files of one feed, as feedgen writes them."""
    fg = _generator(meta, items)
    _links(fg, meta, "rss")
    rss: bytes = fg.rss_str(pretty=True)
    fg.id(meta.id)
    _links(fg, meta, "atom")
    atom: bytes = fg.atom_str(pretty=True)
    if meta.stylesheet:  # feedgen writes no processing instruction: the same one is put after its declaration
        from jiading_cli.feeds.xmltext import with_stylesheet

        return with_stylesheet(rss, meta.stylesheet), with_stylesheet(atom, meta.stylesheet)
    return rss, atom
