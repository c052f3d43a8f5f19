"""The `share` command: show what would go out (default), post it once (--post), settle unknowns (--resolve)."""

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from jiading_cli.base.printable import message_line, printable, printable_lines
from jiading_cli.base.realpath import settled
from jiading_cli.cli.asking import person_there
from jiading_cli.cli.completion import articles as paths
from jiading_cli.cli.output import error, handled, load, now, quiet
from jiading_cli.cli.paths import Here


def _network_names(incomplete: str) -> list[str]:
    from jiading_cli.app.share import network_names

    return [name for name in network_names() if name.startswith(incomplete)]


def share(
    ctx: typer.Context,
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles: files, folders or ids (default: every article).", metavar="ARTICLE", autocompletion=paths
        ),
    ] = None,
    network: Annotated[
        list[str] | None,
        typer.Option(
            "--network",
            help="facebook, linkedin or email; repeat for more (default: share.networks).",
            metavar="NAME",
            autocompletion=_network_names,
        ),
    ] = None,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only published articles not yet posted to a network.")
    ] = False,
    post: Annotated[bool, typer.Option("--post", help="Send for real, once per article and network.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the payloads (or the results) as JSON.")] = False,
    out: Annotated[
        str | None,  # text, so that an empty one is seen (a Path of '' is the current folder) and refused
        typer.Option(
            "--out", help="Also write each payload as a file (.eml, .json, .html, .svg) under DIR.", metavar="DIR"
        ),
    ] = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="One email listing the articles published since --since.")
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="First day (YYYY-MM-DD) a digest covers.", metavar="DATE")
    ] = None,
    resolve: Annotated[
        str | None,
        typer.Option("--resolve", help="Settle a post whose outcome is unknown, for this ARTICLE.", metavar="ARTICLE"),
    ] = None,
    remote_id: Annotated[
        str | None,
        typer.Option(
            "--remote-id",
            help="With --resolve: it went out, with this id; with --adopt: the id of the post made earlier.",
            metavar="ID",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="With --remote-id: the post's address (default: from the id).", metavar="URL"),
    ] = None,
    not_posted: Annotated[
        bool, typer.Option("--not-posted", help="With --resolve: it did not go out; post it next time.")
    ] = False,
    adopt: Annotated[
        bool, typer.Option("--adopt", help="Record the articles as already shared, without sending anything.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Edit the posts of articles whose text changed since they were posted.")
    ] = False,
    stats: Annotated[
        bool, typer.Option("--stats", help="Read back each recorded post's reactions, comments and shares.")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="With --stats: the figures as CSV.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Try each network's token with a read-only call; post nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="With --post: do not ask before posting many articles on a terminal.")
    ] = False,
) -> None:
    """Show each article's share links, Open Graph tags and payloads; with --post, send each once."""
    from jiading_cli.app.share import Options
    from jiading_cli.app.share import share as run

    with handled():
        config = load(ctx)
        relative = Here(config.root)
        # each path of the text shown as every message shows one: a folder above the site may hold a line break
        here = relative if as_json or as_csv else (lambda path: printable(relative(path)))
        folder = None if out is None else settled(Path(out))  # never a folder made only to pass through: `x/../out`
        with _progress(ctx) as progress:
            options = Options(
                tuple(articles or ()), tuple(network or ()), pending, post, as_json, folder,
                digest, since, resolve, remote_id, url, not_posted, adopt, yes, check, update, stats, as_csv, progress,
                here,
            )  # fmt: skip
            outcome = run(config, options, now, os.environ, _asker())
        typer.echo(outcome.output if as_json or as_csv else printable_lines(outcome.output), nl=False)
        for line in outcome.errors:
            error(f"{here(line.path)}: {line.message}" if line.path else line.message)
        if outcome.failed:
            raise typer.Exit(1)


def _plain(line: str) -> None:
    typer.echo(message_line(line), err=True)


WAIT = re.compile(r"^(?P<what>.*); trying again in (?P<seconds>\d+(?:\.\d+)?) s$")


class Countdown:
    """The line a rich status shows: what is being done, or the wait before the next try counting down."""

    def __init__(self) -> None:
        self.line = ""
        self.what = ""
        self.until: float | None = None

    def show(self, line: str) -> None:
        found = WAIT.match(line)
        self.line, self.until = line, None
        if found:
            self.what, self.until = found["what"], time.monotonic() + float(found["seconds"])

    def __str__(self) -> str:
        if self.until is None:
            return self.line
        return f"{self.what}; trying again in {max(0.0, self.until - time.monotonic()):.1f} s"

    def __rich__(self) -> str:
        return str(self)


@contextmanager
def _live() -> Iterator[Callable[[str], None]]:
    """On a terminal: each request printed as it starts, and a status line below it (a retry's countdown)."""
    from rich.console import Console

    console = Console(stderr=True)
    countdown = Countdown()

    def step(line: str) -> None:
        if not WAIT.match(line):
            console.print(printable(line), markup=False, highlight=False)
        countdown.show(printable(line))

    with console.status(countdown, refresh_per_second=10):
        yield step


@contextmanager
def _progress(ctx: typer.Context) -> Iterator[Callable[[str], None] | None]:
    """What posting is doing, as it does it: on a terminal a line per request and a live status (the wait before
    a retry counting down); on a pipe or in CI a plain line each on stderr; nothing with -q."""
    from jiading_cli.cli.tables import in_ci, is_terminal

    if quiet(ctx):
        yield None
    elif is_terminal(sys.stderr) and not in_ci():
        with _live() as step:
            yield step
    else:
        yield _plain


def _ask(question: str) -> bool:
    return typer.confirm(question, default=False, err=True)


def _asker() -> Callable[[str], bool] | None:
    """A question to a person, when one is at a terminal; None in CI and pipes."""
    return _ask if person_there() else None


def register(app: typer.Typer) -> None:
    app.command("share")(share)
