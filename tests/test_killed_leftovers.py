"""What a run killed between staging a new file and putting it in place leaves (``.name.jiading-XXXXXXXX.tmp``
beside it) is never committed and never stays: a new site's ``.gitignore`` ignores every such name, and
`new-article` removes a killed run's staged copy of the file it writes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Site
from jiading_cli.base.tempnames import is_leftover, temp_prefix
from test_init import FLAGS, run


def test_a_new_sites_gitignore_ignores_every_temporary_file_and_nothing_else(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert run(tmp_path, "init", *FLAGS).exit_code == 0
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    staged = [f"articles/en/{temp_prefix('a.md')}abc12345.tmp", f"{temp_prefix('jiading.toml')}x_9.tmp"]
    long = "长" * 80 + ".md"  # a temporary name cut short, told apart by a digest
    staged.append(f"articles/{temp_prefix(long)}abcdefgh.tmp")
    kept = ["articles/en/a.md", "articles/en/jiading-notes.tmp", "articles/en/.a.md.tmp", "notes.tmp"]
    assert all(is_leftover(Path(name).name) for name in staged)
    assert not any(is_leftover(Path(name).name) for name in kept)
    for name in staged + kept:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    status = ["git", "-c", "core.quotepath=false", "status", "--porcelain", "--untracked-files=all"]
    listed = subprocess.run(status, cwd=tmp_path, capture_output=True, text=True).stdout
    shown = {line[3:].strip('"') for line in listed.splitlines()}
    assert shown & set(staged) == set()
    assert set(kept) <= shown


def test_new_article_removes_a_killed_runs_staged_copy_of_its_file(site: Site) -> None:
    folder = site.root / "articles/en/2026"
    folder.mkdir(parents=True)
    leftover = folder / f"{temp_prefix('park-opens.md')}abcd1234.tmp"
    leftover.write_text("---\ntitle: half\n", encoding="utf-8")
    other = folder / f"{temp_prefix('another.md')}abcd1234.tmp"  # another file's: not this run's to judge
    other.write_text("x", encoding="utf-8")
    result = site.run("new-article", "Park opens", "--slug", "park-opens", "--date", "2026-12-01", "--json")
    assert result.exit_code == 0, result.output
    written = site.root / json.loads(result.stdout)["path"]
    assert written == folder / "park-opens.md"
    assert not leftover.exists() and other.exists()
    assert site.run("validate").exit_code == 0
