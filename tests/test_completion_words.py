"""The words bash's completion hands over (``COMP_WORDS``, ``COMP_CWORD``), set by hand or by another shell in a
form they never have from bash (a number that is none, one unset), are one line naming the variable, exit 2, as
every variable jiading does not understand: typer read them unchecked, and ``int('abc')`` or a ``KeyError``
ended the run in a traceback. Words bash sets, of any value, complete, never fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not (BIN / "jiading").exists(), reason="needs jiading installed")
WANTED = "COMP_CWORD: expected the number of the word bash is completing, in ASCII digits, got"


def _complete(cwd: Path, **variables: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "_JIADING_COMPLETE": "complete_bash"}
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = [str(BIN / "jiading")]  # the program as installed: the script names it so
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(
    ("words", "number", "line"),
    [
        ("jiading val", "abc", f"{WANTED} 'abc'"),
        ("jiading val", "", f"{WANTED} ''"),
        ("jiading val", "-1", f"{WANTED} '-1'"),
        ("jiading val", None, f"{WANTED} nothing (it is unset)"),
        (None, "1", "COMP_WORDS: expected the words of the command line bash is completing, got nothing (it is unset)"),
    ],
)  # fmt: skip
def test_words_bash_never_hands_over_are_one_line_exit_2(
    tmp_path: Path, words: str | None, number: str | None, line: str
) -> None:
    done = _complete(tmp_path, COMP_WORDS=words, COMP_CWORD=number)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"Error: {line}; it is set by the script that jiading completion bash prints"]
    assert done.stdout == ""


def test_words_bash_hands_over_complete(tmp_path: Path) -> None:
    done = _complete(tmp_path, COMP_WORDS="jiading val", COMP_CWORD="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["validate"]


@settings(max_examples=15, deadline=None)
@given(st.text(max_size=20), st.text(max_size=4) | st.integers(0, 30).map(str))
def test_drawn_words_never_end_in_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, words: str, number: str
) -> None:
    """Whatever the two hold, completion offers or says one line: never a traceback."""
    if "\x00" in words + number:
        return
    done = _complete(tmp_path_factory.mktemp("drawn"), COMP_WORDS=words, COMP_CWORD=number)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 2), done.stderr
