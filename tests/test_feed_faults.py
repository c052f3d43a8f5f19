"""Faults during `feed build`: kill -9 at random moments, a full disk, FIFOs and devices at output paths.

After each, every feed file is the old one or the new one, whole, and the next build leaves no temporary
file behind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CONFIG, NOW, Site
from jiading_cli.base import tempnames

KILLS = 8  # rounds of the kill -9 loop: each kills one build at a random moment and checks the folder
SEED = 2017


MARK = ".jiading-manifest.json.writing"  # stands while a build writes; a killed build leaves it


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but jiading's temporary ones and its mark of a build writing, by path."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not tempnames.is_leftover(path.name) and path.name != MARK:
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jiading_cli", "feed", "build", "--now", NOW, *args]


def build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    run_env = {**os.environ, **(env or {})}
    return subprocess.run(command(root, *args), cwd=root, capture_output=True, text=True, env=run_env, check=False)


def big_site(root: Path, title: str = "Invest in Jiading") -> None:
    """40 articles over 12 tags and 4 categories, with bodies long enough that writing takes a while."""
    (root / "jiading.toml").write_text(CONFIG.replace("Invest in Jiading", title), encoding="utf-8")
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    for n in range(40):
        tags = ", ".join(f"tag-{(n + k) % 12}" for k in range(3))
        body = "\n\n".join(f"Paragraph {p} of article {n}: " + "Jiading grows. " * 60 for p in range(8))
        (folder / f"a{n:02d}.md").write_text(
            f"---\nid: urn:uuid:00000000-0000-4000-8000-{n:012d}\ntitle: Article {n}\n"
            f"date: 2017-07-{1 + n % 28:02d}T{n % 24:02d}:00:00+08:00\nsummary: Summary of article number {n}.\n"
            f"tags: [{tags}]\ncategory: C{n % 4}\n---\n{body}\n",
            encoding="utf-8",
        )


def retitle(root: Path, title: str) -> None:
    config = root / "jiading.toml"
    config.write_text(CONFIG.replace("Invest in Jiading", title), encoding="utf-8")


def staging(public: Path, process: subprocess.Popen[bytes], limit: float) -> None:
    """Wait until the build has staged a file in ``public`` (it is writing), or has ended, or ``limit`` passed."""
    end = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < end:
        with os.scandir(public) as entries:
            if any(tempnames.is_leftover(entry.name) for entry in entries):
                return
        time.sleep(0.0002)


def test_kill_9_at_random_moments_leaves_every_feed_old_or_new_and_the_next_build_no_leftover(
    tmp_path: Path,
) -> None:
    """Half the rounds kill after a random share of a build's time; the other half once the build has begun
    writing, a random few milliseconds later, so that some kills land between staging and renaming."""
    root = tmp_path / "site"
    root.mkdir()
    big_site(root)
    assert build(root).returncode == 0
    retitle(root, "Invest in Jiading again")
    start = time.monotonic()
    assert build(root).returncode == 0
    span = time.monotonic() - start  # a full build, as each round's is: the title changes every feed
    rng = random.Random(SEED)
    public = root / "public"
    for round_ in range(KILLS):
        old = snapshot(public)
        retitle(root, f"Invest in Jiading {round_}")
        process = subprocess.Popen(command(root), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if round_ % 2:
            staging(public, process, 10 * span)
            time.sleep(rng.uniform(0, 0.03))
        else:
            time.sleep(rng.uniform(0.2, 1.0) * span)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = snapshot(public)
        finished = build(root)
        assert finished.returncode == 0, finished.stderr
        new = snapshot(public)
        for name, data in after.items():
            assert data in (old.get(name), new.get(name)), f"round {round_}: {name} is neither old nor new"
        assert list(tempnames.leftovers(public)) == [] and not (public / MARK).exists(), f"round {round_}"
    cold = build(root, "--out", str(tmp_path / "cold"), env={"JIADING_CACHE": "off"})
    assert cold.returncode == 0 and snapshot(tmp_path / "cold") == new


def test_the_leftovers_of_a_killed_build_are_removed_by_the_next_and_nothing_else_is(site: Site) -> None:
    site.article(tags="[finance]")
    assert site.run("feed", "build").exit_code == 0
    public = site.root / "public"
    planted = [public / ".feed.xml.jiading-k2x9a1b0.tmp", public / "tags" / "finance" / ".atom.xml.jiading-0q.tmp"]
    kept = [public / ".feed.xml.tmp", public / "notes.jiading-1.tmp", public / ".deploy.jiading-x.tmp.bak"]
    for path in planted + kept:
        path.write_bytes(b"<?xml version='1.0' encoding='UTF-8'?>\n<rss/>\n")
    (public / ".folder.jiading-1.tmp").mkdir()  # a folder: never removed
    (public / MARK).write_text("")  # as a build killed while writing leaves it
    site.article(tags="[finance]", title="Financial industry to boost Jiading again")
    result = site.run("feed", "build")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in planted)
    assert all(path.exists() for path in kept) and (public / ".folder.jiading-1.tmp").is_dir()


def test_a_build_with_nothing_to_do_still_removes_a_killed_builds_leftovers(site: Site) -> None:
    site.article(tags="[finance]")
    assert site.run("feed", "build").exit_code == 0
    leftover = site.root / "public" / "tags" / "finance" / ".feed.json.jiading-3f9a2c1d.tmp"
    leftover.write_bytes(b"{}")
    (site.root / "public" / MARK).write_text("")  # as a build killed while writing leaves it
    result = site.run("feed", "build")
    assert result.exit_code == 0 and "0 new, 0 changed" in result.output
    assert not leftover.exists() and not (site.root / "public" / MARK).exists()


@pytest.mark.parametrize("cache", ["on", "off"])  # an incremental build, and a full one
@pytest.mark.parametrize("name", ["feed.xml", "tags/finance/atom.xml", ".jiading-manifest.json"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder"])
def test_a_fifo_device_or_folder_at_an_output_path_is_one_error_line_never_a_hang(
    site: Site, name: str, kind: str, cache: str
) -> None:
    site.article(tags="[finance]")
    assert site.run("feed", "build").exit_code == 0
    path = site.root / "public" / name
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(kind)
    site.article(tags="[finance]", title="A new title")
    start = time.monotonic()
    result = site.run("feed", "build", env={"JIADING_CACHE": cache})
    assert time.monotonic() - start < 10
    what = {"fifo": "not a regular file but a FIFO; remove it", "folder": "a folder is in the way"}
    message = what.get(kind, "not a regular file but a character device; remove it")
    assert result.exit_code == 1 and result.output.splitlines()[-1] == f"Error: public/{name}: cannot write: {message}"
    assert list(tempnames.leftovers(site.root / "public")) == []


# -- a full disk ---------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(site: Site) -> Iterator[Path]:
    """``public/`` on a tmpfs of 1 MiB, where the machine lets the tests mount one (root); else skipped."""
    public = site.root / "public"
    public.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(public)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine refuses to mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield public
    finally:
        subprocess.run(["umount", "-l", str(public)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """A file taking all the free space of ``folder``'s file system but ``leave`` bytes."""
    stats = os.statvfs(folder)
    filler = folder / "filler.bin"
    filler.write_bytes(b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave))
    return filler


def test_a_full_disk_leaves_every_feed_as_it_was_and_no_leftover(site: Site, small_disk: Path) -> None:
    for n, tag in enumerate(["finance", "innovation", "chips"]):
        site.article(f"a{n}.md", id=f"urn:uuid:00000000-0000-4000-8000-00000000000{n}", slug=f"a{n}", tags=f"[{tag}]")
    assert site.run("feed", "build").exit_code == 0
    old = snapshot(small_disk)
    filler = fill(small_disk, 8192)
    site.article("a0.md", "Long body. " * 3000, id="urn:uuid:00000000-0000-4000-8000-000000000000", slug="a0")
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith(": cannot write: No space left on device")
    assert snapshot(small_disk) == {**old, filler.name: filler.read_bytes()}
    assert list(tempnames.leftovers(small_disk)) == []
    filler.unlink()
    assert site.run("feed", "build").exit_code == 0
    assert b"Long body." in (small_disk / "feed.xml").read_bytes() and list(tempnames.leftovers(small_disk)) == []
