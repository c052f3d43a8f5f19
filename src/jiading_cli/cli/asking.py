"""The answer to a question at a terminal, waited for so that a stopping signal always ends the wait.

``input()`` reads the answer with a blocking read. A signal that comes after the question is shown but before
that read has begun (Ctrl-C typed the instant the question shows, as a script driving a terminal does, or a
process preempted there) is taken by Python's handler, which only notes it, and the read then waits for a line
that never comes: the command hangs at its question. So the answer is waited for with ``select`` on the
terminal and on a pipe that Python's signal handling writes a byte to for every signal it takes
(``signal.set_wakeup_fd``), set before the question's last character is shown: whenever the signal comes, the
wait ends and its exception (``KeyboardInterrupt``, or ``stops.Stopped``) is raised.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress


def person_there() -> bool:
    """Whether a person is there to answer a question: the input is a terminal, and so is stderr, where every
    question is shown (``err=True``), beside the command's problems, never among its results. ``jiading init site >
    log`` asks on the terminal and the log holds only what was made; with stderr sent elsewhere (``2> log``) a
    question would be shown where no one reads it and waited for: none is asked, as in a script."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def line(prompt: str = "") -> str:
    """``input(prompt)``, whose wait for the line ends at any signal Python handles (its exception raised)."""
    if os.name != "posix" or not sys.stdin.isatty():
        return input(prompt)
    reading, writing = os.pipe()
    try:
        os.set_blocking(reading, False)
        os.set_blocking(writing, False)
        try:
            was = signal.set_wakeup_fd(writing, warn_on_full_buffer=False)
        except ValueError:  # not the main thread, whose handlers are the ones that raise
            return input(prompt)
        try:
            sys.stderr.write(prompt)  # the question's end, where the question is shown (see person_there)
            sys.stderr.flush()
            _wait(sys.stdin.fileno(), reading)
        finally:
            signal.set_wakeup_fd(was)
    finally:
        os.close(reading)
        os.close(writing)
    found = sys.stdin.readline()
    if not found:
        raise EOFError
    return found.removesuffix("\n")


def _wait(stdin: int, woken: int) -> None:
    """Until ``stdin`` can be read; a signal's handler runs as ``select`` returns, and raises there."""
    while True:
        ready, _, _ = select.select([stdin, woken], [], [])
        if stdin in ready:
            return
        with suppress(OSError):  # a signal whose handler returned: its bytes taken, and the wait goes on
            os.read(woken, 512)


@contextmanager
def heard() -> Iterator[None]:
    """The questions asked inside (``typer.prompt``, ``typer.confirm``) take their answers by :func:`line`: every
    command runs inside it (``cli.output.handled``)."""
    from typer._click import termui

    was = termui.visible_prompt_func
    termui.visible_prompt_func = line
    try:
        yield
    finally:
        termui.visible_prompt_func = was
