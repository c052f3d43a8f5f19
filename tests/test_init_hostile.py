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

from conftest import REPO, shell_signals


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
    assert f"Error: stopped by {signal.Signals(signum).name}" in lines
    assert "Traceback" not in "\n".join(lines)
    assert list(tmp_path.iterdir()) == []


EXISTING = """\
---
id: urn:uuid:11111111-2222-4333-8444-555555555555
title: An article already there
date: {date}
summary: An article written before the site had its jiading.toml, moved in with the rest.
lang: en
slug: {slug}
---
Its text.
"""


@pytest.mark.parametrize(
    ("date", "slug", "refused"),
    [
        ("2026-11-20T10:00:00+00:00", "welcome", True),  # the English example's public URL, /en/news/2026/11/welcome/
        ("2026-10-20T10:00:00+00:00", "welcome", False),  # another month: another URL
        ("2026-11-20T10:00:00+00:00", "opening", False),
        ("not a date", "welcome", False),  # an error of its own, which the new site does not bring
    ],
)
def test_init_beside_articles_already_there_refuses_what_would_not_pass_validate(
    tmp_path: Path, date: str, slug: str, refused: bool
) -> None:
    """A folder of articles moved in before its config: the new site passes `jiading validate` with the articles
    there, or init names each error the examples would bring (exit 1) and writes nothing."""
    from pages.sample import run

    there = tmp_path / "site/articles/en/2025/older.md"
    there.parent.mkdir(parents=True)
    there.write_text(EXISTING.format(date=date, slug=slug), encoding="utf-8")
    result = run(tmp_path, "init", "site", "--yes")
    if refused:
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            "Error: site/articles/en/2026/welcome.md: JD122 slug: expected a unique public URL, but "
            "articles/en/2025/older.md has the same: https://www.example.com/en/news/2026/11/welcome/; with the "
            "articles already there, the new site would not pass `jiading validate` (nothing was written)\n"
        )
        assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
            "site",
            "site/articles",
            "site/articles/en",
            "site/articles/en/2025",
            "site/articles/en/2025/older.md",
        ]
        return
    assert result.exit_code == 0, result.output
    checked = run(tmp_path / "site", "validate")
    errors = [line for line in checked.stdout.splitlines() if ": error " in line]
    assert all(line.startswith("articles/en/2025/older.md:") for line in errors), checked.stdout
    assert checked.exit_code == (1 if errors else 0)


EDITOR = """#!/bin/sh
for name in TERM HUP INT; do
  trap "echo kept on $name > '$1.kept'; exit 0" $name
done
echo started > "$1.started"
while :; do sleep 0.05; done
"""


@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGTERM, 143, "Error: stopped by SIGTERM"),
        (signal.SIGHUP, 129, "Error: stopped by SIGHUP"),
        (signal.SIGINT, 130, "Error: interrupted"),
    ],
)
def test_a_signal_while_the_editor_runs_reaches_the_editor_which_keeps_its_work(
    tmp_path: Path, signum: int, code: int, said: str
) -> None:
    """``new-article --edit``, then the command is told to end (a CI or session killed, a terminal closed): the
    editor is told the same and waited for, never killed outright, so that what was typed in it can be kept; the
    article stays, written whole, and the command says so in one line."""
    import subprocess

    from pages.sample import make

    site = tmp_path / "site"
    site.mkdir()
    make(site)
    editor = tmp_path / "editor.sh"
    editor.write_text(EDITOR, encoding="utf-8")
    editor.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "EDITOR": str(editor), "JIADING_NOW": "2026-11-27T12:00Z"}
    env.pop("VISUAL", None)
    env.pop("JIADING_CONFIG", None)
    article = site / "articles/en/2026/an-edited-one.md"
    command = [sys.executable, "-c", "from jiading_cli.cli import main; main()", "new-article", "An edited one"]
    running = subprocess.Popen(
        [*command, "--edit"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=shell_signals,
    )
    until = time.monotonic() + 30
    while not article.with_name(article.name + ".started").exists() and time.monotonic() < until:
        time.sleep(0.05)
    running.send_signal(signum)
    out, err = running.communicate(timeout=30)
    assert (running.returncode, err.splitlines()) == (code, [said]), out + err
    kept = article.with_name(article.name + ".kept").read_text(encoding="utf-8")
    assert kept == f"kept on {signal.Signals(signum).name[3:]}\n"
    assert article.read_text(encoding="utf-8").startswith("---\nid: urn:uuid:")
