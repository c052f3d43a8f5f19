"""Commands about articles: new-article, validate, list."""

import os
import time
from enum import StrEnum
from typing import Annotated

import typer

from jiading_cli.base.printable import json_text, printable
from jiading_cli.cli.completion import articles
from jiading_cli.cli.output import handled, load, now, quiet, verbose
from jiading_cli.cli.tables import is_terminal


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def new_article(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="Headline of the article.", metavar="TITLE")],
    lang: Annotated[str | None, typer.Option(help="Language tag (default: site.language).", metavar="LANG")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="A tag; repeat for more, or separate with commas.", metavar="TAG")
    ] = None,
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
    from jiading_cli.app.editor import edit as open_in
    from jiading_cli.app.editor import editor_command
    from jiading_cli.app.new_article import create, plan
    from jiading_cli.cli.paths import Here
    from jiading_cli.model.errors import Refusals

    with handled():
        config = load(ctx)
        refused = Refusals()  # the editor and every argument checked before anything is written, all named at once
        editor = refused.take(lambda: editor_command(os.environ), None) if edit else None
        new = refused.last(
            lambda: plan(
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
        )
        here = Here(config.root)
        shown = create(config, new, here, last=editor is None)
        if as_json:
            data = {"path": shown, "id": new.id, "slug": new.slug, "root": str(config.root)}
            typer.echo(json_text(data, None))
        else:
            typer.echo(printable(here(shown)))  # a folder above the site may hold a line break or an escape
        if editor is not None:
            open_in(editor, new.path, here(shown))


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Articles or folders to check (default: all).", metavar="PATH", autocompletion=articles),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs, github for Actions.")
    ] = Format.text,
) -> None:
    """Check every article and report every problem. Exit 1 if any error (or warning with --strict)."""
    from jiading_cli.app.validate import site_report
    from jiading_cli.cli.paths import Here, repository_top
    from jiading_cli.cli.progress import watching
    from jiading_cli.cli.report import for_strictness, print_report

    started = time.perf_counter()
    with handled():
        config = load(ctx, warn=False)  # the config's warnings are in the report
        with watching(quiet(ctx), verbose(ctx)) as progress:
            report = site_report(config, now(), paths or (), progress)
        seconds = time.perf_counter() - started
        # GitHub names a file from the top of its repository, whichever folder the job runs in
        here = Here(config.root, repository_top(config.root) if fmt == Format.github else None)
        print_report(report, fmt.value, strict, here=here, seconds=seconds, root=str(config.root))
        if for_strictness(report, strict).failed(strict):
            raise typer.Exit(1)


def list_articles(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    published: Annotated[bool, typer.Option("--published", help="Only published articles.")] = False,
    drafts: Annotated[bool, typer.Option("--drafts", hidden=True, help="Drafts are listed anyway.")] = False,
) -> None:
    """List articles, newest first, drafts and scheduled ones included: date, status, language, title, path."""
    from jiading_cli.app.articles import list_articles as listing
    from jiading_cli.cli.paths import Here
    from jiading_cli.cli.progress import watching
    from jiading_cli.cli.views import Listed, list_summary, print_list

    with handled():
        config = load(ctx)
        with watching(quiet(ctx), verbose(ctx)) as progress:
            progress.step("loading articles")
            found = listing(config, now(), drafts=True)
        rows = [
            Listed(
                row.when,
                row.status,
                row.article.lang,
                row.article.title,
                row.article.path,
                row.article.id,
                row.read_alike,
            )
            for row in found.articles
            if row.status == "published" or not published
        ]
        if as_json:
            keys = ("status", "lang", "title", "path", "id")
            root = str(config.root)  # each row's path is the site's: where it is, wherever the list is made
            data = [{"date": r.date.isoformat(), **{k: getattr(r, k) for k in keys}, "root": root} for r in rows]
            typer.echo(json_text(data))
        elif rows:
            print_list(rows, Here(config.root))
            if is_terminal() and not quiet(ctx):
                typer.echo(list_summary(rows))
        else:
            which = "published articles" if published else "articles"
            typer.echo(f"No {which} yet; create one with: jiading new-article TITLE", err=True)
        from jiading_cli.base.printable import message_line
        from jiading_cli.cli.output import unfollowed

        for problem in found.unreadable:  # each file not listed, named, with why (validate lists its other problems)
            at = f"line {problem.line}: " if problem.line > 0 else ""
            field = f"{problem.field}: " if problem.field else ""
            said = f"{Here(config.root)(problem.path)}: not listed: {at}{problem.code} {field}{problem.message}"
            said += "; `jiading validate` shows every problem"
            typer.echo(f"Warning: {message_line(said)}", err=True)

        if unfollowed(found.unfollowed, Here(config.root)):  # a folder or file it could not read: articles left out
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("new-article")(new_article)
    app.command("validate")(validate)
    app.command("list")(list_articles)
