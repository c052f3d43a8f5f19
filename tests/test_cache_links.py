"""A symbolic link where the cache folder, a folder of it, a store or the share lock goes is not jiading's: nothing is
written or made through it, wherever it leads (an article, the articles folder, nowhere). A build does its work
without the store, as with any store it cannot write; a share run stops in one line naming the link, exit 1."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from share.sites import ShareSite, make_site

CACHE = Path(".jiading-cache")
PLACES = [CACHE, CACHE / "templates", CACHE / "share.lock", CACHE / "checks.pickle", CACHE / "feeds.json"]
TARGETS = {"an article": "articles/a.md", "the articles folder": "articles", "nowhere": "gone/x"}


def _tree(root: Path) -> dict[str, str]:
    """Every file under the site but the output folder and the cache, by the digest of its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and not name.startswith(("public", ".jiading-cache")):
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _linked(site: ShareSite, place: Path, target: str) -> None:
    link = site.root / place
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(site.root / target, link.parent), link)


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    site.article("b.md", title="Jiading news number two", id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a11")
    return site


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("place", PLACES, ids=str)
def test_a_build_writes_nothing_through_a_link_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: Path, target: str
) -> None:
    site = _site(tmp_path, monkeypatch)
    _linked(site, place, TARGETS[target])
    before = _tree(site.root)
    for command in (["build"], ["feed", "build"], ["validate"], ["build"]):
        result = site.run(*command)
        assert result.exit_code == 0, (command, result.output)
        assert _tree(site.root) == before, command  # a link where a store goes is replaced by the store, by rename


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("place", [CACHE, CACHE / "share.lock"], ids=str)
def test_a_share_run_takes_no_lock_through_a_link_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: Path, target: str
) -> None:
    site = _site(tmp_path, monkeypatch)
    _linked(site, place, TARGETS[target])
    before = _tree(site.root)
    for command in (["--adopt"], ["--post", "--yes"], ["--resolve", "articles/a.md", "--not-posted"]):
        result = site.run("share", *command, "--network", "facebook")
        assert result.exit_code == 1, (command, result.output)
        said = "the lock file jiading makes" if place.name == "share.lock" else "the folder of jiading's cache and lock"
        assert (
            result.output
            == f"Error: {place}: expected {said}, found a symbolic link; remove it, and jiading makes it again\n"
        )
        assert _tree(site.root) == before


@pytest.mark.parametrize(
    ("make", "place", "found"),
    [
        (lambda path: path.write_text("x"), CACHE, "the folder of jiading's cache and lock, found a file"),
        (lambda path: path.mkdir(parents=True), CACHE / "share.lock", "the lock file jiading makes, found a folder"),
        (os.mkfifo, CACHE / "share.lock", "the lock file jiading makes, found a FIFO or a device"),
    ],
    ids=["a file for the cache folder", "a folder for the lock", "a FIFO for the lock"],
)
def test_anything_else_where_the_lock_goes_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, place: Path, found: str
) -> None:
    site = _site(tmp_path, monkeypatch)
    (site.root / place).parent.mkdir(exist_ok=True)
    make(site.root / place)  # type: ignore[operator]
    before = _tree(site.root)
    result = site.run("share", "--adopt", "--network", "facebook")
    assert result.exit_code == 1
    assert result.output == f"Error: {place}: expected {found}; remove it, and jiading makes it again\n"
    assert _tree(site.root) == before
