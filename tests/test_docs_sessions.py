"""The sessions the README and the guide show, replayed as a user types them: each command run with ``jiading`` on
the PATH, in a fresh folder or a fresh copy of the shipped site, and every line it prints compared with the page's,
timings aside (a line of the page that starts with ``…`` stands for any number of lines).

A change to what these commands print, or a step a page leaves out, fails here rather than on a reader."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import shipped_site

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T10:00:00+08:00"  # the year the sessions' new articles are filed under
TIMING = re.compile(r"\(\d+\.\d\d s\)")
COLUMNS = 160  # of the terminal the Quickstart's tables are shown on


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


def same(printed: list[str], expected: list[str]) -> bool:
    """Whether ``printed`` is what ``expected`` shows: line by line, timings aside, a line starting with ``…`` for
    any number of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?"
        if line.startswith("…")
        else re.escape(TIMING.sub("\0", line)).replace("\0", TIMING.pattern) + r"\n"
        for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in printed)) is not None


@pytest.fixture
def shell(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell with ``jiading`` on its PATH and nothing of this run's own settings."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "jiading"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m jiading_cli "$@"\n', encoding="utf-8")
    command.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIADING_", "VISUAL", "EDITOR", "COLUMNS"))}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "JIADING_NOW": NOW, "NO_COLOR": "1"}


def piped(command: str, where: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` with its output piped: its exit code and both streams' text."""
    done = subprocess.run(["sh", "-c", command], cwd=where, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def on_terminal(command: str, where: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` with its output on a terminal ``COLUMNS`` wide (its errors piped, after it)."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLUMNS, 0, 0))
    process = subprocess.Popen(
        ["sh", "-c", command], cwd=where, env=env, stdin=subprocess.DEVNULL, stdout=side, stderr=subprocess.PIPE
    )
    os.close(side)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed: the command is done
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert process.stderr is not None
    errors = process.stderr.read()
    process.stderr.close()
    code = process.wait(timeout=300)
    return code, (out + errors).decode("utf-8").replace("\r\n", "\n")


def replay(steps: list[tuple[str, list[str]]], where: Path, env: dict[str, str], terminal: bool) -> None:
    run = on_terminal if terminal else piped
    for command, expected in steps:
        if command.startswith("cd ") and "&&" not in command:
            where = where / command.removeprefix("cd ")
            continue
        code, printed = run(command, where, env)
        assert code == 0, f"$ {command}\n{printed}"
        assert same(printed.splitlines(), expected), f"$ {command}\n{printed}"


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
    replay(steps, where, shell, terminal=False)
    assert (where / "news" / "public" / "en" / "news" / "2026" / "12").is_dir()  # the new article's page


def test_the_quickstart_session_on_the_shipped_site_prints_what_the_readme_shows(
    tmp_path: Path, shell: dict[str, str]
) -> None:
    clone = shipped_site(tmp_path)
    steps = session("README.md", "Quickstart")
    assert [command for command, _ in steps][:2] == ["jiading validate", "jiading list"]
    replay(steps, clone, shell, terminal=True)
    assert (clone / "public" / "feed.xml").is_file()


def test_a_page_line_of_dots_stands_for_any_lines_and_nothing_else_is_loose() -> None:
    assert same(["a", "b", "c", "d"], ["a", "… (two more)", "d"])
    assert same(["a", "d"], ["a", "…", "d"])
    assert same(["in 2 files (0.50 s)"], ["in 2 files (0.03 s)"])
    assert not same(["a", "b"], ["a"])
    assert not same(["in 3 files (0.50 s)"], ["in 2 files (0.03 s)"])
    assert not same(["a", "x"], ["a", "…", "d"])
