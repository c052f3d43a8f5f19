"""Parsing many files at once, shared with forked processes: each parses a group of shards and writes them.

The files are split by shard (:func:`groups`): this process takes the first group; each other group goes
to a child that writes its shards to the store, and to an unlinked temporary file from which they are
taken in here between slices of this process's own files. A child that fails, or cannot be started,
costs time, never a result: its group is parsed (and its shards written) here.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jiading_cli.config.environment import MAX_JOBS as MAX_JOBS_ALLOWED
from jiading_cli.incremental import forks, keys, shards
from jiading_cli.incremental.pickles import UNREADABLE, SafeUnpickler, dumps, safe_loads
from jiading_cli.incremental.shards import Entry, Shard, Shower

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Loaded

PARALLEL_MIN = 500  # files to parse per process, at least
SLICE = 200  # files this process parses between looks at what its children have finished
RECEIVE_COST = 0.07  # taking in a file another process parsed, against parsing it
MAX_JOBS = MAX_JOBS_ALLOWED  # JIADING_JOBS is at most this

Derive = Callable[["Loaded"], Any]


@dataclass(frozen=True, slots=True, order=True)
class Todo:
    """A file to parse: its position in a load's list, its path as given, and as shown when already known."""

    position: int
    name: str
    shown: str | None


@dataclass(slots=True)
class Parsed:
    """A file just parsed: its position, what it loaded to (None: find it in its shard) and ``derive``'s result."""

    position: int
    loaded: Loaded | None
    derived: Any

    def __reduce__(self) -> tuple[type[Parsed], tuple[object, ...]]:
        return Parsed, (self.position, self.loaded, self.derived)


Group = dict[int, list[Todo]]  # shard number -> its files to parse: one process's part of a load


def _stem(name: str) -> str:
    """``Path(name).stem``, without building a Path for the usual ``*.md`` name."""
    base = os.path.basename(name)  # noqa: PTH119 - a Path per file is what this avoids
    return base[:-3] if base.endswith(".md") and len(base) > 3 else Path(name).stem


def parse_fresh(
    config: Config, name: str, shown: str, started: int, derive: Derive | None = None
) -> tuple[Loaded, Entry | None, Any]:
    """A file parsed, its entry for the store (None when it cannot be read) and ``derive``'s result.

    ``derive`` sees the article with the body just read; what is returned and stored holds the body as
    where it is read again (:func:`.shards.kept`), so a load holds no body.
    """
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults, load_file

    read = shards.read(name)
    if read is None:
        loaded = load_file(config, Path(name))
        return loaded, None, None if derive is None else derive(loaded)
    info, raw = read
    loaded = parse(raw, shown, defaults(config), _stem(name))
    derived = None if derive is None else derive(loaded)
    loaded = shards.kept(loaded, name, len(raw))
    return loaded, shards.entry(shown, info, raw, loaded, started), derived


@dataclass
class Batch:
    """The files of one load still to parse, and the article store their entries go into."""

    config: Config
    key: tuple[str, ...]
    started: int
    derive: Derive | None
    show: Shower
    shards: dict[int, Shard]
    dirty: set[int]  # shards changed and not yet written

    def parse(self, todo: list[Todo]) -> list[Parsed]:
        """Parse ``todo`` in its order, putting each file's entry into its shard."""
        done: list[Parsed] = []
        for item in todo:
            shown = self.show.of(item.name) if item.shown is None else item.shown
            loaded, new, derived = parse_fresh(self.config, item.name, shown, self.started, self.derive)
            number = shards.number(item.name)
            if new is None:
                if self.shards[number].pop(item.name, None) is not None:
                    self.dirty.add(number)
            else:
                self.shards[number][item.name] = new
                self.dirty.add(number)
            done.append(Parsed(item.position, loaded, derived))
        return done

    def write(self, number: int) -> bytes | None:
        """Write shard ``number`` if it changed; returns its pickle as written, or None."""
        if number not in self.dirty:
            return None
        self.dirty.discard(number)
        blob = dumps(self.shards[number])
        shards.write_shard(shards.shard_path(self.config, number), self.key, blob)
        return blob

    def group(self, group: Group) -> list[Parsed]:
        """Parse a group in path order, then write its shards (as one process alone would)."""
        done = self.parse(sorted(item for items in group.values() for item in items))
        for number in sorted(group):
            self.write(number)
        return done


def groups(todo: list[Todo], workers: int) -> list[Group]:
    """``todo`` split by shard between ``workers`` processes, so each shard is parsed and written by one.

    Whole shards go, largest first, to the process with the fewest files so far (this one first on a tie).
    This process starts with a handicap for taking in the others' results while it parses its own.
    Each file's position becomes its place in ``todo``.
    """
    by_shard: dict[int, list[Todo]] = {}
    for position, item in enumerate(todo):
        by_shard.setdefault(shards.number(item.name), []).append(Todo(position, item.name, item.shown))
    found: list[Group] = [{} for _ in range(workers)]
    sizes = [int(len(todo) * (workers - 1) / workers * RECEIVE_COST)] + [0] * (workers - 1)
    for number in sorted(by_shard, key=lambda n: (-len(by_shard[n]), n)):
        least = sizes.index(min(sizes))
        found[least][number] = by_shard[number]
        sizes[least] += len(by_shard[number])
    return found


def _child(batch: Batch, group: Group, ready: int, out: BinaryIO) -> None:
    """In a forked process: parse ``group`` shard by shard, writing each shard to the store and to ``out``.

    After each shard, the length of ``out`` so far goes to the pipe ``ready``, so the parent can take in
    whole shards while this process works on. A file whose entry is in its shard is sent as its position
    only (the parent finds it in the shard), so each result is pickled once; each shard is dropped once
    written, so the child stays small.
    """
    for number, todo in group.items():
        done = batch.parse(todo)
        blob = batch.write(number)
        shard = batch.shards.pop(number)
        for parsed, item in zip(done, todo, strict=True):
            if blob is not None and _holds(shard, item.name, parsed.loaded):
                parsed.loaded = None
        out.write(dumps((number, blob, done)))
        out.flush()
        os.write(ready, out.tell().to_bytes(8, "big"))
        del blob, done, shard


def _holds(shard: Shard, name: str, loaded: Loaded | None) -> bool:
    entry = shard.get(name)
    return entry is not None and entry.loaded is loaded


class Helper:
    """A forked child parsing one group, and its results taken in so far.

    The child writes whole shards to ``out`` and says how far it has written on its pipe. They are read
    with ``os.pread`` (the child writes through the same open file, whose position is never moved here)
    while this process parses its own files; they count only once the child has exited successfully and
    every file of its group came back.
    """

    def __init__(self, child: forks.Child, out: BinaryIO, group: Group) -> None:
        self.child, self.out, self.group = child, out, group
        self.names = {item.position: item.name for items in group.values() for item in items}
        self.taken = 0  # bytes of ``out`` read so far
        self.said = b""  # what came on the pipe and is not read yet
        self.found: list[Parsed] | None = []  # None once anything was wrong

    def poll(self) -> None:
        """Take in the shards the child has finished, without waiting for more."""
        try:
            self.said += os.read(self.child.hears, 4096)
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
                entries = {} if blob is None else safe_loads(blob)
                if number not in self.group or not isinstance(entries, dict):
                    raise ValueError(number)
                for parsed in sent:
                    if parsed.loaded is None:
                        parsed.loaded = entries[self.names[parsed.position]].loaded
                    self.found.append(parsed)
        except UNREADABLE:
            self.found = None
            return
        self.taken = end

    def finish(self) -> list[Parsed] | None:
        """Wait for the child to exit; its results if every file came back whole, else None."""
        try:
            os.set_blocking(self.child.hears, True)
            while said := os.read(self.child.hears, 4096):
                self.said += said
                self._take_said()
        except OSError:
            self.found = None
        if self.child.wait() != 0:
            return None
        self._take(os.fstat(self.out.fileno()).st_size)  # anything written after the last word on the pipe
        found = self.found
        if found is None or len(found) != len(self.names) or {p.position for p in found} != self.names.keys():
            return None
        return found

    def close(self) -> None:
        """Stop the child if it still runs (this process failed or was interrupted) and let go of its files."""
        self.child.close()
        self.out.close()


def start(batch: Batch, group: Group) -> Helper | None:
    """A forked child parsing ``group``; None when one cannot be had."""
    try:
        out: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, which closes it
    except OSError:
        return None
    child = forks.start(lambda says, _: _child(batch, group, says, out), told=False)
    if child is None:
        out.close()
        return None
    os.set_blocking(child.hears, False)
    return Helper(child, out, group)


def workers(files: int) -> int:
    """Processes to parse ``files`` with: one per ``PARALLEL_MIN`` files, at most ``keys.jobs()``."""
    if not forks.available():
        return 1
    return max(1, min(keys.jobs(), MAX_JOBS, files // PARALLEL_MIN))


def parse_many(batch: Batch, todo: list[Todo]) -> list[Parsed]:
    """Parse files, sharing them with forked processes when there are many and more than one CPU.

    Results come in any order, each with its position in ``todo``.
    """
    split = groups(todo, workers(len(todo)))
    own = sorted(item for items in split[0].values() for item in items)  # this process's files, in path order
    # With children, one file is parsed first: what loads on first use (modules, compiled patterns, the
    # YAML resolver) is then loaded once, before the fork, instead of once in every process.
    done: list[Parsed] = batch.parse(own[:1]) if len(split) > 1 else []
    helpers: dict[int, Helper] = {}  # group number -> its child, while running
    written: set[int] = set()  # shards written by a child
    try:
        for number, group in enumerate(split[1:], start=1):
            if group and (helper := start(batch, group)) is not None:
                helpers[number] = helper
        for at in range(len(done), len(own), SLICE):
            done.extend(batch.parse(own[at : at + SLICE]))
            for helper in helpers.values():
                helper.poll()
        for number in sorted(split[0]):
            batch.write(number)
        for number, group in enumerate(split[1:], start=1):
            if number not in helpers:
                done.extend(batch.group(group))
        for number in sorted(helpers):
            helper = helpers.pop(number)
            try:
                results = helper.finish()
            finally:
                helper.close()
            if results is None:
                done.extend(batch.group(split[number]))
            else:
                done.extend(results)
                written.update(split[number])
    finally:
        for helper in helpers.values():  # only when this process failed or was interrupted
            helper.close()
    for number in sorted(batch.dirty - written):  # changed without a file to parse (an entry updated or dropped)
        batch.write(number)
    return done
