"""`jiading build` killed with SIGKILL at random moments: a full build making its article pages in forked
processes, or an incremental one after an edit. After each kill every file of the output folder is the old one
or the new one, whole; the next build leaves no temporary file and no empty folder, and its folder (and the
caches the killed build was writing) give what a build without any cache makes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import CONFIG, NOW
from jiading_cli.base import tempnames
from test_feed_faults import MARK, staging

MARKS = (MARK, ".jiading-pages.json.writing")  # stand while a build writes; a killed build leaves them

ARTICLES = 420  # enough for a full build to make its article pages in two processes (200 each at least)
KILLS = 6
SEED = 2026


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but jiading's temporary ones and its marks of a build writing, by path."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not tempnames.is_leftover(path.name) and path.name not in MARKS:
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "jiading_cli", "build", "--now", NOW, *args]


def _build(root: Path, *args: str, cache: str = "on") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JIADING_JOBS": "2", "JIADING_CACHE": cache}
    return subprocess.run(_command(*args), cwd=root, capture_output=True, text=True, env=env, check=False)


def _article(n: int, edit: int = 0) -> str:
    tags = ", ".join(f"tag-{(n + k) % 15}" for k in range(2))
    body = "\n\n".join(f"Paragraph {p} of article {n}, edit {edit}: " + "Jiading grows. " * 12 for p in range(3))
    return (
        f"---\nid: urn:uuid:00000000-0000-4000-8000-{n:012d}\ntitle: Article {n}\n"
        f"date: 2017-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00+08:00\n"
        f"summary: Summary of article number {n}.\ntags: [{tags}]\ncategory: C{n % 5}\n---\n{body}\n"
    )


def _site(root: Path) -> None:
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    folder = root / "articles"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"a{n:03d}.md").write_text(_article(n), encoding="utf-8")


def _change(root: Path, round_: int, rng: random.Random) -> None:
    """Even rounds: a new site title (every page is made again, in two processes); odd: one article edited and
    one added (an incremental build)."""
    if round_ % 2 == 0:
        text = CONFIG.replace("Invest in Jiading", f"Invest in Jiading {round_}")
        (root / "jiading.toml").write_text(text, encoding="utf-8")
        return
    n = rng.randrange(ARTICLES)
    (root / "articles" / f"a{n:03d}.md").write_text(_article(n, round_), encoding="utf-8")
    (root / "articles" / f"new{round_}.md").write_text(_article(ARTICLES + round_), encoding="utf-8")


def test_kill_9_at_random_moments_of_a_site_build_leaves_every_file_old_or_new_and_no_leftover(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    _site(root)
    start = time.monotonic()
    assert _build(root).returncode == 0
    span = time.monotonic() - start
    rng = random.Random(SEED)
    public = root / "public"
    for round_ in range(KILLS):
        old = snapshot(public)
        _change(root, round_, rng)
        time.sleep(0.01)
        env = {**os.environ, "JIADING_JOBS": "2"}
        process = subprocess.Popen(_command(), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        if round_ % 3 == 1:
            staging(public, process, 10 * span)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0.1, 1.0) * span)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = snapshot(public)
        finished = _build(root)
        assert finished.returncode == 0, finished.stderr
        new = snapshot(public)
        for name, data in after.items():
            assert data in (old.get(name), new.get(name)), f"round {round_}: {name} is neither old nor new"
        assert list(tempnames.leftovers(public)) == [], f"round {round_}"
        assert not any((public / mark).exists() for mark in MARKS), f"round {round_}"
        empty = [folder for folder, subfolders, names in os.walk(public) if not subfolders and not names]
        assert empty == [], f"round {round_}: empty folders left: {empty[:3]}"
        cold = _build(root, "--out", str(tmp_path / f"cold{round_}"), cache="off")
        assert cold.returncode == 0, cold.stderr
        assert snapshot(tmp_path / f"cold{round_}") == new, f"round {round_}"
