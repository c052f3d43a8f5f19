"""A symbolic link where the cache folder, a folder of it, a store or the share lock goes is not jiading's: nothing is
read, written, removed or made through it, wherever it leads (an article, the articles folder, nowhere). A build
does its work without the store, as with any store it cannot write; a share run stops in one line naming the link,
exit 1."""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from functools import partial
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from typer.testing import CliRunner

from conftest import CONFIG, NOW, aged, cold_output, tree
from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from jiading_cli.cli import app
from jiading_cli.incremental import templates
from jiading_cli.incremental.keys import environment
from jiading_cli.incremental.pickles import opened, sealed
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


def _socket(path: Path) -> None:
    """A socket bound at ``path`` (left there once closed, as a server killed leaves one)."""
    import socket

    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind(os.fspath(path))


@pytest.mark.parametrize(
    ("make", "place", "found"),
    [
        (lambda path: path.write_text("x"), CACHE, "the folder of jiading's cache and lock, found a file"),
        (lambda path: path.mkdir(parents=True), CACHE / "share.lock", "the lock file jiading makes, found a folder"),
        (os.mkfifo, CACHE / "share.lock", "the lock file jiading makes, found a FIFO"),
        (os.mkfifo, CACHE, "the folder of jiading's cache and lock, found a FIFO"),
        (_socket, CACHE, "the folder of jiading's cache and lock, found a socket"),
    ],
    ids=[
        "a file for the cache folder",
        "a folder for the lock",
        "a FIFO for the lock",
        "a FIFO for the cache folder",
        "a socket for the cache folder",
    ],
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


ARTICLE = "---\nid: urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}\ntitle: Article {n}\n"
ARTICLE += (
    "date: 2017-07-0{day}T18:00:00+08:00\nsummary: Summary {n}.\ntags: [t{n}, common]\n---\nBody {n}, edit {k}.\n"
)
run = partial(CliRunner().invoke, app, env={"JIADING_NOW": NOW})
# What a person does between two runs: an article edited (just now, so no answer is kept and a kept one goes, or
# a minute ago), one added, the site's title changed (every page and feed made again), a command run
STEPS = st.sampled_from(["edit", "edit, a minute ago", "add", "title", "build", "feed build", "validate"])


def _write(root: Path, n: int, k: int) -> None:
    (root / "articles" / f"a{n}.md").write_text(ARTICLE.format(n=n, day=1 + n % 8, k=k), encoding="utf-8")


def _everything(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` by its path: a file's bytes, None for a folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


@settings(max_examples=6)
@given(steps=st.lists(STEPS, min_size=1, max_size=5))
@example(steps=["edit", "build", "edit, a minute ago", "build"])
@example(steps=["title", "feed build", "build"])
def test_a_cache_folder_linked_to_another_caches_folder_is_never_written_or_removed_from(
    tmp_path_factory: pytest.TempPathFactory, steps: list[str]
) -> None:
    """The cache folder a link to a folder holding the very stores this site would keep (another copy's cache, shared
    by a link): whatever the runs do, nothing there is written, replaced or removed (an answer out of date, the
    changes beside a store replaced), and every build writes what a build without any cache writes."""
    top = tmp_path_factory.mktemp("linked")
    root, elsewhere = top / "site", top / "cold"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(4):
        _write(root, n, 0)
    for k in range(3):  # a full build, then incremental ones, each with its answer and the changes beside a store
        _write(root, 1, k)
        aged(root)
        assert run(["--config", str(root), "build"]).exit_code == 0
    (root / ".jiading-cache").rename(top / "shared")
    (root / ".jiading-cache").symlink_to(top / "shared")
    shared = _everything(top / "shared")
    added = 4
    for number, step in enumerate(steps):
        if step.startswith("edit"):
            _write(root, number % added, number + 3)
            if step.endswith("ago"):
                aged(root)
        elif step == "add":
            _write(root, added, 0)
            added += 1
        elif step == "title":
            text = (root / "jiading.toml").read_text(encoding="utf-8")
            (root / "jiading.toml").write_text(
                text.replace('"Invest in Jiading', '"Invest in Jiading!'), encoding="utf-8"
            )
        else:
            result = run(["--config", str(root), *step.split()])
            assert result.exit_code == 0, (steps, result.output)
            if step == "build":
                assert tree(root / "public") == cold_output(root, elsewhere), steps
        assert _everything(top / "shared") == shared, steps


@pytest.mark.parametrize("target", [".", "..", "articles", "public"])
def test_a_cache_folder_linked_to_the_sites_own_folders_is_no_cache_and_hides_nothing(
    tmp_path: Path, target: str
) -> None:
    """A link where the cache folder goes, to the site's folder, a folder holding it, its articles or its output: no
    build is refused for an output folder 'inside the cache', every build writes what one without any cache does,
    and `jiading serve` still rebuilds when an article changes (what the link leads to is not the cache's)."""
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(2):
        _write(root, n, 0)
    (root / ".jiading-cache").symlink_to(target)
    before = _tree(root)
    for command in (["build"], ["feed", "build"], ["build"]):
        result = run(["--config", str(root), *command])
        assert result.exit_code == 0, (command, result.output)
        assert _tree(root) == before  # nothing written through the link
    assert tree(root / "public") == cold_output(root, tmp_path / "cold")
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert session.relevant(os.fspath(root / "articles" / "a1.md"))


def _planted(store: Path, where: Path) -> None:
    """At ``where``, ``store`` (a compiled template) with other code (a template giving ``PLANTED``) under its head,
    checksum and seal: a store any reader would run, were it read."""
    head = templates.FORMAT + environment()
    data = bytes(opened(store.read_bytes()))
    checksum = data[len(head) :].split(b"\0", 1)[0]
    code = Environment().compile("PLANTED", name="planted", filename="planted")
    where.write_bytes(sealed(head + checksum + b"\0" + marshal.dumps(code)))


@pytest.mark.parametrize("linked", ["the cache folder", "each store"])
def test_a_store_reached_through_a_link_is_never_read(tmp_path: Path, linked: str) -> None:
    """Compiled templates, which are code that is run, kept where a link in the cache leads (a folder elsewhere, as
    a shared one): none is loaded, and the pages are those a build without any cache makes."""
    root, shared = tmp_path / "site", tmp_path / "shared"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    _write(root, 1, 0)
    assert run(["--config", str(root), "build"]).exit_code == 0
    stores = sorted((root / ".jiading-cache" / "templates").glob("*.jinja"))
    assert stores
    if linked == "the cache folder":
        (root / ".jiading-cache").rename(shared)
        (root / ".jiading-cache").symlink_to(shared)
        for store in sorted((shared / "templates").glob("*.jinja")):
            _planted(store, store)
    else:
        shared.mkdir()
        for store in stores:
            _planted(store, shared / store.name)
            store.unlink()
            store.symlink_to(shared / store.name)
    text = (root / "jiading.toml").read_text(encoding="utf-8")
    (root / "jiading.toml").write_text(text.replace('"Invest in Jiading', '"Invest in Jiading!'), encoding="utf-8")
    result = run(["--config", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert tree(root / "public") == cold_output(root, tmp_path / "cold")
