"""`share --post` killed at random moments, again and again, against loopback networks that keep their posts:
every article ends up posted once to each network, recorded once, and no file of jiading's is left behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import NOW, TOKENS, ShareSite, make_site

ROUNDS = 8
IDS = [f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}" for n in range(3)]


def posted_links(links: list[str]) -> Counter[str]:
    return Counter(link.split("?")[0].rstrip("/") for link in links)


ENV = {**os.environ, **TOKENS, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
SHARE = [sys.executable, "-m", "jiading_cli", "share"]
POST = [*SHARE, "--post", "--yes", "--network", "facebook", "--network", "linkedin"]


def three_articles(tmp_path: Path, httpserver: HTTPServer) -> tuple[ShareSite, FakeFacebook, FakeLinkedIn]:
    """A site of three articles posting to loopback Facebook and LinkedIn, which keep what is posted."""
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True, timeout=5)
    for n, id_ in enumerate(IDS):
        site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)
    return site, FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()


def test_a_post_run_killed_at_random_moments_never_posts_twice_or_leaves_a_file(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site, facebook, linkedin = three_articles(tmp_path, httpserver)
    facebook.answer_after = 0.05  # a post's answer takes a moment: kills land while one is in flight too
    env, command = ENV, POST
    chance = random.Random(20261201)
    for _ in range(ROUNDS):
        run = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.0, 1.5))
        run.send_signal(signal.SIGKILL)
        run.wait(30)
    final = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert final.returncode == 0, final.stdout + final.stderr
    fb_links = [post["attachments"]["data"][0]["unshimmed_url"] for post in facebook.posts]
    li_links = [post["content"]["article"]["source"] for post in linkedin.posts]
    assert sorted(posted_links(fb_links).values()) == [1, 1, 1]
    assert sorted(posted_links(li_links).values()) == [1, 1, 1]
    for n in range(len(IDS)):
        records = site.records(f"a{n}.md")
        assert sorted((r["network"], r["state"]) for r in records) == [("facebook", "posted"), ("linkedin", "posted")]
    left = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]
    assert left == []


def test_a_killed_runs_temporary_files_beside_an_article_and_in_the_cache_go_with_the_next_run(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a run killed between writing a file's new bytes and putting them in place leaves behind."""
    monkeypatch.chdir(tmp_path)
    three_articles(tmp_path, httpserver)
    env, command = ENV, POST
    validate = [sys.executable, "-m", "jiading_cli", "validate"]
    assert subprocess.run(validate, cwd=tmp_path, env=env, capture_output=True, check=False).returncode == 0
    article = next(tmp_path.rglob("a0.md"))
    stores = sorted((tmp_path / ".jiading-cache").glob("articles-*.pickle"))  # rewritten once records change
    assert stores
    before = {store: store.stat().st_mtime_ns for store in stores}
    planted = [article.with_name(".a0.md.jiading-killed1.tmp")]
    planted += [store.with_name(f".{store.name}.jiading-killed2.tmp") for store in stores]
    for path in planted:
        path.write_bytes(b"half a file")
    beside = article.with_name(".notes.md.jiading-other.tmp")  # another file's: not this run's to remove
    beside.write_bytes(b"kept")
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rewritten = [store for store in stores if store.stat().st_mtime_ns != before[store]]
    assert rewritten
    assert [p for p in planted if p.exists()] == [planted[1 + stores.index(s)] for s in stores if s not in rewritten]
    assert beside.read_bytes() == b"kept"
