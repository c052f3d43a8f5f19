"""The `jiading` program itself: version, help, module entry point, usage errors."""

from __future__ import annotations

import subprocess
import sys

from conftest import Site
from jiading_cli import __version__


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
    assert result.stderr == "Error: JIADING_NOW: expected an ISO 8601 time with offset, got 'tomorrow'\n"
