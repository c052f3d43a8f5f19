"""The `jiading` program itself: version, help, module entry point, usage errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Site
from jiading_cli import __version__
from jiading_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_version(site: Site) -> None:
    result = site.run("--version")
    assert (result.exit_code, result.stdout) == (0, f"jiading {__version__}\n")


def test_python_dash_m_runs_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jiading_cli", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"jiading {__version__}\n")


def test_help_lists_the_commands(site: Site) -> None:
    result = site.run("--help")
    assert result.exit_code == 0
    for command in ("new-article", "validate", "list"):
        assert command in result.stdout


def test_unknown_command_is_a_usage_error(site: Site) -> None:
    result = site.run("publish-everything")
    assert result.exit_code == 2
    assert "No such command 'publish-everything'" in result.stderr


def test_bad_jiading_now_is_a_usage_error(site: Site) -> None:
    result = site.run("list", env={"JIADING_NOW": "tomorrow"})
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: JIADING_NOW: expected an ISO 8601 time with offset, in the years 2 to 9998 (UTC), got 'tomorrow'\n"
    )


def test_a_tuning_variable_with_a_value_jiading_does_not_understand_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    env = {"JIADING_CACHE": "of", "JIADING_JOBS": "two", "JIADING_FAST_FRONT": "no"}
    result = CliRunner().invoke(app, ["validate"], env=env)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: JIADING_CACHE: expected on or off (or 1/0, yes/no, true/false), got 'of'",
        "Error: JIADING_JOBS: expected 'auto' or a number of processes from 1 to 8, got 'two'",
    ]
    assert not (tmp_path / ".jiading-cache").exists()
    quiet = {"JIADING_CACHE": "OFF", "JIADING_JOBS": "auto", "JIADING_FAST_FRONT": "false"}
    assert CliRunner().invoke(app, ["validate"], env=quiet).exit_code == 0
    assert not (tmp_path / ".jiading-cache").exists()


@pytest.mark.parametrize(("code", "status", "error"), [(None, 0, ""), (3, 3, ""), ("bad thing", 1, "bad thing\n")])
def test_leaving_flushes_all_output_and_exits_as_sys_exit_would(code: object, status: int, error: str) -> None:
    script = f"import sys\nfrom jiading_cli.cli import leave\nsys.stdout.write('x' * 200_000)\nleave({code!r})\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (done.returncode, len(done.stdout), done.stderr) == (status, 200_000, error)


def test_the_command_exits_with_its_status_and_all_its_output() -> None:
    shown = subprocess.run([sys.executable, "-m", "jiading_cli", "--version"], capture_output=True, text=True)
    wrong = subprocess.run([sys.executable, "-m", "jiading_cli", "nonsense"], capture_output=True, text=True)
    assert (shown.returncode, shown.stdout) == (0, f"jiading {__version__}\n")
    assert wrong.returncode == 2 and "No such command 'nonsense'" in wrong.stderr
