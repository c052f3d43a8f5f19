"""The output folder's lock: one run writing there at a time, on the folder that is there when the lock is had."""

from __future__ import annotations

import fcntl
import os
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
    while True:
        make_folders(folder, made)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
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


def _same(held: os.stat_result, folder: Path) -> bool:
    """Whether the folder at ``folder`` is the one ``held`` is the stat of."""
    try:
        there = os.stat(folder)  # noqa: PTH116 - compared with a stat, not a Path's
    except OSError:
        return False
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)
