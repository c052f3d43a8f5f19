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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from jiading_cli.config import Config
from jiading_cli.content.layout import FEED_FILES, GROUP_FOLDERS
from jiading_cli.content.names import name_key as name_key
from jiading_cli.content.site import status
from jiading_cli.content.slug import slugify

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

Kind = Literal["site", "language", "category", "tag"]
FORMATS: tuple[tuple[str, str], ...] = tuple(FEED_FILES.items())  # each format with its file, as the layout says
FOLDERS = GROUP_FOLDERS
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedSet:
    """One feed in three formats: which articles it carries and its folder."""

    kind: Kind
    name: str  # '' for the site feed; else the language, category or tag as written
    folder: str  # '' for the site feed, e.g. 'zh-cn' or 'tags/finance'
    language: str
    items: tuple[Article, ...]
    key: str = ""  # the normalised name of its group ('' for the site feed)

    @property
    def label(self) -> str:
        return "site" if self.kind == "site" else f"{self.kind} {self.name}"

    def path(self, filename: str) -> str:
        return f"{self.folder}/{filename}" if self.folder else filename


@dataclass
class Group:
    """Every chosen article filed under one normalised name: how many, their spellings, the newest ones."""

    first: dt.datetime  # date of the oldest article using the name
    names: dict[str, int] = field(default_factory=dict)  # each spelling -> articles that use it
    members: list[Article] = field(default_factory=list)  # the newest, up to the depth asked for
    size: int = 0

    @property
    def name(self) -> str:
        return min(self.names)


def newest_first(article: Article) -> tuple[float, str]:
    return (-article.date.timestamp(), article.id)


def select(articles: Iterable[Article], now: dt.datetime, include_drafts: bool = False) -> list[Article]:
    """Published articles (with drafts and scheduled ones for a preview), newest first, ties by id."""
    chosen = [a for a in articles if include_drafts or status(a, now) == "published"]
    return sorted(chosen, key=newest_first)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def slugs(groups: Mapping[str, Group]) -> dict[str, str]:
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


class Filed(Protocol):
    """What decides the groups an article enters: an :class:`Article` or a ledger's brief of one."""

    @property
    def lang(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


def names_of(kind: Kind) -> Callable[[Filed], Iterable[str]]:
    """The names an article is filed under for one kind of feed."""
    if kind == "language":
        return lambda a: (a.lang,)
    if kind == "category":
        return lambda a: (a.category,) if a.category else ()
    return lambda a: a.tags


def filed(article: Filed, kind: Kind) -> dict[str, str]:
    """The groups of one kind an article enters: normalised name -> the first spelling it uses."""
    found: dict[str, str] = {}
    for name in names_of(kind)(article):
        key = name_key(name)
        if key and key not in found:
            found[key] = name
    return found


def _group(chosen: Sequence[Article], kind: Kind, depth: int) -> dict[str, Group]:
    """Articles by normalised name; ``chosen`` is newest first, so each group keeps its newest.

    Articles are listed by each name as written, then each normalised name takes its one spelling's list
    whole; the rare name written in several ways is merged article by article (:func:`_merged`).
    """
    names = names_of(kind)
    by_name: dict[str, list[Article]] = {}
    for article in chosen:
        for name in names(article):
            found = by_name.get(name)
            if found is None:
                by_name[name] = [article]
            elif found[-1] is not article:  # a name an article gives twice counts once
                found.append(article)
    by_key: dict[str, list[str]] = {}
    for name in by_name:
        if key := name_key(name):
            by_key.setdefault(key, []).append(name)
    groups: dict[str, Group] = {}
    position: dict[int, int] = {}  # each article's place in ``chosen``, once a name is written in several ways
    for key, spellings in by_key.items():
        if len(spellings) == 1:
            members = by_name[spellings[0]]
            groups[key] = Group(members[-1].date, {spellings[0]: len(members)}, members[:depth], len(members))
            continue
        position = position or {id(article): i for i, article in enumerate(chosen)}
        every = {id(article): article for name in spellings for article in by_name[name]}
        groups[key] = _merged(key, sorted(every.values(), key=lambda a: position[id(a)]), names, depth)
    return groups


def _merged(key: str, members: list[Article], names: Callable[[Filed], Iterable[str]], depth: int) -> Group:
    """The group of a name written in several ways: each article, newest first, under its first spelling of it."""
    group = Group(members[-1].date, {}, members[:depth], len(members))
    for article in members:
        name = next(n for n in names(article) if name_key(n) == key)
        group.names[name] = group.names.get(name, 0) + 1
    return group


def language_of(langs: Sequence[str], fallback: str) -> str:
    """A category's or tag's feed language: its articles' one language, else the site's."""
    return min(langs) if len({lang.lower() for lang in langs}) == 1 else fallback


def kinds(config: Config) -> list[Kind]:
    """The kinds of feed the site has, in the order their feeds are listed."""
    switches = config.feeds
    wanted: list[tuple[Kind, bool]] = [
        ("site", True),
        ("language", switches.per_language),
        ("category", switches.per_category),
        ("tag", switches.per_tag),
    ]
    return [kind for kind, on in wanted if on]


Groups = dict[Kind, dict[str, Group]]


def groups(config: Config, chosen: Sequence[Article], depth: int) -> Groups:
    """Every kind's groups, keeping each group's newest ``depth`` articles (the site: one group, key '')."""
    found: Groups = {}
    for kind in kinds(config):
        if kind == "site":
            site = Group(chosen[-1].date if chosen else EPOCH, {"": len(chosen)}, list(chosen[:depth]), len(chosen))
            found[kind] = {"": site}
        else:
            found[kind] = _group(chosen, kind, depth)
    return found


def feed_sets(config: Config, found: Groups) -> list[FeedSet]:
    """The feed sets of a site's groups, in their fixed order, each with its newest ``feeds.limit`` articles."""
    limit, site_lang = config.feeds.limit, config.site.language
    sets: list[FeedSet] = []
    for kind, by_key in found.items():
        if kind == "site":
            sets.append(FeedSet("site", "", "", site_lang, tuple(by_key[""].members[:limit])))
        elif kind == "language":
            for key in sorted(by_key):
                name = by_key[key].name
                sets.append(FeedSet("language", name, key, name, tuple(by_key[key].members[:limit]), key))
        else:
            folders = slugs(by_key)
            for key in sorted(by_key, key=lambda k: folders[k]):
                members = tuple(by_key[key].members[:limit])
                folder = f"{FOLDERS[kind]}/{folders[key]}"
                language = language_of([a.lang for a in members], site_lang)
                sets.append(FeedSet(kind, by_key[key].name, folder, language, members, key))
    return sets


def plan(config: Config, chosen: Sequence[Article]) -> list[FeedSet]:
    """Every feed set the site produces from ``chosen`` (already newest first)."""
    return feed_sets(config, groups(config, chosen, config.feeds.limit))
