"""A file of the output folder changed behind the build's back is made again, however its stat is put back: its
bytes written over with its size kept and its mtime set back to the one the build left (as ``touch -r`` or a copy
with ``cp -p`` leaves it), a page, an asset, a feed, the sitemap. A file replaced by a symbolic link to a file
outside (holding the same bytes, or others), a manifest too, is replaced by the build's file, never written through
and never left leading out of the folder. The next build, after an edit or with none, writes what a build without
any cache writes into an empty folder."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, aged, cold_output, tree
from jiading_cli.cli import app

ARTICLE = "---\nid: urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}\ntitle: Article {n}\n"
ARTICLE += "date: 2017-07-0{day}T18:00:00+08:00\nsummary: Summary of article number {n}.\ntags: [t{n}, common]\n"
ARTICLE += "---\nBody of article {n}, edit {k}.\n"
run = partial(CliRunner().invoke, app, env={"JIADING_NOW": NOW})


def _write(root: Path, n: int, k: int) -> None:
    (root / "articles" / f"a{n}.md").write_text(ARTICLE.format(n=n, day=1 + n % 8, k=k), encoding="utf-8")


def _written_over(path: Path, at: float) -> None:
    """``path``'s bytes changed at a place (one byte turned into another), its size, mode and times as they were."""
    info = path.stat()
    data = bytearray(path.read_bytes())
    where = min(int(at * len(data)), len(data) - 1)
    data[where] = ord("x") if data[where] != ord("x") else ord("y")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of four articles, built twice (the second build from the caches), its sources a minute old."""
    root = tmp_path_factory.mktemp("put-back") / "site"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(4):
        _write(root, n, 0)
    aged(root)
    for _ in range(2):
        assert run(["--config", str(root), "build"]).exit_code == 0
    return root


@settings(max_examples=10)
@given(which=st.none() | st.floats(0, 1, exclude_max=True), at=st.floats(0, 1), edit=st.booleans())
@example(which=None, at=0.5, edit=False)
@example(which=None, at=0.5, edit=True)
def test_a_file_written_over_with_its_size_and_mtime_put_back_is_made_again(
    built: Path, tmp_path_factory: pytest.TempPathFactory, which: float | None, at: float, edit: bool
) -> None:
    """``which``: the file written over, by its place among the output folder's files (None: an article's page)."""
    root = built
    names = sorted(name for name in tree(root / "public") if not name.startswith(".jiading-"))
    if which is None:
        name = next(name for name in names if name.endswith("/a1/index.html"))
    else:
        name = names[int(which * len(names))]
    _written_over(root / "public" / name, at)
    if edit:  # another article edited: the pages are made from the last build's facts
        _write(root, 2, time.time_ns())
        aged(root)
    result = run(["--config", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert tree(root / "public") == cold_output(root, tmp_path_factory.mktemp("cold")), name


@settings(max_examples=10)
@given(which=st.floats(0, 1, exclude_max=True), same=st.booleans(), edit=st.booleans())
@example(which=0.0, same=True, edit=False)  # the feeds' manifest
def test_a_file_replaced_by_a_link_to_a_file_outside_is_replaced_by_the_builds_file(
    built: Path, tmp_path_factory: pytest.TempPathFactory, which: float, same: bool, edit: bool
) -> None:
    """``same``: the file the link leads to holds the bytes the build left there (a copy moved out and linked)."""
    root = built
    names = sorted(tree(root / "public"))
    name = names[int(which * len(names))]
    place = root / "public" / name
    same = same or name.startswith(".jiading-")  # a manifest of other bytes is refused (test_manifest_damage.py)
    outside = tmp_path_factory.mktemp("outside") / "copy"
    outside.write_bytes(place.read_bytes() if same else b"another file's bytes\n")
    before = outside.read_bytes()
    place.unlink()
    place.symlink_to(outside)
    if edit:
        _write(root, 2, time.time_ns())
        aged(root)
    result = run(["--config", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert [path for path in (root / "public").rglob("*") if path.is_symlink()] == [], name
    assert tree(root / "public") == cold_output(root, tmp_path_factory.mktemp("cold")), name
    assert outside.read_bytes() == before
