"""Many bodies rendered at once are stored in one pack, found again whole, and never trusted when damaged."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.content import markdown as render
from jiading_cli.incremental import htmlstore, keys

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00+08:00"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.setattr(htmlstore, "PACK_MIN", 2)  # the shipped site's few articles make a pack
    return tmp_path


def build(site: Path, out: str) -> dict[str, bytes]:
    shutil.rmtree(site / out, ignore_errors=True)
    (site / keys.DIR_NAME / "memo-feed-build.pickle").unlink(missing_ok=True)
    for ledger in (site / keys.DIR_NAME).glob("ledger-*"):
        ledger.unlink()  # a full build each time: every body is looked up in the HTML store
    result = CliRunner().invoke(app, ["feed", "build", "--out", out, "--now", NOW])
    assert result.exit_code == 0, result.output
    folder = site / out
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_folder(site: Path) -> list[str]:
    return sorted(p.suffix for p in (site / keys.DIR_NAME / "html").iterdir())


def refuse_to_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> str:
        raise AssertionError("rendered again although it was stored")

    monkeypatch.setattr(render, "render_html", refuse)


def test_bodies_rendered_together_are_one_pack_and_are_not_rendered_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(site, "first")
    assert html_folder(site) == [".pack"]
    refuse_to_render(monkeypatch)
    assert build(site, "second") == first
    assert html_folder(site) == [".pack"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],  # truncated: no index
        lambda data: data[:-8] + (len(data) * 2).to_bytes(8, "big"),  # the index beyond the end
        lambda data: data.replace(b"<p>", b"<q>", 1),  # an entry changed
        lambda data: b"not a pack" + data,
    ],
)
def test_a_damaged_pack_is_rendered_again_to_the_same_bytes(site: Path, damage: object) -> None:
    first = build(site, "first")
    (pack,) = (site / keys.DIR_NAME / "html").glob("*.pack")
    pack.write_bytes(damage(pack.read_bytes()))  # type: ignore[operator]
    assert build(site, "again") == first


def test_few_bodies_are_a_file_each(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(htmlstore, "PACK_MIN", 10_000)
    first = build(site, "first")
    assert set(html_folder(site)) == {".html"}
    refuse_to_render(monkeypatch)
    assert build(site, "second") == first


def test_a_pack_unused_for_thirty_days_is_removed_and_a_used_one_kept(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site, "first")
    (pack,) = (site / keys.DIR_NAME / "html").glob("*.pack")
    old = time.time() - 31 * 86400
    stale = pack.with_name("0" * 16 + ".pack")
    shutil.copy(pack, stale)
    os.utime(stale, (old, old))
    os.utime(pack, (time.time() - 20 * 86400,) * 2)  # used, so kept; and now marked as used again
    monkeypatch.setattr(htmlstore, "PACK_MIN", 10_000)  # a file each; storing one prunes the folder
    edited = next((site / "articles").rglob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    build(site, "second")
    assert pack.exists() and not stale.exists()
    assert pack.stat().st_mtime > time.time() - 86400
