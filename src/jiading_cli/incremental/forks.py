"""Forked processes that share a run's work: starting one, talking to it through pipes, stopping it.

A child runs one function and leaves through ``os._exit`` (no atexit handlers, no second flush of the
parent's buffers), with status 0 when the function returned and 1 when it raised. Whatever a child
was to do, the caller can always do itself: a child that cannot be had, fails or answers with
anything unexpected costs time, never a result.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

LENGTH = 8  # bytes of each message's length, big-endian, before the message


@dataclass(slots=True)
class Child:
    """A forked process and this process's ends of its pipes."""

    pid: int
    hears: int  # read here what the child writes
    tells: int | None  # write here what the child reads; None when it is told nothing

    def wait(self) -> int:
        """Wait for the child to exit; its status (0: it finished its work)."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return status

    def close(self) -> None:
        """Stop the child if it still runs and let go of its pipes."""
        for end in (self.tells, self.hears):
            if end is not None:
                with suppress(OSError):
                    os.close(end)
        if self.pid:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


def available() -> bool:
    """Whether this process may fork: it can, and no thread runs but this one. A thread holding a lock at the
    moment of the fork (the preview server's, say) would leave it held for ever in the child, which would wait
    on it for ever."""
    if not hasattr(os, "fork"):
        return False
    me = threading.current_thread()
    return all(thread is me for thread in threading.enumerate())


def start(work: Callable[[int, int | None], object], *, told: bool) -> Child | None:
    """Fork a child running ``work(says, hears)``; None when one cannot be had.

    ``says``: the child's end of the pipe this process hears it on; ``hears``: its end of the pipe it is
    told things on (with ``told``), else None.
    """
    pipes: list[tuple[int, int]] = []
    try:
        pipes.append(os.pipe())
        if told:
            pipes.append(os.pipe())
        pid = os.fork()
    except OSError:
        for ends in pipes:
            for end in ends:
                os.close(end)
        return None
    hears, says = pipes[0]
    asked, asks = pipes[1] if told else (None, None)
    if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
        status = 1
        try:
            os.close(hears)
            if asks is not None:
                os.close(asks)
            work(says, asked)
            status = 0
        finally:
            os._exit(status)  # never back into the parent's code, whatever happened
    os.close(says)  # the child holds the only writing end: the pipe ends when it exits
    if asked is not None:
        os.close(asked)
    return Child(pid, hears, asks)


def read_exactly(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``; EOFError if it ends first."""
    parts: list[bytes] = []
    left = size
    while left:
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def send(fd: int, message: bytes) -> None:
    """One message: its length, then its bytes."""
    write_all(fd, len(message).to_bytes(LENGTH, "big") + message)


def receive(fd: int) -> bytes:
    """One message as :func:`send` sent it; EOFError when the pipe ends before it does."""
    return read_exactly(fd, int.from_bytes(read_exactly(fd, LENGTH), "big"))
