"""A persistent cache of loaded articles and rendered HTML, kept in the site's ``.jiading-cache/``.

A stale entry can never be used:

- every store is keyed by a fingerprint of jiading's version and source code, the Python and PyYAML
  versions and the config values that change how a file is read (time zone, language, authors);
  a store with another key is ignored and rebuilt;
- an article entry is used when the file's size, mtime_ns, ctime_ns and inode are the recorded ones,
  or else when the BLAKE2 hash of the file's bytes is the recorded one; an entry recorded within two
  seconds of its file's last change is never trusted on its stat alone (a file rewritten within one
  tick of the file system's clock keeps its mtime);
- rendered HTML (:mod:`jiading_cli.incremental.htmlstore`) is stored under a hash of everything the rendering reads.

Stores are written to a temporary file and renamed into place, so a reader sees a whole old or a
whole new store and two builds at once only cost each other cache misses. A store that cannot be read
(corrupt, truncated, another version) is ignored and replaced silently. ``JIADING_CACHE=off``
disables the cache; ``JIADING_JOBS=N`` sets how many processes parse a large cold load.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import signal
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jiading_cli import __version__
from jiading_cli.base import files
from jiading_cli.config import environment as env

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Loaded

DIR_NAME = ".jiading-cache"
FORMAT = 2  # 2: shards end with the CRC-32 of their entries
SHARDS = 64
RACY_NS = 2_000_000_000
PARALLEL_MIN = 500  # files to parse per process, at least
SLICE = 200  # files this process parses between looks at what its children have finished
RECEIVE_COST = 0.07  # taking in a file another process parsed, against parsing it (measured at 10k)
MAX_JOBS = 8
DEFAULT_JOBS = 4
FREEZE_MIN = 1000  # articles loaded, from which their objects are frozen for the run

# (shown path, size, mtime_ns, ctime_ns, inode, digest, trusted by stat, loaded)
Entry = tuple[str, int, int, int, int, bytes, bool, "Loaded"]
Derive = Callable[["Loaded"], Any]
# Files to parse, each as (position in a list of files, path as given, path as shown when already known)
Items = list[tuple[int, str, str | None]]
Group = dict[int, Items]  # shard number -> its files to parse: one process's part of a load
# A file just parsed: its position, the outcome and ``derive``'s result
Done = tuple[int, "Loaded", Any]

SAFE_GLOBALS = {
    ("jiading_cli.model.article", "Article"),
    ("jiading_cli.model.article", "Loaded"),
    ("jiading_cli.model.errors", "Problem"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
}
UNREADABLE = (
    OSError,
    EOFError,
    MemoryError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


def _zone_getattr(obj: object, name: str) -> object:
    """The one ``getattr`` a pickled ZoneInfo needs; anything else is refused."""
    from zoneinfo import ZoneInfo

    if obj is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]  # private, but what ZoneInfo.__reduce__ names
    raise pickle.UnpicklingError(f"refused attribute {name!r}")


class SafeUnpickler(pickle.Unpickler):
    """Builds only articles, problems and dates: a planted cache file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        if (module, name) not in SAFE_GLOBALS:
            raise pickle.UnpicklingError(f"refused {module}.{name}")
        return super().find_class(module, name)


def enabled() -> bool:
    return env.switch("JIADING_CACHE")


def jobs() -> int:
    """Processes for a large cold load: ``JIADING_JOBS`` (a number; ``1``: this process alone), else the
    CPUs this process may use, at most four (``auto`` or ``0`` says the same).

    On two cores a second process takes a cold build of 10,000 articles from about 3.9 s to 2.8 s
    (benchmarks/RESULTS.md); each process parses at least ``PARALLEL_MIN`` files.
    """
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        available = os.cpu_count() or 1
    return env.jobs(min(available, DEFAULT_JOBS))


@cache
def fingerprint() -> str:
    from jiading_cli.incremental.checks import code_digest

    """Changes whenever anything that decides what a file loads or renders to may have changed."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{__version__}|{sys.version}|{installed('yaml')}".encode())
    digest.update(code_digest())
    return digest.hexdigest()


def folder(config: Config) -> Path:
    return config.root / DIR_NAME


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, renamed into place.

    ``data``: the bytes, or a function that writes them to the open file (a large pickle is then
    streamed to disk instead of being built in memory first).
    """
    files.write_atomic(path, data, mode=0o644)


# ---------------------------------------------------------------- articles


def store_key(config: Config) -> tuple[str, ...]:
    site = config.site
    return ("articles", fingerprint(), site.timezone, site.language, repr(site.authors))


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


def _shard_path(config: Config, number: int) -> Path:
    return folder(config) / f"articles-{number:02d}.pickle"


def read_shard(path: Path, key: tuple[str, ...]) -> dict[str, Entry]:
    """A shard's entries, or nothing when it is missing, damaged, unreadable or written for another key."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        size = int.from_bytes(data[:4], "big")
        body = memoryview(data)[4 + size : -4]
        if zlib.crc32(body) != int.from_bytes(data[-4:], "big"):
            return {}
        if SafeUnpickler(io.BytesIO(data[4 : 4 + size])).load() != key:
            return {}
        entries = SafeUnpickler(io.BytesIO(body)).load()
    except UNREADABLE:
        return {}
    if not isinstance(entries, dict):
        return {}
    return entries


def write_shard(path: Path, key: tuple[str, ...], blob: bytes) -> None:
    """Replace a shard with the entries pickled in ``blob``, followed by their CRC-32 (a damaged shard is unused)."""
    head = pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL)

    def write(out: BinaryIO) -> None:
        out.write(len(head).to_bytes(4, "big") + head)
        out.write(blob)
        out.write(zlib.crc32(blob).to_bytes(4, "big"))

    with suppress(OSError):
        write_atomic(path, write)


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


def _read(path: str | Path) -> tuple[os.stat_result, bytes] | None:
    """The file's stat (taken before reading, so a later change always shows) and its bytes; None when
    ``content.source.read_file`` refuses it (then ``load_file`` says why)."""
    from jiading_cli.content.source import Unreadable, read_file

    try:
        read = read_file(path)
    except Unreadable:
        return None
    return read.info, read.data


def _digest(raw: bytes) -> bytes:
    from jiading_cli.model.article import digest

    return digest(raw)


def _entry(shown: str, info: os.stat_result, raw: bytes, loaded: Loaded, started: int) -> Entry:
    """The entry for a file just read; ``loaded.digest`` is already the hash of ``raw`` when it was parsed."""
    trusted = max(info.st_mtime_ns, info.st_ctime_ns) < started - RACY_NS
    key = loaded.digest or _digest(raw)
    return (shown, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, key, trusted, loaded)


def _stem(name: str) -> str:
    """``Path(name).stem``, without building a Path for the usual ``*.md`` name."""
    base = os.path.basename(name)  # noqa: PTH119 - a Path per file is what this avoids
    return base[:-3] if base.endswith(".md") and len(base) > 3 else Path(name).stem


def _parse_fresh(config: Config, name: str, shown: str, started: int) -> tuple[Loaded, Entry | None]:
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults, load_file

    read = _read(name)
    if read is None:
        return load_file(config, Path(name)), None
    info, raw = read
    loaded = parse(raw, shown, defaults(config), _stem(name))
    return loaded, _entry(shown, info, raw, loaded, started)


@dataclass
class _Batch:
    """The files of one load still to parse, and the article store their entries go into."""

    config: Config
    key: tuple[str, ...]
    started: int
    derive: Derive | None
    show: Shower
    shards: dict[int, dict[str, Entry]]
    dirty: set[int]  # shards changed and not yet written

    def parse(self, items: Items) -> list[Done]:
        """Parse ``items`` in their order, putting each file's entry into its shard."""
        done: list[Done] = []
        for position, name, known in items:
            shown = self.show.of(name) if known is None else known
            loaded, new = _parse_fresh(self.config, name, shown, self.started)
            number = _shard(name)
            if new is None:
                if self.shards[number].pop(name, None) is not None:
                    self.dirty.add(number)
            else:
                self.shards[number][name] = new
                self.dirty.add(number)
            done.append((position, loaded, None if self.derive is None else self.derive(loaded)))
        return done

    def write(self, number: int) -> bytes | None:
        """Write shard ``number`` if it changed; returns its pickle as written, or None."""
        if number not in self.dirty:
            return None
        self.dirty.discard(number)
        blob = pickle.dumps(self.shards[number], protocol=pickle.HIGHEST_PROTOCOL)
        write_shard(_shard_path(self.config, number), self.key, blob)
        return blob

    def group(self, group: Group) -> list[Done]:
        """Parse a group in path order, then write its shards (as one process alone would)."""
        done = self.parse(sorted(item for items in group.values() for item in items))
        for number in sorted(group):
            self.write(number)
        return done


def _groups(todo: Items, workers: int) -> list[Group]:
    """``todo`` split by shard between ``workers`` processes, so each shard is parsed and written by one.

    Whole shards go, largest first, to the process with the fewest files so far (this one first on a tie).
    This process starts with a handicap for taking in the others' results while it parses its own.
    """
    by_shard: dict[int, Items] = {}
    for position, (_, name, shown) in enumerate(todo):
        by_shard.setdefault(_shard(name), []).append((position, name, shown))
    groups: list[Group] = [{} for _ in range(workers)]
    sizes = [int(len(todo) * (workers - 1) / workers * RECEIVE_COST)] + [0] * (workers - 1)
    for number in sorted(by_shard, key=lambda n: (-len(by_shard[n]), n)):
        least = sizes.index(min(sizes))
        groups[least][number] = by_shard[number]
        sizes[least] += len(by_shard[number])
    return groups


def _child(batch: _Batch, group: Group, ready: int, out: BinaryIO) -> None:
    """In a forked process: parse ``group`` shard by shard, writing each shard to the store and to ``out``.

    Never returns. After each shard, the length of ``out`` so far goes to the pipe ``ready``, so the
    parent can take in whole shards while this process works on. A file whose entry is in its shard
    is sent as its position only (the parent finds it in the shard), so each result is pickled once;
    each shard is dropped once written, so the child stays small.
    """
    status = 1
    try:
        for number, items in group.items():
            done = batch.parse(items)
            blob = batch.write(number)
            shard = batch.shards.pop(number)
            sent = [
                (position, None if blob is not None and _holds(shard, name, loaded) else loaded, extra)
                for (position, loaded, extra), (_, name, _) in zip(done, items, strict=True)
            ]
            pickle.dump((number, blob, sent), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.write(ready, out.tell().to_bytes(8, "big"))
            del blob, done, shard, sent
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no second flush of the parent's buffers


def _holds(shard: dict[str, Entry], name: str, loaded: Loaded) -> bool:
    entry = shard.get(name)
    return entry is not None and entry[7] is loaded


class _Helper:
    """A forked child parsing one group, and its results taken in so far.

    The child writes whole shards to ``out`` and says how far it has written on the pipe ``ready``.
    They are read with ``os.pread`` (the child writes through the same open file, whose position is
    never moved here) while this process parses its own files; they count only once the child has
    exited successfully and every file of its group came back.
    """

    def __init__(self, pid: int, ready: int, out: BinaryIO, group: Group) -> None:
        self.pid, self.ready, self.out, self.group = pid, ready, out, group
        self.names = {position: name for items in group.values() for position, name, _ in items}
        self.taken = 0  # bytes of ``out`` read so far
        self.said = b""  # what came on the pipe and is not read yet
        self.found: list[Done] | None = []  # None once anything was wrong

    def poll(self) -> None:
        """Take in the shards the child has finished, without waiting for more."""
        try:
            self.said += os.read(self.ready, 4096)
        except BlockingIOError:
            return
        except OSError:
            self.found = None
            return
        self._take_said()

    def _take_said(self) -> None:
        whole = len(self.said) - len(self.said) % 8
        if whole:
            self._take(int.from_bytes(self.said[whole - 8 : whole], "big"))
            self.said = self.said[whole:]

    def _take(self, end: int) -> None:
        """Read the shards between what was read and ``end``, each written whole."""
        if self.found is None or end <= self.taken:
            return
        data = os.pread(self.out.fileno(), end - self.taken, self.taken)
        stream = io.BytesIO(data)
        try:
            while stream.tell() < len(data):
                number, blob, sent = SafeUnpickler(stream).load()
                entries = {} if blob is None else SafeUnpickler(io.BytesIO(blob)).load()
                if number not in self.group or not isinstance(entries, dict):
                    raise ValueError(number)
                for position, loaded, extra in sent:
                    item = entries[self.names[position]][7] if loaded is None else loaded
                    self.found.append((position, item, extra))
        except UNREADABLE:
            self.found = None
            return
        self.taken = end

    def finish(self) -> list[Done] | None:
        """Wait for the child to exit; its results if every file came back whole, else None."""
        try:
            os.set_blocking(self.ready, True)
            while said := os.read(self.ready, 4096):
                self.said += said
                self._take_said()
        except OSError:
            self.found = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0:
            return None
        self._take(os.fstat(self.out.fileno()).st_size)  # anything written after the last word on the pipe
        found = self.found
        if found is None or len(found) != len(self.names) or {p for p, _, _ in found} != self.names.keys():
            return None
        return found

    def close(self) -> None:
        """Stop the child if it still runs (this process failed or was interrupted) and let go of its files."""
        if self.pid:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        with suppress(OSError):
            os.close(self.ready)
        self.out.close()


def _start(batch: _Batch, group: Group) -> _Helper | None:
    """A forked child parsing ``group``; None when one cannot be had."""
    try:
        out: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, which closes it
    except OSError:
        return None
    try:
        ready, said = os.pipe()
    except OSError:
        out.close()
        return None
    try:
        pid = os.fork()
    except OSError:
        for end in (ready, said):
            os.close(end)
        out.close()
        return None
    if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
        try:
            os.close(ready)
            _child(batch, group, said, out)
        finally:
            os._exit(1)  # never back into the parent's code, whatever happened
    os.close(said)  # the child holds the only writing end: the pipe ends when it exits
    os.set_blocking(ready, False)
    return _Helper(pid, ready, out, group)


def _parse_many(batch: _Batch, todo: Items) -> list[Done]:
    """Parse files, sharing them with forked processes when there are many and more than one CPU.

    The files are split by shard (``_groups``): this process takes the first group; each other group
    goes to a child that writes its shards to the store, and to an unlinked temporary file from which
    they are taken in here between slices of this process's own files. A child that fails, or cannot
    be started, costs time, never a result: its group is parsed (and its shards written) here.
    Results come in any order, each with its position in ``todo``.
    """
    workers = min(jobs(), MAX_JOBS, max(1, len(todo) // PARALLEL_MIN)) if hasattr(os, "fork") else 1
    groups = _groups(todo, max(workers, 1))
    own = sorted(item for items in groups[0].values() for item in items)  # this process's files, in path order
    # With children, one file is parsed first: what loads on first use (modules, compiled patterns, the
    # YAML resolver) is then loaded once, before the fork, instead of once in every process.
    done: list[Done] = batch.parse(own[:1]) if len(groups) > 1 else []
    helpers: dict[int, _Helper] = {}  # group number -> its child, while running
    written: set[int] = set()  # shards written by a child
    try:
        for number, group in enumerate(groups[1:], start=1):
            if group and (helper := _start(batch, group)) is not None:
                helpers[number] = helper
        for at in range(len(done), len(own), SLICE):
            done.extend(batch.parse(own[at : at + SLICE]))
            for helper in helpers.values():
                helper.poll()
        for number in sorted(groups[0]):
            batch.write(number)
        for number, group in enumerate(groups[1:], start=1):
            if number not in helpers:
                done.extend(batch.group(group))
        for number in sorted(helpers):
            helper = helpers.pop(number)
            try:
                results = helper.finish()
            finally:
                helper.close()
            if results is None:
                done.extend(batch.group(groups[number]))
            else:
                done.extend(results)
                written.update(groups[number])
    finally:
        for helper in helpers.values():  # only when this process failed or was interrupted
            helper.close()
    for number in sorted(batch.dirty - written):  # changed without a file to parse (an entry updated or dropped)
        batch.write(number)
    return done


@contextmanager
def _gc_paused(freeze: bool) -> Iterator[None]:
    """Building thousands of objects that form no cycles: the cyclic collector only slows it down.

    With ``freeze``, the objects alive afterwards are frozen (``gc.freeze``): a large site's articles
    stay for the whole run, and later collections no longer walk them (70 ms of an incremental build
    of 10,000 articles). Reference counting still frees each one that is dropped.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if freeze:
                gc.freeze()
            gc.enable()


def load_cached(
    config: Config, paths: Sequence[str | Path], derive: Derive | None = None
) -> tuple[list[Loaded], dict[str, Any]]:
    """Load every path like ``site.load_file``, reusing unchanged files' entries from the cache.

    ``paths`` may be strings: 10,000 ``Path`` objects cost a cold build about 50 ms.

    ``derive`` is called on each file that had to be parsed, in whichever process parsed it; its
    results come back by path (files taken from the cache have none).
    """
    from jiading_cli.content.site import load_file

    with _gc_paused(freeze=len(paths) >= FREEZE_MIN):
        if not enabled():
            return [load_file(config, Path(path)) for path in paths], {}
        return _load(config, paths, derive)


def _load(config: Config, paths: Sequence[str | Path], derive: Derive | None) -> tuple[list[Loaded], dict[str, Any]]:
    started = time.time_ns()
    key = store_key(config)
    show = Shower(config)
    shards = {number: read_shard(_shard_path(config, number), key) for number in range(SHARDS)}
    dirty: set[int] = set()
    results: list[Loaded | None] = [None] * len(paths)
    todo: Items = []  # (index in paths, path as given, path as shown if already known)
    for index, path in enumerate(paths):
        name = os.fspath(path)
        number = _shard(name)
        shard = shards[number]
        entry = shard.get(name)
        if entry is None:  # nothing to compare with: parsed, and its path found, where it is parsed
            todo.append((index, name, None))
            continue
        try:
            info = os.lstat(path)
        except OSError:
            info = None
        link = info is not None and stat.S_ISLNK(info.st_mode)
        if link:
            with suppress(OSError):
                info = Path(path).stat()
        shown = show(name, link)
        if info is not None and entry[0] == shown:
            if entry[6] and entry[1:5] == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino):
                results[index] = entry[7]
                continue
            read = _read(path)
            if read is not None and _digest(read[1]) == entry[5]:
                results[index] = entry[7]
                shard[name] = _entry(shown, read[0], read[1], entry[7], started)
                dirty.add(number)
                continue
        todo.append((index, name, shown))
    _forget_missing(paths, shards, dirty)
    batch = _Batch(config, key, started, derive, show, shards, dirty)
    derived: dict[str, Any] = {}
    for position, loaded, extra in _parse_many(batch, todo):
        results[todo[position][0]] = loaded
        if extra is not None:
            derived[loaded.path] = extra
    return [item for item in results if item is not None], derived


def _forget_missing(paths: Sequence[str | Path], shards: dict[int, dict[str, Entry]], dirty: set[int]) -> None:
    """Drop entries of files that no longer exist (others stay for loads of other subsets)."""
    loaded = {os.fspath(path) for path in paths}
    for number, shard in shards.items():
        gone = [name for name in shard if name not in loaded and not Path(name).exists()]
        for name in gone:
            del shard[name]
            dirty.add(number)


def stored_entry(config: Config, name: str, shards: dict[int, dict[str, Entry]]) -> Entry | None:
    """The article store's entry for one file (``shards``: the shards read so far, filled as needed)."""
    number = _shard(name)
    if number not in shards:
        shards[number] = read_shard(_shard_path(config, number), store_key(config))
    return shards[number].get(name)


@cache
def installed(name: str) -> str:
    """Where a library is installed and when its file was written, found without importing it.

    Installing, upgrading or removing the library rewrites its files, so the answer changes with it.
    """
    import importlib.util

    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec is not None and spec.origin else ""
    if origin:
        with suppress(OSError):
            info = Path(origin).stat()
            return f"{name}={origin}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"
    return f"{name}={origin}"


# ---------------------------------------------------------------- romanisations


@contextmanager
def romanisations(config: Config) -> Iterator[None]:
    """Within the block, ``slug`` reuses the site's stored romanisations and stores new ones after."""
    import json

    from jiading_cli.content import slug

    if not enabled():
        yield
        return
    path = folder(config) / "pinyin.json"
    key = f"{fingerprint()}|{installed('pypinyin')}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = data["values"] if data.get("key") == key and isinstance(data.get("values"), dict) else {}
    except (OSError, ValueError, AttributeError, KeyError):
        known = {}
    before = {**known}
    slug.ROMANISED.update({k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)})
    try:
        yield
    finally:
        if before != slug.ROMANISED:
            text = json.dumps({"key": key, "values": dict(sorted(slug.ROMANISED.items()))}, ensure_ascii=False)
            with suppress(OSError):
                write_atomic(path, text.encode("utf-8"))
