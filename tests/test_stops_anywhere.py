"""A stop at any line of jiading's own code during a build: the search for the instant no other test stops at.

A real signal is raised in Python where the process is when Python next looks: at any line. Here the stop is
raised at the Nth line of jiading's code that a build runs, N drawn over every line it runs (from its start, or
from the moment it puts its files in place, where its clean-ups and records are), by the signal handler jiading
installs, exactly as a signal there would be. Each time: the build ends with 128 plus the signal's number and the
signal's one line, never a traceback; it leaves no temporary file and no mark of a build writing; and the next build
gives what a clean build gives. ``JIADING_STOP_SAMPLES`` draws more instants than the suite's few.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW
from test_faults_hostile import ONE_LINE, _clean, _files, _site, _stray

SEED = 4242
COMMIT = "feeds/joint.py:commit"  # where a build begins to put its files in place
SAMPLES = int(os.environ.get("JIADING_STOP_SAMPLES", "10"))

# Counts the lines of jiading's code run in COUNT, from the first (FROM=start: as `python -m jiading_cli` starts) or
# from the first call of a function (FROM=feeds/joint.py:commit), and at the NTH (0: none) sends itself the signal
# SIGNAL, which Python takes there: before jiading listens, as Python does (SIGINT a KeyboardInterrupt, SIGTERM the
# end of the process), then as jiading's handler does.
TRACED = """
import os, runpy, signal, sys
nth, number, count, start = int(os.environ["NTH"]), int(os.environ["SIGNAL"]), os.environ["COUNT"], os.environ["FROM"]
sys.argv = ["jiading", *sys.argv[1:]]
lines, begun = [0], [start == "start"]
def trace(frame, event, arg):
    code = frame.f_code
    if "jiading_cli" not in code.co_filename:
        return None
    if event == "call" and f"{code.co_filename}:{code.co_name}".endswith(start):
        begun[0] = True
    if event == "line" and begun[0]:
        lines[0] += 1
        if lines[0] == nth:
            sys.settrace(None)
            signal.raise_signal(number)  # taken as Python next looks: here, at this line
    return trace
leave = os._exit
def counted(status):
    sys.settrace(None)
    with open(count, "w") as out:
        out.write(str(lines[0]))
    leave(status)
os._exit = counted
sys.settrace(trace)
runpy.run_module("jiading_cli", run_name="__main__", alter_sys=True)
"""


def _run(
    root: Path, command: tuple[str, ...], nth: int = -1, number: int = signal.SIGINT, start: str = "start"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_JOBS": "1"}
    argv = [sys.executable, "-m", "jiading_cli", *command]
    if nth >= 0:
        env |= {"NTH": str(nth), "SIGNAL": str(number), "COUNT": str(root.parent / "lines"), "FROM": start}
        argv = [sys.executable, "-c", TRACED, *command]
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize(
    ("command", "start"),
    [(("build",), "start"), (("build",), COMMIT), (("feed", "build"), "start")],
    ids=["build", "build-from-its-commit", "feed-build"],
)
def test_a_stop_at_any_line_of_a_build_leaves_nothing_and_says_one_line(
    tmp_path: Path, command: tuple[str, ...], start: str
) -> None:
    good = _clean(tmp_path, *command)
    root = _site(tmp_path / "site")
    counted = _run(root, command, 0, start=start)
    assert counted.returncode == 0, counted.stderr
    total = int((tmp_path / "lines").read_text(encoding="utf-8"))
    assert total > 1000
    rng = random.Random(f"{SEED}-{start}-{command}")
    numbers = list(ONE_LINE)
    for nth in sorted(rng.sample(range(1, total + 1), SAMPLES)):
        number = rng.choice(numbers)
        for made in ("public", ".jiading-cache"):  # each from where the counted build began
            shutil.rmtree(root / made, ignore_errors=True)
        stopped = _run(root, command, nth, number, start)
        stopped_so(root, stopped, number, f"stopped at line {nth} of {total} from {start}", command, good)


def _ended(stopped: subprocess.CompletedProcess[str], number: int, where: str) -> None:
    """Ended as the signal ends a command, in its one line; or, stopped once the command had ended its work and
    was writing its last lines (its status known), as it was to end; or, before jiading listened for the signal
    (a SIGTERM as Python loads it), by the signal itself, saying nothing, as a shell's kill does."""
    if stopped.returncode in (0, -number):  # or ended by the signal itself, sent before jiading listened
        assert stopped.stderr == "", where
        return
    assert stopped.returncode == 128 + number, where
    assert stopped.stderr.splitlines() == [ONE_LINE[number]], where


def stopped_so(
    root: Path,
    stopped: subprocess.CompletedProcess[str],
    number: int,
    where: str,
    command: tuple[str, ...],
    good: dict[str, bytes],
) -> None:
    """``stopped`` ended as signal ``number`` ends a command, leaving nothing; then ``command`` gives ``good``."""
    where = f"{where}: status {stopped.returncode}, stderr {stopped.stderr!r}"
    _ended(stopped, number, where)
    assert _stray(root) == [], where
    again = _run(root, command)
    assert again.returncode == 0, f"{where}; then {again.stderr}"
    assert _files(root / "public") == good, where


def _tree(folder: Path) -> dict[str, int]:
    """The size of each file under ``folder`` but the cache's (an article's id is drawn anew each time)."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and ".jiading-cache" not in p.parts)
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in files}


WRITERS = {
    "init": ("init", "--yes", "--title", "Invest in Jiading", "--base-url", "https://example.com/", "site"),
    "new-article": ("new-article", "Financial industry to boost Jiading", "--tag", "finance", "--publish"),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_stop_at_any_line_of_init_or_new_article_writes_all_or_nothing(tmp_path: Path, name: str) -> None:
    """`init` and `new-article`, stopped at lines drawn over every line they run: no temporary file; the files
    they write are all there, whole, and the status 0 (the stop came once they were all in place, and ends
    nothing), or none of them is, and the one line and the signal's status (a stop while they were written removes
    those written so far). Whole: of the size a run not stopped writes them (the example article's id is drawn anew
    each time, always as long)."""
    command = WRITERS[name]
    before = _site(tmp_path / "where") if name == "new-article" else tmp_path / "where"
    before.mkdir(exist_ok=True)
    shutil.copytree(before, tmp_path / "clean")
    counted = _run(tmp_path / "clean", command, 0)
    assert counted.returncode == 0, counted.stderr
    done, empty = _tree(tmp_path / "clean"), _tree(before)
    assert len(done) > len(empty)
    total = int((tmp_path / "lines").read_text(encoding="utf-8"))
    rng = random.Random(f"{SEED}-{name}")
    for nth in sorted(rng.sample(range(1, total + 1), SAMPLES)):
        number = rng.choice(list(ONE_LINE))
        root = tmp_path / f"at-{nth}"
        shutil.copytree(before, root)
        stopped = _run(root, command, nth, number)
        where = f"{name} stopped at line {nth} of {total}: status {stopped.returncode}, stderr {stopped.stderr!r}"
        _ended(stopped, number, where)
        assert _stray(root) == [], where
        assert _tree(root) in (empty, done), where
        # the status says what was done: 0 with every file there, the signal's with none
        assert (stopped.returncode == 0) == (_tree(root) == done), where
        shutil.rmtree(root)
