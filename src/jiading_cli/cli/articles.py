"""Commands about articles: new-article, validate, list."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from enum import StrEnum
from typing import Annotated

import typer

from jiading_cli.cli.output import console, handled, load, now
from jiading_cli.model.errors import UsageError


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def new_article(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="Headline of the article.", metavar="TITLE")],
    lang: Annotated[str | None, typer.Option(help="Language tag (default: site.language).", metavar="LANG")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.", metavar="TAG")] = None,
    category: Annotated[str | None, typer.Option(help="Category.", metavar="NAME")] = None,
    author: Annotated[
        list[str] | None,
        typer.Option("--author", help="An author; repeat for more (default: site.authors).", metavar="NAME"),
    ] = None,
    summary: Annotated[str, typer.Option(help="One or two sentences for feeds and share cards.", metavar="TEXT")] = "",
    slug: Annotated[
        str | None, typer.Option(help="URL segment (default: from the title, pinyin for Chinese).", metavar="SLUG")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication time, ISO 8601 (default: now; no offset means site.timezone).", metavar="DATE"),
    ] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Create it published instead of as a draft.")] = False,
    edit: Annotated[bool, typer.Option("--edit", help="Open the new file in $VISUAL or $EDITOR.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print path, id and slug as JSON.")] = False,
) -> None:
    """Create a new article (a draft unless --publish) and print its path."""
    from jiading_cli.app.articles import shown as relative
    from jiading_cli.app.new_article import plan, write_new

    with handled():
        config = load(ctx)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if edit and not editor:
            raise UsageError("--edit: set VISUAL or EDITOR to the editor to open")
        new = plan(
            config,
            title,
            now(),
            lang=lang,
            tags=tag or (),
            category=category,
            authors=author or (),
            summary=summary,
            slug=slug,
            date=date,
            publish=publish,
        )
        write_new(new.path, new.text, relative(config, new.path))
        shown = relative(config, new.path)
        if as_json:
            typer.echo(json.dumps({"path": shown, "id": new.id, "slug": new.slug}, ensure_ascii=False))
        else:
            typer.echo(shown)
        if edit and editor:
            subprocess.run([*shlex.split(editor), str(new.path)], check=False)


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Articles or folders to check (default: all).", metavar="PATH")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs, github for Actions.")
    ] = Format.text,
) -> None:
    """Check every article and report every problem. Exit 1 if any error (or warning with --strict)."""
    from jiading_cli.app.validate import site_report
    from jiading_cli.cli.report import print_report

    with handled():
        config = load(ctx)
        report = site_report(config, now(), paths or ())
        print_report(report, fmt.value, strict)
        if report.failed(strict):
            raise typer.Exit(1)


def list_articles(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include drafts.")] = False,
) -> None:
    """List articles, newest first: date, status, language, title, path."""
    from jiading_cli.app.articles import list_articles as listing

    with handled():
        config = load(ctx)
        found = listing(config, now(), drafts)
        rows = [(row.when, row.status, row.article) for row in found.articles]
        broken = found.unreadable
        if as_json:
            data = [
                {
                    "date": when.isoformat(),
                    "status": state,
                    "lang": a.lang,
                    "title": a.title,
                    "path": a.path,
                    "id": a.id,
                }
                for when, state, a in rows
            ]
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            from rich.table import Table
            from rich.text import Text

            table = Table("date", "status", "lang", "title", "path", box=None, pad_edge=False)
            for when, state, a in rows:  # Text: a '[' in a title or path is not markup
                table.add_row(*map(Text, (when.strftime("%Y-%m-%d %H:%M"), state, a.lang, a.title, a.path)))
            console().print(table)
        if broken:
            typer.echo(f"Warning: {broken} file(s) could not be read; run `jiading validate`", err=True)


def register(app: typer.Typer) -> None:
    app.command("new-article")(new_article)
    app.command("validate")(validate)
    app.command("list")(list_articles)
