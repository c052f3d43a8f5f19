"""Signals that ask a command to stop: Ctrl-C (``SIGINT``), ``SIGTERM`` (a CI job cancelled, ``kill``) and ``SIGHUP``
(the terminal closed).

Each is turned into an exception where the command is (the first alone: those after it are noted, never raised), so
that every cleanup on the way out runs (a build's temporary files go, a lock is let go) instead of the process
vanishing mid-write, and the command ends in one line, ``Error: interrupted`` or ``Error: stopped by SIGTERM``,
with the exit status a shell gives a process the signal ends: 128 plus its number (130, 143, 129). :func:`install`
is called before anything else is imported, so that even a signal at start-up ends in that line, never a traceback.
"""

from __future__ import annotations

import os
import signal
from types import FrameType
from typing import NoReturn

STOPPING = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))

received: list[int] = []  # the signals that asked this process to stop, in order
said: list[bool] = []  # whether the command has said why it stopped (its own line, or "Stopped")


class Stopped(KeyboardInterrupt):  # not an Exception: nothing that catches those may swallow it
    """The process was told to stop by ``SIGTERM`` or ``SIGHUP``: every path that ends a command on Ctrl-C (a post
    whose outcome is then unknown, a question, an editor told to stop too) ends it so, with the signal's number."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, _: FrameType | None) -> None:
    received.append(number)
    if stopping(after=1):  # a stop is under way: its clean-up runs to its end, and the first signal is the one said
        return
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(number)


def stopping(after: int = 0) -> bool:
    """Whether a stop has begun: more than ``after`` stopping signals came. Every handler of them (this module's, and
    any a command sets for its own, as ``serve`` does) raises for the first alone: a second signal (a second Ctrl-C,
    ``kill`` after Ctrl-C, ``SIGHUP`` as the terminal closes after ``SIGTERM``) cannot cut the clean-up short."""
    return len(received) > after


def install() -> None:
    """Turn each stopping signal into an exception (Ctrl-C stays ``KeyboardInterrupt``). A signal the process
    was started ignoring (``nohup``, a background job of a shell without job control) stays ignored."""
    for number in STOPPING:
        try:
            if signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _stop)
        except (OSError, ValueError):  # not the main thread, or a platform without it: left as it is
            continue


def line(number: int) -> str:
    """What a command stopped by signal ``number`` says, after ``Error: ``."""
    return "interrupted" if number == signal.SIGINT else f"stopped by {signal.Signals(number).name}"


def status(number: int) -> int:
    return 128 + number


def told() -> None:
    """The command has said why it stopped: :func:`unsaid` has nothing to add."""
    said.append(True)


def unsaid() -> int | None:
    """The signal that stopped the command when nothing has said so yet (it came where no command was
    listening: while the command line was read, say); else None."""
    return received[0] if received and not said else None


def defer() -> set[int | signal.Signals] | None:
    """From now on a stopping signal waits until :func:`resume` (a process started meanwhile must be known before it
    can be told too); the mask to give back, None where signals cannot be held."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)


def resume(mask: set[int | signal.Signals] | None) -> None:
    """Give back the mask :func:`defer` took: a stopping signal that waited is taken now, as it would have been."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def hold() -> None:
    """From now on a stopping signal waits (the process is ending): it can no longer cut the last lines short."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)


def early(failure: BaseException) -> NoReturn:
    """End the process for a signal that came before the command line was even read (while Python loaded it)."""
    number = failure.number if isinstance(failure, Stopped) else signal.SIGINT
    os.write(2, f"Error: {line(number)}\n".encode())
    os._exit(status(number))
