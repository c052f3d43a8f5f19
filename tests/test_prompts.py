"""A question asked at a terminal that gets no answer: Ctrl-C is an interruption (exit 130), the input ending
(Ctrl-D) a usage error (exit 2), each said in one ``Error:`` line, and nothing is written. ``jiading init`` is run
on a real pseudo-terminal, as a person runs it; every question the command line asks goes through the handler
that says this (``cli.output.handled``).
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src" / "jiading_cli"


def _read(fd: int, until: float) -> bytes:
    found = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other end closed: the process has ended
                return found
            if not chunk:
                return found
            found += chunk
    return found


# ``jiading init site`` with a thread beside the main one and SIGINT blocked in the main thread, so that the signal
# is taken by the other thread while the main one waits for the answer: as when it comes the instant after the
# question is shown, before the wait has begun, it does not interrupt the wait itself. The wait must end anyway.
ASIDE = """
import signal, sys, threading
threading.Thread(target=threading.Event().wait, daemon=True).start()
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
sys.argv = ["jiading", "init", "site"]
from jiading_cli.entry import main
main()
"""


def _init_answering(
    folder: Path, keys: list[bytes], aside: bool = False, into: dict[int, Path] | None = None
) -> tuple[int, str]:
    """Run ``jiading init site`` in ``folder`` on a terminal; at each question, type the next of ``keys``
    (``aside``: the signals it is sent taken by another thread than the one waiting, see ``ASIDE``; ``into``: the
    standard streams sent to a file instead, as ``> log`` and ``2> log`` send them)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the terminal
        for number, path in (into or {}).items():
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), number)
        # Ctrl-C interrupts it as it does a command a person starts: a suite started in the background by a shell
        # without job control runs with SIGINT ignored, which the command would keep (Python's rule).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.chdir(folder)
        os.environ["PYTHONPATH"] = str(REPO / "src")
        command = ["-c", ASIDE] if aside else ["-m", "jiading_cli", "init", "site"]
        os.execv(sys.executable, [sys.executable, *command])
    seen = b""
    try:
        for key in keys:
            until = time.monotonic() + 30
            while b"]: " not in seen[-200:] and time.monotonic() < until:  # the question, with its default
                seen += _read(fd, time.monotonic() + 0.2)
            seen = seen.replace(b"]: ", b"]:_", 1)  # answered
            os.write(fd, key)
        seen += _read(fd, time.monotonic() + 30)
    finally:
        status = _ended(pid)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace").replace("\r\n", "\n")


def _ended(pid: int) -> int:
    """The child's wait status once it has ended; killed after 30 s, so that the test fails rather than waits."""
    until = time.monotonic() + 30
    while time.monotonic() < until:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


@pytest.mark.parametrize(
    ("keys", "code", "line"),
    [
        ([b"\x03"], 130, "Error: interrupted"),
        ([b"Jiading News\r", b"\x03"], 130, "Error: interrupted"),
        ([b"\x04"], 2, "Error: the input ended before the question was answered; nothing was done"),
        ([b"Jiading News\r", b"\x04"], 2, "Error: the input ended before the question was answered; nothing was done"),
    ],
    ids=["ctrl-c", "ctrl-c at the second", "ctrl-d", "ctrl-d at the second"],
)
def test_a_question_left_unanswered_is_one_line_and_nothing_written(
    tmp_path: Path, keys: list[bytes], code: int, line: str
) -> None:
    status, shown = _init_answering(tmp_path, keys)
    assert status == code, shown
    assert line in shown.splitlines()
    assert "Aborted" not in shown and "Traceback" not in shown
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("keys", [[b"\x03"], [b"Jiading News\r", b"\x03"]], ids=["first", "second"])
def test_ctrl_c_ends_a_question_even_when_the_wait_was_not_interrupted(tmp_path: Path, keys: list[bytes]) -> None:
    """A signal that came once the question was shown, but before (or beside) the wait for its answer, ends the wait:
    it is heard through the pipe Python's handler writes to, not only by interrupting the read."""
    status, shown = _init_answering(tmp_path, keys, aside=True)
    assert status == 130, shown
    assert "Error: interrupted" in shown.splitlines()
    assert list(tmp_path.iterdir()) == []


def test_every_question_is_asked_inside_the_handler() -> None:
    """The command line's questions are its prompts and confirmations, each in a command run inside ``handled``."""
    asking = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r"\b(?:typer|click)\.(?:prompt|confirm)\(", path.read_text(encoding="utf-8"))
    }
    assert asking == {"cli/site.py", "cli/share.py"}  # init's questions; share's before posting many
    for name in asking:
        text = (SRC / name).read_text(encoding="utf-8")
        assert "with handled():" in text
        for call in re.findall(r"\b(?:typer|click)\.(?:prompt|confirm)\([^)]*\)", text):  # shown on stderr
            assert "err=True" in call, (name, call)
        assert "person_there()" in text, name  # and asked only when a person is there to read it


@pytest.mark.parametrize("stream", [1, 2], ids=["stdout to a file", "stderr to a file"])
def test_a_question_is_shown_where_a_person_reads_it_or_not_asked(tmp_path: Path, stream: int) -> None:
    """The questions go to stderr, beside the problems: with the results sent to a file (``init site > log``) they
    are asked on the terminal and the file holds only what was made; with stderr sent to a file, where no one would
    read a question, none is asked (the defaults, as in a script), never a wait for an answer to one unseen."""
    log = tmp_path / "log"
    (tmp_path / "here").mkdir()
    keys = [b"Jiading News\r", b"\r", b"\r", b"\r"] if stream == 1 else []
    status, shown = _init_answering(tmp_path / "here", keys, into={stream: log})
    logged = log.read_text(encoding="utf-8")
    assert status == 0, (shown, logged)
    results = shown if stream == 2 else logged
    assert "Created site/jiading.toml" in results.splitlines(), (shown, logged)
    assert "]: " not in logged and "?" not in logged, logged
    title = "Jiading News" if stream == 1 else "News"
    assert f'title = "{title}"' in (tmp_path / "here/site/jiading.toml").read_text(encoding="utf-8")
    if stream == 1:
        assert "Site title [News]:" in shown  # answered: its "]: " marked by the typing above
