"""A full build shares its Markdown with a forked helper and writes exactly the bytes of one that does not."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.content import markdown as render
from jiading_cli.incremental import forks, keys
from jiading_cli.incremental import renderpool as rendering

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00+08:00"
ARTICLE = """---
id: urn:uuid:7d0c2f4e-1b6a-4f3e-8c9d-2a5b6c7d8e{n:02d}
title: Lab {n} opens in Jiading
date: 2022-03-{day:02d}T10:00:00+08:00
summary: Research laboratory {n} opens.
tags: [research]
category: Investment
---
## Lab {n}

Text about lab {n}, with a [link](/labs/) and **bold** words.

1. first
2. second
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    for n in range(1, 21):
        path = tmp_path / "articles" / "en" / "2022" / f"lab-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=n, day=n), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.setenv("JIADING_JOBS", "2")  # two processes, whatever this machine has
    monkeypatch.setattr(rendering, "HELPER_FILES", range(0, 10_000))
    return tmp_path


def build(site: Path, out: str, env: dict[str, str] | None = None) -> dict[str, bytes]:
    shutil.rmtree(site / keys.DIR_NAME, ignore_errors=True)  # cold: every body is rendered anew
    result = CliRunner().invoke(app, ["feed", "build", "--out", out, "--now", NOW], env=env or {})
    assert result.exit_code == 0, result.output
    folder = site / out
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def renders_by_process(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each render appends the rendering process's id to ``log`` (the helper inherits this)."""
    real = render.render_html

    def logged(*args: Any) -> str:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(render, "render_html", logged)


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)  # a child running or exited and not waited for
    except ChildProcessError:
        return True
    return False


def test_the_helper_renders_half_the_bodies_and_the_feeds_are_the_same_bytes(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})
    log = tmp_path_factory.mktemp("log") / "pids"
    renders_by_process(monkeypatch, log)
    shared = build(site, "shared")
    assert shared == alone
    pids = log.read_text(encoding="utf-8").split()
    counts = sorted(pids.count(pid) for pid in set(pids))
    assert len(counts) == 2 and counts[1] - counts[0] <= 1  # two processes, every other body each
    assert str(os.getpid()) in pids
    assert no_child_left()


def test_no_helper_for_a_site_outside_its_range_or_one_cpu(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = rendering._start
    monkeypatch.setattr(rendering, "_start", lambda config: started.append(1) or real(config))
    build(site, "one-cpu", {"JIADING_JOBS": "1"})
    monkeypatch.setattr(rendering, "HELPER_FILES", range(1_000, 30_001))
    build(site, "small")
    assert started == []
    monkeypatch.setattr(rendering, "HELPER_FILES", range(0, 10_000))
    build(site, "helped")
    assert started == [1]


def test_a_helper_that_is_gone_costs_time_not_a_byte(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})
    real = rendering.Pool.many

    def after_a_kill(pool: rendering.Pool, config: Any, articles: Any) -> dict[str, str]:
        assert pool.helper is not None
        os.kill(pool.helper.pid, 9)
        os.waitpid(pool.helper.pid, 0)
        pool.helper.pid = 0  # waited for
        return real(pool, config, articles)

    monkeypatch.setattr(rendering.Pool, "many", after_a_kill)
    assert build(site, "after-kill") == alone
    assert no_child_left()


@pytest.mark.parametrize(
    "answer",
    [
        b"",  # ends before a length
        (100).to_bytes(8, "big") + b"short",  # ends inside the message
        (3).to_bytes(8, "big") + b"abc",  # not a pickle
    ],
)
def test_a_helper_answering_garbage_costs_time_not_a_byte(
    site: Path, monkeypatch: pytest.MonkeyPatch, answer: bytes
) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})

    def serve(config: Any, requests: int, replies: int) -> None:
        forks.receive(requests)
        forks.write_all(replies, answer)

    monkeypatch.setattr(rendering, "_serve", serve)
    assert build(site, "garbage") == alone
    assert no_child_left()


def test_an_answer_of_the_wrong_shape_is_not_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    alone = build(site, "alone", {"JIADING_JOBS": "1"})

    def serve(config: Any, requests: int, replies: int) -> None:
        sent = pickle.loads(forks.receive(requests))
        forks.send(replies, pickle.dumps(["<p>wrong</p>"] * (len(sent) - 1)))  # one short

    monkeypatch.setattr(rendering, "_serve", serve)
    assert build(site, "short") == alone
