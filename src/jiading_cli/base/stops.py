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
import sys
from collections.abc import Callable
from types import CodeType, FrameType
from typing import NoReturn, TypeVar

STOPPING = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))

received: list[int] = []  # the signals that asked this process to stop, in order
said: list[bool] = []  # whether the command has said why it stopped (its own line, or "Stopped")
ending: list[bool] = []  # whether the process is ending (hold): no stop is raised any more
settled: list[bool] = []  # whether the command's work is done and kept (settle): a stop ends nothing any more
owed: list[int] = []  # a stop that came where it could not be raised, sent again until it can be (_send_again)
_WHOLE: set[CodeType] = set()  # the code of each clean-up that runs whole (whole), and of the hook of what is dropped
Whole = TypeVar("Whole", bound=Callable[..., object])


class Stopped(KeyboardInterrupt):  # not an Exception: nothing that catches those may swallow it
    """The process was told to stop by ``SIGTERM`` or ``SIGHUP``: every path that ends a command on Ctrl-C (a post
    whose outcome is then unknown, a question, an editor told to stop too) ends it so, with the signal's number."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: FrameType | None) -> None:
    if settled:  # the command's work is done and kept (settle): its status says so, whatever comes now
        return
    if ending:  # the process is ending (hold): its status is known, its last lines are being written
        received.append(number)
        return
    if owed:  # a stop that came where it could not be raised, sent again (:func:`_send_again`)
        if _unready(frame):  # still there: raised now, it would be dropped or cut a clean-up short
            _send_again()
            return
        raise _exception(owed.pop())
    received.append(number)
    if stopping(after=1):  # a stop is under way: its clean-up runs to its end, and the first signal is the one said
        return
    if _unready(frame) and hasattr(signal, "pthread_kill"):  # in a clean-up that runs whole (:func:`whole`)
        owed[:] = [number]
        _send_again()
        return
    raise _exception(number)


def _exception(number: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if number == signal.SIGINT else Stopped(number)


def whole(func: Whole) -> Whole:
    """Mark ``func`` a clean-up that runs whole: a stop that comes while it, or anything it calls, runs is raised
    just after it returns, never in its middle. A build's writer, say, removes what it staged and then its mark of
    a build writing: a stop between the two left the mark. Only for short work (files removed, a lock let go):
    while it runs, Ctrl-C waits."""
    _WHOLE.add(func.__code__)
    return func


def _unready(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a clean-up that runs whole, or the hook of what Python can only drop."""
    while frame is not None:
        if frame.f_code in _WHOLE:
            return True
        frame = frame.f_back
    return False


def stopping(after: int = 0) -> bool:
    """Whether a stop has begun: more than ``after`` stopping signals came. Every handler of them (this module's, and
    any a command sets for its own, as ``serve`` does) raises for the first alone: a second signal (a second Ctrl-C,
    ``kill`` after Ctrl-C, ``SIGHUP`` as the terminal closes after ``SIGTERM``) cannot cut the clean-up short."""
    return len(received) > after


def install() -> None:
    """Turn each stopping signal into an exception (Ctrl-C stays ``KeyboardInterrupt``). A signal the process
    was started ignoring (``nohup``, a background job of a shell without job control) stays ignored."""
    sys.unraisablehook = _dropped
    for number in STOPPING:
        try:
            if signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _stop)
        except (OSError, ValueError):  # not the main thread, or a platform without it: left as it is
            continue


def within(failure: BaseException) -> KeyboardInterrupt | None:
    """The stop ``failure`` came of: itself, or an exception it was raised from or while handling. Python turns a
    stop's exception into another where it cannot pass it on as it is: 3.11 raises ``RuntimeError`` for any
    exception out of a class attribute's ``__set_name__`` (a dataclass's field, as a module loads), and a clean-up
    that fails on a stop's way out raises its own. Whatever the stop became, the command ends as the stop."""
    seen: set[int] = set()
    waiting: list[BaseException] = [failure]
    while waiting:
        exc = waiting.pop()
        if isinstance(exc, KeyboardInterrupt):
            return exc
        if id(exc) not in seen:
            seen.add(id(exc))
            waiting.extend(e for e in (exc.__context__, exc.__cause__) if e is not None)
    return None


def signal_of(stop: KeyboardInterrupt) -> int:
    """The signal a stop's exception stands for."""
    return stop.number if isinstance(stop, Stopped) else signal.SIGINT


def _dropped(unraisable: sys.UnraisableHookArgs) -> None:
    """Python's hook for an exception it can only drop (raised in a finalizer: a generator closed as it is
    collected, a ``__del__``). A stop raised there would be said as a traceback and lost, and the command would run
    on to its end: it is sent again (:func:`_send_again`). Every other exception is Python's to report, as ever."""
    stop = unraisable.exc_value
    if not isinstance(stop, KeyboardInterrupt) or not hasattr(signal, "pthread_kill"):
        sys.__unraisablehook__(unraisable)
        return
    owed[:] = [signal_of(stop)]
    _send_again()


_WHOLE.add(_dropped.__code__)


def _send_again() -> None:
    """Send the owed stop to the main thread again in a moment, from another thread: raised where the command is
    then, or sent again while that is still where it could not be."""
    import threading
    import time

    main = threading.main_thread().ident

    def send() -> None:
        time.sleep(0.01)
        if owed and main is not None:
            signal.pthread_kill(main, owed[0])

    threading.Thread(target=send, daemon=True).start()


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


def settle() -> None:
    """The command's work is done and kept (every file ``init`` or ``new-article`` writes is in place): from now on a
    stopping signal ends nothing, so that the status says what was done, exit 0 with the files there, never
    ``Error: interrupted`` over files left in place. A stop that came before, still to be raised (it landed in a
    clean-up that runs whole), is raised now: the work is undone, as it is for one that came while it was done.
    Only where the signals are listened for (:func:`install`)."""
    if not any(signal.getsignal(number) is _stop for number in STOPPING):
        return
    if owed:
        raise _exception(owed.pop())
    settled.append(True)


def hold() -> None:
    """From now on a stopping signal waits (the process is ending): it can no longer cut the last lines short. One
    taken by another thread (the mask is this thread's) is noted, never raised: the process ends as it was to."""
    ending.append(True)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)


def early(stop: KeyboardInterrupt) -> NoReturn:
    """End the process for a stop that came before the command line was even read (while Python loaded it)."""
    number = signal_of(stop)
    os.write(2, f"Error: {line(number)}\n".encode())
    os._exit(status(number))
