"""What the last feed build saw, so that the next one can start from it and touch only what changed.

The ledger of one output folder and mode (``.jiading-cache/ledger-<hash>.pickle``) keeps, as of the
last build that wrote the folder:

- each article file's path and stat; a file changed less than two seconds before that build is
  recorded as unknown, so the next build reads it again (one tick of the file system's clock);
- a brief of every article: id, public URL, language, date, whether it is in the feeds, its category
  and tags, its translations and how many warnings it has (kept in parts, read as needed);
- every id, public URL and translation target of the site;
- each group's size, spellings, oldest date and newest articles, twice the feed limit deep, with
  the whole article for each of those;
- each feed's articles, and each of its files' path, URL, SHA-256 and reuse key;
- the stat of every file the articles name and of every file the build wrote.

It is keyed like build avoidance (:mod:`jiading_cli.memo`) without the article files: jiading's
code, Python and the libraries, the config's bytes and the build's options. It is replaced whole by
rename; one that is missing, damaged or made for anything else is ignored, and the build is a full
one. :mod:`.delta` says when it may be used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jiading_cli import cache as store
from jiading_cli import memo
from jiading_cli.config import Config
from jiading_cli.feeds import model
from jiading_cli.feeds.model import Item
from jiading_cli.feeds.plan import FeedSet, Group, Kind, filed

if TYPE_CHECKING:
    from jiading_cli.article import Article
    from jiading_cli.feeds.build import Output
    from jiading_cli.feeds.reuse import Reuse

FORMAT = 1
PARTS = 64
UNKNOWN = "?"  # before a stat line that must never match: the file changed too recently to trust it

Buffer = bytes | memoryview  # a pickle, perhaps a view of the ledger file
GroupKey = tuple[Kind, str]  # kind, normalised name ('' for the site)
Ranked = tuple[float, str, str]  # -timestamp, id, path: newest first and ties by id, as the feeds order


class Brief(NamedTuple):
    """What a later build needs to know of an article it does not read again."""

    path: str  # as shown, which is how the ledger names an article
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


@dataclass
class Candidates:
    """One group as the ledger keeps it: a :class:`~.plan.Group` whose newest articles are ranks."""

    first: dt.datetime
    names: dict[str, int]
    size: int
    top: list[Ranked]  # newest first, at most the ledger's depth
    bound: Ranked | None  # every article ranked up to this one is in ``top``; None: every article is

    @property
    def complete(self) -> bool:
        return self.bound is None


class Kept(NamedTuple):
    """One file of a feed: where it is served, what it holds, and its reuse key."""

    path: str
    fmt: str
    url: str
    digest: str  # "sha256:…"
    key: str


class Feed(NamedTuple):
    group: GroupKey
    label: str
    kind: Kind
    name: str
    folder: str
    language: str
    members: tuple[str, ...]  # article paths, newest first
    files: tuple[Kept, ...]


@dataclass
class Ledger:
    """The last build's state: a base that a full build wrote, and what later builds changed since.

    Later builds write only their changes beside the base (``save``), so an incremental build does
    not write the whole site's state again; every ``COMPACT`` changes a new base is written.
    """

    key: bytes
    base: str  # the id of the base the changes apply to
    since: dt.datetime | None
    until: dt.datetime | None
    lines: set[str]  # memo.Inputs.lines, UNKNOWN before each file changed too recently
    refs: dict[str, memo.Stat]
    outputs: dict[str, memo.Stat]
    groups: dict[GroupKey, Candidates]
    feeds: list[Feed]
    warnings: int
    depth: int
    targets: set[str]  # the ids translations point to
    base_lines: list[str]
    base_ids: Buffer  # pickled {id: path}, read when needed
    base_urls: Buffer  # pickled set of every public URL, read when needed
    parts: dict[int, Buffer]  # the base's briefs: pickled {path: Brief as a tuple}, by part
    base_articles: dict[str, Buffer]  # path -> pickled Article, for every article in a group's top
    base_items: dict[str, Buffer]  # path -> pickled (Item, its reuse digest), for every article in a feed
    changed: Changes = field(default_factory=lambda: Changes())
    _parts: dict[int, dict[str, tuple[Any, ...]]] = field(default_factory=dict)
    _ids: dict[str, str] | None = None
    _urls: set[str] | None = None

    @property
    def ids(self) -> dict[str, str]:
        """Every article's id -> its path."""
        if self._ids is None:
            found: dict[str, str] = loads(self.base_ids) if len(self.base_ids) else {}
            for key, path in self.changed.ids.items():
                if path is None:
                    found.pop(key, None)
                else:
                    found[key] = path
            self._ids = found
        return self._ids

    @property
    def urls(self) -> set[str]:
        """Every article's public URL."""
        if self._urls is None:
            found: set[str] = loads(self.base_urls) if len(self.base_urls) else set()
            found.difference_update(url for url, present in self.changed.urls.items() if not present)
            found.update(url for url, present in self.changed.urls.items() if present)
            self._urls = found
        return self._urls

    def _part(self, number: int) -> dict[str, tuple[Any, ...]]:
        found = self._parts.get(number)
        if found is None:
            found = self._parts[number] = loads(self.parts[number]) if number in self.parts else {}
        return found

    def brief(self, path: str) -> Brief | None:
        changed = self.changed.briefs
        values = changed[path] if path in changed else self._part(part_of(path)).get(path)
        return None if values is None else Brief._make(values)

    def put(self, path: str, brief: Brief | None) -> None:
        self.changed.briefs[path] = None if brief is None else tuple(brief)

    def every_brief(self) -> list[Brief]:
        paths = {path for number in range(PARTS) for path in self._part(number)} | set(self.changed.briefs)
        return [b for path in sorted(paths) if (b := self.brief(path)) is not None]

    def merged_parts(self) -> dict[int, Buffer]:
        """The base's parts with every change applied, pickled again where changed."""
        parts = dict(self.parts)
        touched: dict[int, dict[str, tuple[Any, ...]]] = {}
        for path, values in self.changed.briefs.items():
            number = part_of(path)
            part = touched.setdefault(number, dict(self._part(number)))
            if values is None:
                part.pop(path, None)
            else:
                part[path] = values
        parts.update((number, dumps(part)) for number, part in touched.items())
        return parts

    def merged_articles(self) -> dict[str, Buffer]:
        return _merged(self.base_articles, self.changed.articles)

    def article(self, path: str) -> Article:
        """The whole article of one of the groups' newest."""
        data = self.changed.articles[path] if path in self.changed.articles else self.base_articles[path]
        if data is None:
            raise KeyError(path)
        found: Article = loads(data)
        return found

    def keep_articles(self, fresh: dict[str, Article]) -> None:
        """Hold the whole article of every group's newest, and of no other."""
        top = {entry[2] for group in self.groups.values() for entry in group.top}
        for path, article in fresh.items():
            if path in top:
                self.changed.articles[path] = dumps(article)
        for path in set(self.merged_articles()) - top:
            self.changed.articles[path] = None

    def item(self, path: str) -> tuple[Item, str] | None:
        """The item last made for an article in a feed, with its reuse digest; None if there is none."""
        data = self.changed.items[path] if path in self.changed.items else self.base_items.get(path)
        if data is None:
            return None
        found: tuple[Item, str] = loads(data)
        return found

    def keep_items(self, made: dict[str, tuple[Item, str]]) -> None:
        """Hold the item of every article in a feed: ``made`` were made by this build."""
        members = {path for feed in self.feeds for path in feed.members}
        for path, found in made.items():
            if path in members:
                self.changed.items[path] = dumps(found)
        for path in set(self.merged_items()) - members:
            self.changed.items[path] = None

    def merged_items(self) -> dict[str, Buffer]:
        return _merged(self.base_items, self.changed.items)

    def set_id(self, key: str, path: str | None) -> None:
        self.ids  # noqa: B018 - read before changed, so the change is not applied twice
        if path is None:
            self.ids.pop(key, None)
        else:
            self.ids[key] = path
        self.changed.ids[key] = path

    def set_url(self, url: str, present: bool) -> None:
        self.urls  # noqa: B018 - read before changed, so the change is not applied twice
        if present:
            self.urls.add(url)
        else:
            self.urls.discard(url)
        self.changed.urls[url] = present

    def add_targets(self, targets: Iterable[str]) -> None:
        for target in targets:
            self.targets.add(target)
            self.changed.targets.add(target)

    def covers(self, now: dt.datetime) -> bool:
        """No article's date lies between the build that made the ledger and ``now``."""
        return (self.since is None or now >= self.since) and (self.until is None or now < self.until)


@dataclass
class Changes:
    """What builds since the base changed, each value as it is now (None: gone)."""

    briefs: dict[str, tuple[Any, ...] | None] = field(default_factory=dict)
    articles: dict[str, bytes | None] = field(default_factory=dict)
    items: dict[str, bytes | None] = field(default_factory=dict)
    ids: dict[str, str | None] = field(default_factory=dict)
    urls: dict[str, bool] = field(default_factory=dict)
    targets: set[str] = field(default_factory=set)

    def size(self) -> int:
        return len(self.briefs) + len(self.articles) + len(self.items)


def _merged(base: dict[str, Buffer], changed: dict[str, bytes | None]) -> dict[str, Buffer]:
    found = {path: data for path, data in base.items() if path not in changed}
    found.update((path, data) for path, data in changed.items() if data is not None)
    return found


class _Unpickler(store.SafeUnpickler):
    """The cache's safe unpickler, also building feed items."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "jiading_cli.feeds.model" and name in ("Item", "Enclosure"):
            return getattr(model, name)
        return super().find_class(module, name)


def part_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % PARTS


def rank(article: Article) -> Ranked:
    return (-article.date.timestamp(), article.id, article.path)


def loads(data: Buffer) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def depth(config: Config) -> int:
    """How many of each group's newest articles are kept: deleting up to one feed's worth needs no full build."""
    return 2 * config.feeds.limit


def key(config: Config, folder: Path, preview: bool) -> bytes:
    """Everything the ledger depends on besides the article files and the files they name."""
    digest = hashlib.blake2b(memo.environment(), digest_size=20)
    digest.update(f"\0ledger\0{FORMAT}\0{os.fspath(folder.resolve())}\0{preview}\0{config.path}\0".encode())
    try:
        digest.update(config.path.read_bytes())
    except OSError:
        digest.update(b"\0no config")
    return digest.digest()


def where(config: Config, folder: Path, preview: bool) -> Path:
    name = hashlib.blake2b(f"{os.fspath(folder.resolve())}\0{preview}".encode(), digest_size=8).hexdigest()
    return store.folder(config) / f"ledger-{name}.pickle"


def brief(article: Article, url: str, chosen: bool, warnings: int) -> Brief:
    return Brief._make(brief_values(article, url, chosen, warnings))


def brief_values(a: Article, url: str, chosen: bool, warnings: int) -> tuple[Any, ...]:
    """A :class:`Brief` as the plain tuple it is stored as."""
    translations = tuple(sorted(a.translations.items())) if a.translations else ()
    return (a.path, a.id, url, a.lang, a.date.timestamp(), a.draft, chosen, a.category, a.tags, translations, warnings)


def memberships(brief: Brief, kinds: Iterable[Kind]) -> list[tuple[Kind, str, str]]:
    """The groups an article enters, as (kind, group key, the spelling it uses); none unless chosen."""
    found: list[tuple[Kind, str, str]] = []
    if brief.chosen:
        for kind in kinds:
            if kind == "site":
                found.append(("site", "", ""))
            else:
                found.extend((kind, key, spelling) for key, spelling in filed(brief, kind).items())
    return found


def lines(state: memo.Inputs, started_ns: int) -> list[str]:
    """The stat lines to keep: a file changed within two seconds of the build is kept as unknown."""
    limit = started_ns - memo.RACY_NS
    return [line if mtime < limit else UNKNOWN + line for line, mtime in zip(state.lines, state.mtimes, strict=True)]


def name_of(line: str) -> str:
    """The file name in a stat line (``[?]\\0name\\0stat``)."""
    return line.split("\0", 2)[1]


def stats(paths: Iterable[str]) -> dict[str, memo.Stat]:
    return {name: memo.stat(name) for name in sorted(set(paths))}


def to_candidates(group: Group) -> Candidates:
    top = [rank(a) for a in group.members]
    return Candidates(group.first, dict(group.names), group.size, top, top[-1] if group.size > len(top) else None)


def feed_of(
    feed: FeedSet, files: Sequence[Output], reuse: Reuse, digests: Mapping[str, str], members: tuple[str, ...] = ()
) -> Feed:
    """The ledger's record of a feed just written (``members``: its articles' paths, when not in ``feed``)."""
    kept = tuple(Kept(o.path, o.fmt, o.url, digests[o.path], reuse.keys[o.path]) for o in files)
    members = members or tuple(article.path for article in feed.items)
    return Feed((feed.kind, feed.key), feed.label, feed.kind, feed.name, feed.folder, feed.language, members, kept)


def feeds_of(outputs: Sequence[Output], reuse: Reuse, digests: Mapping[str, str]) -> list[Feed]:
    """The ledger's feeds from a build's outputs (each feed's three files are together, in order)."""
    return [feed_of(outputs[i].feed, outputs[i : i + 3], reuse, digests) for i in range(0, len(outputs), 3)]
