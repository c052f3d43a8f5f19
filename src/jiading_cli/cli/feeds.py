"""`jiading feed build`: the site's RSS, Atom and JSON feeds; `jiading feed ping`: the WebSub pings owed."""

import time
from typing import Annotated

import typer

from jiading_cli.base.printable import json_text
from jiading_cli.cli.options import NowOption, OutOption
from jiading_cli.cli.output import error, handled, left_in_place, load, parse_now, quiet, unfollowed, verbose

app = typer.Typer(
    help="Build the site's feeds (RSS 2.0, Atom 1.0 and JSON Feed 1.1); tell the WebSub hub which changed.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _warnings(count: int) -> None:
    if count:
        typer.echo(f"Warning: {count} warning{'' if count == 1 else 's'} in articles; run `jiading validate`", err=True)


def build(
    ctx: typer.Context,
    out: OutOption = None,
    when: NowOption = None,
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
    from jiading_cli.cli.paths import Here
    from jiading_cli.cli.progress import watching
    from jiading_cli.cli.views import Built, print_build

    started = time.perf_counter()
    with handled():
        config = load(ctx, when)
        moment = parse_now(when, config.site.timezone)
        here = Here(config.root)
        with watching(quiet(ctx), verbose(ctx)) as progress:
            result = feed_build(config, out, include_drafts, moment, ping_hub, progress)
        seconds = time.perf_counter() - started
        if result.failed is not None:
            from jiading_cli.cli.report import print_report  # only a failed build prints one

            print_report(
                result.failed, "json" if as_json else "text", False, here=here, seconds=seconds, root=str(config.root)
            )
            typer.echo("Error: no feed written; fix the errors above and build again", err=True)
            raise typer.Exit(1)
        unfollowed(result.unfollowed, here)
        _warnings(result.warnings)
        left_in_place(result.left, here)
        if as_json:
            data = {
                "root": str(config.root),
                "out": result.out,
                "preview": include_drafts,
                "files": result.rows,
                "removed": result.removed,
                "left": result.left,
                "left_out": {"drafts": result.left_out.drafts, "scheduled": result.left_out.scheduled},
                "pinged": [{"url": p.url, "ok": p.ok, "detail": p.detail} for p in result.pings],
            }
            typer.echo(json_text(data))
        else:
            folder = here.folder(result.out)
            ok = sum(1 for p in result.pings if p.ok)
            pinged = f"Pinged the WebSub hub for {ok} of {len(result.pings)} changed feed files" if result.pings else ""
            done = Built(result.rows, result.removed, folder, include_drafts, result.left_out, seconds, pinged)
            print_build(done, here, quiet(ctx))
        failed = [p for p in result.pings if not p.ok]
        for p in failed:
            error(f"ping {config.feeds.websub_hub}: {p.url}: {p.detail}")
        for line in result.unrecorded:
            error(line)
        if failed or result.unrecorded:
            raise typer.Exit(1)


app.command("build")(build)


def ping(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the pings as JSON.")] = False,
) -> None:
    """Tell the WebSub hub (feeds.websub_hub) of every feed owed a ping, without building: run it once the
    output folder is deployed."""
    from jiading_cli.app.websub import ping_owed

    with handled():
        config = load(ctx)
        result = ping_owed(config)
        pings = [] if result is None else result.pings
        if as_json:
            data = {
                "root": str(config.root),
                "hub": config.feeds.websub_hub or None,
                "pinged": [{"url": p.url, "ok": p.ok, "detail": p.detail} for p in pings],
            }
            typer.echo(json_text(data))
        elif result is None:
            typer.echo("No WebSub hub (websub_hub in the [feeds] table of jiading.toml): nothing to ping")
        elif not pings and not result.unrecorded:
            typer.echo("No feed is owed a WebSub ping")
        elif pings:
            ok = sum(1 for p in pings if p.ok)
            typer.echo(f"Pinged the WebSub hub for {ok} of {len(pings)} feed files owed a ping")
        failed = [p for p in pings if not p.ok]
        for p in failed:
            error(f"ping {config.feeds.websub_hub}: {p.url}: {p.detail}")
        for line in [] if result is None else result.unrecorded:
            error(line)
        if failed or (result is not None and result.unrecorded):
            raise typer.Exit(1)


app.command("ping")(ping)
