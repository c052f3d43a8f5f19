"""Cached articles give byte-identical feeds: cold, warm and incremental builds agree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.incremental import keys, parallel
from tinyimages import png_bytes

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00+08:00"

ARTICLE = """---
id: urn:uuid:5e1d7c52-2b7a-4c1e-9f0a-6d3b8e2c1a{n:02d}
title: Park {n} opens
date: 2021-05-{day:02d}T09:30:00+08:00
summary: A new industrial park opens in Jiading with room for {n} companies.
tags: [industry, parks]
category: Investment
image: ../../images/photo.png
image_alt: The park
---
## The park

Jiading opens park {n}. [Read more](/parks/) or see [the plan](#plan).

![Aerial view](../../images/photo.png)

> Quoted words about park {n}.

- one
- two
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    (tmp_path / "articles" / "images").mkdir()
    (tmp_path / "articles" / "images" / "photo.png").write_bytes(png_bytes(3, 2))
    for n in range(1, 8):
        add(tmp_path, n)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    return tmp_path


def add(root: Path, n: int) -> Path:
    path = root / "articles" / "en" / "2021" / f"park-{n}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(n=n, day=n), encoding="utf-8")
    return path


def build(site: Path, out: str, cache_on: bool = True) -> dict[str, bytes]:
    env = {} if cache_on else {"JIADING_CACHE": "off"}
    result = CliRunner().invoke(app, ["feed", "build", "--out", out, "--now", NOW], env=env)
    assert result.exit_code == 0, result.output
    folder = site / out
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_warm_and_incremental_builds_write_the_bytes_of_a_cold_build(site: Path) -> None:
    cold = build(site, "cold", cache_on=False)
    build(site, "warm")
    assert build(site, "warm-again") == cold
    edited = site / "articles" / "en" / "2021" / "park-3.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Park 3 opens", "Park 3 is open"), encoding="utf-8")
    add(site, 9)
    incremental = build(site, "incremental")
    assert incremental == build(site, "cold-after", cache_on=False) != cold
    assert b"Park 3 is open" in incremental["feed.xml"]


def test_a_cold_build_shared_between_processes_writes_the_bytes_of_a_serial_one(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setenv("JIADING_JOBS", "1")
        serial = build(site, "serial", cache_on=False)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    started: list[int] = []
    real = parallel.start

    def counted(*args: Any) -> Any:
        started.append(len(args[1]))
        return real(*args)

    monkeypatch.setattr(parallel, "start", counted)
    for processes in ("2", "3"):
        shutil.rmtree(site / keys.DIR_NAME, ignore_errors=True)
        monkeypatch.setenv("JIADING_JOBS", processes)
        assert build(site, f"parallel-{processes}") == serial
    assert build(site, "warm") == serial
    assert len(started) == 3 and all(started)  # one other process, then two, each with its share of the files
