"""The article model: what a loaded file is (reading and checking one is ``content.loader``'s)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from jiading_cli.model.errors import Problem

EARLIEST, LATEST = dt.datetime(2, 1, 1, tzinfo=dt.UTC), dt.datetime(9998, 12, 31, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Defaults:
    """What the site supplies when an article leaves a field out."""

    timezone: str = "UTC"
    lang: str = "en"
    authors: tuple[str, ...] = ()


class Text(Protocol):
    """A body not held in memory: where it is read again, each time it is wanted."""

    def read(self) -> str:
        """The body's text, exactly as it was when its article was loaded; an error when it cannot be."""


class Body:
    """``Article.body``: an article holds its body's text, or a :class:`Text` that reads it on each use.

    Either way ``article.body`` is the text. A large site's bodies then need not all be held at once: whoever
    loads the articles decides (see ``incremental.shards``). The body is never kept once read, so a build that
    goes through every article holds one body at a time.
    """

    def __get__(self, article: Article | None, owner: type[Article]) -> str:
        if article is None:  # asked on the class: dataclasses take this to mean the field has no default
            raise AttributeError("body")
        held = article.__dict__["body"]
        return held if isinstance(held, str) else held.read()

    def __set__(self, article: Article, value: str | Text) -> None:
        article.__dict__["body"] = value


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
    body: Body = Body()  # the text; held as it is, or read again where it is kept (:class:`Text`)
    body_line: int  # type: ignore[misc]  # Body gives no default (see Body.__get__); mypy takes it for one
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


def held(article: Article) -> str | Text:
    """An article's body as the article holds it: its text, or where it is read again."""
    found: str | Text = article.__dict__["body"]
    return found


def holding(article: Article, body: str | Text) -> Article:
    """A copy of ``article`` that holds its body as ``body``: the same text, held another way."""
    made = object.__new__(Article)
    made.__dict__.update(article.__dict__)  # what dataclasses.replace would do, without a check per field
    made.__dict__["body"] = body
    return made


def in_range(moment: dt.datetime) -> bool:
    """Whether a time can be shown in any time zone (years 2 to 9998), so no conversion overflows."""
    return EARLIEST <= moment <= LATEST


def whole_minutes(moment: dt.datetime) -> bool:
    """Whether the time's UTC offset is in whole minutes: RSS, Atom, JSON Feed and HTML write no seconds in one
    (a zone's local mean time before standard time had them: Asia/Shanghai was +08:05:43 until 1901)."""
    offset = moment.utcoffset()
    return offset is None or not offset % dt.timedelta(minutes=1)


def in_zone(when: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``when`` as ``zone`` shows it, held at the fixed offset the zone had then, so that it compares with any other
    time as the instant it is (Python compares two times of one zone by their clocks alone: in the hour the clocks
    are put back, 01:30 at -04:00 came before 01:10 at -05:00, which it took for the later). At its own offset where
    the zone's was not in whole minutes then (a local mean time, before standard time), which no feed or page can
    write. The one way every page, feed, list, permalink and new article's folder takes an article's day and time
    in the site's zone, so that they all name the same day."""
    key = (when, when.tzinfo, when.fold, zone)  # equal times of two zones, or either side of a fold, are two keys
    found = _IN_ZONE.get(key)
    if found is None:
        found = _IN_ZONE[key] = _in_zone(when, zone)
        if len(_IN_ZONE) > IN_ZONE_KEPT:  # a long `serve` session: the oldest forgotten
            del _IN_ZONE[next(iter(_IN_ZONE))]
    return found


IN_ZONE_KEPT = 100_000  # times kept shown in a zone: each article's are asked for by every page, feed and list
_IN_ZONE: dict[tuple[dt.datetime, dt.tzinfo | None, int, dt.tzinfo], dt.datetime] = {}
_FIXED: dict[dt.timedelta, dt.timezone] = {}  # one zone object per offset, as a build meets a few


def read_alike(shown: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``shown``'s clock, read in ``zone`` with no offset, names ``shown`` and no other instant: not in an hour
    the zone's clocks were put back over (01:30 in New York on the day it leaves summer time was at -04:00, then at
    -05:00), nor at an offset the zone did not have then (a local mean time, shown at its own: :func:`in_zone`)."""
    clock = shown.replace(tzinfo=None)
    readings = {clock.replace(tzinfo=zone, fold=fold).astimezone(dt.UTC) for fold in (0, 1)}
    return readings == {shown.astimezone(dt.UTC)}


def _in_zone(when: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    local = when.astimezone(zone)
    offset = local.utcoffset()
    if offset is None or offset % _MINUTE:
        return when
    fixed = _FIXED.get(offset)
    if fixed is None:
        fixed = _FIXED[offset] = dt.timezone(offset)
    return local.replace(tzinfo=fixed)


_MINUTE = dt.timedelta(minutes=1)


def skipped(aware: dt.datetime) -> bool:
    """Whether a local time falls in a gap of its zone: a daylight-saving change skipped it, so it never was."""
    if not in_range(aware):
        return False
    back = aware.astimezone(dt.UTC).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None) != aware.replace(tzinfo=None)


def repeated(aware: dt.datetime) -> dt.datetime | None:
    """The second time a local time was there, when its zone's clocks were put back over it (``2026-11-01T01:30`` in
    New York was at -04:00, then an hour later at -05:00): that one, with ``fold=1``; None for a time there once.
    Python takes such a time for the first, as jiading does."""
    if not in_range(aware):
        return None
    second = aware.replace(fold=1)
    return second if second.utcoffset() != aware.replace(fold=0).utcoffset() else None


def start_of(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The first moment of ``day`` in ``zone``, which a date written without a time means: its midnight, or where the
    clocks skip midnight that day (America/Santiago each September, Brazil's zones until 2019), the moment they were
    put forward to, still that day. A day the zone skipped whole (Pacific/Apia's 2011-12-30) has no moment: its
    midnight is given, which :func:`skipped` finds."""
    midnight = dt.datetime.combine(day, dt.time(), zone)
    if not skipped(midnight):
        return midnight
    first = midnight.astimezone(dt.UTC).astimezone(zone)
    return first if first.date() == day else midnight


def digest(raw: bytes) -> bytes:
    """What identifies a file's bytes, and keys what is derived from them: 16 bytes of their SHA-256 (through
    OpenSSL, the quickest of Python's hashes; every article's body is hashed again where it is read again)."""
    return hashlib.sha256(raw).digest()[:16]


def naming(chosen: Iterable[Article]) -> dict[str, tuple[Article, ...]]:
    """For each id that an article's ``translations`` name, the articles of ``chosen`` naming it, by language (then
    id): the versions its page lists beside those it names itself (``pages.article.alternates``), and those
    ``validate`` holds to one per language (JD132)."""
    found: dict[str, list[Article]] = {}
    for article in chosen:
        for target in set(article.translations.values()) - {article.id}:
            found.setdefault(target, []).append(article)
    return {key: tuple(sorted(them, key=lambda a: (a.lang.lower(), a.id))) for key, them in found.items()}


def versions(article: Article, by_id: Mapping[str, Article], named_by: Sequence[Article] = ()) -> tuple[Article, ...]:
    """The article's language versions as every page, feed item and share card lists them, the first of each
    language: itself, the articles of ``by_id`` (the published ones) its ``translations`` name, by key, then those
    naming it (``named_by``: its entry of :func:`naming`). A translation is one both ways."""
    found: dict[str, Article] = {}
    named = (by_id[key] for _, key in sorted(article.translations.items()) if key in by_id)
    for other in (article, *named, *named_by):
        found.setdefault(other.lang.lower(), other)
    return tuple(found.values())
