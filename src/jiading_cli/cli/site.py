"""Commands about the whole site: `init` (start one) and `build` (pages, feeds and assets)."""

import time
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jiading_cli.base.printable import json_text, printable
from jiading_cli.base.realpath import real, settled
from jiading_cli.cli.asking import person_there
from jiading_cli.cli.options import NowOption, OutOption, globals_of
from jiading_cli.cli.output import current_folder, environment_checked, handled, load, now
from jiading_cli.cli.views import left_out, say
from jiading_cli.model.errors import Refusals, UsageError

if TYPE_CHECKING:
    from jiading_cli.app.build import SiteResult
    from jiading_cli.app.feeds import Ping
    from jiading_cli.config import Config


def interactive(yes: bool) -> bool:
    """Whether to ask: on a terminal (:func:`~jiading_cli.cli.asking.person_there`), unless --yes."""
    return not yes and person_there()


def _ask(question: str, given: str | None, default: str, asking: bool) -> str:
    if given is not None:
        return given
    if not asking:
        return default
    answer: str = typer.prompt(question, default=default, err=True)
    return answer


def init(
    folder: Annotated[
        str, typer.Argument(help="Folder of the new site (default: the current one).", metavar="DIR")
    ] = ".",
    title: Annotated[str | None, typer.Option("--title", help="Site title.", metavar="TEXT")] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Absolute https URL of the site's home page.", metavar="URL")
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            help="A language of the site (BCP 47); repeat or separate with commas; the first is the default.",
            metavar="LANG",
        ),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone, such as Asia/Shanghai.", metavar="ZONE")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Ask nothing: take the defaults for what is not given.")
    ] = False,
) -> None:
    """Start a new site: jiading.toml, an example article per language, .gitignore and a CI workflow."""
    from jiading_cli.app import init as start

    with handled():
        current_folder()
        refused = Refusals()  # the folder and every answer checked before anything is written, all named at once
        refused.passes(environment_checked)  # JIADING_NOW dates the examples: said before any question, as DIR is
        root = refused.take(partial(_new_site_folder, folder), Path(folder))  # refused below when it is not one
        if root != Path(folder):
            folder = root.as_posix()  # named as it now is, in `Created …` and `cd …`
        asking = interactive(yes)
        if asking:
            refused.close()  # a folder that cannot hold the site is named before any question is asked
        default = start.DEFAULTS
        site = refused.last(
            lambda: start.answers(
                _ask("Site title", title, default.title, asking),
                _ask("Base URL (https)", base_url, default.base_url, asking),
                language
                or [_ask("Languages (comma-separated, default first)", None, ",".join(default.languages), asking)],
                _ask("Time zone", timezone, default.timezone, asking),
            )
        )
        files = start.plan(site, now())
        start.verify(root, files)
        kept, files = start.kept_ignore_file(root, files)
        created = start.create(root, files, lambda path: printable(path.as_posix()), kept)
        for path in created:
            typer.echo(f"Created {printable(path.as_posix())}")
        if kept is not None:
            shown = printable(kept.path.as_posix())
            added = ", ".join(printable(line) for line in kept.added)
            typer.echo(f"Added {added} to {shown}" if kept.added else f"Kept {shown}: it ignores what jiading writes")
        where = "" if real(root) == real(Path.cwd()) else f"cd {_shell_word(folder)} && "
        typer.echo(f'Next: {where}jiading new-article "Title", jiading validate, jiading build')


def _new_site_folder(folder: str) -> Path:
    """``DIR`` as the new site's folder, settled (``x/../site`` is ``site`` while ``x`` is missing: ``x`` is never
    made to pass through); a usage error when it is none, or one among another site's own files."""
    from jiading_cli.app import init as start

    if not folder:  # Path('') is the current folder: `jiading init "$DIR"` with DIR unset would start one here
        raise UsageError("DIR: expected a folder, got '' (nothing was written)")
    root = settled(Path(folder))
    shown = printable(root.as_posix() if root != Path(folder) else folder)
    if wrong := start.not_a_folder(root):
        raise UsageError(f"{shown}: {printable(wrong)}")
    if among := start.among_another(root):
        raise UsageError(
            f"{shown}: expected a folder of its own for the new site, but it {printable(among)}; "
            "start it elsewhere (nothing was written)"
        )
    return root


def _shell_word(folder: str) -> str:
    """``folder`` as a shell takes it in ``cd …``: quoted where it must be, never read as an option. A name with a
    character :func:`printable` would escape (a control character, a bidirectional mark) or a byte that is not UTF-8
    is written in ANSI-C quoting, ``$'new\\nline'``, which bash, zsh and ksh read back as the name: every such
    character as the ``\\xHH`` escapes of its bytes, so the word is shown as it is, with nothing left to escape."""
    import shlex

    name = f"./{folder}" if folder.startswith("-") else folder
    if not any(_unsayable(character) for character in name):
        return shlex.quote(name)
    return "$'" + "".join(_ansi_c(character) for character in name) + "'"


def _unsayable(character: str) -> bool:
    """Whether ``character`` cannot stand in a line on a terminal as it is: one :func:`printable` escapes, or a
    surrogate (a byte of a name that is not UTF-8, as Python keeps it)."""
    return printable(character) != character or "\ud800" <= character <= "\udfff"


def _ansi_c(character: str) -> str:
    if character in "\\'":
        return "\\" + character
    if not _unsayable(character):
        return character
    errors = "surrogateescape" if "\udc80" <= character <= "\udcff" else "surrogatepass"
    return "".join(f"\\x{byte:02x}" for byte in character.encode("utf-8", errors))


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("build")(build)


def build(
    ctx: typer.Context,
    out: OutOption = None,
    when: NowOption = None,
    include_drafts: Annotated[
        bool,
        typer.Option(
            "--include-drafts",
            help="Preview: include drafts and scheduled articles, write to {output_dir}-preview/.",
        ),
    ] = False,
    ping_hub: Annotated[
        bool, typer.Option("--ping", help="After the build, tell the WebSub hub (feeds.websub_hub) what changed.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Validate, then write the whole site: feeds, pages, sitemap and assets; only changed files are rewritten."""

    from jiading_cli.app.build import site_build
    from jiading_cli.app.feeds import ping_refused
    from jiading_cli.app.websub import Announced, announce
    from jiading_cli.cli.output import error, parse_now
    from jiading_cli.cli.paths import Here
    from jiading_cli.cli.progress import watching

    started = time.perf_counter()
    with handled():
        config = load(ctx, when)
        moment = parse_now(when, config.site.timezone)
        here = Here(config.root)
        if ping_hub:
            ping_refused(config, include_drafts)
        with watching(globals_of(ctx).quiet, globals_of(ctx).verbose) as progress:
            progress.step("building the site")  # its one step: the build's own are not told (--verbose prints it)
            result = site_build(config, out, include_drafts, moment)
        if result.failed is not None:
            from jiading_cli.cli.report import print_report  # only a failed build prints one

            seconds = time.perf_counter() - started
            print_report(
                result.failed, "json" if as_json else "text", False, here=here, seconds=seconds, root=str(config.root)
            )
            typer.echo("Error: nothing written; fix the errors above and build again", err=True)
            raise typer.Exit(1)
        from jiading_cli.cli.output import left_in_place, unfollowed

        unfollowed(result.unfollowed, here)
        if result.warnings:
            count = result.warnings
            typer.echo(
                f"Warning: {count} warning{'' if count == 1 else 's'} in articles; run `jiading validate`", err=True
            )
        left_in_place(result.left, here)
        announced = announce(config, result.feeds) if ping_hub else Announced()
        pings = announced.pings
        if as_json:
            data = {
                "root": str(config.root),
                "out": result.out,
                "preview": include_drafts,
                "feeds": result.feeds,
                "files": result.files,
                "removed": result.removed,
                "left": result.left,
                "left_out": {"drafts": result.left_out.drafts, "scheduled": result.left_out.scheduled},
                "pinged": [{"url": p.url, "ok": p.ok, "detail": p.detail} for p in pings],
            }
            typer.echo(json_text(data))
        else:
            _print_built(ctx, config, result, pings)
        for p in (failed := [p for p in pings if not p.ok]):
            error(f"ping {config.feeds.websub_hub}: {p.url}: {p.detail}")
        for line in announced.unrecorded:
            error(line)
        if failed or announced.unrecorded:
            raise typer.Exit(1)


def _print_built(ctx: typer.Context, config: "Config", result: "SiteResult", pings: Sequence["Ping"]) -> None:
    """The summary lines of a build: its page, asset and feed files (not with -q), the pings, what it left out,
    and the closing count."""
    shown = result.out
    quiet = globals_of(ctx).quiet
    for kind in () if quiet else ("page", "asset"):
        chosen = [r for r in result.files if r["kind"] == kind]
        if kind == "page" and not config.pages.enabled:
            continue
        typer.echo(_summary(f"{kind} files", chosen))
    if not quiet:
        typer.echo(_summary("feed files", result.feeds))
    if pings:
        ok = sum(1 for p in pings if p.ok)
        say(f"Pinged the WebSub hub for {ok} of {len(pings)} changed feed files")
    if text := left_out(result.left_out.drafts, result.left_out.scheduled):
        say(text)
    typer.echo(f"{_total(result)} files in {shown}/, {len(result.removed)} removed")


def _total(result: "SiteResult") -> int:
    """The files the build is answerable for in its folder: every feed, page and asset file, and the files the
    builds keep beside them (the feeds' stylesheet and the two manifests of what was written)."""
    from jiading_cli.app.build import PAGES_MANIFEST
    from jiading_cli.app.feeds import beside_feeds

    return len(result.feeds) + len(result.files) + len({*beside_feeds(), PAGES_MANIFEST})


def _summary(what: str, rows: Sequence[Mapping[str, object]]) -> str:
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("new", "changed", "unchanged")}
    return f"{len(rows)} {what}: {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged"
