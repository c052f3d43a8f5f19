"""Rendering Markdown in a forked process before a cold build: the same bytes, whatever the child does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiading_cli import cache, memo
from jiading_cli.article import Article
from jiading_cli.cli import app
from jiading_cli.config import Config, load_config
from jiading_cli.feeds import prerender
from jiading_cli.site import article_files, load_all

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00+08:00"

ARTICLE = """---
id: urn:uuid:5e1d7c52-2b7a-4c1e-9f0a-6d3b8e2c1c{n:02d}
title: Park {n} opens
date: 2021-05-{n:02d}T09:30:00+08:00
summary: A new industrial park opens in Jiading with room for {n} companies.
tags: [industry]
category: Investment
---
## Park {n}

Jiading opens park {n}, *the {n}th*. See [the plan](../2017/financial-industry-to-boost-jiading.md).
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    for n in range(1, 13):
        path = tmp_path / "articles" / "en" / "2021" / f"park-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=n), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.setattr(memo, "recall", lambda *_: None)
    monkeypatch.setattr(prerender, "PARALLEL_MIN", 4)  # a dozen articles stand in for a large site
    return tmp_path


@pytest.fixture
def children(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file the forked process appends the id of each article it renders to."""
    log = site / "child.log"
    store = prerender._store

    def logged(config: Config, article: Article) -> None:
        with open(log, "a", encoding="utf-8") as out:
            out.write(article.id + "\n")
        store(config, article)

    monkeypatch.setattr(prerender, "_store", logged)
    return log


def build(site: Path, out: str, **env: str) -> dict[str, bytes]:
    shutil.rmtree(site / ".jiading-cache", ignore_errors=True)
    result = CliRunner().invoke(app, ["feed", "build", "--now", NOW, "--out", out], env=env)
    assert result.exit_code == 0, result.output
    folder = site / out
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cold_build_on_two_processes_writes_the_bytes_of_one_process(site: Path, children: Path) -> None:
    one = build(site, "one", JIADING_JOBS="1")
    assert not children.exists()
    two = build(site, "two", JIADING_JOBS="2")
    assert len(children.read_text(encoding="utf-8").split()) == 7  # every other one of 14 bodies
    assert two == one == build(site, "plain", JIADING_CACHE="off")
    assert b"/en/news/2017/07/financial-industry-to-boost-jiading/" in two["feed.xml"]


def test_a_child_that_fails_half_way_still_gives_every_item(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, calls = prerender._store, list[Article]()

    def failing(config: Config, article: Article) -> None:
        calls.append(article)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        store(config, article)

    monkeypatch.setattr(prerender, "_store", failing)
    assert build(site, "failed", JIADING_JOBS="2") == build(site, "plain", JIADING_CACHE="off")


def test_a_child_that_is_killed_still_gives_every_item(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prerender, "_store", lambda *_: os.kill(os.getpid(), signal.SIGKILL))
    assert build(site, "killed", JIADING_JOBS="2") == build(site, "plain", JIADING_CACHE="off")


def test_few_uncached_bodies_are_rendered_here(site: Path, children: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prerender, "PARALLEL_MIN", 15)
    build(site, "public", JIADING_JOBS="2")
    assert not children.exists()


def test_a_body_is_known_as_cached_once_render_cached_stored_it(site: Path) -> None:
    config = load_config(site)
    article = next(item.article for item in load_all(config, article_files(config)) if item.article)
    assert not prerender.cached(config, article)
    cache.render_cached(config, article)
    assert prerender.cached(config, article)


FORKING_BUILD = """
import atexit, sys
from jiading_cli.feeds import prerender
prerender.PARALLEL_MIN = 4
atexit.register(lambda: print("exit handler ran"))
print("printed before the build")  # still in this process's buffer when the child is forked
from jiading_cli.cli import main
main()
"""


def test_the_child_neither_flushes_output_nor_runs_exit_handlers(site: Path) -> None:
    env = {**os.environ, "JIADING_JOBS": "2", "JIADING_NOW": NOW}
    args = [sys.executable, "-c", FORKING_BUILD, "feed", "build"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("printed before the build") == 1
    assert done.stdout.count("exit handler ran") == 1
    assert "45 feed files in public/: 45 new" in done.stdout
    assert len(list((site / ".jiading-cache" / "html").glob("*.html"))) == 14
