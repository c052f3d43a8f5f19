"""Cached HTML and cached articles give byte-identical feeds: cold, warm and incremental builds agree."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiading_cli.app.articles import load_articles
from jiading_cli.cli import app
from jiading_cli.config import load_config
from jiading_cli.content import markdown as render
from jiading_cli.content.site import article_files
from jiading_cli.feeds.build import build_feeds
from jiading_cli.incremental import htmlstore, keys, parallel
from jiading_cli.incremental.htmlstore import HtmlStore
from jiading_cli.model.article import Article

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
    (tmp_path / "articles" / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
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


def articles(site: Path) -> list[Article]:
    config = load_config(site)
    return [item.article for item in load_articles(config, article_files(config)) if item.article]


def test_cached_html_is_the_rendered_html_and_feeds_built_with_it_are_identical(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(site)
    now = dt.datetime.fromisoformat(NOW)
    plain = build_feeds(config, articles(site), now).outputs
    first = build_feeds(config, articles(site), now, render=HtmlStore(config).render).outputs

    def refuse(*_: object) -> str:
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(render, "render_html", refuse)
    warm = build_feeds(config, articles(site), now, render=HtmlStore(config).render).outputs
    assert [o.data for o in plain] == [o.data for o in first] == [o.data for o in warm]


def test_an_edited_body_or_a_new_base_url_renders_again(site: Path) -> None:
    config = load_config(site)
    article = next(a for a in articles(site) if a.slug == "park-2")
    assert HtmlStore(config).render(config, article) == render.render_html(config, article)
    changed = article.__class__(**{**article.__dict__, "body": article.body + "\nMore.\n"})
    assert HtmlStore(config).render(config, changed) == render.render_html(config, changed)
    toml = site / "jiading.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("www.investinjiading.com", "example.org"), "utf-8")
    moved = load_config(site)
    html = HtmlStore(moved).render(moved, article)
    assert html == render.render_html(moved, article) and "https://example.org/" in html


def test_a_corrupt_html_entry_is_rendered_again(site: Path) -> None:
    config = load_config(site)
    article = next(a for a in articles(site) if a.slug == "park-4")
    HtmlStore(config).render(config, article)
    for entry in (site / keys.DIR_NAME / "html").glob("*.html"):
        entry.write_bytes(entry.read_bytes()[:-20] + b"<script>x</script>")
    assert HtmlStore(config).render(config, article) == render.render_html(config, article)


CACHED_RENDER = """
import sys
from pathlib import Path
from jiading_cli.incremental.htmlstore import HtmlStore
from jiading_cli.config import load_config
from jiading_cli.app.articles import load_articles
from jiading_cli.content.site import article_files
config = load_config(Path.cwd())
articles = [item.article for item in load_articles(config, article_files(config)) if item.article]
store = HtmlStore(config)
html = [store.render(config, article) for article in articles]
print("cmarkgfm" in sys.modules, len(html))
"""


def test_html_taken_from_the_cache_does_not_even_import_the_renderer(site: Path) -> None:
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", CACHED_RENDER], capture_output=True, text=True) for _ in range(2)]
    assert [run.stdout.split() for run in runs] == [["True", "9"], ["False", "9"]]


def test_html_stored_on_a_thread_is_all_written_when_the_block_ends(site: Path) -> None:
    config = load_config(site)
    every = articles(site)
    store = HtmlStore(config)
    with store.writing():
        html = [store.render(config, article) for article in every]
    entries = list((site / keys.DIR_NAME / "html").glob("*.html"))
    assert len(entries) == len(every)
    assert not list((site / keys.DIR_NAME / "html").glob("*.tmp"))
    for article, text in zip(every, html, strict=True):
        stored = (site / keys.DIR_NAME / "html" / f"{htmlstore.html_key(config, article)}.html").read_bytes()
        assert stored.partition(b"\n")[2].decode("utf-8") == text == render.render_html(config, article)


def test_within_the_block_entries_there_at_its_start_are_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(site)
    article = next(a for a in articles(site) if a.slug == "park-3")
    expected = HtmlStore(config).render(config, article)
    store = HtmlStore(config)

    def refuse(*_: object) -> str:
        raise AssertionError("rendered again although it was stored")

    with monkeypatch.context() as patch, store.writing():
        patch.setattr(render, "render_html", refuse)
        assert store.render(config, article) == expected


def test_within_the_block_an_entry_stored_since_its_start_is_rendered_again(site: Path) -> None:
    config = load_config(site)
    article = next(a for a in articles(site) if a.slug == "park-5")
    store = HtmlStore(config)
    with store.writing():
        planted = site / keys.DIR_NAME / "html" / f"{htmlstore.html_key(config, article)}.html"
        planted.parent.mkdir(parents=True, exist_ok=True)
        body = b"<p>planted after the block started</p>"
        planted.write_bytes(hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body)
        assert store.render(config, article) == render.render_html(config, article)
    assert HtmlStore(config).render(config, article) == render.render_html(config, article)  # stored whole at the end
