"""A command run from a folder that is gone (deleted, or moved away, while the shell stood in it: a CI workspace
removed under a step) is one line and exit 2 before anything is read or written, `--config` given or not; a
command that works on no site (`rule`) runs as anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONFIG, NOW, front, tree
from jiading_cli.cli import app

LINE = (
    "Error: the current folder cannot be found (No such file or directory): it was deleted or moved away while the "
    "shell was in it; cd into the site and run the command again"
)
COMMANDS = [
    ["validate"],
    ["list"],
    ["build"],
    ["feed", "build"],
    ["share"],
    ["serve", "--port", "0"],
    ["new-article", "Title"],
    ["init", "new", "--yes"],
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles/a.md").write_text(front() + "Body.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("config", [None, "file", "folder"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_folder_that_is_gone_is_one_line_and_nothing_is_written(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], config: str | None
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    before = tree(tmp_path)
    given = {None: [], "file": ["--config", str(site / "jiading.toml")], "folder": ["--config", str(site)]}[config]
    if command[0] == "init":
        command = ["init", str(tmp_path / "new"), "--yes"]
    result = CliRunner().invoke(app, [*given, *command], env={"JIADING_NOW": NOW, "JIADING_CONFIG": None})
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [LINE]
    assert tree(tmp_path) == before


def test_a_command_on_no_site_runs_from_a_folder_that_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(app, ["rule", "JD001"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("JD001 (error)")
