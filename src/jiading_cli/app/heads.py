"""The preview server's connections still sending a request's head, and closing those that take too long; its event
streams, and closing the oldest past the most at once.

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

    def sweep(self) -> None:
        """Close each connection whose head has taken :data:`IDLE` seconds, and past :attr:`most` heads at once the
        oldest slow ones: the thread reading each finds its connection ended."""
        now = time.monotonic()
        with self.lock:
            slow = sorted((began, id(each), each) for each, began in self.began.items() if now - began > SLOW)
            cut = [each for began, _, each in slow if now - began > IDLE]
            over = len(self.began) - len(cut) - self.most
            cut += [each for began, _, each in slow if now - began <= IDLE][: max(0, over)]
            for each in cut:
                self.began.pop(each, None)
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
