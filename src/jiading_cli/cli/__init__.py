"""The `jiading` command: thin typer commands over the core."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from jiading_cli import __version__
from jiading_cli.cli import articles, feeds

app = typer.Typer(
    name="jiading",
    help="Publish and syndicate a bilingual news section from Markdown articles.",
    no_args_is_help=True,
    add_completion=False,
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
    config: Annotated[
        str | None,
        typer.Option(
            "--config", help="Path to jiading.toml (default: search upwards; env JIADING_CONFIG).", metavar="PATH"
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Publish and syndicate a bilingual news section from Markdown articles."""
    ctx.obj = config


articles.register(app)
app.add_typer(feeds.app, name="feed")
__import__("jiading_cli.cli.share", fromlist=["register"]).register(app)


def main() -> None:
    # A run builds hundreds of thousands of long-lived objects (articles) and few cycles: collect
    # rarely, or the collector re-scans every article many times over (a third of a warm build).
    gc.set_threshold(100_000, 20, 100)
    app()
