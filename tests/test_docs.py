"""The README documents everything a user can type or set, and CI runs the README's test command."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from jiading_cli.cli import app
from jiading_cli.config import SECTIONS
from jiading_cli.model.fields import ALIASES, FIELDS
from jiading_cli.validate.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            found.append((prefix, command))

    walk("", typer.main.get_command(app))
    return found


def test_the_readme_shows_two_setup_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert blocks[0].startswith("python3 -m venv .venv && ") and "jiading" in blocks[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == blocks[1]


@pytest.mark.parametrize(("name", "command"), commands(), ids=[name for name, _ in commands()])
def test_every_command_has_help_and_every_option_is_documented(name: str, command: Any) -> None:
    assert command.help, f"{name} has no help text"
    assert f"jiading {name}" in README
    for param in command.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--"):
                assert f"`{option}" in README, f"{name} {option} is not in the README"


def test_every_config_key_is_documented() -> None:
    for section, cls in SECTIONS.items():
        for spec in fields(cls):
            assert f"`{section}.{spec.name}`" in README, f"{section}.{spec.name} is not in the README"


def test_every_front_matter_field_rule_and_env_var_is_documented() -> None:
    for name in [*FIELDS, *ALIASES]:
        assert f"`{name}`" in README, f"front-matter field {name} is not in the README"
    for code in RULES:
        assert f"`{code}`" in README, f"rule {code} is not in the README"
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    for variable in sorted(set(re.findall(r"\bJIADING_[A-Z_]+\b", source))):
        assert f"`{variable}`" in README, f"environment variable {variable} is not in the README"


def test_every_exit_code_is_documented() -> None:
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"^\| `{code}` \|", README, re.MULTILINE), f"exit code {code} is not in the README"
