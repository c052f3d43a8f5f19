"""The ``jiading`` command's entry point, as the installed script and ``python -m jiading_cli`` call it.

Signals are listened for before the command line's modules are loaded (:mod:`jiading_cli.base.stops`): a Ctrl-C,
``SIGTERM`` or ``SIGHUP`` that comes while they load ends the process in one line, never a traceback.
"""

import os
import sys


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
    try:
        _in_utf8()
        from jiading_cli.base import stops

        stops.install()  # then a signal while the rest loads ends in one line, never a traceback
        from jiading_cli.cli import main as run

        run()  # never returns: it ends the process, in its own handling of every stop
    except BaseException as failure:  # noqa: BLE001 - a stop before the command's own handling began; the rest raised
        _early(failure)


def _early(failure: BaseException) -> None:
    """End the process for a stop that came before the command line was read (while Python loaded it); any other
    failure goes on as it is. Before jiading listened for signals, only Ctrl-C is an exception (Python's own)."""
    stops = sys.modules.get("jiading_cli.base.stops")
    if stops is not None and hasattr(stops, "early"):  # loaded whole: it knows every stop and what Python made of it
        if (stop := stops.within(failure)) is None:
            raise failure
        stops.early(stop)
    if not isinstance(failure, KeyboardInterrupt):
        raise failure
    os.write(2, b"Error: interrupted\n")  # nothing was done
    os._exit(130)
