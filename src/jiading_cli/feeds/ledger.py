"""What the last feed build saw, so that the next one can start from it and touch only what changed.

The ledger of one output folder and mode (``.jiading-cache/ledger-<hash>.pickle``) keeps, as of the
last build that wrote the folder:

- each article file's path and stat; a file changed less than two seconds before that build is
  recorded as unknown, so the next build reads it again (one tick of the file system's clock);
- a brief of every article: id, public URL, language, date, whether it is in the feeds, the groups
  it is filed under, its translations and how many warnings it has (kept in parts, read as needed);
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
import time
import zlib
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jiading_cli import cache as store
from jiading_cli import memo
from jiading_cli.config import Config
from jiading_cli.feeds.plan import FeedSet, Group, Groups, Kind, filed
from jiading_cli.site import public_url, status

if TYPE_CHECKING:
    from jiading_cli.article import Article
    from jiading_cli.feeds.build import Output
    from jiading_cli.feeds.reuse import Reuse

FORMAT = 1
PARTS = 64
UNKNOWN = "?"  # before a stat line that must never match: the file changed too recently to trust it

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
    filed: tuple[tuple[Kind, str, str], ...]  # kind, group key, spelling; only when chosen
    translations: tuple[tuple[str, str], ...]
    warnings: int


@dataclass
class Candidates:
    """One group as the ledger keeps it: a :class:`~.plan.Group` whose newest articles are ranks."""

    first: dt.datetime
    names: dict[str, int]
    size: int
    top: list[Ranked]  # newest first, at most the ledger's depth

    @property
    def complete(self) -> bool:
        return len(self.top) == self.size


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
    key: bytes
    since: dt.datetime | None
    until: dt.datetime | None
    lines: list[str]  # memo.Inputs.lines, UNKNOWN before each file changed too recently
    refs: dict[str, memo.Stat]
    outputs: dict[str, memo.Stat]
    parts: dict[int, bytes]  # pickled {path: Brief as a tuple}, by part
    ids: dict[str, str]  # id -> path
    urls: set[str]
    targets: set[str]  # the ids translations point to
    groups: dict[GroupKey, Candidates]
    articles: dict[str, bytes]  # path -> pickled Article, for every article in a group's top
    feeds: list[Feed]
    warnings: int
    depth: int
    _briefs: dict[int, dict[str, Brief]] = field(default_factory=dict)

    def briefs(self, part: int) -> dict[str, Brief]:
        """The briefs of one part, unpickled once."""
        found = self._briefs.get(part)
        if found is None:
            raw: dict[str, tuple[Any, ...]] = loads(self.parts[part]) if part in self.parts else {}
            found = self._briefs[part] = {path: Brief._make(values) for path, values in raw.items()}
        return found

    def brief(self, path: str) -> Brief | None:
        return self.briefs(part_of(path)).get(path)

    def put(self, path: str, brief: Brief | None) -> None:
        """Replace or drop one brief (its part is pickled again on :meth:`pack`)."""
        found = self.briefs(part_of(path))
        if brief is None:
            found.pop(path, None)
        else:
            found[path] = brief

    def article(self, path: str) -> Article:
        """The whole article of one of the groups' newest."""
        found: Article = loads(self.articles[path])
        return found

    def every_brief(self) -> list[Brief]:
        return [b for number in range(PARTS) for b in self.briefs(number).values()]

    def pack(self) -> None:
        """Pickle again the parts read (and so perhaps changed) since loading."""
        for number, briefs in self._briefs.items():
            self.parts[number] = dumps({path: tuple(b) for path, b in briefs.items()})

    def covers(self, now: dt.datetime) -> bool:
        """No article's date lies between the build that made the ledger and ``now``."""
        return (self.since is None or now >= self.since) and (self.until is None or now < self.until)


def part_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % PARTS


def rank(article: Article) -> Ranked:
    return (-article.date.timestamp(), article.id, article.path)


def loads(data: bytes) -> Any:
    return store.SafeUnpickler(io.BytesIO(data)).load()


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


def brief(article: Article, url: str, chosen: bool, kinds: Iterable[Kind], warnings: int) -> Brief:
    groups: list[tuple[Kind, str, str]] = []
    if chosen:
        for kind in kinds:
            if kind == "site":
                groups.append(("site", "", ""))
            else:
                groups.extend((kind, key, spelling) for key, spelling in filed(article, kind).items())
    translations = tuple(sorted(article.translations.items()))
    stamp = article.date.timestamp()
    return Brief(
        article.path, article.id, url, article.lang, stamp, article.draft, chosen, tuple(groups), translations, warnings
    )


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
    return Candidates(group.first, dict(group.names), group.size, [rank(a) for a in group.members])


def feed_of(feed: FeedSet, files: Sequence[Output], reuse: Reuse) -> Feed:
    from jiading_cli.feeds.write import digest

    kept = tuple(Kept(o.path, o.fmt, o.url, digest(o.data), reuse.keys[o.path]) for o in files)
    members = tuple(article.path for article in feed.items)
    return Feed((feed.kind, feed.key), feed.label, feed.kind, feed.name, feed.folder, feed.language, members, kept)


def feeds_of(outputs: Sequence[Output], reuse: Reuse) -> list[Feed]:
    """The ledger's feeds from a build's outputs (each feed's three files are together, in order)."""
    return [feed_of(outputs[i].feed, outputs[i : i + 3], reuse) for i in range(0, len(outputs), 3)]


@dataclass(frozen=True)
class Build:
    """What a full build hands to :func:`record`."""

    now: dt.datetime
    state: memo.Inputs
    articles: Sequence[Article]
    warnings: dict[str, int]  # path -> warnings shown for it
    references: Iterable[str]
    groups: Groups
    outputs: Sequence[Output]
    written: Iterable[str]


def record(config: Config, folder: Path, preview: bool, build: Build, reuse: Reuse) -> None:
    """Keep what a full build saw."""
    articles = build.articles
    if not store.enabled() or not reuse.enabled or len(articles) != len(build.state.lines):
        return  # off, or a file that gave no article (its errors were ignored): nothing sound to keep
    started = time.time_ns()
    groups = {(kind, k): to_candidates(group) for kind, by_key in build.groups.items() for k, group in by_key.items()}
    top = {entry[2] for group in groups.values() for entry in group.top}
    since, until = memo.window(articles, build.now)
    ledger = Ledger(
        key=key(config, folder, preview),
        since=since,
        until=until,
        lines=lines(build.state, started),
        refs=stats(build.references),
        outputs=stats(build.written),
        parts={},
        ids={},
        urls=set(),
        targets=set(),
        groups=groups,
        articles={a.path: dumps(a) for a in articles if a.path in top},
        feeds=feeds_of(build.outputs, reuse),
        warnings=sum(build.warnings.values()),
        depth=depth(config),
    )
    by_part: dict[int, list[Article]] = {}
    for article in articles:
        by_part.setdefault(part_of(article.path), []).append(article)
        ledger.ids.setdefault(article.id, article.path)
        ledger.targets.update(article.translations.values())
    kinds = list(build.groups)
    for number, members in by_part.items():  # a part at a time: only one is ever held unpickled
        briefs: dict[str, tuple[Any, ...]] = {}
        for article in members:
            chosen = preview or status(article, build.now) == "published"
            url = public_url(config, article)
            ledger.urls.add(url)
            briefs[article.path] = tuple(brief(article, url, chosen, kinds, build.warnings.get(article.path, 0)))
        ledger.parts[number] = dumps(briefs)
    save(config, folder, preview, ledger)


FIELDS = (
    *("key", "since", "until", "lines", "refs", "outputs", "parts", "ids", "urls", "targets"),
    *("groups", "articles", "feeds", "warnings", "depth"),
)


def save(config: Config, folder: Path, preview: bool, ledger: Ledger) -> None:
    """Write the ledger whole, by rename; a failure only costs the next build its head start."""
    ledger.pack()
    values: dict[str, Any] = {name: getattr(ledger, name) for name in FIELDS}
    values["groups"] = {k: (c.first, c.names, c.size, c.top) for k, c in ledger.groups.items()}
    values["feeds"] = [(*f[:7], tuple(tuple(k) for k in f.files)) for f in ledger.feeds]
    with suppress(OSError):
        store.write_atomic(where(config, folder, preview), dumps((FORMAT, values)))


def load(config: Config, folder: Path, preview: bool) -> Ledger | None:
    """The ledger of this folder and mode, if there is a readable one made under the same key."""
    if not store.enabled():
        return None
    try:
        data = where(config, folder, preview).read_bytes()
        head, values = loads(data)
        if head != FORMAT or values["key"] != key(config, folder, preview):
            return None
        values["groups"] = {k: Candidates(*v) for k, v in values["groups"].items()}
        values["feeds"] = [Feed._make((*f[:7], tuple(Kept._make(k) for k in f[7]))) for f in values["feeds"]]
        return Ledger(**{name: values[name] for name in FIELDS})
    except (*store.UNREADABLE, LookupError):
        return None
