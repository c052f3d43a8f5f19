"""The article files listed from each folder's kept listing (``incremental/listing.py``) are those a full walk
of the articles folder finds (``content.site.article_names``), and the same links left unfollowed, whatever was
added, removed, renamed or linked since, and a folder changed too recently to be told apart by its stat is read
again."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG
from jiading_cli.app.settings import load
from jiading_cli.config import Config
from jiading_cli.content.site import article_names, walked
from jiading_cli.incremental import listing

# Some of them names a checkout on Windows or macOS cannot hold (JD117): a device name, a name another's but for case.
NAMES = (
    "a.md",
    "B.MD",
    "c.txt",
    ".hidden.md",
    "d.md",
    "img.png",
    ".md",
    "e.markdown",
    "f.Md",
    "Aux.md",
    "A.md",
    "IMG.png",
)
FOLDERS = ("2017", "2018", ".git", "zh", "deep", "ZH", "nul")


@contextmanager
def site() -> Iterator[tuple[Config, Path]]:
    with tempfile.TemporaryDirectory() as made:
        root = Path(made)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles").mkdir()
        yield load(root), root / "articles"


class Tree:
    """Changes to a folder tree, each giving the folders it changed a new mtime, as the file system does
    (whose clock may not move between two changes made within one of its ticks)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = count(10**18, 10**6)

    def touched(self, *folders: Path) -> None:
        for folder in folders:
            moment = next(self.clock)
            os.utime(folder, ns=(moment, moment), follow_symlinks=False)

    def folders(self) -> list[Path]:
        found = [self.root]
        for parent, dirs, _ in os.walk(self.root):
            found += [Path(parent, name) for name in sorted(dirs) if not Path(parent, name).is_symlink()]
        return sorted(found)

    def entries(self) -> list[Path]:
        return sorted(p for folder in self.folders() for p in folder.iterdir())

    def apply(self, op: int, pick: int) -> None:
        folders = self.folders()
        folder = folders[pick % len(folders)]
        entries = self.entries()
        entry = entries[pick % len(entries)] if entries else None
        name = NAMES[pick % len(NAMES)] if op != 2 else FOLDERS[pick % len(FOLDERS)]
        target = folder / name
        if op == 0 and not target.exists() and not target.is_symlink():  # a file added
            target.write_text("---\n---\n", encoding="utf-8")
            self.touched(folder)
        elif op == 1 and entry is not None:  # an entry removed
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            self.touched(entry.parent)
        elif op == 2 and not target.exists() and not target.is_symlink():  # a folder added
            target.mkdir()
            self.touched(folder)
        elif op == 3 and entry is not None and not target.exists() and not target.is_symlink():  # a link added
            target.symlink_to(entry)
            self.touched(folder)
        elif op == 4 and not target.exists() and not target.is_symlink():  # a broken link
            target.symlink_to(folder / "nowhere")
            self.touched(folder)
        elif op == 5 and entry is not None and entry.is_dir() and not entry.is_symlink():
            # a folder becomes a file: a link to it, elsewhere, now names a file, its own folder unchanged
            shutil.rmtree(entry)
            entry.write_text("", encoding="utf-8")
            self.touched(entry.parent)
        elif op == 6 and entry is not None:  # an entry renamed: a folder in its own, a file into any
            where = entry.parent if entry.is_dir() else folder
            moved = where / f"{entry.name}-moved.md"
            if not moved.exists() and not moved.is_symlink():
                entry.rename(moved)
                self.touched(entry.parent, where)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6)), max_size=30))
def test_the_kept_listings_give_what_a_full_walk_gives_after_any_changes(changes: list[tuple[int, int]]) -> None:
    with site() as (config, articles), pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "RACY_NS", 0)  # each folder is settled as soon as it is read
        tree = Tree(articles)
        for op, pick in changes:
            tree.apply(op, pick)
            assert listing.names(config) == article_names(config)
            assert listing.names(config) == article_names(config)  # from the listings kept by the first
            assert listing.walk(config) == walked(config)  # the links neither follows (JD116), the odd names (JD117)


def test_a_folder_changed_within_the_racy_window_is_read_again(tmp_path: Path) -> None:
    """The folder's clock may not move between two changes: its stat then says nothing changed, so a
    folder changed less than RACY_NS before the run is never answered from a kept listing."""
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    folder = tmp_path / "articles" / "2017"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("", encoding="utf-8")
    config = load(tmp_path)
    before = os.stat(folder)
    assert listing.names(config) == [os.fspath(folder.resolve() / "a.md")]
    (folder / "b.md").write_text("", encoding="utf-8")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if within the same tick
    assert listing.names(config) == article_names(config) == [os.fspath(folder.resolve() / n) for n in ("a.md", "b.md")]


def test_a_damaged_or_foreign_listing_file_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "RACY_NS", 0)
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("", encoding="utf-8")
    config = load(tmp_path)
    assert listing.names(config) == article_names(config)
    kept = tmp_path / ".jiading-cache" / "listing.pickle"
    assert kept.is_file()
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    (tmp_path / "articles" / "b.md").write_text("", encoding="utf-8")
    os.utime(tmp_path / "articles", ns=(1, 1))
    assert listing.names(config) == article_names(config)
    assert len(listing.names(config)) == 2


def test_no_articles_folder_is_the_error_a_full_walk_gives(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    config = load(tmp_path)
    with pytest.raises(Exception) as walked:
        article_names(config)
    with pytest.raises(type(walked.value)) as kept:
        listing.names(config)
    assert str(kept.value) == str(walked.value)
