"""The preview folder's files as the preview server opens them: regular files alone, never a read that waits, and a
file that is there never answered as missing because the process ran out of descriptors for a moment.

Clients holding connections open (slow heads, stalled downloads, event streams never closed) can take every
descriptor the process may open until the server closes the oldest of them (:mod:`.heads`); a page asked for in that
moment was answered with the 404 page, though its file was there, and then, with one descriptor held back for the
whole server, 503 whenever another client's file had taken it first. So a connection is taken only with a
descriptor held back for it (:class:`Spares`), and its file, when the process has no other, is opened in that
one's place: a request taken is never refused its file for want of a descriptor. One still refused (a descriptor
taken meanwhile by a rebuild) is said to be busy, never missing."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

BUSY = frozenset({errno.EMFILE, errno.ENFILE})  # no descriptor left, for the process or the system
FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC  # never a read that waits: a FIFO's opening included
SPARE_FLAGS = os.O_RDONLY | os.O_CLOEXEC  # a descriptor held back: of os.devnull
T = TypeVar("T")


class Busy(Exception):
    """No descriptor could be had to open a file of the preview."""


class Spares:
    """The descriptor held back for each connection taken, until the connection's file is opened in its place or
    the connection ends. A spare is taken, and a connection accepted, under one lock, as a spare is let go and a
    file opened in its place: the descriptor a spare frees is the file's, never the next connection's."""

    def __init__(self) -> None:
        self.held: dict[socket.socket, int] = {}
        self.lock = threading.Lock()

    def taken(self, accept: Callable[[], tuple[socket.socket, T]]) -> tuple[socket.socket, T]:
        """A connection taken by ``accept``, with a spare held back for it; OSError (``EMFILE``: :data:`BUSY`) when
        the two descriptors are not to be had, and then none is taken."""
        with self.lock:
            spare = os.open(os.devnull, SPARE_FLAGS)
            try:
                connection, address = accept()
            except BaseException:
                os.close(spare)
                raise
            self.held[connection] = spare
        return connection, address

    def let_go(self, connection: socket.socket) -> None:
        """``connection`` has ended: its spare, if it still holds one, is closed."""
        with self.lock:
            spare = self.held.pop(connection, None)
            if spare is not None:
                os.close(spare)

    def opened(self, connection: socket.socket, target: Path) -> int:
        """``target`` opened for ``connection``: in the place of its spare when the process has no other descriptor
        (the spare is taken again, when it can be, if the file cannot be opened for another reason). Every opening
        is under the lock: one outside it would take the descriptor another connection's spare had just freed."""
        with self.lock:
            try:
                return os.open(target, FLAGS)
            except OSError as exc:
                if exc.errno not in BUSY:
                    raise
                reason = exc.strerror or str(exc)
            spare = self.held.pop(connection, None)
            if spare is None:
                raise Busy(reason)
            os.close(spare)
            try:
                return os.open(target, FLAGS)
            except OSError as exc:
                if exc.errno in BUSY:
                    raise Busy(exc.strerror or reason) from None
                with contextlib.suppress(OSError):  # taken meanwhile (a rebuild's file): it goes on without one
                    self.held[connection] = os.open(os.devnull, SPARE_FLAGS)
                raise

    def regular(self, connection: socket.socket, target: Path) -> BinaryIO | None:
        """``target`` opened for ``connection`` when it is a regular file; else None. A FIFO, a socket or a device
        (or a link to one) would block a read, or never end: it is not served. The opening never waits
        (``O_NONBLOCK``), and the file's kind is that of what was opened, not of what a name showed a moment before.
        :class:`Busy` when no descriptor is to be had (:data:`BUSY`): the file may well be there."""
        try:
            number = self.opened(connection, target)
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
