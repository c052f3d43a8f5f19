"""`jiading feed build`: the site's RSS, Atom and JSON feeds."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import TYPE_CHECKING, Annotated

import typer

from jiading_cli.cli.output import error, handled, load, now, offset_hint, quiet, verbose
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.feeds.ping import Ping

app = typer.Typer(
    help="Build the site's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def parse_now(value: str | None, timezone: str = "UTC") -> dt.datetime:
    if value is None:
        return now()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--now: expected an ISO 8601 time with a UTC offset, got {value!r}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise UsageError(f"--now: expected a UTC offset, such as {offset_hint(moment, timezone)}, got {value!r}")
    return moment


def _warnings(count: int) -> None:
    if count:
        typer.echo(f"Warning: {count} warning{'' if count == 1 else 's'} in articles; run `jiading validate`", err=True)


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
    from jiading_cli.cli.paths import Here
    from jiading_cli.cli.progress import watching
    from jiading_cli.cli.report import print_report
    from jiading_cli.cli.views import Built, print_build
    from jiading_cli.content.site import article_names, relative
    from jiading_cli.feeds.build import output_folder
    from jiading_cli.incremental import avoidance as memo

    started = time.perf_counter()
    with handled():
        config = load(ctx)
        moment = parse_now(when, config.site.timezone)
        hub = config.feeds.websub_hub
        if ping_hub and include_drafts:
            raise UsageError("--ping: a preview is never announced; leave out --include-drafts")
        if ping_hub and not hub:
            raise UsageError("--ping: no WebSub hub; set websub_hub in the [feeds] table of jiading.toml")
        folder = output_folder(config, out, include_drafts)
        names = article_names(config)
        state = memo.inputs(config, "feed-build", (str(folder.resolve()), include_drafts), names)
        stored = memo.recall(config, "feed-build", state, moment)
        pings: list[Ping] = []
        if stored is not None:  # nothing the build reads has changed, and its files are as it left them
            rows = [{**row, "status": "unchanged"} for row in stored[0]]
            removed: list[str] = []
            left = stored[2] if len(stored) > 2 else 0
            _warnings(stored[1])
        else:
            from jiading_cli.app import feeds as run  # not for a build answered by build avoidance

            with watching(quiet(ctx), verbose(ctx)) as progress:
                result = run.build(config, folder, include_drafts, moment, state, names, progress)
            if result.failed is not None:
                here = Here(config.root)
                seconds = time.perf_counter() - started
                print_report(result.failed, "json" if as_json else "text", False, here, seconds, str(config.root))
                typer.echo("Error: no feed written; fix the errors above and build again", err=True)
                raise typer.Exit(1)
            _warnings(result.warnings)
            rows, removed, left = result.rows, result.removed, result.left_out
            if ping_hub and hub:
                from jiading_cli.feeds.ping import ping

                pings = ping(hub, result.changed, config.feeds.ping_timeout)
        shown = relative(config, folder)
        if as_json:
            data = {
                "root": str(config.root),
                "out": shown,
                "preview": include_drafts,
                "files": rows,
                "removed": removed,
                "left_out": left,
                "pinged": [{"url": p.url, "ok": p.ok, "detail": p.detail} for p in pings],
            }
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            here = Here(config.root)
            seconds = time.perf_counter() - started
            print_build(Built(rows, removed, here.folder(shown), include_drafts, left, seconds), here, quiet(ctx))
            if pings:
                typer.echo(f"Pinged the WebSub hub for {sum(p.ok for p in pings)} of {len(pings)} changed feed files")
        failed = [p for p in pings if not p.ok]
        for p in failed:
            error(f"ping {hub}: {p.url}: {p.detail}")
        if failed:
            raise typer.Exit(1)


app.command("build")(build)
