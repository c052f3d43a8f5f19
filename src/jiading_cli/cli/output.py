"""The one boundary where domain errors become messages and exit codes."""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from jiading_cli.base.printable import printable
from jiading_cli.cli.options import globals_of
from jiading_cli.model.errors import ConfigError, ExitCode, JiadingError, Problem, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from jiading_cli.config import Config


def console(stderr: bool = False) -> Console:
    """A rich console: colour on terminals, plain wide text when piped or captured."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(file=stream, width=None if terminal else 200, highlight=False, soft_wrap=not terminal)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a CI job cancelled, ``timeout``, a terminal closed): a command ends as Ctrl-C ends it,
    every file it staged removed and nothing half-written, and exits with 128 plus the signal's number."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _terminated(number: int, _: object) -> None:
    raise Terminated(number)


def end_as_interrupted() -> None:
    """Make SIGTERM and SIGHUP end a command as Ctrl-C does (:class:`Terminated`); one the process was started
    ignoring (``nohup``) stays ignored. ``jiading serve`` puts its own in place while it serves."""
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _terminated)


def error(message: str) -> None:
    """One line on stderr; a control character in it (a file name's, an argument's) written as an escape."""
    typer.echo(f"Error: {printable(message)}", err=True)


def warning(message: str) -> None:
    typer.echo(f"Warning: {printable(message)}", err=True)


def unfollowed(problems: Sequence[Problem], here: Callable[[str], str]) -> None:
    """Each symbolic link the walk did not follow (JD116), one ``Warning:`` line on stderr: the articles under it
    are not in the run, and every command that walks the site says so as ``validate`` does."""
    for problem in problems:
        typer.echo(f"Warning: {here(problem.path)}: {problem.code} {problem.message}", err=True)


def quiet(ctx: typer.Context) -> bool:
    """Whether only problems, errors and summaries are to be printed (-q)."""
    return globals_of(ctx).quiet


def verbose(ctx: typer.Context) -> bool:
    return globals_of(ctx).verbose


@contextmanager
def handled() -> Iterator[None]:
    """Turn a JiadingError into one line per problem on stderr and its documented exit code."""
    try:
        yield
    except ConfigError as exc:  # its warnings are reported as warnings, beside the errors
        for problem in exc.problems:
            (warning if problem.severity == "warning" else error)(problem.render())
        raise typer.Exit(int(exc.exit_code)) from None
    except JiadingError as exc:
        for line in exc.lines():
            error(line)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt as exc:
        _stopped(exc)
    except typer.Abort as exc:  # a question at the terminal got no answer: Ctrl-C, or the input ended (Ctrl-D)
        typer.echo("", err=True)  # the question's line ends: the error has one of its own
        if isinstance(exc.__context__, KeyboardInterrupt):
            _stopped(exc.__context__)
        error("the input ended before the question was answered; nothing was done")
        raise typer.Exit(int(ExitCode.USAGE)) from None


def _stopped(exc: KeyboardInterrupt) -> NoReturn:
    """Ctrl-C (exit 130), or SIGTERM or SIGHUP (:class:`Terminated`: 128 plus its number), said in one line."""
    if isinstance(exc, Terminated):
        error(f"terminated ({signal.Signals(exc.number).name})")
        raise typer.Exit(128 + exc.number) from None
    error("interrupted")
    raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def load(ctx: typer.Context) -> Config:
    """The site config for this run; its warnings go to stderr."""
    from jiading_cli.app.settings import load as load_config
    from jiading_cli.config import environment as env

    if wrong := env.problems():
        raise UsageError(*wrong)
    config = load_config(Path.cwd(), globals_of(ctx).config, now().date())
    for problem in config.warnings:
        warning(problem.render())
    return config


def now() -> dt.datetime:
    """The current time, aware. ``JIADING_NOW`` (ISO 8601) pins it for reproducible runs."""
    from jiading_cli.config import environment as env

    env.checked(env.NOW)  # a usage error when it is set and not understood
    return env.now() or dt.datetime.now(dt.UTC)


def offset_hint(naive: dt.datetime, timezone: str) -> str:
    """``naive`` written with the offset it has in ``timezone``: a value the same option accepts."""
    from zoneinfo import ZoneInfo

    return naive.replace(tzinfo=ZoneInfo(timezone)).isoformat()
