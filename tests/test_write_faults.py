"""Write faults in every command that writes: each run under a file-size limit (``RLIMIT_FSIZE``, with
``SIGXFSZ`` ignored, so that a write past the limit fails with ``EFBIG`` as one past a full disk fails with
``ENOSPC``), swept over budgets from nothing to more than the largest file the command writes.

For each budget: the exit code is a documented one, every line on stderr is one error naming a file and why it
could not be written (never a traceback), no temporary file or mark of a build writing is left anywhere in the
site, the output folder is byte for byte as it was or as a run without the limit leaves it, and a run without
the limit then gives exactly what a clean run gives (nothing recorded by the failed run makes it skip work).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CONFIG, GOOD_ID, NOW, front, settle
from jiading_cli.base import tempnames
from tinyimages import noisy_png

SRC = str(Path(__file__).resolve().parent.parent / "src")
# one line naming the file, why, and (maybe) that nothing was written: never a hint that fits another cause
ERROR = re.compile(r"Error: [^\n]+?: cannot (write|replace): File too large( \(nothing was written\))?")
ROW_FAILED = re.compile(r"failed +\S+ +\S+ +not \w+: cannot (write|replace): File too large")
RECORDED = re.compile(rb"(\n +time: )'[0-9T:.-]+Z'")
DRAWN = re.compile(rb"urn:uuid:[0-9a-f-]{36}")
MARKS = (".jiading-manifest.json.writing", ".jiading-pages.json.writing")
BUDGETS = 3  # budgets between the smallest and the largest file a run writes, besides 0


def run(cwd: Path, args: list[str], limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``jiading ARGS`` in ``cwd``; with ``limit``, no file may grow past that many bytes."""

    def limited() -> None:  # pragma: no cover - runs in the child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": SRC, "JIADING_NOW": NOW, "NO_COLOR": "1"}
    env.pop("JIADING_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "jiading_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=None if limit is None else limited,
    )


def tree(folder: Path, fresh: bool = False) -> dict[str, bytes] | None:
    """Every file under ``folder`` (dot files too) with its bytes; None when there is no such folder. ``fresh``:
    with the ids a command draws at random (``urn:uuid:...``) written alike."""
    if not folder.is_dir():
        return None
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    # a record's time is the real clock's, the moment the run wrote it (JIADING_NOW says only what is due): alike
    found = {name: RECORDED.sub(rb"\1'*'", data) if name.endswith(".md") else data for name, data in found.items()}
    return {name: DRAWN.sub(b"urn:uuid:*", data) for name, data in found.items()} if fresh else found


def sizes(before: dict[str, bytes] | None, after: dict[str, bytes] | None) -> list[int]:
    """The sizes of the files a run wrote (new or changed), each once, smallest first."""
    before = before or {}
    return sorted({len(data) for name, data in (after or {}).items() if before.get(name) != data})


def budgets(outputs: list[int], everything: list[int]) -> list[int]:
    """0; one byte short of output files spread over their sizes (``outputs``), the largest among them: each of
    those files then fails, with every larger one (so a budget falls between the feeds and the pages when either
    is larger); and one byte short of the largest file written, when that is a store of the cache (only the
    cache then fails). Past the largest, nothing fails: the clean run is that case."""
    step = max(1, -(-len(outputs) // BUDGETS))
    return sorted({0, *(size - 1 for size in outputs[::-step]), everything[-1] - 1})


def leftovers(root: Path) -> list[str]:
    """Temporary files and marks of a build writing anywhere under ``root``."""
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if tempnames.is_leftover(p.name) or p.name in MARKS]


def sweep(
    prepare: Callable[[Path], object],
    args: list[str],
    output: Callable[[Path], Path],
    tmp_path: Path,
    *,
    fresh: bool = False,
    rows: bool = False,
    each: bool = False,
) -> None:
    """Run ``args`` under each budget in a site ``prepare`` makes (always at the same path: the caches are kept
    by the output folder's path, and an incremental build needs its last build's files as that build left them)
    and hold every run to the module's rules. ``output``: the folder the command writes; ``fresh``: it draws ids
    at random, and makes what it makes once (it is run again only after it failed); ``each``: the command
    writes its files one at a time, each whole (a record of a post, kept as soon as it is known), so that each
    file is as it was or as a run without the limit leaves it; ``rows``: it says each file it could not write on
    that article's row of stdout (``failed … not adopted: cannot write: …``) and goes on (a file of its own it
    cannot write, its lock, is an error line as any other command's)."""
    work = tmp_path / "work"

    def prepared() -> tuple[dict[str, bytes] | None, dict[str, bytes] | None]:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        prepare(work)
        return tree(work), tree(output(work), fresh)

    before_all, before = prepared()
    done = run(work, args)
    assert done.returncode == 0, done.stderr
    good = tree(output(work), fresh)
    written = sizes(before_all, tree(work))
    assert written, "the command wrote nothing"
    failed = 0
    for budget in budgets(sizes(before, good) or written, written):
        assert prepared()[1] == before
        limited = run(work, args, budget)
        where = f"budget {budget}: {limited.stderr}"
        assert limited.returncode in (0, 1), where
        assert "Traceback" not in limited.stderr, where
        lines = limited.stderr.splitlines()
        for line in lines:
            assert ERROR.fullmatch(line), where
        if rows:  # a command of rows says each article it could not write on its row, the run going on
            said = [line for line in limited.stdout.splitlines() if line.startswith("failed ")]
            where = f"budget {budget}: {limited.stderr}{limited.stdout}"
            assert all(ROW_FAILED.fullmatch(line) for line in said), where
            lines += said
        assert leftovers(work) == [], where
        found = tree(output(work), fresh)
        if limited.returncode == 0:
            assert lines == [], where
            assert found == good, where
        else:
            failed += 1
            assert lines, where
            if each:
                assert found is not None and before is not None and good is not None
                assert set(found) == set(before) | set(good), where
                for name, data in found.items():
                    assert data in (before.get(name), good.get(name)), f"{name}: {where}"
            else:
                assert found in (before, good), where
        if fresh and limited.returncode == 0:
            continue  # made once
        again = run(work, args)
        assert again.returncode == 0, f"budget {budget}, run again: {again.stderr}"
        assert tree(output(work), fresh) == good, f"budget {budget}: the run without the limit differs from a clean one"
        assert leftovers(work) == []
    assert failed, "no budget made the command fail"


def article(n: int, body: str = "") -> str:
    """A valid article (a long body, so that its page is among the larger files)."""
    text = body or " ".join(f"Jiading grows, part {k}." for k in range(40 * (n + 1)))
    return front(id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}", title=f"Article {n}") + text + "\n"


def small_site(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    folder = root / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.md").write_text(article(n), encoding="utf-8")
    (folder / "a0.md").write_text(article(0) + "![A picture](picture.png)\n", encoding="utf-8")
    (folder / "picture.png").write_bytes(noisy_png(80, 64))  # some 5 kB: a budget can fall within it
    settle(root)
    return root


def public(root: Path) -> Path:
    return root / "public"


def edited(root: Path) -> None:
    """A site built, then one article edited and one added: the next build is an incremental one."""
    small_site(root)
    assert run(root, ["build"]).returncode == 0
    text = article(1, "An edited body, much shorter.")
    (root / "articles" / "a1.md").write_text(text.replace("Article 1", "Article one"), encoding="utf-8")
    (root / "articles" / "a3.md").write_text(article(3), encoding="utf-8")


def test_build_into_an_empty_folder_under_every_budget(tmp_path: Path) -> None:
    sweep(small_site, ["build"], public, tmp_path)


def test_build_after_an_edit_under_every_budget(tmp_path: Path) -> None:
    sweep(edited, ["build"], public, tmp_path)


def test_feed_build_under_every_budget(tmp_path: Path) -> None:
    sweep(small_site, ["feed", "build"], public, tmp_path)


def test_feed_build_after_an_edit_under_every_budget(tmp_path: Path) -> None:
    sweep(edited, ["feed", "build"], public, tmp_path)


def test_init_under_every_budget(tmp_path: Path) -> None:
    args = ["init", "new", "-y", "--title", "T", "--base-url", "https://news.example.com", "--language", "en,zh"]
    sweep(lambda root: None, args, lambda root: root / "new", tmp_path, fresh=True)


def test_new_article_under_every_budget(tmp_path: Path) -> None:
    args = ["new-article", "A new one", "--summary", "Short."]
    sweep(small_site, args, lambda root: root / "articles", tmp_path, fresh=True)


@pytest.mark.parametrize("cause", ["a file in the way", "a read-only folder"])
def test_a_cache_that_cannot_be_written_fails_no_command(tmp_path: Path, cause: str) -> None:
    """The outputs are written: the run succeeds, and the next one (which can write it) gives the same files."""
    site = small_site(tmp_path / "site")
    clean = tmp_path / "clean"
    shutil.copytree(site, clean)
    assert run(clean, ["build"]).returncode == 0
    cache = site / ".jiading-cache"
    if cause == "a file in the way":
        cache.write_bytes(b"not a folder")
    else:
        cache.mkdir()
        cache.chmod(0o555)
        if os.access(cache, os.W_OK):
            cache.chmod(0o755)
            pytest.skip("a read-only folder is writable here (root)")
    done = run(site, ["build"])
    assert run(site, ["feed", "build"]).returncode == 0
    if cache.is_dir():
        cache.chmod(0o755)
    else:
        cache.unlink()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert tree(public(site)) == tree(public(clean))
    assert run(site, ["build"]).returncode == 0
    assert tree(public(site)) == tree(public(clean))
    assert leftovers(site) == []


def test_new_article_says_why_it_could_not_write_with_a_hint_that_fits(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    full = run(site, ["new-article", "A new one", "--summary", "Short."], 0)
    assert full.returncode == 1
    assert full.stderr.startswith("Error: articles/")
    assert "File too large" in full.stderr
    assert "--slug" not in full.stderr
    assert GOOD_ID not in full.stderr


def shared_site(root: Path) -> Path:
    small_site(root)
    with (root / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write(
            '\n[share]\nnetworks = ["email"]\n\n[email]\nsender = "news@example.com"\nto = ["list@example.com"]\n'
        )
    settle(root)
    return root


def test_share_out_under_every_budget(tmp_path: Path) -> None:
    sweep(shared_site, ["share", "--out", "out"], lambda root: root / "out", tmp_path)


def test_share_digest_out_under_every_budget(tmp_path: Path) -> None:
    args = ["share", "--digest", "--since", "2017-01-01", "--out", "out"]
    sweep(shared_site, args, lambda root: root / "out", tmp_path)


def test_share_adopt_under_every_budget(tmp_path: Path) -> None:
    args = ["share", "--adopt", "--network", "email"]
    sweep(shared_site, args, lambda root: root / "articles", tmp_path, each=True, rows=True)


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    """A file system of 256 KiB (tmpfs), for a disk that really fills; only as root, where ``mount`` works."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    where = tmp_path / "tiny"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], check=False)
    if mounted.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` but for about ``leave`` bytes; the filler file, to free it."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize > leave:
                out.write(b"\0" * 4096)
                out.flush()
        except OSError:
            pass  # full
    return filler


@pytest.mark.parametrize("leave", [0, 100 * 1024])
def test_build_on_a_disk_that_fills(tmp_path: Path, tiny: Path, leave: int) -> None:
    """A disk that is full, or fills while the pages are written: one line naming the file and
    'No space left on device', the output folder as it was, nothing left behind; freed, the build is a clean one."""
    site = small_site(tmp_path / "site")
    assert run(site, ["build", "--out", str(tmp_path / "clean")]).returncode == 0
    out = tiny / "out"
    filler = fill(tiny, leave)
    full = run(site, ["build", "--out", str(out)])
    assert full.returncode == 1, full.stderr
    lines = full.stderr.splitlines()
    assert lines and all(re.fullmatch(r"Error: \S+: cannot write: No space left on device", line) for line in lines)
    assert leftovers(tiny) == [] and not out.exists()
    filler.unlink()
    again = run(site, ["build", "--out", str(out)])
    assert again.returncode == 0, again.stderr
    assert tree(out) == tree(tmp_path / "clean")


def test_build_into_a_disk_made_read_only(tmp_path: Path, tiny: Path) -> None:
    """The last build's files stay; a new output folder there cannot be made: one line each time, exit 1."""
    site = small_site(tmp_path / "site")
    out = tiny / "out"
    assert run(site, ["build", "--out", str(out)]).returncode == 0
    before = tree(out)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny)], check=True)
    (site / "articles" / "a1.md").write_text(article(1, "Edited."), encoding="utf-8")
    for args in (["build", "--out", str(out)], ["feed", "build", "--out", str(out)], ["build", "--out", f"{tiny}/a/b"]):
        done = run(site, args)
        assert done.returncode == 1, done.stderr
        assert re.fullmatch(r"Error: \S+: cannot write: Read-only file system\n", done.stderr), done.stderr
    assert tree(out) == before
