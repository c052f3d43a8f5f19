"""The session that starts a site, as the README and the guide show it, replayed as a new user types it: each command
run in a fresh folder with ``jiading`` on the PATH, and every line it prints (on either stream) compared with the
page's, timings aside.

A change to what these commands print, or a step a page leaves out, fails here rather than on a reader."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T10:00:00+08:00"  # the year the session's article folders are named after
TIMING = re.compile(r"\(\d+\.\d\d s\)")


def session(page: str, heading: str) -> list[tuple[str, list[str]]]:
    """The first ``text`` block under ``heading`` in ``page``: each ``$`` command with the lines shown after it."""
    text = (ROOT / page).read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```text\n(.*?)\n```", section, re.DOTALL)
    assert found is not None, f"{page} has no text block under '{heading}'"
    steps: list[tuple[str, list[str]]] = []
    for line in found.group(1).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{page}, '{heading}': output before any command: {line!r}"
            steps[-1][1].append(line)
    return steps


def shown(lines: list[str]) -> list[str]:
    return [TIMING.sub("(… s)", line) for line in lines]


@pytest.fixture
def shell(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell with ``jiading`` on its PATH and nothing of this run's own settings."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "jiading"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m jiading_cli "$@"\n', encoding="utf-8")
    command.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIADING_", "VISUAL", "EDITOR"))}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "JIADING_NOW": NOW}


@pytest.mark.parametrize(("page", "heading"), [("README.md", "Start a site"), ("docs/guide.md", "Starting a site")])
def test_the_start_a_site_session_prints_what_the_docs_show(
    page: str, heading: str, tmp_path: Path, shell: dict[str, str]
) -> None:
    steps = session(page, heading)
    assert [command.split()[:2] for command, _ in steps if command.startswith("jiading")][:2] == [
        ["jiading", "init"],
        ["jiading", "new-article"],
    ]
    where = tmp_path / "empty"
    where.mkdir()
    for command, expected in steps:
        if command.startswith("cd "):
            where = where / command.removeprefix("cd ")
            continue
        done = subprocess.run(
            ["sh", "-c", command], cwd=where, env=shell, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, f"$ {command}\n{done.stdout}{done.stderr}"
        assert shown((done.stdout + done.stderr).splitlines()) == shown(expected), f"$ {command}"
    assert (where / "public" / "en" / "news" / "2026" / "12").is_dir()  # the new article's page, under its date
