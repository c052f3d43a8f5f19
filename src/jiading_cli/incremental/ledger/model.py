"""What the last feed build saw, so that the next one can start from it and touch only what changed.

The ledger of one output folder and mode (``.jiading-cache/ledger-<hash>.pickle``) keeps, as of the
last build that wrote the folder:

- each article file's name and stat; a file changed less than two seconds before that build is
  recorded as unknown, so the next build reads it again (one tick of the file system's clock);
- every id (with its file), public URL, post id its records name and translation target of the site, and
  how many warnings each article with any has;
- each group's size, spellings, oldest date and newest articles, twice the feed limit deep;
- each feed's articles, the item made for each, and each of its files' path, URL, SHA-256 and
  reuse key;
- the stat of every file the articles name, with how many articles name it, and of every file the build
  wrote.

Whatever an article brought in is counted (the files it names, the ids its translations point at), so that
an incremental build that removes or changes it takes out what it alone brought: the ledger after any run of
incremental builds holds what a full build's would (tests/test_ledger_contents.py), never more.

The articles themselves are the ones in the article store (:mod:`jiading_cli.incremental.articles`): an article
is taken from there only when the store's entry has exactly the stat the ledger recorded for its
file. Articles read by incremental builds since are kept in the ledger, beside the base.

It is keyed like build avoidance (:mod:`jiading_cli.incremental.avoidance`) without the article files: jiading's
code, Python and the libraries, the config's bytes and the build's options. :mod:`.record` writes
and reads it; :mod:`.delta` says when it may be used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.feeds.model import Item
from jiading_cli.feeds.sets import FOLDERS, FeedSet, Group, Kind
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental.ledger.files import dumps, loads
from jiading_cli.incremental.ledger.table import Buffer, Table
from jiading_cli.incremental.shapes import Record
from jiading_cli.validate.rules import post_keys

if TYPE_CHECKING:
    from jiading_cli.feeds.build import Output
    from jiading_cli.incremental.reuse import Reuse
    from jiading_cli.model.article import Article


GroupKey = tuple[Kind, str]  # kind, normalised name ('' for the site)


@dataclass(frozen=True, slots=True, order=True)
class Ranked:
    """An article's place in a group: newest first and ties by id, as the feeds order them."""

    key: float  # minus its date's timestamp
    id: str
    name: str  # its file

    def __reduce__(self) -> tuple[type[Ranked], tuple[object, ...]]:
        return Ranked, (self.key, self.id, self.name)


@dataclass(frozen=True, slots=True)
class Brief:
    """What a build needs to know of an article besides its feed item."""

    path: str  # as shown
    id: str
    url: str
    lang: str
    stamp: float  # the date, as a POSIX timestamp
    draft: bool
    chosen: bool  # in the feeds: published, or any article in a preview
    category: str | None
    tags: tuple[str, ...]
    translations: tuple[tuple[str, str], ...]
    warnings: int
    posts: tuple[tuple[str, str], ...] = ()  # (network, post id) of each post its records name (JD187)

    def __reduce__(self) -> tuple[type[Brief], tuple[object, ...]]:
        return Brief, tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Made:
    """The item made for an article in a feed, and its reuse digest (``reuse.Reuse.digest``)."""

    item: Item
    digest: str

    def __reduce__(self) -> tuple[type[Made], tuple[object, ...]]:
        return Made, (self.item, self.digest)


@dataclass(slots=True)
class Candidates:
    """One group as the ledger keeps it: a :class:`~.plan.Group` whose newest articles are ranks."""

    first: dt.datetime | None  # its oldest article's date, for a group with a folder of its own (else None)
    names: dict[str, int]
    size: int
    top: list[Ranked]  # newest first, at most the ledger's depth
    bound: Ranked | None  # every article ranked up to this one is in ``top``; None: every article is

    @property
    def complete(self) -> bool:
        return self.bound is None


@dataclass(frozen=True, slots=True)
class Kept:
    """One file of a feed: where it is served, what it holds, and its reuse key."""

    path: str
    fmt: str
    url: str
    digest: str  # "sha256:…"
    key: str


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed as the ledger keeps it: its group, names, articles and files."""

    group: GroupKey
    label: str
    kind: Kind
    name: str
    folder: str
    language: str
    members: tuple[str, ...]  # file names, newest first
    files: tuple[Kept, ...]


@dataclass
class Changes:
    """What builds since the base changed, each value as it is now (None: gone)."""

    briefs: dict[str, Brief | None] = field(default_factory=dict)
    articles: dict[str, bytes | None] = field(default_factory=dict)
    items: dict[str, bytes | None] = field(default_factory=dict)
    ids: dict[str, str | None] = field(default_factory=dict)
    urls: dict[str, bool] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)  # how many more (or fewer) translations point at each
    named: dict[str, tuple[str, ...] | None] = field(default_factory=dict)  # the files each article names
    posts: dict[str, str | None] = field(default_factory=dict)  # post key -> the file of the article recording it

    def size(self) -> int:
        return len(self.briefs) + len(self.items)


@dataclass
class Ledger:
    """The last build's state: a base that a full build wrote, and what later builds changed since.

    Later builds write only their changes beside the base (:func:`.record.save`), so an incremental
    build does not write the whole site's state again; now and then a new base is written.
    """

    key: bytes
    base: str  # the id of the base the changes apply to
    since: dt.datetime | None
    until: dt.datetime | None
    lines: set[str]  # memo.Inputs.lines, UNKNOWN before each file changed too recently
    refs: dict[str, memo.Stat]
    uses: dict[str, int]  # for each file in ``refs``, how many articles name it
    outputs: dict[str, memo.Stat]
    groups: dict[GroupKey, Candidates]
    feeds: list[Feed]
    warnings: int  # in all
    drafts: int  # articles with draft: true (in no feed outside a preview)
    depth: int
    languages: dict[str, int]  # each article language, in lower case, with how many articles have it
    targets: dict[str, int]  # the ids translations point to, with how many point at each
    warned: dict[str, int]  # file name -> warnings, for each article of the base with any
    base_lines: list[str]
    base_ids: Buffer  # a Table of id -> file name, looked up where it lies
    base_named: Buffer  # a Table of file name -> the files its article names (NUL between them), for any
    base_urls: Buffer  # a Table of every public URL
    base_posts: Buffer  # a Table of post key (:func:`post_key`) -> the file recording it ('' for several)
    base_briefs: dict[str, Brief]  # articles read by incremental builds before the base
    base_articles: dict[str, Buffer]
    base_items: dict[str, Buffer]  # file name -> pickled (Item, its reuse digest), for every article in a feed
    changed: Changes = field(default_factory=Changes)
    _ids: dict[str, str] | None = None  # every id -> file name, when a full build just made them
    _urls: set[str] | None = None
    _named: dict[str, tuple[str, ...]] | None = None
    _tables: dict[str, Table] = field(default_factory=dict)  # the base's, by name, once looked at

    def _table(self, name: str) -> Table:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = Table(getattr(self, f"base_{name}"))
        return found

    def check(self) -> None:
        """Read the base's tables now: :class:`Damaged` if any is, before anything is built on them."""
        for name in ("ids", "urls", "named", "posts"):
            self._table(name)

    def id_of(self, key: str) -> str | None:
        """The file of the article whose id is ``key``; None when no article has it."""
        if key in self.changed.ids:
            return self.changed.ids[key]
        return self._ids.get(key) if self._ids is not None else self._table("ids").get(key)

    def has_url(self, url: str) -> bool:
        """Whether an article has the public URL ``url``."""
        if url in self.changed.urls:
            return self.changed.urls[url]
        return url in self._urls if self._urls is not None else url in self._table("urls")

    def all_ids(self) -> dict[str, str]:
        """Every article's id -> its file name (reads the whole table)."""
        found = dict(self._ids) if self._ids is not None else dict(self._table("ids").pairs())
        for key, name in self.changed.ids.items():
            if name is None:
                found.pop(key, None)
            else:
                found[key] = name
        return found

    def all_urls(self) -> set[str]:
        """Every article's public URL (reads the whole table)."""
        found = set(self._urls) if self._urls is not None else set(self._table("urls").keys())
        found.difference_update(url for url, present in self.changed.urls.items() if not present)
        found.update(url for url, present in self.changed.urls.items() if present)
        return found

    def post_of(self, key: str) -> str | None:
        """The file of the article recording the post ``key`` ('' when several do); None when none does."""
        return self.changed.posts[key] if key in self.changed.posts else self._table("posts").get(key)

    def all_posts(self) -> dict[str, str]:
        """Every post key -> the file recording it (reads the whole table)."""
        found: dict[str, str | None] = {**dict(self._table("posts").pairs()), **self.changed.posts}
        return {key: name for key, name in found.items() if name is not None}

    def set_id(self, key: str, name: str | None) -> None:
        self.changed.ids[key] = name

    def set_url(self, url: str, present: bool) -> None:
        self.changed.urls[url] = present

    def add_targets(self, targets: Iterable[str], by: int = 1) -> None:
        """Translations now point at ``targets`` (``by``: -1, they no longer do)."""
        for target in targets:
            count(self.targets, target, by)
            self.changed.targets[target] = self.changed.targets.get(target, 0) + by

    def named_by(self, name: str) -> tuple[str, ...]:
        """The local files the article in file ``name`` names, each once for each time it does."""
        if name in self.changed.named:
            return self.changed.named[name] or ()
        if self._named is not None:
            return self._named.get(name, ())
        found = self._table("named").get(name)
        return tuple(found.split("\0")) if found else ()

    def all_named(self) -> dict[str, tuple[str, ...]]:
        """Every article naming a file -> the files it names (reads the whole table)."""
        if self._named is not None:
            found = dict(self._named)
        else:
            found = {name: tuple(files.split("\0")) for name, files in self._table("named").pairs()}
        for name, files in self.changed.named.items():
            if files:
                found[name] = files
            else:
                found.pop(name, None)
        return found

    def name_files(self, name: str, named: Sequence[str] | None, stats: Mapping[str, memo.Stat]) -> None:
        """The article in file ``name`` now names the files of ``named`` (None: the file is gone), instead of
        those it named before: each file's count of articles naming it follows, and a file no article names
        any more leaves ``refs``. ``stats``: the stat now of each file named."""
        before = self.named_by(name)
        for path in named or ():
            count(self.uses, path, 1)
        gone = [path for path in before if count(self.uses, path, -1) == 0]
        self.refs.update((path, stats[path]) for path in named or () if path in stats)
        for path in gone:
            self.refs.pop(path, None)
        self.changed.named[name] = tuple(named) if named else None

    def has_brief(self, name: str) -> bool:
        """An incremental build read the file (or saw it gone) since the last full build."""
        return name in self.changed.briefs or name in self.base_briefs

    def read_brief(self, name: str) -> Brief | None:
        """The brief an incremental build kept; None: the file is gone."""
        return self.changed.briefs[name] if name in self.changed.briefs else self.base_briefs[name]

    def read_article(self, name: str) -> Article | None:
        """The article an incremental build kept; None when none did."""
        data = self.changed.articles[name] if name in self.changed.articles else self.base_articles.get(name)
        if data is None:
            return None
        from jiading_cli.incremental.shards import article_shape

        found: Article = loads(data, article_shape())
        return found

    def keep(self, name: str, brief: Brief | None, article: Article | None) -> None:
        self.changed.briefs[name] = brief
        self.changed.articles[name] = None if article is None else dumps(article)

    def item(self, name: str) -> Made | None:
        """The item last made for an article in a feed, with its reuse digest; None if there is none."""
        data = self.changed.items[name] if name in self.changed.items else self.base_items.get(name)
        if data is None:
            return None
        found: Made = loads(data, Record(Made, item=Item, digest=str))
        return found

    def keep_items(self, made: dict[str, Made]) -> None:
        """Hold the item of every article in a feed: ``made`` were made by this build."""
        members = {name for feed in self.feeds for name in feed.members}
        for name, found in made.items():
            if name in members:
                self.changed.items[name] = dumps(found)
        for name in set(self.merged_items()) - members:
            self.changed.items[name] = None

    def merged_items(self) -> dict[str, Buffer]:
        return _merged(self.base_items, self.changed.items)

    def merged_articles(self) -> dict[str, Buffer]:
        return _merged(self.base_articles, self.changed.articles)

    def merged_briefs(self) -> dict[str, Brief]:
        found = {name: values for name, values in self.base_briefs.items() if name not in self.changed.briefs}
        found.update((name, values) for name, values in self.changed.briefs.items() if values is not None)
        return found

    def merged_warned(self) -> dict[str, int]:
        """File name -> warnings, for each article with any, as of the last build."""
        found = {name: count for name, count in self.warned.items() if name not in self.changed.briefs}
        found.update((name, b.warnings) for name, b in self.changed.briefs.items() if b is not None and b.warnings)
        return found

    def covers(self, now: dt.datetime) -> bool:
        """No article's date lies between the build that made the ledger and ``now``."""
        return (self.since is None or now >= self.since) and (self.until is None or now < self.until)


def count(counts: dict[str, int], key: str, by: int) -> int:
    """Add ``by`` to ``counts[key]``, the key dropped at zero; the count left."""
    left = counts.get(key, 0) + by
    if left > 0:
        counts[key] = left
    else:
        counts.pop(key, None)
    return max(left, 0)


def _merged(base: Mapping[str, Buffer], changed: Mapping[str, bytes | None]) -> dict[str, Buffer]:
    found = {name: data for name, data in base.items() if name not in changed}
    found.update((name, data) for name, data in changed.items() if data is not None)
    return found


def rank(article: Article, name: str) -> Ranked:
    return Ranked(-article.date.timestamp(), article.id, name)


def depth(config: Config) -> int:
    """How many of each group's newest articles are kept: deleting up to one feed's worth needs no full build."""
    return 2 * config.feeds.limit


def brief(a: Article, url: str, chosen: bool, warnings: int) -> Brief:
    translations = tuple(sorted(a.translations.items())) if a.translations else ()
    posts = post_keys(a) if a.syndication else ()
    stamp = a.date.timestamp()
    return Brief(a.path, a.id, url, a.lang, stamp, a.draft, chosen, a.category, a.tags, translations, warnings, posts)


def post_key(network: str, remote: str) -> str:
    """A post as the ledger's table keys it: its network's name, its length first, then its id."""
    return f"{len(network)}:{network}{remote}"


def to_candidates(kind: Kind, group: Group, names: Mapping[int, str]) -> Candidates:
    """A planned group as the ledger keeps it (``names``: each article's file name, by identity). Its oldest
    date is kept only where it decides something, a folder's name (:data:`~jiading_cli.feeds.sets.FOLDERS`)."""
    top = [rank(a, names[id(a)]) for a in group.members]
    first = group.first if kind in FOLDERS else None
    return Candidates(first, dict(group.names), group.size, top, top[-1] if group.size > len(top) else None)


def feed_of(
    feed: FeedSet, files: Sequence[Output], reuse: Reuse, digests: Mapping[str, str], members: tuple[str, ...]
) -> Feed:
    """The ledger's record of a feed just written; ``members``: its articles' file names."""
    kept = tuple(Kept(o.path, o.fmt, o.url, digests[o.path], reuse.keys[o.path]) for o in files)
    return Feed((feed.kind, feed.key), feed.label, feed.kind, feed.name, feed.folder, feed.language, members, kept)
