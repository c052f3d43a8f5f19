"""What the feed writers take: plain, format-neutral records of a feed and its items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Enclosure:
    """An article's image: a local file has its byte length; a remote one has none."""

    url: str
    mime: str | None
    length: int | None


@dataclass(frozen=True)
class Item:
    id: str
    url: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    summary: str
    html: str | None  # full content; None in summary-only feeds
    terms: tuple[str, ...]  # the category, then the tags
    authors: tuple[str, ...]
    lang: str
    image: Enclosure | None
    translations: tuple[tuple[str, str], ...]  # (language, URL) of published translations


@dataclass(frozen=True)
class FeedMeta:
    """One feed's channel-level data, shared by its RSS, Atom and JSON files."""

    title: str
    description: str
    language: str
    home: str
    updated: dt.datetime
    authors: tuple[str, ...]
    rights: str
    icon: str | None
    logo: str | None
    hub: str | None
    urls: dict[str, str]  # format -> the URL the file names itself by (a preview's may be relative)
    id: str  # the feed's permanent, absolute id (Atom's <id>)
    stylesheet: str = ""  # the href of the XSL stylesheet a browser shows the RSS and Atom files with; none if empty
