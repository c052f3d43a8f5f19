"""The preview server's connections still sending a request's head, and closing those that take too long; its event
streams, and closing the oldest past the most at once; its answers, and closing those that stall.

Each read of a connection has its time-out, but a client sending a byte every few seconds never lets it run out:
such clients (slowloris), a few hundred of them, held every descriptor the process may open, and the browser's
requests waited with them. A head may therefore take :data:`IDLE` seconds in all, and past the most heads at once
(:func:`most`) the oldest slow ones are closed: a browser sends its head whole, at once, and is answered.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

IDLE = 30.0  # seconds a connection may stay silent, and a request's head may take in all
SLOW = 1.0  # seconds a request's head may take before it is slow
STALLED = 0.5  # seconds an answer may take nothing before it is stalled (a browser takes each chunk at once)
PRESSED = 0.1  # seconds for either, while connections wait that no descriptor is left for
PRESSED_PAUSE = 0.005  # seconds the server waits when no descriptor is to be had for the next connection


def most() -> int:
    """Heads at once past which the oldest slow ones are closed: 64, or a quarter of the descriptors the process may
    open when that is fewer (``ulimit -n``)."""
    import resource

    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return 64 if soft == resource.RLIM_INFINITY else max(1, min(64, soft // 4))


class Heads:
    """The connections sending a request's head, each with when it began."""

    def __init__(self) -> None:
        self.began: dict[socket.socket, float] = {}
        self.lock = threading.Lock()
        self.most = most()

    def waiting(self, connection: socket.socket) -> None:
        """``connection`` is sending a request's head (its first, or the next on a connection kept open)."""
        with self.lock:
            self.began[connection] = time.monotonic()

    def answering(self, connection: socket.socket) -> None:
        """``connection``'s head has come, or it has ended."""
        with self.lock:
            self.began.pop(connection, None)

    def sweep(self, pressed: bool = False) -> None:
        """Close each connection whose head has taken :data:`IDLE` seconds, and past :attr:`most` heads at once the
        oldest slow ones (:data:`SLOW`; :data:`PRESSED` while connections wait that no descriptor is left for): the
        thread reading each finds its connection ended."""
        with self.lock:
            cut(self.began, self.most, PRESSED if pressed else SLOW)


def cut(since: dict[socket.socket, float], at_most: int, slow: float = SLOW) -> None:
    """Of the connections in ``since`` (each with the moment it is counted from), close and forget each counted for
    more than :data:`IDLE` seconds, and past ``at_most`` at once the oldest of those counted for more than ``slow``
    seconds: the thread reading or writing each finds its connection ended."""
    now = time.monotonic()
    late = sorted((began, id(each), each) for each, began in since.items() if now - began > slow)
    gone = [each for began, _, each in late if now - began > IDLE]
    over = len(since) - len(gone) - at_most
    gone += [each for began, _, each in late if now - began <= IDLE][: max(0, over)]
    for each in gone:
        since.pop(each, None)
        with contextlib.suppress(OSError):
            each.shutdown(socket.SHUT_RDWR)


class Streams:
    """The event streams open (``/_jiading/live``), oldest first. A stream is a request answered for as long as the
    server runs, so clients opening streams and never closing them, a few hundred, held every descriptor the
    process may open as slow heads did; past :func:`most` at once the oldest is closed (a browser's tab opens
    again one that closes, and holds only the one of the tab on screen)."""

    def __init__(self) -> None:
        self.open: dict[socket.socket, None] = {}
        self.lock = threading.Lock()
        self.most = most()

    def opened(self, connection: socket.socket, wake: threading.Condition) -> None:
        """``connection`` streams from now on; past :attr:`most` streams, the oldest is closed, and the threads
        waiting on ``wake`` woken, so that its thread finds it ended and lets its descriptor go at once."""
        with self.lock:
            self.open[connection] = None
            cut = list(self.open)[: max(0, len(self.open) - self.most)]
            for each in cut:
                del self.open[each]
                with contextlib.suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
        if cut:
            with wake:
                wake.notify_all()

    def holds(self, connection: socket.socket) -> bool:
        """Whether ``connection`` still streams (not closed for a newer one)."""
        with self.lock:
            return connection in self.open

    def closed(self, connection: socket.socket) -> None:
        """``connection``'s stream has ended."""
        with self.lock:
            self.open.pop(connection, None)


class Answers(Heads):
    """The connections being answered (a page, a file: every answer but an event stream), each with when it last
    took a chunk. A client that asks for a large file and stops reading held its thread and two descriptors (the
    connection and the file) until a write timed out, :data:`IDLE` seconds, and with ``ulimit -n 60`` forty such
    clients held every descriptor: the browser's next request waited for them. Past :attr:`most` answers at once,
    the ones taking nothing for :data:`STALLED` seconds are closed, longest stalled first (a browser takes what it is
    sent at once), and any that takes nothing for :data:`IDLE` seconds is."""

    def __init__(self) -> None:
        super().__init__()
        self.most = max(1, self.most // 2)  # two descriptors each

    def sending(self, connection: socket.socket) -> None:
        """``connection`` has taken a chunk of its answer (or its answer begins)."""
        self.waiting(connection)

    def done(self, connection: socket.socket) -> None:
        """``connection``'s answer is sent, or it has ended."""
        self.answering(connection)

    def sweep(self, pressed: bool = False) -> None:
        """Close the answers stalled for :data:`IDLE` seconds, and past :attr:`most` at once the longest stalled
        (:data:`STALLED`; :data:`PRESSED` while connections wait that no descriptor is left for): the thread writing
        each finds its connection ended, and lets it and its file go."""
        with self.lock:
            cut(self.began, self.most, PRESSED if pressed else STALLED)
