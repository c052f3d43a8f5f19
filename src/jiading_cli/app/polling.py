"""`jiading serve`'s watcher when the system's fails: the site's folder looked over every second.

The system's notice of changes (``watchfiles``: inotify, FSEvents) can fail for good while the server runs: a name
that is not UTF-8 anywhere below the site (in ``.git``, ``node_modules``, the output folder), a limit of watches
reached. :func:`batches` then says so once and goes on with :func:`poll`, which never fails: it reads each folder
with ``os.scandir`` (a name in any bytes is a ``str`` with its undecodable bytes escaped, as Python's own calls
give it), takes a folder that cannot be read as empty, and leaves out what the watcher leaves out (the session's
own folders, hidden ones, ``node_modules``, ``__pycache__``) without entering it.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from watchfiles import Change

from jiading_cli.base.realpath import real

EVERY = 1.0  # seconds between two looks at the site's folder
Batch = set[tuple[Change, str]]
Chosen = Callable[[Change, str], bool]
Seen = dict[str, tuple[int, int, int, int]]  # path -> mode, size, modification time, inode
CAUGHT_UP: Batch = set()  # yielded once the watcher has changed: what changed meanwhile is rebuilt


def batches(
    root: Path,
    unwatched: Callable[[], tuple[Path, ...]],
    skipped: Callable[[str], bool],
    chosen: Chosen,
    stop: threading.Event | None,
    warned: Callable[[str], None],
    notify: Callable[..., Iterator[Batch]] | None = None,
) -> Iterator[Batch]:
    """The batches of changes under ``root`` the system's watcher gives (``notify``: ``watchfiles.watch``); after
    it fails, however it fails, one line to ``warned``, then :func:`poll`'s batches, :data:`CAUGHT_UP` first.

    The system's watcher watches the folder ``root`` was when it started: once that folder is removed or moved away
    (``rm -rf site``, and a fresh clone in its place), it tells nothing more, wherever the site's files come back. So
    the watcher is given up, as one that failed, when ``root`` is no longer that folder, looked at after each batch
    (one comes every ``rust_timeout``, changes or not); the look over the site finds the folder again, whenever it
    is back."""
    from watchfiles import watch

    given = notify or watch
    watched = _folder(root)
    try:
        events = given(
            root, watch_filter=chosen, debounce=150, step=50, stop_event=stop, rust_timeout=300, yield_on_timeout=True
        )
        for batch in events:
            yield batch
            if watched is not None and _folder(root) != watched:
                getattr(events, "close", lambda: None)()  # its thread ends now, not when it is collected
                warned(
                    f"the site's folder {root} was removed or replaced while watched; changes are found by looking "
                    f"every {EVERY:g} s from now on"
                )
                break
        else:
            return
    except Exception as exc:  # noqa: BLE001  # whatever the watcher meets, the server goes on: it is said, once
        what = f"{type(exc).__name__}: {exc}".rstrip(": ")
        warned(f"the file watcher failed ({what}); changes are found by looking every {EVERY:g} s from now on")
    yield from poll(root, unwatched, skipped, chosen, stop, caught_up=True)


def _folder(root: Path) -> tuple[int, int] | None:
    """Which folder ``root`` is (its device and inode), None when it cannot be looked at."""
    try:
        found = root.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def poll(
    root: Path,
    unwatched: Callable[[], tuple[Path, ...]],
    skipped: Callable[[str], bool],
    chosen: Chosen,
    stop: threading.Event | None,
    every: float = EVERY,
    caught_up: bool = False,
) -> Iterator[Batch]:
    """A batch every ``every`` seconds (empty when nothing changed) until ``stop`` is set; never raises. With
    ``caught_up``, :data:`CAUGHT_UP` first, once the first look is taken: a change before it is in that rebuild, one
    after it in the next batch."""
    before = snapshot(root, unwatched(), skipped)
    if caught_up:
        yield CAUGHT_UP
    while stop is None or not stop.is_set():
        if stop is None:
            time.sleep(every)
        elif stop.wait(every):
            return
        after = snapshot(root, unwatched(), skipped)
        yield {(change, path) for change, path in differences(before, after) if chosen(change, path)}
        before = after


def snapshot(root: Path, unwatched: tuple[Path, ...], skipped: Callable[[str], bool]) -> Seen:
    """Every entry below ``root`` (the entries of ``unwatched`` folders and skipped names, not what they hold)."""
    left_out = {str(folder) for folder in unwatched}
    seen: Seen = {}
    folders = [str(real(root))]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    try:
                        found = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    seen[entry.path] = (found.st_mode, found.st_size, found.st_mtime_ns, found.st_ino)
                    if stat.S_ISDIR(found.st_mode) and not skipped(entry.name) and entry.path not in left_out:
                        folders.append(entry.path)
        except OSError:  # gone, or shut: what it held is taken as gone
            continue
    return seen


def differences(before: Seen, after: Seen) -> Iterator[tuple[Change, str]]:
    for path, state in after.items():
        was = before.get(path)
        if was is None:
            yield Change.added, path
        elif was != state:
            yield Change.modified, path
    for path in before.keys() - after.keys():
        yield Change.deleted, path


class Outside:
    """What a build reads through links leading out of the site, which no watcher of the site's folder sees change,
    nor passes on: the files the templates folder reaches so (``templates/parts`` a link to ``../shared``), and each
    of ``others`` that is itself such a link (the articles folder, with all it holds; an article a link to a shared
    file). Looked over whenever the watcher is idle, so that an edit there is built as one in the
    site is (``jiading build`` reads them), and named as the site names it (``articles/en/x.md``)."""

    def __init__(self, root: Path, folder: str | None, others: Callable[[], Iterable[Path]] = tuple) -> None:
        self.root, self.given = real(root), root
        self.folder = None if folder is None else self.root / folder  # None: the site makes no pages
        self.others = others
        self.seen = self.look()
        self.last = time.monotonic()

    def linked_out(self) -> Seen:
        """Each of :attr:`others` that leads out of the site, by its name in the site: a file's stat, or the stat of
        every entry of a folder (:func:`snapshot`, hidden names left out as the walk leaves them)."""
        seen: Seen = {}
        for other in self.others():
            name, there = _in_site(self.root, self.given, other), real(other)
            if there.is_relative_to(self.root):
                continue
            if there.is_dir():
                found = snapshot(there, (), lambda entry: entry.startswith("."))
                seen.update((str(name / Path(path).relative_to(there)), state) for path, state in found.items())
                continue
            try:
                found_stat = there.stat()
            except (OSError, ValueError):
                seen[str(name)] = (0, 0, 0, 0)
                continue
            seen[str(name)] = (found_stat.st_mode, found_stat.st_size, found_stat.st_mtime_ns, found_stat.st_ino)
        return seen

    def look(self) -> Seen:
        from jiading_cli.model.errors import JiadingError
        from jiading_cli.pages.theme import site_names

        seen = self.linked_out()
        if self.folder is None:
            return seen
        try:
            names = site_names(self.folder, self.root)
        except JiadingError:  # a FIFO there: each rebuild says it
            return seen
        for name in names:
            if not real(Path(name)).is_relative_to(self.root):
                try:
                    found = Path(name).stat()
                except (OSError, ValueError):
                    found = None
                seen[name] = (found.st_mode, found.st_size, found.st_mtime_ns, found.st_ino) if found else (0, 0, 0, 0)
        return seen

    def changed(self) -> list[str]:
        """The names (relative to the site) whose files changed since the last look, taking a new one at most every
        :data:`EVERY` seconds (the watcher is idle every few tenths of one)."""
        if time.monotonic() - self.last < EVERY:
            return []
        self.last = time.monotonic()
        now = self.look()
        names = {name for name, _ in {*now.items()} ^ {*self.seen.items()}}
        self.seen = now
        return sorted(_shown(self.root, Path(name)) for name in names)


def _in_site(root: Path, given: Path, path: Path) -> Path:
    """``path`` as the site names it: below ``root`` (the site's folder, its links resolved; ``given``: as given)."""
    for folder in (root, given):
        if path.is_relative_to(folder):
            return root / path.relative_to(folder)
    return path


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
