"""No option or argument given nothing is taken for one not given: ``--out "$DIR"`` with DIR unset wrote share's
payloads into the site's own folder. Every text-taking option and argument of every command (found by walking the
command tree, so a new one is held to it too) given ``''`` ends in one ``Error:`` line naming it, exit 2, and writes
nothing; ``new-article --summary ''`` alone means what it says (no summary yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import shipped_site
from jiading_cli.cli import app
from jiading_cli.cli.options import MAY_BE_EMPTY

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T10:00:00+08:00"
NEEDED = {"TITLE": "Open day", "SHELL": "bash"}  # a required argument's value, when another of its command is tested


def texts() -> list[tuple[list[str], Any]]:
    """Every command (as typed) with each of its options and arguments that take text."""
    found: list[tuple[list[str], Any]] = []

    def walk(path: list[str], command: Any) -> None:
        if hasattr(command, "commands"):
            for name, sub in sorted(command.commands.items()):
                walk([*path, name], sub)
            return
        for param in command.params:
            if getattr(param, "is_flag", False) or param.type.name not in ("str", "text", "path"):
                continue
            found.append((path, param))

    walk([], typer.main.get_command(app))
    return found


def invocation(path: list[str], param: Any) -> list[str]:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    required = [
        NEEDED[str(p.metavar)]
        for p in command.params
        if p.param_type_name == "argument" and p.required and p.name != param.name
    ]
    given = [param.opts[0], ""] if param.param_type_name == "option" else [""]
    return [*path, *given, *required]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


CASES = [(path, param) for path, param in texts() if param.opts[0] not in MAY_BE_EMPTY]


def test_the_walk_finds_the_options_that_were_taken_for_not_given() -> None:
    named = {(" ".join(path), param.opts[0]) for path, param in CASES}
    assert {("share", "--out"), ("share", "--since"), ("share", "--url"), ("build", "--out")} <= named
    assert len(CASES) > 30


@pytest.mark.parametrize(("path", "param"), CASES, ids=[f"{' '.join(p)} {q.opts[0]}" for p, q in CASES])
def test_an_empty_value_is_one_error_line_and_writes_nothing(
    path: list[str], param: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped_site(tmp_path, monkeypatch)
    before = tree(tmp_path)
    args = invocation(path, param)
    result = CliRunner().invoke(app, args, env={"JIADING_NOW": NOW})
    assert result.exit_code == 2, (args, result.output)
    said = result.stderr.splitlines()
    assert len(said) == 1 and said[0].startswith("Error: ") and "''" in said[0], (args, result.stderr)
    assert tree(tmp_path) == before, args


def test_an_empty_summary_is_no_summary_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = shipped_site(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["new-article", "Open day", "--summary", ""], env={"JIADING_NOW": NOW})
    assert result.exit_code == 0 and result.stdout == "articles/en/2026/open-day.md\n", result.output
    assert "summary: ''" in (site / "articles/en/2026/open-day.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["rule"], ["validate"], ["completion", "bash"]])
def test_an_empty_config_before_the_command_is_refused_as_after_it(command: list[str]) -> None:
    result = CliRunner().invoke(app, ["--config", "", *command])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --config: expected the path of a jiading.toml or of its folder, got ''\n",
    ), result.output
