"""The `jiading` command: thin typer commands over the core.

The modules that declare commands evaluate their annotations as they are imported (no ``from __future__
import annotations``): typer reads every command's signature on each run, and annotations kept as text
would be compiled and evaluated again each time, a cost every command pays at start-up (see
``benchmarks/RESULTS.md``).
"""

import errno
import gc
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from jiading_cli import __version__
from jiading_cli.base import memory, stops
from jiading_cli.cli import articles, completion, feeds, rule, streams
from jiading_cli.cli.options import CONFIG_HELP, QUIET_HELP, VERBOSE_HELP, Globals, Group

app = typer.Typer(
    name="jiading",
    cls=Group,
    help="Publish and syndicate a bilingual news section from Markdown articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jiading {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[str | None, typer.Option("--config", help=CONFIG_HELP, metavar="PATH")] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help=QUIET_HELP)] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help=VERBOSE_HELP)] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Publish and syndicate a bilingual news section from Markdown articles."""
    ctx.obj = Globals(config, quiet and not verbose, verbose)


articles.register(app)
app.add_typer(feeds.app, name="feed")
__import__("jiading_cli.cli.share", fromlist=["register"]).register(app)
__import__("jiading_cli.cli.site", fromlist=["register"]).register(app)
__import__("jiading_cli.cli.serve", fromlist=["register"]).register(app)
rule.register(app)
completion.register(app)


def main() -> None:
    # A run builds hundreds of thousands of long-lived objects (articles) and few cycles: collect
    # rarely, or the collector re-scans every article many times over (a third of a warm build).
    gc.set_threshold(100_000, 20, 100)
    stops.install()  # Ctrl-C, SIGTERM and SIGHUP end a command as an exception: its cleanups run
    try:
        streams.guard()  # a closed or failing stdout or stderr never ends a command in a traceback
        if (unread := completion.unreadable_request()) is not None:  # bash's words, set by hand: never a traceback
            sys.stderr.write(f"Error: {unread}\n")
            leave(2)  # a variable not understood: a usage error, as for every other
        app()
    except SystemExit as done:
        leave(done.code)
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP outside any command's own handling: said by leave
        leave(1)
    except Exception as exc:  # noqa: BLE001 - said, or raised again as it is, by _failed
        leave(_failed(exc))


def _failed(exc: Exception) -> int:
    """Say how an exception no command handled ended it, and the status to end with; a failure that is not one of
    the process's own (a signal, memory, the system) goes on as it is, a defect to be seen."""
    if (stop := stops.within(exc)) is not None:  # a stop that Python turned into another exception: said by leave
        return stops.status(stops.signal_of(stop))
    if memory.short_of_memory(exc):  # anywhere: each command's files are left as its last run left them
        sys.stderr.write(f"{memory.LINE}\n")
    elif isinstance(exc, OSError) and exc.errno == errno.EMFILE:
        sys.stderr.write("Error: too many open files: the process's limit (ulimit -n) is too low for this run\n")
    elif isinstance(exc, OSError):  # a disk failing, a look refused where none was foreseen: the cleanups have run
        sys.stderr.write(f"Error: {refused(exc)}\n")
    else:
        raise exc
    return 1


def refused(exc: OSError) -> str:
    """A system call's failure no command foresaw, as one line: the file it named (from the current folder when
    it is below it, every character shown) and the system's reason (``templates/parts: Input/output error``)."""
    from jiading_cli.base.printable import printable

    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return f"the system refused a file operation: {reason}"
    path = Path(os.fsdecode(exc.filename))
    try:
        here: Path | None = Path.cwd()
    except OSError:  # the current folder is gone: the name as the call gave it
        here = None
    if here is not None and path.is_absolute() and path.is_relative_to(here):
        path = path.relative_to(here)
    return f"{printable(str(path))}: {reason}"


def leave(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without taking down every object one by one first.

    Every command has written and closed its files, joined its threads and waited for its processes
    by the time it returns; what is left is freeing memory the process is about to give back whole
    (see benchmarks/RESULTS.md for what that costs a large build). Output still buffered is flushed first, and
    output that could not be written is said (:func:`~jiading_cli.cli.streams.failure`). A signal that stopped the
    command where it was not listening (while its command line was read, say) is said here, in its one line.
    """
    stops.hold()
    if (number := stops.unsaid()) is not None:
        sys.stderr.write(f"Error: {stops.line(number)}\n")
        code = stops.status(number)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    os._exit(streams.failure(status))
