"""The real program in a pseudo-terminal 80 and 200 columns wide, and through a pipe, against golden
transcripts. After an intended change to the output, regenerate them and review the diff:

    JIADING_REGENERATE=1 .venv/bin/python -m pytest tests/test_cli_terminal.py
"""

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

from conftest import CONFIG, NOW, OTHER_ID, front

GOLDEN = Path(__file__).parent / "golden" / "cli"
THIRD_ID = "urn:uuid:3c0f8a52-9d1e-4b7a-8c2d-5e6f7a8b9c0d"
FOURTH_ID = "urn:uuid:4d1f9b63-0e2f-4c8b-9d3e-6f7a8b9c0d1e"
TIMED = re.compile(r"\(\d+\.\d\d s\)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SESSION = [
    ("", ["validate"]),
    ("articles/en", ["list"]),
    ("articles/en", ["feed", "build", "--now", NOW]),
    ("", ["rule"]),
]


def make_site(root: Path) -> None:
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    articles = {
        "en/2017/financial-industry-to-boost-jiading.md": front(),
        "en/2026/new-integrated-circuit-industrial-park-in-jiading.md": front(
            id=OTHER_ID,
            title="A very long headline about the new integrated-circuit industrial park in Jiading",
            date="2026-11-20 09:00",
            tagz="[finance]",
        ),
        "zh-cn/2017/jin-rong-ye.md": front(id=THIRD_ID, title="金融业助力嘉定发展", lang="zh-CN", draft="true"),
        "en/2030/open-day.md": front(id=FOURTH_ID, title="Open day", date="2030-01-01T09:00:00+08:00"),
    }
    for name, text in articles.items():
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "Body.\n", encoding="utf-8")


def environment(columns: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIADING_", "COLUMNS", "LINES", "CI"))}
    env.update({"JIADING_NOW": NOW, "JIADING_CACHE": "off", "NO_COLOR": "1", "CI": "1", "TERM": "xterm"})
    if columns:
        env["COLUMNS"] = str(columns)
    return env


def in_terminal(args: list[str], cwd: Path, columns: int, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run jiading with a pseudo-terminal ``columns`` wide as its standard output and error."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    command = [sys.executable, "-m", "jiading_cli", *args]
    child = subprocess.Popen(
        command, cwd=cwd, env=env or environment(columns), stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the program has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = child.wait(timeout=60)
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(args: list[str], cwd: Path) -> tuple[int, str]:
    command = [sys.executable, "-m", "jiading_cli", *args]
    done = subprocess.run(command, cwd=cwd, env=environment(None), capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def transcript(root: Path, columns: int | None) -> str:
    parts = []
    for folder, args in SESSION:
        where = root / folder
        status, output = in_terminal(args, where, columns) if columns else piped(args, where)
        prompt = f"{folder or '.'} $ jiading {' '.join(args)}"
        parts.append(f"{prompt}\n{TIMED.sub('(… s)', output)}[exit {status}]\n")
    return "\n".join(parts)


@pytest.mark.parametrize("columns", [80, 200, None], ids=["80-columns", "200-columns", "pipe"])
def test_a_session_prints_what_the_golden_transcript_shows(tmp_path: Path, columns: int | None) -> None:
    make_site(tmp_path)
    shown = transcript(tmp_path, columns)
    golden = GOLDEN / f"session-{columns or 'pipe'}.txt"
    if os.environ.get("JIADING_REGENERATE"):
        golden.write_text(shown, encoding="utf-8")
        pytest.skip("golden transcripts regenerated; review them with git diff")
    assert shown == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [80, 200])
def test_no_line_on_a_terminal_is_wider_than_it(tmp_path: Path, columns: int) -> None:
    make_site(tmp_path)
    for line in transcript(tmp_path, columns).splitlines():
        assert len(line) + sum(1 for c in line if ord(c) > 0x2E7F) <= columns, line


def test_a_long_problem_folds_under_its_line_and_keeps_its_location_whole(tmp_path: Path) -> None:
    make_site(tmp_path)
    _, output = in_terminal(["validate"], tmp_path, 80)
    lines = output.splitlines()
    first = next(i for i, line in enumerate(lines) if "JD110" in line)
    assert lines[first - 1] == "articles/en/2026/new-integrated-circuit-industrial-park-in-jiading.md:4:"
    assert lines[first].startswith("    warning JD110 date: has no UTC offset")
    assert lines[first + 1].startswith("    ")


def test_on_a_pipe_each_problem_is_one_line_whatever_its_length(tmp_path: Path) -> None:
    make_site(tmp_path)
    _, output = piped(["validate"], tmp_path)
    problems = [line for line in output.splitlines() if re.search(r": (warning|info) JD1", line)]
    assert [re.findall(r"JD1\d\d", line) for line in problems] == [["JD110"], ["JD105"], ["JD112"]]
    assert problems[0].endswith("(Asia/Shanghai); write the offset to be explicit")


def test_progress_is_shown_on_a_terminal_and_never_on_a_pipe(tmp_path: Path) -> None:
    make_site(tmp_path)
    env = {k: v for k, v in environment(80).items() if k != "CI"}
    status, output = in_terminal(["feed", "build", "--now", NOW], tmp_path, 80, env)
    assert status == 0
    assert "loading 4 articles" in ANSI.sub("", output) or "\x1b[?25l" in output  # the display hides the cursor
    _, quiet = piped(["feed", "build", "--now", NOW], tmp_path)
    assert "\x1b" not in quiet and "loading" not in quiet


def test_verbose_on_a_pipe_prints_each_step_with_its_time(tmp_path: Path) -> None:
    make_site(tmp_path)
    status, output = piped(["validate", "-v"], tmp_path)
    assert status == 0
    assert re.search(r"^loading 4 articles: \d+\.\d\d s$", output, re.MULTILINE)
    assert re.search(r"^checking articles: \d+\.\d\d s$", output, re.MULTILINE)


def test_a_wide_terminal_is_used_whole(tmp_path: Path) -> None:
    make_site(tmp_path)
    _, output = in_terminal(["list"], tmp_path / "articles" / "en", 200)
    assert "A very long headline about the new integrated-circuit industrial park in Jiading  2026/new-" in output
