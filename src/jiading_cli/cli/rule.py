"""`jiading rule [CODE]`: what a rule checks, an example of the problem and of its fix; or every rule."""

from typing import Annotated

import typer

from jiading_cli.base.printable import json_text
from jiading_cli.cli.output import handled
from jiading_cli.model.errors import UsageError


def _codes(incomplete: str) -> list[str]:
    from jiading_cli.app.rules import codes

    return [code for code in codes() if code.startswith(incomplete.upper())]


def rule(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code such as JD150 (default: every rule).", metavar="CODE", autocompletion=_codes),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rules as JSON.")] = False,
) -> None:
    """Explain a validation rule, with an example of the problem and of its fix; without CODE, list every rule."""
    from dataclasses import asdict

    from jiading_cli.app.rules import every_rule, find_rule
    from jiading_cli.cli.tables import Column, table

    with handled():
        if code is None:
            rules = every_rule()
            if as_json:
                typer.echo(json_text([asdict(r) for r in rules]))
                return
            columns = (Column("code"), Column("severity"), Column("summary", shrink=1, least=20))
            typer.echo(table(columns, [(r.code, r.severity, r.summary) for r in rules]))
            return
        found = find_rule(code)
        if found is None:
            raise UsageError(f"CODE: no rule {code!r}; `jiading rule` lists every rule")
        if as_json:
            typer.echo(json_text(asdict(found)))
            return
        typer.echo(f"{found.code} ({found.severity}): {found.summary}\n\n{found.why}\n")
        typer.echo("Example of the problem:\n" + _indented(found.problem))
        typer.echo("\nFixed:\n" + _indented(found.fix))
        typer.echo("\n" + LEFT_OUT[found.against].format(code=found.code))


LEFT_OUT = {
    "article": (
        "To leave it unreported in one file: jiading: {{ignore: [{code}]}} in its front matter; on one line: "
        "jiading: ignore {code} in a comment on that line."
    ),
    "folder": (
        "It names an entry of the articles folder, not an article, so no article can leave it unreported; "
        'validate.ignore = ["{code}"] in jiading.toml does.'
    ),
    "templates": (
        "It names a file of the templates folder, not an article, so no article can leave it unreported; "
        'validate.ignore = ["{code}"] in jiading.toml does.'
    ),
    "config": "It names jiading.toml, not an article: fix the configuration; no article can leave it unreported.",
    "always": "It guards what is published: neither validate.ignore nor an article can leave it unreported.",
}


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def register(app: typer.Typer) -> None:
    app.command("rule")(rule)
