"""The ``jiading`` command's entry point, as the installed script and ``python -m jiading_cli`` call it.

Signals are listened for before the command line's modules are loaded (:mod:`jiading_cli.base.stops`): a Ctrl-C,
``SIGTERM`` or ``SIGHUP`` that comes while they load ends the process in one line, never a traceback.
"""

import os
import sys
from typing import NoReturn

from jiading_cli.base.memory import LINE, short_of_memory  # loaded first: no memory may be left to load it later


def _in_utf8() -> None:
    """Run in Python's UTF-8 mode, whatever the locale: started where the locale's encoding is not UTF-8 and UTF-8
    mode was turned off (``PYTHONUTF8=0`` with ``LC_ALL=C``), Python hands over every argument and file name beyond
    ASCII as bytes it could not read, and a Chinese title or file name was refused as not UTF-8. The process is run
    again, once, with ``PYTHONUTF8=1`` (set before: never again), the same arguments as the same bytes."""
    if sys.flags.utf8_mode or sys.getfilesystemencoding().lower() in ("utf-8", "utf8") or not sys.executable:
        return
    if os.environ.get("PYTHONUTF8") == "1" or not getattr(sys, "orig_argv", None):
        return  # the run again, where an -X utf8=0 keeps UTF-8 mode off: not run a third time
    os.environ["PYTHONUTF8"] = "1"
    try:
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # noqa: S606 - the same interpreter, argv as given
    except OSError:
        return  # the interpreter cannot be started again: run as it is


def main() -> None:
    loading = True  # until the command runs: its modules load, and a failure then is one of starting
    try:
        _in_utf8()
        from jiading_cli.base import stops

        stops.install()  # then a signal while the rest loads ends in one line, never a traceback
        from jiading_cli.cli import main as run

        loading = False
        run()  # never returns: it ends the process, in its own handling of every stop
    except BaseException as failure:  # noqa: BLE001 - a stop before the command's own handling began; the rest raised
        _early(failure, loading)


def _early(failure: BaseException, loading: bool) -> None:
    """End the process for a stop that came before the command line was read (while Python loaded it), and for
    any failure while jiading's modules loaded (memory ran out: a :class:`MemoryError`, or what Python makes of one
    where it cannot raise it, a ``SystemError``), in one line; any other failure of the command goes on as it is.
    Before jiading listened for signals, only Ctrl-C is an exception (Python's own)."""
    if short_of_memory(failure):
        _end(LINE, 1)
    stops = sys.modules.get("jiading_cli.base.stops")
    if stops is not None and hasattr(stops, "early"):  # loaded whole: it knows every stop and what Python made of it
        if (stop := stops.within(failure)) is not None:
            stops.early(stop)
    elif isinstance(failure, KeyboardInterrupt):
        _end("Error: interrupted", 130)  # nothing was done
    if loading and isinstance(failure, Exception):  # a module that could not be loaded: jiading cannot run at all
        _end(f"Error: jiading could not start: {type(failure).__name__}: {_one_line(failure)}", 1)
    raise failure


def _end(line: str, status: int) -> NoReturn:
    os.write(2, f"{line}\n".encode(errors="backslashreplace"))
    os._exit(status)


def _one_line(failure: BaseException) -> str:
    """The failure's message on one line of what a terminal shows as it is, at most 300 characters."""
    said = "".join(ch if ch.isprintable() else " " for ch in str(failure)[:300])
    return " ".join(said.split()) or "(no message)"
