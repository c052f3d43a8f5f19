"""The article store: each loaded file kept with the stat and hash of the bytes it was parsed from.

The store is ``SHARDS`` files in ``.jiading-cache/``, each holding the entries of the paths that hash
to it, keyed by :func:`.keys.environment` and the config values that change how a file is read (time
zone, language, authors); a shard with another key is ignored. An entry is used when the file's size,
mtime_ns, ctime_ns and inode are the recorded ones, or else when the hash of its bytes is the
recorded one; an entry recorded within two seconds of its file's last change is never trusted on its
stat alone (a file rewritten within one tick of the file system's clock keeps its mtime). Each shard
ends with the CRC-32 of its entries: a damaged shard is unused.
"""

from __future__ import annotations

import os
import stat
import zlib
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import UNREADABLE, dumps, safe_loads
from jiading_cli.incremental.shapes import Either, Mapped, Record

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Loaded

FORMAT = 4  # 3: entries are records (Entry), not tuples; 4: articles hold no body (content.source.Kept)
SHARDS = 64
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(slots=True)
class Entry:
    """One file as the store keeps it."""

    shown: str  # the path as shown
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: bytes  # of the file's bytes
    trusted: bool  # by its stat alone: recorded well after the file's last change
    loaded: Loaded

    def __reduce__(self) -> tuple[type[Entry], tuple[object, ...]]:
        fields = (self.shown, self.size, self.mtime_ns, self.ctime_ns, self.inode, self.digest, self.trusted)
        return Entry, (*fields, self.loaded)

    @property
    def stat(self) -> Stat:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


Shard = dict[str, Entry]


def article_shape() -> Record:
    """The shape of an article as the stores keep it, each field by its class (the items of its tuples and dicts
    are not looked at: ten thousand articles' would cost a large site's warm load more than is worth it)."""
    import datetime as dt

    from jiading_cli.model.article import Article

    text, maybe = str, str | None
    return Record(
        Article, path=text, id=text, title=text, date=dt.datetime, updated=dt.datetime | None, summary=text,
        authors=tuple, tags=tuple, category=maybe, lang=text, slug=text, image=maybe, image_alt=maybe, draft=bool,
        canonical_url=maybe, translations=dict, share=dict, syndication=tuple, lines=dict, unread=tuple,
    )  # fmt: skip


def _loaded() -> Record:
    """The shape of a loaded file as the store keeps it."""
    from jiading_cli.model.article import Loaded
    from jiading_cli.model.errors import Problem

    article = Either(article_shape(), None)
    return Record(Loaded, path=str, article=article, problems=tuple[Problem, ...], digest=bytes, partial=article)


ENTRY = Record(
    Entry, shown=str, size=int, mtime_ns=int, ctime_ns=int, inode=int, digest=bytes, trusted=bool, loaded=_loaded()
)


def store_key(config: Config) -> tuple[str, ...]:
    site = config.site
    return ("articles", str(FORMAT), keys.environment().hex(), site.timezone, site.language, repr(site.authors))


def number(name: str) -> int:
    """The shard a path's entry is kept in."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


def shard_path(config: Config, shard: int) -> Path:
    return keys.folder(config) / f"articles-{shard:02d}.pickle"


def read_shard(path: Path, key: tuple[str, ...]) -> Shard:
    """A shard's entries, or nothing when it is missing, damaged, unreadable or written for another key."""
    try:
        data = keys.read_store(path)
        size = int.from_bytes(data[:4], "big")
        body = memoryview(data)[4 + size : -4]
        if zlib.crc32(body) != int.from_bytes(data[-4:], "big"):
            return {}
        if safe_loads(data[4 : 4 + size]) != key:
            return {}
        entries: Shard = safe_loads(body, Mapped(str, ENTRY))
    except UNREADABLE:
        return {}
    return entries


def write_shard(path: Path, key: tuple[str, ...], blob: bytes) -> None:
    """Replace a shard with the entries pickled in ``blob``, followed by their CRC-32 (a damaged shard is unused)."""
    head = dumps(key)

    def write(out: BinaryIO) -> None:
        out.write(len(head).to_bytes(4, "big") + head)
        out.write(blob)
        out.write(zlib.crc32(blob).to_bytes(4, "big"))

    with suppress(OSError):
        keys.write_atomic(path, write)


def stored_entry(config: Config, name: str, shards: dict[int, Shard]) -> Entry | None:
    """The store's entry for one file (``shards``: the shards read so far, filled as needed)."""
    found = number(name)
    if found not in shards:
        shards[found] = read_shard(shard_path(config, found), store_key(config))
    return shards[found].get(name)


class Shower:
    """``site.relative`` with each folder resolved once: the same answer, without a realpath per file."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = os.path.realpath(config.root)
        self.prefix = self.root.rstrip(os.sep) + os.sep
        self.folders: dict[str, str] = {}

    def __call__(self, name: str, link: bool) -> str:
        from jiading_cli.content.site import relative

        parent, _, base = name.rpartition(os.sep)
        if link or not parent or base in ("", ".", ".."):
            return relative(self.config, Path(name))
        real = self.folders.get(parent)
        if real is None:
            real = self.folders[parent] = os.path.realpath(parent)
        if real == self.root:
            return base
        if real.startswith(self.prefix):
            return real[len(self.prefix) :].replace(os.sep, "/") + "/" + base
        return name

    def of(self, name: str) -> str:
        """The path of a file as shown, found without a stat taken before."""
        try:
            link = stat.S_ISLNK(os.lstat(name).st_mode)
        except OSError:
            link = False
        return self(name, link)


def read(path: str | Path) -> tuple[os.stat_result, bytes] | None:
    """The file's stat (taken before reading, so a later change always shows) and its bytes; None when
    ``content.source.read_file`` refuses it (then ``load_file`` says why)."""
    from jiading_cli.content.source import Unreadable, read_file

    try:
        found = read_file(path)
    except Unreadable:
        return None
    return found.info, found.data


def digest(raw: bytes) -> bytes:
    from jiading_cli.model.article import digest as of

    return of(raw)


def kept(loaded: Loaded, name: str, size: int) -> Loaded:
    """``loaded`` with its article's body held as where it is read again (``content.source.Kept``): from the file
    ``name``, and only while the file's bytes are the ``size`` ones it was loaded from (``loaded.digest``)."""
    from jiading_cli.content.source import Kept
    from jiading_cli.model.article import Loaded, holding

    article = loaded.article or loaded.partial
    if article is None or not loaded.digest:
        return loaded
    light = holding(article, Kept(name, loaded.path, loaded.digest, size, len(article.body)))
    if loaded.article is None:
        return Loaded(loaded.path, None, loaded.problems, loaded.digest, light)
    return Loaded(loaded.path, light, loaded.problems, loaded.digest, loaded.partial)


def entry(shown: str, info: os.stat_result, raw: bytes, loaded: Loaded, started: int) -> Entry:
    """The entry for a file just read; ``loaded.digest`` is already the hash of ``raw`` when it was parsed."""
    trusted = max(info.st_mtime_ns, info.st_ctime_ns) < started - RACY_NS
    key = loaded.digest or digest(raw)
    return Entry(shown, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, key, trusted, loaded)
