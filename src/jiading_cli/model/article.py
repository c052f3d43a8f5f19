"""The article model: what a loaded file is (reading and checking one is ``content.loader``'s)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from jiading_cli.model.errors import Problem

EARLIEST, LATEST = dt.datetime(2, 1, 1, tzinfo=dt.UTC), dt.datetime(9998, 12, 31, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Defaults:
    """What the site supplies when an article leaves a field out."""

    timezone: str = "UTC"
    lang: str = "en"
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    path: str
    id: str
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    summary: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    category: str | None
    lang: str
    slug: str
    image: str | None
    image_alt: str | None
    draft: bool
    canonical_url: str | None
    translations: dict[str, str]
    share: dict[str, str]
    syndication: tuple[dict[str, Any], ...]
    body: str
    body_line: int
    lines: dict[str, int] = field(default_factory=dict)
    unread: tuple[str, ...] = ()  # required fields that could not be read, held by placeholders

    @property
    def modified(self) -> dt.datetime:
        return self.updated or self.date

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading one file.

    ``article`` is present whenever id, title and date could be read; ``ok`` says whether loading found
    no error at all. When the file is front matter whose id, title or date cannot be read, ``partial``
    is the article with placeholders for those (named in its ``unread``), so that every other rule can
    still run on it and a file's problems are all reported in one run; it never reaches feeds or shares.
    """

    path: str
    article: Article | None
    problems: tuple[Problem, ...]
    digest: bytes = b""  # of the file's bytes: what results derived from this file are keyed by
    partial: Article | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None and not any(p.severity == "error" for p in self.problems)


def in_range(moment: dt.datetime) -> bool:
    """Whether a time can be shown in any time zone (years 2 to 9998), so no conversion overflows."""
    return EARLIEST <= moment <= LATEST


def skipped(aware: dt.datetime) -> bool:
    """Whether a local time falls in a gap of its zone: a daylight-saving change skipped it, so it never was."""
    if not in_range(aware):
        return False
    back = aware.astimezone(dt.UTC).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None) != aware.replace(tzinfo=None)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()
