"""`jiading serve`: a live preview of the site, its share cards and its emails, on 127.0.0.1."""

import datetime as dt
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from jiading_cli.base import stops
from jiading_cli.base.printable import quoted
from jiading_cli.cli.output import error, handled, left_in_place, load, now, quiet, warning
from jiading_cli.cli.paths import Here
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.app.serve import Rebuilt

PORT_MAX = 65535
STOPPED_BY: dict[int, str] = {
    number.value: number.name for number in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM))
}


class Killed(BaseException):  # not an Exception: nothing that catches those may swallow it
    """The process was told to end by a signal other than Ctrl-C."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _clock() -> str:
    return dt.datetime.now().astimezone().strftime("%H:%M:%S")


def told(rebuilt: "Rebuilt", quiet: bool = False, first: bool = False, here: Here | None = None) -> None:
    """One line per rebuild on stdout (with ``quiet``, only for one that failed); its problems, one a line,
    on stderr, and a file it left in place (changed by hand since a build wrote it) in a warning line there
    (``here``: its path as shown from the current folder)."""
    more = len(rebuilt.trigger) - 3
    what = ", ".join(rebuilt.trigger[:3]) + (f" and {more} more" if more > 0 else "")
    after = f" after {what} changed" if what else ""
    took = f"{rebuilt.seconds:.2f} s"
    if rebuilt.overtaken:  # never a failure: built again once the edits pause
        if not quiet:
            typer.echo(
                f"{_clock()} {'' if first else 're'}build overtaken by edits{after}; built again when they pause"
            )
        return
    if rebuilt.problems:
        good = not first and rebuilt.built  # no good build yet: nothing else to show
        kept = "the preview shows the last good build" if good else "every page shows the problems until fixed"
        typer.echo(f"{_clock()} {'' if first else 're'}build failed in {took}{after}; {kept}:")
        for line in rebuilt.problems:
            error(line)
        return
    left_in_place(rebuilt.left, here or (lambda path: path))
    if quiet:
        return
    files = f"{rebuilt.changed} file{'' if rebuilt.changed == 1 else 's'} changed"
    warned = f", {rebuilt.warnings} warnings (jiading validate)" if rebuilt.warnings else ""
    typer.echo(f"{_clock()} rebuilt in {took}{after}: {files}{warned}")


def serve(
    ctx: typer.Context,
    port: Annotated[str, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).", metavar="N")] = "8000",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the preview in the web browser.")] = False,
) -> None:
    """Preview the site, drafts and scheduled articles included, and each article's share cards and email;
    rebuilt and reloaded when a file changes. Ctrl-C stops it."""
    from jiading_cli.app import preview_http
    from jiading_cli.app.serve import Session, watch

    hushed = quiet(ctx)

    def tell(rebuilt: "Rebuilt") -> None:
        told(rebuilt, hushed, here=here)

    with handled():
        from jiading_cli.config.environment import ascii_number  # the config's modules: not every command's start-up

        number = ascii_number(port, PORT_MAX)
        if number is None:  # '８０' and '8_0' are 80 to Python's int: a port is read as every number given is
            raise UsageError(f"--port: expected a port number from 0 to {PORT_MAX} in ASCII digits, got {quoted(port)}")
        session = Session(load(ctx), now)
        # The current folder as it is now, for the whole run: a look at it after the site's folder (the shell's, as
        # a rule) was deleted or moved away while serving would fail, and end the server instead of one rebuild.
        here = Here(session.config.root)
        running = preview_http.start(session, number)
        received: list[int] = []  # the watcher turns any signal's exception into KeyboardInterrupt

        def killed(number: int, _: FrameType | None) -> None:
            if stops.stopping():  # a stop is under way (Ctrl-C or this): its clean-up is not cut short
                stops.received.append(number)
                return
            stops.received.append(number)
            received.append(number)
            raise Killed(number)

        previous = {number: signal.signal(number, killed) for number in STOPPED_BY}
        try:
            if not hushed:
                typer.echo(f"Building the preview into {session.shown_folder()}/ (drafts included)")
            told(session.rebuild(), hushed, first=True, here=here)

            def ready() -> None:
                typer.echo(f"Serving {running.url} (Ctrl-C to stop)")
                sys.stdout.flush()
                if open_browser:
                    threading.Thread(target=_opened, args=(running.url,), daemon=True).start()

            watch(session, tell, ready, warned=warning)
        except (KeyboardInterrupt, Killed):
            stops.told()
            if not received:
                typer.echo("Stopped")
                raise typer.Exit(130) from None
            error(f"jiading serve was killed ({STOPPED_BY[received[0]]}); the preview stopped")
            raise typer.Exit(128 + received[0]) from None
        finally:
            running.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def _opened(url: str) -> None:
    """``--open``: the preview opened in the web browser; where none could be started (``BROWSER`` naming no
    program, or one that fails or is killed; no browser on the machine), one ``Warning:`` line saying so and where
    the preview is, never silence while the user waits for a window."""
    import os
    import webbrowser

    try:
        opened = webbrowser.open(url)
    except (webbrowser.Error, OSError):
        opened = False
    if not opened:
        named = os.environ.get("BROWSER")
        by = f"BROWSER ({quoted(named)}) started none, and none was found" if named else "none was found"
        warning(f"--open: no web browser could be started: {by}; open {url} in one")
