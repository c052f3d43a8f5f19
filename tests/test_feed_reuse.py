"""Reused feed files: every build writes the bytes of a cold build, and unchanged feeds are not made again."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.feeds import jsonfeed, xmltext
from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental.reuse import FILE_NAME, Reuse, canonical

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00+08:00"
STORE = Path(".jiading-cache") / FILE_NAME

ARTICLE = """---
id: urn:uuid:5e1d7c52-2b7a-4c1e-9f0a-6d3b8e2c1b{n:02d}
title: Park {n} opens
date: 2021-05-{n:02d}T09:30:00+08:00
summary: A new industrial park opens in Jiading with room for {n} companies.
tags: [industry, park-{n}]
category: Investment
{extra}---
Jiading opens park {n}. [Read more](/parks/).
"""


def add(root: Path, n: int, extra: str = "") -> Path:
    path = root / "articles" / "en" / "2021" / f"park-{n}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(n=n, extra=extra), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    for n in range(1, 6):
        add(tmp_path, n)
    add(tmp_path, 6, extra="draft: true\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.setattr(memo, "recall", lambda *_: None)  # no whole-build avoidance: every build makes its feeds
    return tmp_path


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the feeds whose files were made (RSS and Atom) or as JSON in this test."""
    calls: list[str] = []
    rss_and_atom, json_feed = xmltext.rss_and_atom, jsonfeed.json_feed

    def counted_xml(meta: FeedMeta, items: list[Item]) -> tuple[bytes, bytes]:
        calls.append(f"xml {meta.title}")
        return rss_and_atom(meta, items)

    def counted_json(meta: FeedMeta, items: list[Item]) -> bytes:
        calls.append(f"json {meta.title}")
        return json_feed(meta, items)

    monkeypatch.setattr(xmltext, "rss_and_atom", counted_xml)
    monkeypatch.setattr(jsonfeed, "json_feed", counted_json)
    return calls


def build(site: Path, *args: str, cache_on: bool = True) -> dict[str, bytes]:
    """Run ``feed build`` and return the files of the folder it wrote."""
    env = {} if cache_on else {"JIADING_CACHE": "off"}
    result = CliRunner().invoke(app, ["feed", "build", "--now", NOW, *args], env=env)
    assert result.exit_code == 0, result.output
    folder = site / (args[args.index("--out") + 1] if "--out" in args else "public")
    if "--include-drafts" in args and "--out" not in args:
        folder = site / "public-preview"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(site: Path, *args: str) -> dict[str, bytes]:
    """The files a build without any cache writes into a fresh folder."""
    out = site.parent / f"cold-{len(list(site.parent.glob('cold-*')))}"
    return build(site, "--out", str(out), *args, cache_on=False)


def edit_body(site: Path) -> None:
    path = site / "articles" / "en" / "2021" / "park-3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def rename(site: Path) -> None:
    folder = site / "articles" / "en" / "2021"
    (folder / "park-2.md").rename(folder / "park-two.md")


def set_config(old: str, new: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        toml = site / "jiading.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return change


def touch(site: Path) -> None:
    path = site / "articles" / "en" / "2021" / "park-1.md"
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))


def hand_edit(site: Path) -> None:
    path = site / "public" / "tags" / "park-4" / "feed.xml"
    path.write_bytes(path.read_bytes().replace(b"Park 4 opens", b"Park 4 is closed"))


CHANGES: dict[str, Callable[[Path], object]] = {
    "an edited article": edit_body,
    "an added article": lambda site: add(site, 7),
    "a deleted article": lambda site: (site / "articles" / "en" / "2021" / "park-5.md").unlink(),
    "a renamed article": rename,
    "a new site title": set_config('title = "Invest in Jiading"', 'title = "Jiading News"'),
    "a new feed limit": set_config("limit = 20", "limit = 2"),
    "a summary-only feed": set_config('content = "full"', 'content = "summary"'),
    "a touched, unchanged article": touch,
    "a corrupt store": lambda site: (site / STORE).write_bytes(b'{"format": 1, "folders": {"x'),
    "a store of another format": lambda site: (site / STORE).write_text('{"format": 0, "folders": {}}'),
    "a hand-edited feed file": hand_edit,
    "a deleted feed file": lambda site: (site / "public" / "en" / "atom.xml").unlink(),
    "a deleted cache folder": lambda site: shutil.rmtree(site / ".jiading-cache"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_build_after_a_change_writes_the_bytes_of_a_cold_build(site: Path, change: str) -> None:
    build(site)
    CHANGES[change](site)
    assert build(site) == cold(site)


def test_only_the_feeds_that_carry_an_edited_article_are_made_again(site: Path, made: list[str]) -> None:
    build(site)
    other = site / "public" / "tags" / "park-4" / "feed.xml"
    before = other.stat()
    made.clear()
    edit_body(site)
    build(site)
    feeds = ["Invest in Jiading", "Invest in Jiading (en)", "Invest in Jiading: Investment"]
    feeds += ["Invest in Jiading: industry", "Invest in Jiading: park-3"]
    assert sorted(made) == sorted([f"xml {title}" for title in feeds] + [f"json {title}" for title in feeds])
    assert (other.stat().st_ino, other.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_build_with_nothing_changed_makes_no_feed(site: Path, made: list[str]) -> None:
    build(site)
    made.clear()
    build(site)
    assert made == []


def test_a_hand_edited_file_is_made_again_and_only_its_feed(site: Path, made: list[str]) -> None:
    build(site)
    made.clear()
    hand_edit(site)
    files = build(site)
    assert made == ["xml Invest in Jiading: park-4"]
    assert b"Park 4 opens" in files["tags/park-4/feed.xml"]


def test_without_the_cache_every_feed_is_made(site: Path, made: list[str]) -> None:
    files = build(site)
    made.clear()
    build(site, cache_on=False)
    assert len(made) == 2 * len([name for name in files if name.endswith("feed.json")])


def test_preview_and_site_builds_in_turn_keep_their_own_files(site: Path, made: list[str]) -> None:
    config = site / "jiading.toml"  # one preview URL, so that a preview into another folder is the same
    config.write_text(
        config.read_text().replace("[feeds]\n", '[feeds]\npreview_url = "https://staging.example.com/"\n')
    )
    site_files, preview = build(site), build(site, "--include-drafts")
    assert b"Park 6 opens" in preview["feed.xml"] and b"Park 6 opens" not in site_files["feed.xml"]
    made.clear()
    assert build(site) == site_files and build(site, "--include-drafts") == preview
    assert made == []
    edit_body(site)
    assert build(site, "--include-drafts") == cold(site, "--include-drafts")
    assert build(site) == cold(site)


def test_a_build_elsewhere_is_stored_beside_the_usual_one(site: Path, made: list[str]) -> None:
    build(site)
    elsewhere = build(site, "--out", str(site.parent / "elsewhere"))
    assert elsewhere == build(site)
    folders = json.loads((site / STORE).read_text(encoding="utf-8"))["folders"]
    assert sorted(folders) == sorted([str((site / "public").resolve()), str((site.parent / "elsewhere").resolve())])
    made.clear()
    build(site, "--out", str(site.parent / "elsewhere"))
    assert made == []


def test_a_folder_that_is_gone_leaves_the_store(site: Path) -> None:
    build(site, "--out", str(site.parent / "elsewhere"))
    shutil.rmtree(site.parent / "elsewhere")
    build(site)
    folders = json.loads((site / STORE).read_text(encoding="utf-8"))["folders"]
    assert list(folders) == [str((site / "public").resolve())]


ITEM = Item(
    id="urn:x",
    url="https://example.com/a/",
    title="A",
    published=dt.datetime(2024, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    updated=dt.datetime(2024, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    summary="S",
    html="<p>A</p>",
    terms=("t",),
    authors=("N",),
    lang="en",
    image=None,
    translations=(),
)
META = FeedMeta("T", "D", "en", "https://example.com/", ITEM.updated, ("N",), "", None, None, None, {"rss": "u"}, "u")


def test_the_same_moment_in_another_offset_is_another_key(tmp_path: Path) -> None:
    from jiading_cli.config import load_config

    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    reuse = Reuse(load_config(tmp_path), tmp_path / "public")
    utc = replace(ITEM, published=ITEM.published.astimezone(dt.UTC))
    assert utc == ITEM  # equal moments...
    assert reuse.key(META, [ITEM]) != reuse.key(META, [utc])  # ...written differently
    assert reuse.key(META, [ITEM]) == reuse.key(replace(META), [replace(ITEM)])


def test_a_value_without_a_canonical_form_is_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        canonical(replace(ITEM, title=1.5))  # type: ignore[arg-type]  # a field type the serialisation lacks
