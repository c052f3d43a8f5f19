"""The ``jiading`` command's entry point, as the installed script and ``python -m jiading_cli`` call it.

Signals are listened for before the command line's modules are loaded (:mod:`jiading_cli.base.stops`): a Ctrl-C,
``SIGTERM`` or ``SIGHUP`` that comes while they load ends the process in one line, never a traceback.
"""

import os


def main() -> None:
    try:
        from jiading_cli.base import stops
    except KeyboardInterrupt:  # Ctrl-C before jiading listens for it: nothing was done
        os.write(2, b"Error: interrupted\n")
        os._exit(130)
    stops.install()  # then a signal while the rest loads ends in one line, never a traceback
    try:
        from jiading_cli.cli import main as run
    except KeyboardInterrupt as failure:  # Ctrl-C, SIGTERM or SIGHUP while the command's modules load
        stops.early(failure)
    run()
