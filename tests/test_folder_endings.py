"""A path named on the command line that asks for a folder by how it ends (``a.md/``, ``a.md/.``, ``a.md/..``), as
the system reads it ("Not a directory"), names no file: ``validate articles/a.md/`` checked the file, since a path
drops the ending, where ``--config jiading.toml/`` was refused. Each is one line, exit 2, said as ``--config``
says it, by ``validate`` and ``share`` alike; a folder named so is the folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, front


def _site(root: Path) -> Path:
    (root / "articles/en").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles/en/a.md").write_text(front() + "Body.\n", encoding="utf-8")
    return root


def _jiading(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "JIADING_NOW": "2026-11-27T12:00:00+08:00"}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize("ending", ["/", "/.", "/.."])
@pytest.mark.parametrize("command", [["validate"], ["share"], ["validate", "--format", "json"]], ids=" ".join)
def test_a_file_named_as_a_folder_is_one_line_exit_2(tmp_path: Path, command: list[str], ending: str) -> None:
    site = _site(tmp_path / "site")
    done = _jiading(site, *command, f"articles/en/a.md{ending}")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        f"Error: articles/en/a.md{ending}: expected a folder, as the {ending!r} it ends in says; found a file "
        f"(leave out the {ending!r} to name it)"
    ]
    assert done.stdout == ""


def test_a_fifo_named_as_a_folder_is_named_by_its_kind(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    os.mkfifo(site / "articles/en/pipe")
    done = _jiading(site, "validate", "articles/en/pipe/")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Error: articles/en/pipe/: expected a folder, as the '/' it ends in says; found a FIFO"
    ]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["/", "/.", "//", "/./"]), min_size=1, max_size=3))
def test_a_folder_named_with_any_ending_is_the_folder(
    tmp_path_factory: pytest.TempPathFactory, endings: list[str]
) -> None:
    """The articles' folder named with endings drawn: the folder, whose one article is checked."""
    site = _site(tmp_path_factory.mktemp("drawn") / "site")
    done = _jiading(site, "validate", "articles/en" + "".join(endings))
    assert done.returncode == 0, done.stderr
    assert "in 1 file" in done.stdout
