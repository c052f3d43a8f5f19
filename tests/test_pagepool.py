"""A large first `jiading build` makes its article pages in two processes, and writes exactly the bytes of
one that does not; a helper that fails, dies or answers garbage costs time, never a byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.incremental import forks, keys, pagepool
from jiading_cli.pages import build as pages

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

Text about lab {n}, with a [link](/labs/), **bold** words and [another lab](lab-{other}.md).
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    for n in range(1, 41):
        path = tmp_path / "articles" / "en" / "2022" / f"lab-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=n, day=n % 28 + 1, other=n % 40 + 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.setenv("JIADING_JOBS", "2")  # two processes, whatever this machine has
    monkeypatch.setattr(pagepool, "HELPER_FILES", range(0, 10_000))
    return tmp_path


def build(site: Path, out: str, env: dict[str, str] | None = None) -> dict[str, bytes]:
    """A first build into ``out``, the cache removed: every page made."""
    shutil.rmtree(site / keys.DIR_NAME, ignore_errors=True)
    result = CliRunner().invoke(app, ["build", "--out", out, "--now", NOW], env=env or {})
    assert result.exit_code == 0, result.output
    folder = site / out
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pages_by_process(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each article page made appends the making process's id to ``log`` (the helper inherits this)."""
    real = pages.article_page

    def logged(*args: Any) -> bytes:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(pages, "article_page", logged)


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)  # a child running or exited and not waited for
    except ChildProcessError:
        return True
    return False


def test_the_helper_makes_some_pages_and_the_site_is_the_same_bytes(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    log = tmp_path_factory.mktemp("log") / "pids"
    pages_by_process(monkeypatch, log)
    alone = build(site, "alone", {"JIADING_CACHE": "off"})  # the slow, obvious way
    made_alone = log.read_text(encoding="utf-8").split()
    log.unlink()
    shared = build(site, "shared")
    assert shared == alone
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == len(made_alone) > 40  # every article page, once
    assert len(set(pids)) == 2 and str(os.getpid()) in pids  # this process and the helper, each some
    assert no_child_left()


def test_no_helper_for_a_site_outside_its_range_one_cpu_or_a_second_build(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = pagepool._start
    monkeypatch.setattr(pagepool, "_start", lambda config: started.append(1) or real(config))
    build(site, "one-cpu", {"JIADING_JOBS": "1"})
    build(site, "no-cache", {"JIADING_CACHE": "off"})
    monkeypatch.setattr(pagepool, "HELPER_FILES", range(1_000, 30_001))
    build(site, "small")
    assert started == []
    monkeypatch.setattr(pagepool, "HELPER_FILES", range(0, 10_000))
    build(site, "helped")
    assert started == [1]
    build(site, "helped")  # its pages are in place: the build makes few
    assert started == [1]


def test_a_helper_that_is_gone_costs_time_not_a_byte(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})
    real = pagepool.Pool.begin

    def after_a_kill(pool: pagepool.Pool, shared: Any) -> None:
        assert pool.helper is not None
        os.kill(pool.helper.pid, 9)
        os.waitpid(pool.helper.pid, 0)
        pool.helper.pid = 0  # waited for
        real(pool, shared)

    monkeypatch.setattr(pagepool.Pool, "begin", after_a_kill)
    assert build(site, "after-kill") == alone
    assert no_child_left()


def test_a_page_that_fails_in_the_helper_is_made_by_the_build(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})
    parent = os.getpid()
    real = pages.article_page

    def fails_in_the_helper(*args: Any) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the helper cannot make this page")
        return real(*args)

    monkeypatch.setattr(pages, "article_page", fails_in_the_helper)
    assert build(site, "failing") == alone
    assert no_child_left()


@pytest.mark.parametrize(
    "answer",
    [
        b"",  # ends before a length
        (100).to_bytes(8, "big") + b"short",  # ends inside the message
        (3).to_bytes(8, "big") + b"abc",  # not a pickle
        forks.LENGTH * b"\0",  # an empty message
    ],
)
def test_a_helper_answering_garbage_costs_time_not_a_byte(
    site: Path, monkeypatch: pytest.MonkeyPatch, answer: bytes
) -> None:
    alone = build(site, "alone", {"JIADING_JOBS": "1"})

    def serve(config: Any, requests: int, replies: int) -> None:
        forks.receive(requests)  # the site
        forks.receive(requests)  # the first pages
        forks.write_all(replies, answer)

    monkeypatch.setattr(pagepool, "_serve", serve)
    assert build(site, "garbage") == alone
    assert no_child_left()
