"""A stop that Python turns into something else on its way out still ends the command in its one line.

A signal's exception is raised wherever the command is. Two places do not pass it on as it is:

- Python 3.11 raises ``RuntimeError("Error calling __set_name__ ...")`` from any exception out of a class
  attribute's ``__set_name__``: a dataclass's field, as a module loads. Modules load at start-up and, lazily,
  in the middle of commands (a build loads its page and feed modules once it knows it needs them).
- An exception raised in a finalizer (a generator closed as it is collected, a ``__del__``) can only be dropped:
  Python prints it as a traceback and carries on, so the command would have run on to its end.

Each test puts a real signal at the Nth of those places in a real ``jiading`` process, N drawn over every
one the command passes: the command ends with 128 plus the signal's number and the signal's one line, never a
traceback; it leaves nothing behind, and the next build gives what a clean build gives.
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
from test_faults_hostile import ONE_LINE, _clean, _site
from test_stops_anywhere import stopped_so

SEED = 311

# Puts the signal ``SIGNAL`` at the ``NTH`` call of a dataclass field's ``__set_name__`` (N = 0: none), counting
# every call in the file ``COUNT``, then runs jiading as its entry point does.
WRAPPED = """
import dataclasses, os, sys
nth, number, count = int(os.environ["NTH"]), int(os.environ["SIGNAL"]), os.environ["COUNT"]
calls = [0]
original = dataclasses.Field.__set_name__
def set_name(self, owner, name):
    calls[0] += 1
    with open(count, "w") as out:
        out.write(str(calls[0]))
    if calls[0] == nth:
        os.kill(os.getpid(), number)  # raised in here, as Python next looks for signals
    return original(self, owner, name)
dataclasses.Field.__set_name__ = set_name
sys.argv = ["jiading", *sys.argv[1:]]
from jiading_cli.entry import main
main()
"""

# Puts the signal in a generator's clean-up, run as the generator is collected, at the ``NTH`` temporary file
# the command makes (counted in ``COUNT``).
DROPPED = """
import os, sys
from jiading_cli.base import tempnames
nth, number, count = int(os.environ["NTH"]), int(os.environ["SIGNAL"]), os.environ["COUNT"]
calls = [0]
original = tempnames.create_temp
def finalized():
    try:
        yield
    finally:
        os.kill(os.getpid(), number)
        sum(range(1000))  # the signal's exception is raised here, in the finalizer
def create_temp(*args, **kwargs):
    calls[0] += 1
    with open(count, "w") as out:
        out.write(str(calls[0]))
    if calls[0] == nth:
        cleanup = finalized()
        next(cleanup)
        del cleanup  # closed now, in a finalizer: what it raises, Python can only drop
    return original(*args, **kwargs)
tempnames.create_temp = create_temp
sys.argv = ["jiading", *sys.argv[1:]]
from jiading_cli.entry import main
main()
"""


def _run(root: Path, script: str, command: tuple[str, ...], nth: int, number: int) -> subprocess.CompletedProcess[str]:
    count = root.parent / "calls"
    env = {
        **os.environ,
        "JIADING_NOW": NOW,
        "JIADING_JOBS": "1",
        "NTH": str(nth),
        "SIGNAL": str(number),
        "COUNT": str(count),
    }
    return subprocess.run(
        [sys.executable, "-c", script, *command], cwd=root, capture_output=True, text=True, env=env, timeout=120
    )


def _calls(root: Path) -> int:
    return int((root.parent / "calls").read_text(encoding="utf-8"))


def _stopped_at_each(tmp_path: Path, script: str, command: tuple[str, ...], number: int) -> None:
    good = _clean(tmp_path, "build")
    root = _site(tmp_path / "site")
    counted = _run(root, script, command, 0, number)  # no signal: every place the command passes, counted
    assert counted.returncode == 0, counted.stderr
    total = _calls(root)
    assert total > 3
    rng = random.Random(SEED + number + len(command))
    for nth in sorted({1, total, *rng.sample(range(2, total), min(3, total - 2))}):
        for made in ("public", ".jiading-cache"):  # each from where the counted run began: the same places
            shutil.rmtree(root / made, ignore_errors=True)
        stopped = _run(root, script, command, nth, number)
        stopped_so(root, stopped, number, f"signal at place {nth} of {total}", ("build",), good)


@pytest.mark.parametrize("command", [("build",), ("validate",)], ids=" ".join)
@pytest.mark.parametrize("number", list(ONE_LINE), ids=[signal.Signals(n).name for n in ONE_LINE])
def test_a_signal_as_a_module_loads_is_the_signal_not_pythons_runtime_error(
    tmp_path: Path, command: tuple[str, ...], number: int
) -> None:
    """At start-up, or a module a command loads on its way, a signal in a dataclass's ``__set_name__``."""
    _stopped_at_each(tmp_path, WRAPPED, command, number)


@pytest.mark.parametrize("number", list(ONE_LINE), ids=[signal.Signals(n).name for n in ONE_LINE])
def test_a_signal_in_a_finalizer_stops_the_command_and_is_no_traceback(tmp_path: Path, number: int) -> None:
    """A signal while a generator is closed as it is collected, at a temporary file the build makes: the stop is
    not lost (the build does not run on to its end), and Python's "Exception ignored" traceback is not printed."""
    _stopped_at_each(tmp_path, DROPPED, ("build",), number)
