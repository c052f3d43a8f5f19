"""``init`` holds jiading's variables to what every other command holds them to: a value it does not understand
(``JIADING_JOBS=abc``, ``JIADING_NOW=garbage``) is one line naming it, exit 2, nothing written, said with every
other wrong answer at once and, on a terminal, before any question is asked. ``init`` took ``JIADING_JOBS=abc``
and ``JIADING_CACHE=maybe`` without a word (where ``new-article`` refused them), and a wrong ``JIADING_NOW``,
which dates the example articles, only once every question had been answered."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_cli_terminal import environment


def _init(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    every = {k: v for k, v in os.environ.items() if not k.startswith("JIADING_")}
    command = [sys.executable, "-m", "jiading_cli", "init", *args]
    return subprocess.run(
        command, cwd=cwd, env={**every, "PYTHONUTF8": "1", **env}, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("name", "value", "line"),
    [
        ("JIADING_JOBS", "abc", "JIADING_JOBS: expected 'auto' or a number of processes from 1 to 8, got 'abc'"),
        ("JIADING_CACHE", "maybe", "JIADING_CACHE: expected on or off (or 1/0, yes/no, true/false), got 'maybe'"),
        (
            "JIADING_NOW",
            "garbage",
            "JIADING_NOW: expected an ISO 8601 time with offset, in the years 2 to 9998 (UTC), got 'garbage'",
        ),
    ],
)
def test_a_variable_not_understood_is_one_line_with_the_other_answers(
    tmp_path: Path, name: str, value: str, line: str
) -> None:
    done = _init(tmp_path, {name: value}, "--yes", "--timezone", "Mars/Base", "site")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"Error: {line}",
        "Error: --timezone: expected an IANA time zone name such as 'Asia/Shanghai', got 'Mars/Base'",
    ]
    assert not (tmp_path / "site").exists()


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int | None, str]:
    """Run jiading on a terminal no one types into, for 20 s at most: a question asked waits there until then."""
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "jiading_cli", *args]
    child = subprocess.Popen(command, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks, deadline = [], time.monotonic() + 20
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        try:
            chunk = os.read(leader, 65536) if ready else b""
        except OSError:  # the terminal is closed once the program has ended
            break
        if ready and not chunk:
            break
        chunks.append(chunk)
        if child.poll() is not None and not ready:
            break
    if child.poll() is None:
        child.kill()
    os.close(leader)
    return child.wait(timeout=20), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_it_is_said_before_any_question(tmp_path: Path) -> None:
    env = {**environment(80), "JIADING_NOW": "garbage"}
    status, output = _on_a_terminal(["init", "site"], tmp_path, env)
    assert status == 2, output
    assert "Site title" not in output
    assert "Error: JIADING_NOW: expected an ISO 8601 time with offset" in output
    assert not (tmp_path / "site").exists()
