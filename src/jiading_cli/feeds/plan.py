"""Which articles enter which feeds, and where each feed lives.

Paths (relative to the output folder) are stable: ``feed.xml``, ``atom.xml`` and ``feed.json``
for the whole site; the same names under ``{lang}/`` (lowercased), ``categories/{slug}/`` and
``tags/{slug}/``. Names that differ only in case or width share a feed. Two different names
with the same slug: the one first used (oldest article, then name) keeps the plain slug, the
others get ``{slug}-{hash}``, a hash of the name, so their paths do not depend on each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from jiading_cli.config import Config
from jiading_cli.site import status
from jiading_cli.slug import slugify

if TYPE_CHECKING:
    from jiading_cli.article import Article

Kind = Literal["site", "language", "category", "tag"]
FORMATS: tuple[tuple[str, str], ...] = (("rss", "feed.xml"), ("atom", "atom.xml"), ("json", "feed.json"))
FOLDERS = {"category": "categories", "tag": "tags"}


@dataclass(frozen=True)
class FeedSet:
    """One feed in three formats: which articles it carries and its folder."""

    kind: Kind
    name: str  # '' for the site feed; else the language, category or tag as written
    folder: str  # '' for the site feed, e.g. 'zh-cn' or 'tags/finance'
    language: str
    items: tuple[Article, ...]

    @property
    def label(self) -> str:
        return "site" if self.kind == "site" else f"{self.kind} {self.name}"

    def path(self, filename: str) -> str:
        return f"{self.folder}/{filename}" if self.folder else filename


@dataclass
class _Group:
    first: dt.datetime  # date of the oldest article using the name
    names: set[str] = field(default_factory=set)
    members: list[Article] = field(default_factory=list)  # the newest, up to the feed limit

    @property
    def name(self) -> str:
        return min(self.names)


def newest_first(article: Article) -> tuple[float, str]:
    return (-article.date.timestamp(), article.id)


def select(articles: Iterable[Article], now: dt.datetime, include_drafts: bool = False) -> list[Article]:
    """Published articles (with drafts and scheduled ones for a preview), newest first, ties by id."""
    chosen = [a for a in articles if include_drafts or status(a, now) == "published"]
    return sorted(chosen, key=newest_first)


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def slugs(groups: dict[str, _Group]) -> dict[str, str]:
    """A unique folder name for each group key, deterministic for the same articles."""
    by_slug: dict[str, list[str]] = {}
    for key in sorted(groups):
        by_slug.setdefault(slugify(groups[key].name), []).append(key)
    result: dict[str, str] = {}
    for base, keys in sorted(by_slug.items()):
        keys.sort(key=lambda k: (groups[k].first, k))
        for index, key in enumerate(keys):
            if base and index == 0:
                result[key] = base
            else:
                result[key] = f"{base}-{_digest(key)}" if base else _digest(key)
    taken: set[str] = set()
    for key in sorted(result, key=lambda k: (result[k], k)):
        while result[key] in taken:  # a name whose own slug looks like another's hashed one
            result[key] += "-" + _digest(result[key])
        taken.add(result[key])
    return result


def _group(chosen: Sequence[Article], names: Callable[[Article], Iterable[str]], limit: int) -> dict[str, _Group]:
    """Articles by normalised name; ``chosen`` is newest first, so each group keeps its newest."""
    groups: dict[str, _Group] = {}
    for article in chosen:
        seen: set[str] = set()
        for name in names(article):
            key = _key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(article.date)
            group.first = article.date  # ``chosen`` is newest first: the last seen is the oldest
            group.names.add(name)
            if len(group.members) < limit:
                group.members.append(article)
    return groups


def _language(items: Sequence[Article], fallback: str) -> str:
    langs = {a.lang.lower() for a in items}
    return min(a.lang for a in items) if len(langs) == 1 else fallback


def plan(config: Config, chosen: Sequence[Article]) -> list[FeedSet]:
    """Every feed set the site produces from ``chosen`` (already newest first)."""
    limit, site_lang, switches = config.feeds.limit, config.site.language, config.feeds
    sets = [FeedSet("site", "", "", site_lang, tuple(chosen[:limit]))]
    if switches.per_language:
        by_lang = _group(chosen, lambda a: (a.lang,), limit)
        for key in sorted(by_lang):
            name = by_lang[key].name
            sets.append(FeedSet("language", name, key, name, tuple(by_lang[key].members)))
    kinds: list[tuple[Kind, Callable[[Article], Iterable[str]]]] = []
    if switches.per_category:
        kinds.append(("category", lambda a: (a.category,) if a.category else ()))
    if switches.per_tag:
        kinds.append(("tag", lambda a: a.tags))
    for kind, names in kinds:
        groups = _group(chosen, names, limit)
        folders = slugs(groups)
        for key in sorted(groups, key=lambda k: folders[k]):
            members = groups[key].members
            folder = f"{FOLDERS[kind]}/{folders[key]}"
            sets.append(FeedSet(kind, groups[key].name, folder, _language(members, site_lang), tuple(members)))
    return sets
