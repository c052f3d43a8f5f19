"""`jiading build`'s last line counts every file the build is answerable for in its folder: as many as the
folder holds after a build into a folder of its own, whatever the build was (full, answered, incremental)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import settle
from pages.sample import make, run

EXTRA = """\
---
id: urn:uuid:5f0e7a52-9d1c-4c8e-8a6b-3f2d1e0c9b8a
title: A second park opens
date: 2018-03-01T09:00:00+08:00
summary: Another park opens in Jiading.
tags: [parks]
lang: en
---
The second park opens in March.
"""
TOTAL = re.compile(r"^(\d+) files in (\S+)/, (\d+) removed$")


def files_in(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def total(result: Result) -> tuple[int, str, int]:
    assert result.exit_code == 0, result.output
    found = TOTAL.match(result.stdout.splitlines()[-1])
    assert found, result.stdout
    return int(found.group(1)), found.group(2), int(found.group(3))


def initialised(tmp_path: Path, pages: bool) -> Path:
    assert run(tmp_path, "init", "site", "--yes").exit_code == 0
    root = tmp_path / "site"
    if not pages:
        config = root / "jiading.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("# enabled = true", "enabled = false"), encoding="utf-8")
    return root


@pytest.mark.parametrize("pages", [True, False], ids=["pages", "no-pages"])
def test_the_total_is_every_file_a_new_sites_build_leaves_in_its_folder(tmp_path: Path, pages: bool) -> None:
    root = initialised(tmp_path, pages)
    count, folder, removed = total(run(root, "build"))
    assert (folder, removed) == ("public", 0)
    assert count == files_in(root / "public")
    assert (root / "public" / "feed.xsl").is_file()


@pytest.mark.parametrize("pages", [True, False], ids=["pages", "no-pages"])
def test_the_total_holds_when_the_build_is_answered_and_when_it_is_incremental(tmp_path: Path, pages: bool) -> None:
    root = make(tmp_path)
    if not pages:
        with (root / "jiading.toml").open("a", encoding="utf-8") as config:
            config.write("enabled = false\n")  # the sample's last table is [pages]
    extra = root / "articles/en/2018/extra.md"
    extra.parent.mkdir()
    extra.write_text(EXTRA, encoding="utf-8")
    first = total(run(root, "build"))
    assert first[0] == files_in(root / "public")
    settle(root)
    assert total(run(root, "build")) == first  # nothing changed: the stored answer
    extra.unlink()
    count, _, removed = total(run(root, "build"))
    assert removed > 0 and count == files_in(root / "public") == first[0] - removed


def test_a_previews_total_is_every_file_in_the_preview_folder(tmp_path: Path) -> None:
    root = make(tmp_path)
    count, folder, _ = total(run(root, "build", "--include-drafts"))
    assert folder == "public-preview" and count == files_in(root / "public-preview")
