"""Every number of ``jiading.toml`` has a range, stated on its key's line of the config page: each numeric key of
every section (the core's, sharing's and each network's, found from their declarations, so a new one is tried too)
takes the two ends the page states and refuses, as a ``JD002`` at its line, a value just past either end, ``nan``,
the infinities, a number so near 0 it means nothing (``1e-320``, ``-0.0``), one too large to mean anything, a
boolean and a string."""

from __future__ import annotations

import math
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.config import SECTIONS, parse_config
from jiading_cli.model.errors import ConfigError, Problem
from jiading_cli.share import registry

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
SITE = '[site]\ntitle = "T"\nbase_url = "https://news.example.com"\nlanguage = "en"\ntimezone = "UTC"\n'
RANGE = re.compile(r"from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)")


def _numeric() -> list[Any]:
    found = []
    for section, cls in {**SECTIONS, **registry.current().plugins().sections}.items():
        for spec in fields(cls):
            kind = str(spec.type).replace(" | None", "")
            if kind in ("int", "float"):
                found.append(pytest.param(section, spec.name, kind, id=f"{section}.{spec.name}"))
    return found


NUMERIC = _numeric()


def _range(section: str, name: str) -> tuple[float, float]:
    row = next(line for line in REFERENCE.splitlines() if line.startswith(f"| `{section}.{name}` |"))
    found = RANGE.search(row)
    assert found is not None, f"docs/config.md states no range (from … to …) for {section}.{name}"
    return float(found.group(1)), float(found.group(2))


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _problems(section: str, name: str, value: Any) -> tuple[str, list[Problem]]:
    text = SITE + ("" if section == "site" else f"\n[{section}]\n") + f"{name} = {_toml(value)}\n"
    try:
        parse_config(text, Path("jiading.toml"), registry.current().plugins())
    except ConfigError as exc:
        return text, [p for p in exc.problems if p.field == f"{section}.{name}"]
    return text, []


def test_every_number_of_the_config_is_found() -> None:
    assert len(NUMERIC) >= 10  # the summary's lengths, the feed's and the page's sizes, the waits, the port


@pytest.mark.parametrize(("section", "name", "kind"), NUMERIC)
def test_a_number_takes_its_stated_range_and_nothing_else(section: str, name: str, kind: str) -> None:
    least, most = _range(section, name)
    stated = RANGE.pattern
    ends: list[Any] = [int(least), int(most)] if kind == "int" else [least, most, int(most)]
    for value in ends:
        _, problems = _problems(section, name, value)
        assert not any(re.search(stated, p.message) for p in problems), (value, problems)
    past: list[Any] = [int(least) - 1, int(most) + 1, least + 0.5] if kind == "int" else []
    past += [math.nextafter(least, -math.inf), math.nextafter(most, math.inf)] if kind == "float" else []
    absurd = [math.nan, math.inf, -math.inf, -0.0, 1e-320, 5e-324, 1e308, 2**63 - 1, -(2**63), True, "10"]
    for value in [*past, *absurd]:
        text, problems = _problems(section, name, value)
        assert len(problems) == 1, (value, problems)
        line = text.splitlines().index(f"{name} = {_toml(value)}") + 1
        assert (problems[0].code, problems[0].severity, problems[0].line) == ("JD002", "error", line), problems
        assert f"from {least:g} to {most:g}" in problems[0].message, problems[0].message


def test_a_number_out_of_range_ends_a_command_with_exit_2_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "jiading.toml").write_text(SITE + "\n[share]\ntimeout = 1e-320\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(tmp_path / "jiading.toml"), "validate"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'jiading.toml'}:8: error JD002 share.timeout: expected a number of seconds from 0.001 "
        "to 3600, such as 10 or 0.5, got float 1e-320"
    ]
