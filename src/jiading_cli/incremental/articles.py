"""Loading a site's articles through the article store (:mod:`.shards`): an unchanged file is not parsed again.

A file whose store entry matches it (same stat, or else the same hash of its bytes) is taken from the
store; the others are parsed, in forked processes too when there are many (:mod:`.parallel`), and
their entries written back. Files that no longer exist leave the store. What a load returns is what
``site.load_file`` gives for each path, in the order given (tests/test_cache.py).
"""

from __future__ import annotations

import gc
import os
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.base.realpath import exists
from jiading_cli.incremental import shards
from jiading_cli.incremental.shards import Shard, Shower

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.incremental.parallel import Derive
    from jiading_cli.model.article import Loaded

FREEZE_MIN = 1000  # articles loaded, from which their objects are frozen for the run


@contextmanager
def gc_paused(freeze: bool) -> Iterator[None]:
    """Building thousands of objects that form no cycles: the cyclic collector only slows it down.

    With ``freeze``, the objects alive afterwards are frozen (``gc.freeze``): a large site's articles
    stay for the whole run, and later collections no longer walk them. Reference counting still frees
    each one that is dropped.
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


def load(
    config: Config, paths: Sequence[str | Path], derive: Derive | None = None
) -> tuple[list[Loaded], dict[str, Any]]:
    """Load every path like ``site.load_file``, reusing unchanged files' entries from the store.

    ``paths`` may be strings: a ``Path`` object per file costs time (see benchmarks/RESULTS.md). ``derive`` is
    called on each file that had to be parsed, in whichever process parsed it; its results come back
    by shown path (files taken from the store have none).
    """
    with gc_paused(freeze=len(paths) >= FREEZE_MIN):
        return _load(config, paths, derive)


def _load(config: Config, paths: Sequence[str | Path], derive: Derive | None) -> tuple[list[Loaded], dict[str, Any]]:
    from jiading_cli.incremental import parallel  # a load's alone: the page store takes only gc_paused from here
    from jiading_cli.incremental.parallel import Batch, Todo

    started = time.time_ns()
    key = shards.store_key(config)
    show = Shower(config)
    stored = {number: shards.read_shard(shards.shard_path(config, number), key) for number in range(shards.SHARDS)}
    dirty: set[int] = set()
    results: list[Loaded | None] = [None] * len(paths)
    todo: list[Todo] = []
    for index, path in enumerate(paths):
        name = os.fspath(path)
        number = shards.number(name)
        entry = stored[number].get(name)
        if entry is None:  # nothing to compare with: parsed, and its path found, where it is parsed
            todo.append(Todo(index, name, None))
            continue
        shown = _reuse(show, name, entry, started, stored[number])
        if shown is None:
            results[index] = entry.loaded
            if stored[number].get(name) is not entry:
                dirty.add(number)
            continue
        todo.append(Todo(index, name, shown))
    _forget_missing(paths, stored, dirty)
    batch = Batch(config, key, started, derive, show, stored, dirty)
    derived: dict[str, Any] = {}
    for parsed in parallel.parse_many(batch, todo):
        loaded = parsed.loaded
        assert loaded is not None  # every result parsed or taken in is whole
        results[todo[parsed.position].position] = loaded
        if parsed.derived is not None:
            derived[loaded.path] = parsed.derived
    return _recent([item for item in results if item is not None]), derived


def _recent(loaded: list[Loaded]) -> list[Loaded]:
    """``loaded``, each body held as where it is read again sharing one memory of the body read last."""
    from jiading_cli.content.source import Kept, Recent
    from jiading_cli.model.article import held

    recent = Recent()
    for item in loaded:
        article = item.article or item.partial
        body = None if article is None else held(article)
        if isinstance(body, Kept):
            body.recent = recent
    return loaded


def _reuse(show: Shower, name: str, entry: shards.Entry, started: int, shard: Shard) -> str | None:
    """None when ``entry`` holds the file as it is now (updated in ``shard`` when only its stat changed);
    else the path as shown, for parsing it again."""
    try:
        info: os.stat_result | None = os.lstat(name)
    except OSError:
        info = None
    link = info is not None and stat.S_ISLNK(info.st_mode)
    if link:
        with suppress(OSError):
            info = Path(name).stat()
    shown = show(name, link)
    if info is None or entry.shown != shown:
        return shown
    if entry.trusted and entry.stat == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino):
        return None
    read = shards.read(name)
    if read is not None and shards.digest(read[1]) == entry.digest:
        shard[name] = shards.entry(shown, read[0], read[1], entry.loaded, started)
        return None
    return shown


def _forget_missing(paths: Sequence[str | Path], stored: dict[int, Shard], dirty: set[int]) -> None:
    """Drop entries of files that no longer exist (others stay for loads of other subsets). Only nothing there is
    gone: a file that cannot be looked at (a folder on the way shut) keeps its entry, and fails no run here."""
    loaded = {os.fspath(path) for path in paths}
    for number, shard in stored.items():
        gone = [name for name in shard if name not in loaded and _gone(name)]
        for name in gone:
            del shard[name]
            dirty.add(number)


def _gone(name: str) -> bool:
    """Whether nothing is at ``name`` (:func:`~jiading_cli.base.realpath.exists`); not when it cannot be told."""
    try:
        return not exists(name)
    except OSError:
        return False
    except ValueError:  # a name no file can have
        return True
