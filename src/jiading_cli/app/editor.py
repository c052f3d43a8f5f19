"""``new-article --edit``: the editor named by ``$VISUAL`` or ``$EDITOR``, checked before the article is written and
run after it.

The variable is split into words as a shell would (``code --wait``, ``"/opt/My Editor/bin/ed"``). A value that cannot
be split, that names no program, or a program that cannot be found is a usage error before anything is written; an
editor that cannot be started, exits with a failure or is killed is one line after, which says the article was
written (it stays: it is the article ``new-article`` made, complete).
"""

from __future__ import annotations

import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from contextlib import suppress
from functools import partial
from pathlib import Path

from jiading_cli.base import stops
from jiading_cli.base.printable import printable, quoted
from jiading_cli.model.errors import JiadingError, UsageError


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """The editor's command: ``$VISUAL``, else ``$EDITOR``, split into words; :class:`UsageError` when neither names
    a program that can be run."""
    name = "VISUAL" if environ.get("VISUAL", "").strip() else "EDITOR"
    value = environ.get(name, "")
    if not value.strip():
        raise UsageError("--edit: set VISUAL or EDITOR to the editor to open")
    try:
        words = shlex.split(value)
    except ValueError as exc:
        raise UsageError(f"{name}: expected an editor's command, found {quoted(value)} ({exc})") from None
    if not words or not words[0]:
        raise UsageError(f"{name}: expected an editor's command, found {quoted(value)}")
    if shutil.which(words[0]) is None:
        raise UsageError(f"{name}: expected an editor that can be run, found no program {quoted(words[0])}")
    return words


def edit(command: list[str], path: Path, shown: str) -> None:
    """Open ``path`` in the editor and wait for it; :class:`JiadingError` when it could not be started or failed."""
    sys.stdout.flush()  # the new file's path is shown before the editor takes the terminal
    # A stop that comes while the editor starts waits until it is known, then tells it too: taken at once, it left the
    # editor running untold (a process not yet known cannot be told), holding the command's output open.
    mask = stops.defer()
    try:
        editor = subprocess.Popen([*command, str(path)], preexec_fn=partial(stops.resume, mask))
    except OSError as exc:
        stops.resume(mask)
        reason = exc.strerror or str(exc)
        program = printable(command[0])
        raise JiadingError(f"{shown}: written, but the editor {program!r} could not start: {reason}") from None
    except BaseException:
        stops.resume(mask)
        raise
    try:
        stops.resume(mask)  # a stop that came meanwhile is taken here, and the editor told
        code = editor.wait()
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM or SIGHUP (its number): the editor is told too, never
        with suppress(OSError):  # killed outright, so that it can keep what was typed in it, and is waited for
            editor.send_signal(getattr(exc, "number", signal.SIGINT))
        editor.wait()
        raise
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else "a signal"
        raise JiadingError(f"{shown}: written, but the editor {quoted(command[0])} was killed by {name}")
    if code > 0:
        raise JiadingError(f"{shown}: written, but the editor {quoted(command[0])} exited with status {code}")


__all__ = ["edit", "editor_command"]
