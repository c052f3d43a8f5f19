"""A path shown from the current folder holds the folders between it and the site, which jiading never checked: one
named with a line break or an escape (``$'esc\\x1b[31mred\\nline'``) split ``new-article``'s line in two, sent the
escape to the terminal, and split each problem line of ``validate`` and each article's line of ``share``. Each
such path is shown as every message shows one, ``esc\\x1b[31mred\\nline/…``, on a terminal and in a pipe alike;
``--json`` keeps site-relative paths, and ``--format github`` the file's real path as GitHub reads it.
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

SHOWN = "esc\\x1b[31mred\\nline"


def _site(parent: Path, folder: str) -> Path:
    site = parent / folder / "site"
    (site / "articles/en").mkdir(parents=True)
    (site / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (site / "articles/en/a.md").write_text(front(summary=None) + "Body.\n", encoding="utf-8")
    return site


def _jiading(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "JIADING_NOW": "2026-11-27T12:00:00+08:00"}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    return _site(tmp_path, "esc\x1b[31mred\nline")


def test_new_article_prints_its_path_on_one_line(odd: Path, tmp_path: Path) -> None:
    done = _jiading(tmp_path, "--config", str(odd), "new-article", "--slug", "open-day", "Open day")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{SHOWN}/site/articles/en/2026/open-day.md\n"
    assert (odd / "articles/en/2026/open-day.md").is_file()


def test_validate_says_each_problem_on_one_line(odd: Path, tmp_path: Path) -> None:
    done = _jiading(tmp_path, "--config", str(odd), "validate")
    lines = [line for line in done.stdout.splitlines() if line][:-1]  # the problems, then the count
    assert lines, done.stdout
    assert all(line.startswith(f"{SHOWN}/site/articles/en/a.md:") for line in lines), lines
    assert "\x1b" not in done.stdout


def test_share_says_each_article_on_one_line_and_json_keeps_the_site_path(odd: Path, tmp_path: Path) -> None:
    done = _jiading(tmp_path, "--config", str(odd), "share")
    assert done.stdout.splitlines()[0].startswith(f"{SHOWN}/site/articles/en/a.md — "), done.stdout
    assert "\x1b" not in done.stdout
    data = _jiading(tmp_path, "--config", str(odd), "share", "--json")
    assert '"path": "articles/en/a.md"' in data.stdout


@settings(max_examples=10, deadline=None)
@given(st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=6))
def test_a_drawn_folder_above_the_site_never_splits_a_line(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    if name in (".", ".."):
        return
    parent = tmp_path_factory.mktemp("drawn")
    site = _site(parent, name)
    written = _jiading(parent, "--config", str(site), "new-article", "--slug", "x", "X")
    assert written.returncode == 0, written.stderr
    assert len(written.stdout.splitlines()) == 1, written.stdout
    checked = _jiading(parent, "--config", str(site), "validate")
    problems = [line for line in checked.stdout.splitlines() if line][:-1]
    assert all(":" in line and "/site/articles/en/" in line for line in problems), checked.stdout
