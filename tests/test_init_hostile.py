"""Hostile endings of `jiading init` at a terminal: a signal that ends the command while it asks (a terminal closed,
SIGHUP; a session killed, SIGTERM) is one line, 128 plus the signal's number, and nothing written, as Ctrl-C is."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """What the terminal shows until ``wanted`` (or the end, or ``seconds``)."""
    found = b""
    until = time.monotonic() + seconds
    while wanted not in found and time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command has ended
                break
            if not chunk:
                break
            found += chunk
    return found


def _status(pid: int) -> int:
    until = time.monotonic() + 30
    while time.monotonic() < until:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)  # the test fails rather than waits
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.parametrize("answered", [0, 1, 2])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_at_a_question_is_one_line_and_nothing_written(tmp_path: Path, signum: int, answered: int) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the command, on the terminal, with the signals' handling a person's shell gives it
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        os.chdir(tmp_path)
        os.environ["PYTHONPATH"] = str(REPO / "src")
        os.execv(sys.executable, [sys.executable, "-m", "jiading_cli", "init", "site"])
    try:
        shown = b""
        for answer in [b"Jiading News\r", b"https://news.example.com\r"][:answered]:
            shown += _read_until(fd, b"]: ", 30)
            os.write(fd, answer)
        shown += _read_until(fd, b"]: ", 30)
        # the question is shown just before the command waits for its answer: a signal sent in between (its handler
        # run, no read yet to interrupt) would leave it waiting; the test sends it once it waits, as a person would
        _read_until(fd, b"\0", 0.3)
        os.kill(pid, signum)
        shown += _read_until(fd, b"Error:", 30) + _read_until(fd, b"\n", 2)
        code = _status(pid)
    finally:
        os.close(fd)
    lines = shown.decode(errors="replace").replace("\r\n", "\n").splitlines()
    assert code == 128 + signum, lines
    assert f"Error: terminated ({signal.Signals(signum).name})" in lines
    assert "Traceback" not in "\n".join(lines)
    assert list(tmp_path.iterdir()) == []
