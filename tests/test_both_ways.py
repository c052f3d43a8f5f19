"""With the site's cache and without it (``JIADING_CACHE=off``), every command prints and writes the same bytes.

Each site is copied twice; one copy is run with the cache (a cold run in two processes, article pages included,
helper, then a warm one answered by build avoidance, then an incremental one after an edit), the other
the slow, obvious way, and every line printed and every file written is compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import untimed
from jiading_cli.cli import app
from jiading_cli.incremental import pagejobs, parallel

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-27T12:00:00+08:00"
Outputs = dict[str, bytes]

DRAFT = """---
id: urn:uuid:3f0c1e52-7a4b-4c2d-9e8f-0a1b2c3d4e5f
title: A draft about the new metro line
date: 2024-03-01T09:00:00+08:00
summary: Short.
draft: true
---
Not yet. See [the plan](../images/photo-1.png).
"""
SCHEDULED = """---
id: urn:uuid:4a1d2f63-8b5c-4d3e-8f90-1b2c3d4e5f60
title: 嘉定新城 announcement, scheduled
date: 2030-01-02T09:00:00+08:00
summary: An announcement that will be published in 2030, about the new town of Jiading.
tags: [新城, finance]
category: 投资
---
## Soon

A scheduled article, with ![a photo](../images/photo-2.png).
"""


def age(root: Path) -> None:
    """Every file an hour old, as between two real runs (build avoidance trusts no younger stat); the pages
    of ``build`` keep their mtimes, by which a page in place is known."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        if ".jiading-cache" not in path.parts and root / "site" not in path.parents and path.is_file():
            os.utime(path, (past, past))


def shipped(root: Path) -> None:
    shutil.copy(REPO / "jiading.toml", root / "jiading.toml")
    shutil.copytree(REPO / "articles", root / "articles")


def generated(root: Path) -> None:
    """The benchmark corpus (two languages, translations, images, tags, categories), a draft, a scheduled article."""
    made = root.parent / f"{root.name}-corpus"
    command = [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--count", "24", "--out", str(made)]
    subprocess.run([*command, "--only", "jiading"], check=True, capture_output=True)
    shutil.copytree(made / "jiading", root, dirs_exist_ok=True)
    (root / "articles" / "en" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (root / "articles" / "zh-cn" / "scheduled.md").write_text(SCHEDULED, encoding="utf-8")


def folder(root: Path, name: str) -> Outputs:
    base = root / name
    return {f"{name}/{p.relative_to(base).as_posix()}": p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def run(root: Path, env: dict[str, str], round_: str, share: bool = True) -> Outputs:
    """What ``validate``, ``feed build`` (as text and JSON), ``build`` and ``share`` (dry run) print and write."""
    runner = CliRunner()
    found: Outputs = {}
    commands: dict[str, list[str]] = {
        "validate.txt": ["validate"],
        "validate.json": ["validate", "--format", "json"],
        "feed.txt": ["feed", "build", "--now", NOW],
        "feed.json": ["feed", "build", "--now", NOW, "--out", "public-json", "--json"],
        "preview.txt": ["feed", "build", "--now", NOW, "--include-drafts"],
        "site.txt": ["build", "--now", NOW, "--out", "site"],
    }
    if share:
        commands.update({"share.json": ["share", "--json"], "share.txt": ["share", "--out", f"shared-{round_}"]})
    for name, args in commands.items():
        result = runner.invoke(app, args, env={"JIADING_NOW": NOW, **env})
        shown = untimed(result.output).replace(str(root), "<site>")  # JSON names the site's own folder
        found[name] = f"exit {result.exit_code}\n{shown}".encode()
    for name in ("public", "public-json", "public-preview", "site", f"shared-{round_}"):
        if (root / name).is_dir():
            found.update(folder(root, name))
    return found


def both_ways(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], None],
    edit: Callable[[Path], None],
    feeds: tuple[bool, bool] = (True, True),
    share: bool = True,
) -> None:
    """``feeds``: whether a build writes feeds before the edit, and after it; ``share``: run ``share`` too."""
    roots = {way: tmp_path / way for way in ("cached", "plain")}
    for root in roots.values():
        root.mkdir()
        make(root)
        age(root)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)  # a cold load shared with another process
    monkeypatch.setattr(pagejobs, "PER_PROCESS", 4)  # and the article pages of a build
    ways = {"cached": {"JIADING_JOBS": "2"}, "plain": {"JIADING_CACHE": "off"}}
    for round_ in ("cold", "warm", "edited"):
        if round_ == "edited":
            for root in roots.values():
                edit(root)
                age(root)
        outputs = {}
        for way, root in roots.items():
            monkeypatch.chdir(root)
            outputs[way] = run(root, ways[way], round_, share and round_ != "warm")
        assert outputs["cached"].keys() == outputs["plain"].keys(), round_
        for name in outputs["plain"]:
            assert outputs["cached"][name] == outputs["plain"][name], (round_, name)
        built = feeds[round_ == "edited"]
        assert ("public/feed.xml" in outputs["plain"]) == built, round_
        assert outputs["plain"]["feed.txt"].startswith(b"exit 0\n" if built else b"exit 1\n"), round_
        kept = sorted(p.name for p in (roots["cached"] / ".jiading-cache").iterdir())
        assert ("memo-feed-build.pickle" in kept) == built and any(n.startswith("articles-") for n in kept), round_
    assert (roots["cached"] / ".jiading-cache").is_dir() and not (roots["plain"] / ".jiading-cache").exists()


def edit_first(root: Path) -> None:
    path = sorted((root / "articles").rglob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph, edited.\n", encoding="utf-8")


def test_the_shipped_site_gives_the_same_bytes_with_the_cache_and_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    both_ways(tmp_path, monkeypatch, shipped, edit_first)


def test_a_generated_site_gives_the_same_bytes_with_the_cache_and_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_and_edit(root: Path) -> None:
        edit_first(root)
        new = root / "articles" / "en" / "added.md"
        new.write_text(SCHEDULED.replace("2030-01-02", "2026-11-01").replace("4a1d2f63", "5b2e3074"), encoding="utf-8")

    both_ways(tmp_path, monkeypatch, generated, add_and_edit)


def test_a_site_with_errors_gives_the_same_report_and_writes_no_feed_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path) -> None:
        generated(root)
        (root / "articles" / "en" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")

    def fix(root: Path) -> None:
        (root / "articles" / "en" / "broken.md").unlink()

    both_ways(tmp_path, monkeypatch, broken, fix, feeds=(False, True), share=False)
