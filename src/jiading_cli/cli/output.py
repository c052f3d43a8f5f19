"""The one boundary where domain errors become messages and exit codes."""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jiading_cli.base import isodates, realclock, stops
from jiading_cli.base.printable import message_line
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


def error(message: str) -> None:
    """One line on stderr; a control character in it (a file name's, an argument's) written as an escape, and a long
    value in it shortened (:func:`~jiading_cli.base.printable.message_line`)."""
    typer.echo(f"Error: {message_line(message)}", err=True)


def warning(message: str) -> None:
    typer.echo(f"Warning: {message_line(message)}", err=True)


def left_in_place(paths: Sequence[str], here: Callable[[str], str]) -> None:
    """A ``Warning:`` line for each file the last build wrote and this one no longer makes, left in place because it
    was changed since (edited by hand): no build removes it now (it is no longer in the build's manifest)."""
    for path in paths:
        warning(f"{here(path)}: left in place: changed since the last build wrote it, and no build makes it now")


def unfollowed(problems: Sequence[Problem], here: Callable[[str], str]) -> bool:
    """What the walk found of the articles folder itself, one line each on stderr: each symbolic link it did not
    follow (JD116: the articles under it are not in the run) and each name a checkout on another system cannot hold
    (JD117), a ``Warning:``; each folder it could not read (JD118), an ``Error:``. Every command that walks the site
    says so as ``validate`` does. Whether one was an error (the command then exits 1)."""
    for problem in problems:
        head = "Error" if problem.severity == "error" else "Warning"
        typer.echo(f"{head}: {message_line(f'{here(problem.path)}: {problem.code} {problem.message}')}", err=True)
    return any(problem.severity == "error" for problem in problems)


def quiet(ctx: typer.Context) -> bool:
    """Whether only problems, errors and summaries are to be printed (-q)."""
    return globals_of(ctx).quiet


def verbose(ctx: typer.Context) -> bool:
    return globals_of(ctx).verbose


@contextmanager
def handled() -> Iterator[None]:
    """Turn a JiadingError into one line per problem on stderr and its documented exit code. A question asked
    inside (``typer.prompt``, ``typer.confirm``) takes its answer so that Ctrl-C ends it at any moment
    (:func:`~jiading_cli.cli.asking.heard`)."""
    from jiading_cli.cli.asking import heard

    try:
        with heard():
            yield
    except ConfigError as exc:  # its warnings are reported as warnings, beside the errors
        for problem in exc.problems:
            (warning if problem.severity == "warning" else error)(problem.render())
        raise typer.Exit(int(exc.exit_code)) from None
    except JiadingError as exc:
        for line in exc.lines():
            error(line)
        raise typer.Exit(int(exc.exit_code)) from None
    except stops.Stopped as exc:  # SIGTERM or SIGHUP: what the command was writing is cleaned up on the way here
        stops.told()
        error(stops.line(exc.number))
        raise typer.Exit(stops.status(exc.number)) from None
    except KeyboardInterrupt:
        stops.told()
        error("interrupted")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except typer.Abort as exc:  # a question at the terminal got no answer: Ctrl-C, or the input ended (Ctrl-D)
        typer.echo("", err=True)  # the question's line ends: the error has one of its own
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C, or SIGTERM or SIGHUP, at the question
            stops.told()
            number = exc.__context__.number if isinstance(exc.__context__, stops.Stopped) else signal.SIGINT
            error(stops.line(number))
            raise typer.Exit(stops.status(number)) from None
        error("the input ended before the question was answered; nothing was done")
        raise typer.Exit(int(ExitCode.USAGE)) from None


def load(ctx: typer.Context, when: str | None = None, warn: bool = True) -> Config:
    """The site config for this run; its warnings go to stderr (``warn``; ``validate`` reports them instead).
    ``when``: the command's ``--now``, the run's moment in place of ``JIADING_NOW`` and the clock, for the
    networks' API versions as for everything else (one without an offset is refused by :func:`parse_now` once
    the site's time zone is known)."""
    from jiading_cli.app.settings import load as load_config

    environment_checked()
    moment = now() if when is None else _given(when)
    today = None if moment.utcoffset() is None else moment.astimezone(dt.UTC).date()  # the APIs' days: UTC
    config = load_config(current_folder(), globals_of(ctx).config, today)
    for problem in config.warnings if warn else ():
        warning(problem.render())
    return config


def environment_checked() -> None:
    """A :class:`UsageError`, one line per variable, when a variable every command reads is set to a value jiading
    does not understand (``JIADING_JOBS=abc``): said before the command reads or asks anything."""
    from jiading_cli.config import environment as env

    if wrong := env.problems():
        raise UsageError(*wrong)


def current_folder() -> Path:
    """The folder the command is run from: where the site is looked for and every path is shown from. One that is
    gone (deleted, or moved away, while the shell stood in it: a workspace removed under a CI step) is a usage error
    before anything is read or written, since each later look at it would end in a traceback, ``--config`` or not."""
    try:
        return Path.cwd()
    except OSError as exc:
        raise UsageError(
            f"the current folder cannot be found ({exc.strerror or exc}): it was deleted or moved away while the "
            "shell was in it; cd into the site and run the command again"
        ) from None


def now() -> dt.datetime:
    """The run's "as of" moment, aware: what is due, published or scheduled. ``JIADING_NOW`` (ISO 8601) pins it for
    reproducible runs; a moment recorded or measured is never this one, but the real clock's (``base.realclock``)."""
    from jiading_cli.config import environment as env

    env.checked(env.NOW)  # a usage error when it is set and not understood
    return env.now() or realclock.now()


def _given(value: str) -> dt.datetime:
    """``--now`` read, with or without an offset; a :class:`UsageError` when it is no ISO 8601 time or lies outside
    the moments a run may take (those of ``JIADING_NOW``)."""
    from jiading_cli.config import environment as env

    try:
        moment = isodates.moment(value)
    except ValueError as exc:
        if isodates.MOMENT.fullmatch(value.strip()):  # written in the form, but a part names nothing: say which
            raise UsageError(f"--now: expected a day and time that exist, got {value!r} ({exc})") from None
        raise UsageError(f"--now: expected an ISO 8601 time with a UTC offset, got {value!r}") from None
    aware = moment if moment.utcoffset() is not None else moment.replace(tzinfo=dt.UTC)
    if not env.within(aware):  # every day derived from it must be a date: its UTC day, its zone's, a day on
        raise UsageError(f"--now: expected an ISO 8601 time with a UTC offset, {env.MOMENTS}, got {value!r}")
    return moment


def parse_now(value: str | None, timezone: str = "UTC") -> dt.datetime:
    """The run's moment: ``--now`` when given (with an offset: without one, the error suggests the same time in
    the site's ``timezone``), else :func:`now`."""
    if value is None:
        return now()
    moment = _given(value)
    if moment.utcoffset() is None:
        raise UsageError(f"--now: expected a UTC offset, such as {offset_hint(moment, timezone)}, got {value!r}")
    return moment


def offset_hint(naive: dt.datetime, timezone: str) -> str:
    """``naive`` written with the offset it has in ``timezone``: a value the same option accepts. A time the zone's
    clocks showed twice, in the hour they were put back, is given with both offsets, and one they skipped as the
    time they showed then, so that no hint names a reading of the clock that never was."""
    from zoneinfo import ZoneInfo

    from jiading_cli.model.article import repeated, skipped

    first = naive.replace(tzinfo=ZoneInfo(timezone))
    if skipped(first):
        shown = first.astimezone(dt.UTC).astimezone(first.tzinfo).isoformat()
        return f"{shown} ({naive.isoformat()} never happened in {timezone}: its clocks were put forward)"
    second = repeated(first)
    return first.isoformat() if second is None else f"{first.isoformat()} or {second.isoformat()}"
