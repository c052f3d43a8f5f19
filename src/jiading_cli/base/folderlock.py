"""The output folder's lock: one run writing there at a time, on the folder that is there when the lock is had."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jiading_cli.base.files import make_folders


@contextmanager
def locked(folder: Path, made: list[Path] | None = None) -> Iterator[None]:
    """Hold ``folder``'s lock (made if missing) for the block: jiading writing there waits for it. ``made``: each
    folder made for it is added, parents first (:func:`make_folders`).

    The lock is on the folder itself (``flock``), so no lock file is left in it, and the kernel releases
    it when the holder ends, even by kill -9. The lock held is on the folder at ``folder`` when it is had: a run
    that waited while the one before it removed the folder (made by it, and left empty when it failed or was
    stopped), or put another there, locks the folder there now, never one no path leads to.
    """
    said = False
    while True:
        make_folders(folder, made)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            if not _had_within(fd, QUIET):  # another run holds it longer than a moment: said once, then waited for
                said = said or _say_waiting(folder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same(os.fstat(fd), folder):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)


QUIET = 2.0  # seconds a run waits for another's lock without a word: runs at once for a moment say nothing


def _had_within(fd: int, seconds: float) -> bool:
    """Whether the lock on ``fd`` was had within ``seconds`` (False: another run holds it still)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        else:
            return True


def _say_waiting(folder: Path) -> bool:
    """Say on stderr, once, that this run waits for another writing in ``folder``: a run stopped with Ctrl-Z, or
    one that never ends, would otherwise leave this one waiting without a word. Said after :data:`QUIET` seconds
    of waiting, never for runs at once that each hold the folder a moment."""
    import sys

    from jiading_cli.base.printable import printable

    try:
        shown = os.path.relpath(folder) if folder.is_absolute() and folder.is_relative_to(Path.cwd()) else folder
    except OSError:  # the current folder gone: the folder as it was given
        shown = folder
    try:
        sys.stderr.write(
            f"Waiting: another run is writing in {printable(str(shown))}/; this one goes on when it ends "
            "(Ctrl-C to stop)\n"
        )
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr gone or closed: nothing to say it on
        pass
    return True


def _same(held: os.stat_result, folder: Path) -> bool:
    """Whether the folder at ``folder`` is the one ``held`` is the stat of."""
    try:
        there = os.stat(folder)  # noqa: PTH116 - compared with a stat, not a Path's
    except OSError:
        return False
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)
