"""The preview folder's files as the preview server opens them: regular files alone, never a read that waits, and a
file that is there never answered as missing because the process ran out of descriptors for a moment.

Clients holding connections open (slow heads, event streams never closed) can take every descriptor the process may
open until the server closes the oldest of them (:mod:`.heads`); a page asked for in that moment was answered with
the 404 page, though its file was there. One descriptor is held back for that moment (:func:`hold_one`): a file the
process has no descriptor for is opened in its place, and one still refused is said to be busy, never missing."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from pathlib import Path
from typing import BinaryIO

BUSY = frozenset({errno.EMFILE, errno.ENFILE})  # no descriptor left, for the process or the system
FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC  # never a read that waits: a FIFO's opening included
HELD: list[int] = []  # the descriptor held back (of os.devnull), when one is
LOCK = threading.Lock()


class Busy(Exception):
    """No descriptor could be had to open a file of the preview."""


def hold_one() -> None:
    """Hold a descriptor back, when none is and one can be had: the server does so as it starts, and again after
    each use of it."""
    with LOCK:
        if not HELD:
            with contextlib.suppress(OSError):  # none to be had now: the next file's opening tries again
                HELD.append(os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC))


def _opened(target: Path) -> int:
    """``target`` opened; in the place of the descriptor held back when the process has none left."""
    try:
        return os.open(target, FLAGS)
    except OSError as exc:
        if exc.errno not in BUSY:
            raise
        reason = exc.strerror or str(exc)
    with LOCK:
        if not HELD:
            raise Busy(reason)
        os.close(HELD.pop())
        try:
            return os.open(target, FLAGS)
        except OSError as exc:
            if exc.errno in BUSY:
                raise Busy(exc.strerror or reason) from None
            raise


def regular(target: Path) -> BinaryIO | None:
    """``target`` opened for reading when it is a regular file; else None. A FIFO, a socket or a device (or a
    link to one) would block a read, or never end: it is not served. The opening never waits (``O_NONBLOCK``),
    and the file's kind is that of what was opened, not of what a name showed a moment before. :class:`Busy` when
    no descriptor is to be had (:data:`BUSY`): the file may well be there."""
    hold_one()
    try:
        number = _opened(target)
    except (OSError, ValueError):
        return None
    try:
        kind = os.fstat(number).st_mode
    except OSError:
        kind = 0
    if not stat.S_ISREG(kind):
        os.close(number)
        return None
    return os.fdopen(number, "rb")


def mode(target: Path) -> int | None:
    """The file's mode; None when there is none, or none can be (a NUL, a name too long, a loop of links)."""
    try:
        return target.stat().st_mode
    except (OSError, ValueError):
        return None
