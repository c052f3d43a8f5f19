"""What the last feed build saw, so that the next one can start from it and touch only what changed.

The ledger of one output folder and mode (``.jiading-cache/ledger-<hash>.pickle``) keeps, as of the
last build that wrote the folder:

- each article file's name and stat; a file changed less than two seconds before that build is
  recorded as unknown, so the next build reads it again (one tick of the file system's clock);
- every id (with its file), public URL and translation target of the site, and how many warnings
  each article with any has;
- each group's size, spellings, oldest date and newest articles, twice the feed limit deep;
- each feed's articles, the item made for each, and each of its files' path, URL, SHA-256 and
  reuse key;
- the stat of every file the articles name and of every file the build wrote.

The articles themselves are the ones in the article store (:mod:`jiading_cli.incremental.articles`): an article
is taken from there only when the store's entry has exactly the stat the ledger recorded for its
file. Articles read by incremental builds since are kept in the ledger, beside the base.

It is keyed like build avoidance (:mod:`jiading_cli.incremental.avoidance`) without the article files: jiading's
code, Python and the libraries, the config's bytes and the build's options. :mod:`.record` writes
and reads it; :mod:`.delta` says when it may be used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jiading_cli.config import Config
from jiading_cli.feeds import model
from jiading_cli.feeds.model import Item
from jiading_cli.feeds.sets import FeedSet, Group, Kind, filed
from jiading_cli.incremental import articles as store
from jiading_cli.incremental import avoidance as memo

if TYPE_CHECKING:
    from jiading_cli.feeds.build import Output
    from jiading_cli.incremental.reuse import Reuse
    from jiading_cli.model.article import Article

TABLE_PART = 2_000  # entries a table is written in at a time
CHECK = 4  # bytes of the CRC-32 that ends every blob and pickle of the ledger
UNKNOWN = "?"  # before a stat line that must never match: the file changed too recently to trust it

Buffer = bytes | memoryview  # a pickle, perhaps a view of the ledger file
GroupKey = tuple[Kind, str]  # kind, normalised name ('' for the site)
Ranked = tuple[float, str, str]  # -timestamp, id, file name: newest first and ties by id, as the feeds order


class Brief(NamedTuple):
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
    members: tuple[str, ...]  # file names, newest first
    files: tuple[Kept, ...]


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
    outputs: dict[str, memo.Stat]
    groups: dict[GroupKey, Candidates]
    feeds: list[Feed]
    warnings: int  # in all
    depth: int
    targets: set[str]  # the ids translations point to
    warned: dict[str, int]  # file name -> warnings, for each article of the base with any
    base_lines: list[str]
    base_ids: Buffer  # a Table of id -> file name, looked up where it lies
    base_urls: Buffer  # a Table of every public URL
    base_briefs: dict[str, tuple[Any, ...]]  # articles read by incremental builds before the base
    base_articles: dict[str, Buffer]
    base_items: dict[str, Buffer]  # file name -> pickled (Item, its reuse digest), for every article in a feed
    changed: Changes = field(default_factory=Changes)
    _ids: dict[str, str] | None = None  # every id -> file name, when a full build just made them
    _urls: set[str] | None = None
    _tables: dict[str, Table] = field(default_factory=dict)  # the base's, by name, once looked at

    def _table(self, name: str) -> Table:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = Table(self.base_ids if name == "ids" else self.base_urls)
        return found

    def check(self) -> None:
        """Read the base's tables now: :class:`Damaged` if either is, before anything is built on them."""
        self._table("ids")
        self._table("urls")

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

    def set_id(self, key: str, name: str | None) -> None:
        self.changed.ids[key] = name

    def set_url(self, url: str, present: bool) -> None:
        self.changed.urls[url] = present

    def add_targets(self, targets: Iterable[str]) -> None:
        for target in targets:
            self.targets.add(target)
            self.changed.targets.add(target)

    def has_brief(self, name: str) -> bool:
        """An incremental build read the file (or saw it gone) since the last full build."""
        return name in self.changed.briefs or name in self.base_briefs

    def read_brief(self, name: str) -> tuple[Any, ...] | None:
        """The brief an incremental build kept; None: the file is gone."""
        return self.changed.briefs[name] if name in self.changed.briefs else self.base_briefs[name]

    def read_article(self, name: str) -> Article | None:
        """The article an incremental build kept; None when none did."""
        data = self.changed.articles[name] if name in self.changed.articles else self.base_articles.get(name)
        if data is None:
            return None
        found: Article = loads(data)
        return found

    def keep(self, name: str, brief: Brief | None, article: Article | None) -> None:
        self.changed.briefs[name] = None if brief is None else tuple(brief)
        self.changed.articles[name] = None if article is None else dumps(article)

    def item(self, name: str) -> tuple[Item, str] | None:
        """The item last made for an article in a feed, with its reuse digest; None if there is none."""
        data = self.changed.items[name] if name in self.changed.items else self.base_items.get(name)
        if data is None:
            return None
        found: tuple[Item, str] = loads(data)
        return found

    def keep_items(self, made: dict[str, tuple[Item, str]]) -> None:
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

    def merged_briefs(self) -> dict[str, tuple[Any, ...]]:
        found = {name: values for name, values in self.base_briefs.items() if name not in self.changed.briefs}
        found.update((name, values) for name, values in self.changed.briefs.items() if values is not None)
        return found

    def covers(self, now: dt.datetime) -> bool:
        """No article's date lies between the build that made the ledger and ``now``."""
        return (self.since is None or now >= self.since) and (self.until is None or now < self.until)


def _merged(base: Mapping[str, Buffer], changed: Mapping[str, bytes | None]) -> dict[str, Buffer]:
    found = {name: data for name, data in base.items() if name not in changed}
    found.update((name, data) for name, data in changed.items() if data is not None)
    return found


class _Unpickler(store.SafeUnpickler):
    """The cache's safe unpickler, also building feed items."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "jiading_cli.feeds.model" and name in ("Item", "Enclosure"):
            return getattr(model, name)
        return super().find_class(module, name)


class Table:
    """Lines of text looked up where they lie, instead of unpickling ten thousand strings to find two.

    The blob is a newline, then one line per entry, each ended by a newline: a key, a tab and its
    value (:func:`pair_table`), or a key alone (:func:`key_table`); then the CRC-32 of all that, checked
    when the table is read (:class:`Damaged`). A tab, newline or backslash inside a key or value is
    written as a backslash and ``t``, ``n`` or another backslash. A lookup is a byte search of the blob.
    """

    def __init__(self, data: Buffer) -> None:
        self.data = bytes(opened(data))

    def get(self, key: str) -> str | None:
        needle = b"\n" + _encode(key) + b"\t"
        at = self.data.find(needle)
        if at < 0:
            return None
        start = at + len(needle)
        return _decode(self.data[start : self.data.index(b"\n", start)])

    def __contains__(self, key: str) -> bool:
        return self.data.find(b"\n" + _encode(key) + b"\n") >= 0

    def keys(self) -> Iterator[str]:
        return (_decode(line) for line in self.data[1:-1].split(b"\n") if line)

    def pairs(self) -> Iterator[tuple[str, str]]:
        for line in self.data[1:-1].split(b"\n"):
            if line:
                key, _, value = line.partition(b"\t")
                yield _decode(key), _decode(value)


ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n"}
UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n"}


def _escape(text: str) -> str:
    return "".join(ESCAPES.get(c, c) for c in text) if "\\" in text or "\t" in text or "\n" in text else text


def _encode(text: str) -> bytes:
    return _escape(text).encode("utf-8", "surrogatepass")


def _decode(data: bytes) -> str:
    text = data.decode("utf-8", "surrogatepass")
    if "\\" not in text:
        return text
    out, chars = [], iter(text)
    for c in chars:
        out.append(UNESCAPES[next(chars)] if c == "\\" else c)
    return "".join(out)


def pair_table(entries: Mapping[str, str]) -> Iterator[bytes]:
    """A :class:`Table` of ``entries``, in parts (a large site's never whole in memory)."""
    return _sealed_parts(_part(part) for part in _parts(list(entries.items())))


def key_table(keys: Iterable[str]) -> Iterator[bytes]:
    """A :class:`Table` of ``keys``, without values, in parts."""
    return _sealed_parts(_part(part) for part in _parts([(key,) for key in keys]))


def _parts(rows: list[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    return (rows[start : start + TABLE_PART] for start in range(0, len(rows), TABLE_PART))


def _part(rows: list[tuple[str, ...]]) -> bytes:
    """Rows as lines of tab-separated fields, each field escaped only when one of them needs it."""
    text = "".join("\t".join(row) + "\n" for row in rows)
    tabs = sum(len(row) - 1 for row in rows)
    if "\\" in text or text.count("\t") != tabs or text.count("\n") != len(rows):
        text = "".join("\t".join(map(_escape, row)) + "\n" for row in rows)
    return text.encode("utf-8", "surrogatepass")


def _sealed_parts(parts: Iterable[bytes]) -> Iterator[bytes]:
    """A newline, the parts, then the CRC-32 of everything before it."""
    crc = zlib.crc32(b"\n")
    yield b"\n"
    for part in parts:
        crc = zlib.crc32(part, crc)
        yield part
    yield crc.to_bytes(CHECK, "big")


def rank(article: Article, name: str) -> Ranked:
    return (-article.date.timestamp(), article.id, name)


class Damaged(ValueError):
    """Ledger bytes that are not the bytes written: the ledger is not used (a full build makes a new one)."""


def sealed(data: bytes) -> bytes:
    """``data`` followed by its CRC-32, so that :func:`opened` can tell a damaged copy."""
    return data + zlib.crc32(data).to_bytes(CHECK, "big")


def opened(data: Buffer) -> Buffer:
    """What :func:`sealed` sealed; :class:`Damaged` when any byte differs."""
    if len(data) < CHECK or zlib.crc32(data[:-CHECK]) != int.from_bytes(data[-CHECK:], "big"):
        raise Damaged
    return data[:-CHECK]


def loads(data: Buffer) -> Any:
    return _Unpickler(io.BytesIO(opened(data))).load()


def dumps(value: object) -> bytes:
    return sealed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def depth(config: Config) -> int:
    """How many of each group's newest articles are kept: deleting up to one feed's worth needs no full build."""
    return 2 * config.feeds.limit


def key(config: Config, folder: Path, preview: bool, version: int) -> bytes:
    """Everything the ledger depends on besides the article files and the files they name."""
    digest = hashlib.blake2b(memo.environment(), digest_size=20)
    digest.update(f"\0ledger\0{version}\0{os.fspath(folder.resolve())}\0{preview}\0{config.path}\0".encode())
    try:
        digest.update(config.path.read_bytes())
    except OSError:
        digest.update(b"\0no config")
    return digest.digest()


def where(config: Config, folder: Path, preview: bool) -> Path:
    name = hashlib.blake2b(f"{os.fspath(folder.resolve())}\0{preview}".encode(), digest_size=8).hexdigest()
    return store.folder(config) / f"ledger-{name}.pickle"


def brief(a: Article, url: str, chosen: bool, warnings: int) -> Brief:
    translations = tuple(sorted(a.translations.items())) if a.translations else ()
    stamp = a.date.timestamp()
    return Brief(a.path, a.id, url, a.lang, stamp, a.draft, chosen, a.category, a.tags, translations, warnings)


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


def line_of(name: str, stat: memo.Stat) -> str:
    """The stat line of a file, as :func:`memo.inputs` writes it."""
    return f"\0{name}\0{stat}"


def stats(paths: Iterable[str]) -> dict[str, memo.Stat]:
    return {name: memo.stat(name) for name in sorted(set(paths))}


def to_candidates(group: Group, names: Mapping[int, str]) -> Candidates:
    """A planned group as the ledger keeps it (``names``: each article's file name, by identity)."""
    top = [rank(a, names[id(a)]) for a in group.members]
    return Candidates(group.first, dict(group.names), group.size, top, top[-1] if group.size > len(top) else None)


def feed_of(
    feed: FeedSet, files: Sequence[Output], reuse: Reuse, digests: Mapping[str, str], members: tuple[str, ...]
) -> Feed:
    """The ledger's record of a feed just written; ``members``: its articles' file names."""
    kept = tuple(Kept(o.path, o.fmt, o.url, digests[o.path], reuse.keys[o.path]) for o in files)
    return Feed((feed.kind, feed.key), feed.label, feed.kind, feed.name, feed.folder, feed.language, members, kept)
