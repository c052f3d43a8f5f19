"""What `feed build` and `list` print for people: a table fitted to the terminal (tab-separated on a
pipe) and a closing one-line summary with the time taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from jiading_cli.cli.tables import Column, fold, is_terminal, table, width

if TYPE_CHECKING:
    from jiading_cli.app.feeds import LeftOut

BUILD_COLUMNS = (
    Column("feed", shrink=2, least=10),
    Column("format"),
    Column("items"),
    Column("path", shrink=1, keep_end=True, least=16),
    Column("status"),
)
LIST_COLUMNS = (
    Column("date"),
    Column("status"),
    Column("lang"),
    Column("title", shrink=2, least=12),
    Column("path", shrink=1, keep_end=True, least=16),
)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def say(text: str) -> None:
    """A line of prose: on a terminal, what does not fit is folded under it with an indent."""
    typer.echo("\n".join(fold("", text, width())) if is_terminal() else text)


def left_out(drafts: int, scheduled: int) -> str:
    """What a build leaves out ('' when nothing)."""
    parts = [plural(drafts, "draft")] if drafts else []
    parts += [plural(scheduled, "scheduled article")] if scheduled else []
    if not parts:
        return ""
    return f"Left out {' and '.join(parts)}; jiading list shows them"


@dataclass(frozen=True, slots=True)
class Built:
    """What a build did, as its summary says it."""

    rows: Sequence[dict[str, Any]]
    removed: Sequence[str]
    folder: str  # as shown: relative to the current folder, ending in '/'
    preview: bool
    left_out: LeftOut
    seconds: float
    pinged: str = ""  # what the WebSub hub was told, when it was


def build_summary(done: Built) -> str:
    counts = {s: sum(1 for r in done.rows if r["status"] == s) for s in ("new", "changed", "unchanged")}
    kind = "preview feed" if done.preview else "feed"
    return (
        f"{len(done.rows)} {kind} files in {done.folder}: {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {len(done.removed)} removed ({done.seconds:.2f} s)"
    )


def print_build(done: Built, here: Callable[[str], str], quiet: bool) -> None:
    """The table of feed files (not with -q), then the summary."""
    if not quiet:
        cells = [(r["feed"], r["format"], str(r["items"]), here(r["path"]), r["status"]) for r in done.rows]
        cells += [("", "", "", here(path), "removed") for path in done.removed]
        if cells:
            typer.echo(table(BUILD_COLUMNS, cells))
    if done.pinged:
        say(done.pinged)
    if text := left_out(done.left_out.drafts, done.left_out.scheduled):
        say(text)
    say(build_summary(done))


@dataclass(frozen=True, slots=True)
class Listed:
    """One row of `jiading list`."""

    date: dt.datetime  # in the site's time zone
    status: str
    lang: str
    title: str
    path: str  # site-relative
    id: str
    read_alike: bool = True  # its clock names its date in the site's zone: no offset shown


def list_date(row: Listed) -> str:
    """A row's date as ``list`` shows it: the site's clock (``2017-07-03 18:00``), with the UTC offset where that
    clock alone names no one instant (``2026-11-01 01:30 -04:00``, in the hour the clocks are put back), or another
    (a local mean time). The day as isoformat writes it: strftime's %Y writes year 999 as '999' (glibc), where every
    feed says '0999'."""
    shown = f"{row.date.date().isoformat()} {row.date:%H:%M}"
    return shown if row.read_alike else f"{shown} {row.date.isoformat(timespec='seconds')[19:]}"


def print_list(rows: Sequence[Listed], here: Callable[[str], str]) -> None:
    cells = [(list_date(r), r.status, r.lang, r.title, here(r.path)) for r in rows]
    typer.echo(table(LIST_COLUMNS, cells))


def list_summary(rows: Sequence[Listed]) -> str:
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("published", "scheduled", "draft")}
    shown = [f"{counts['published']} published", f"{counts['scheduled']} scheduled", plural(counts["draft"], "draft")]
    return f"{plural(len(rows), 'article')}: " + ", ".join(shown)
