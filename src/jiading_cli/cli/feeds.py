"""`jiading feed build`: the site's RSS, Atom and JSON feeds."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jiading_cli.cli.output import console, error, handled, load, now
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.app.feeds import Ping

app = typer.Typer(
    help="Build the site's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def parse_now(value: str | None) -> dt.datetime:
    if value is None:
        return now()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--now: expected an ISO 8601 time with a UTC offset, got {value!r}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise UsageError(f"--now: expected a UTC offset, such as {value}+08:00, got {value!r}")
    return moment


def _warnings(count: int) -> None:
    if count:
        typer.echo(f"Warning: {count} warning{'' if count == 1 else 's'} in articles; run `jiading validate`", err=True)


HEADER = ("feed", "format", "items", "path", "status")


def plain_table(cells: list[tuple[str, ...]]) -> str:
    """The table rich prints with ``box=None, pad_edge=False`` when it fits: columns padded to their widest
    cell (wide characters count two) and two spaces apart. A file or a pipe gets it without laying out
    a rich table, which is slow for a large site's rows (see benchmarks/RESULTS.md)."""
    from rich.cells import cell_len

    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join(
        "  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True))
        for row in cells
    )


def _print(rows: list[dict[str, Any]], removed: list[str], pings: list[Ping], shown: str, preview: bool) -> None:
    cells = [(r["feed"], r["format"], str(r["items"]), r["path"], r["status"]) for r in rows]
    cells += [("", "", "", path, "removed") for path in removed]
    out = console()
    if out.is_terminal:  # a terminal may be too narrow: rich fits the table to it
        from rich.table import Table
        from rich.text import Text

        table = Table(*HEADER, box=None, pad_edge=False)
        for row in cells:  # Text: a '[' in a tag or path is not markup
            table.add_row(*map(Text, row))
        out.print(table)
    else:
        out.print(plain_table([HEADER, *cells]), markup=False, highlight=False)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("new", "changed", "unchanged")}
    kind = "preview feed" if preview else "feed"
    out.print(
        f"{len(rows)} {kind} files in {shown}/: {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {len(removed)} removed",
        highlight=False,
        markup=False,
    )
    ok = [p for p in pings if p.ok]
    if pings:
        out.print(f"Pinged the WebSub hub for {len(ok)} of {len(pings)} changed feed files", highlight=False)


def build(
    ctx: typer.Context,
    out: Annotated[
        str | None, typer.Option("--out", help="Folder to write to (default: site.output_dir).", metavar="DIR")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--now", help="Build as of this ISO 8601 time (default: now; env JIADING_NOW).", metavar="ISO"),
    ] = None,
    include_drafts: Annotated[
        bool,
        typer.Option(
            "--include-drafts",
            help="Preview: include drafts and scheduled articles, mark titles, write to {output_dir}-preview/.",
        ),
    ] = False,
    ping_hub: Annotated[
        bool, typer.Option("--ping", help="After the build, tell the WebSub hub (feeds.websub_hub) what changed.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Validate, then write every feed (site, languages, categories, tags); only changed files are rewritten."""
    from jiading_cli.app.feeds import feed_build
    from jiading_cli.cli.report import print_report

    with handled():
        config = load(ctx)
        result = feed_build(config, out, include_drafts, parse_now(when), ping_hub)
        if result.failed is not None:
            print_report(result.failed, "json" if as_json else "text", strict=False)
            typer.echo("Error: no feed written; fix the errors above and build again", err=True)
            raise typer.Exit(1)
        _warnings(result.warnings)
        if as_json:
            data = {
                "out": result.out,
                "preview": include_drafts,
                "files": result.rows,
                "removed": result.removed,
                "pinged": [{"url": p.url, "ok": p.ok, "detail": p.detail} for p in result.pings],
            }
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print(result.rows, result.removed, result.pings, result.out, include_drafts)
        failed = [p for p in result.pings if not p.ok]
        for p in failed:
            error(f"ping {config.feeds.websub_hub}: {p.url}: {p.detail}")
        if failed:
            raise typer.Exit(1)


app.command("build")(build)
