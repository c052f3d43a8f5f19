"""The benchmark works: its corpus is deterministic and valid, and its smoke run measures every jiading case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402  (benchmarks/ is not a package)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_seed_writes_byte_identical_sites(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", 40, seed=7)
    corpus.generate(tmp_path / "b", 40, seed=7)
    corpus.generate(tmp_path / "c", 40, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b") != files(tmp_path / "c")
    assert {p.split("/")[0] for p in files(tmp_path / "a")} == {"jiading", "hugo", "pelican"}


def test_the_corpus_is_a_valid_site_with_drafts_scheduled_and_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.generate(tmp_path, 400, kinds=("jiading",))
    monkeypatch.chdir(tmp_path / "jiading")
    result = CliRunner().invoke(app, ["validate"], env={"JIADING_NOW": "2026-01-01T00:00:00+08:00"})
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 2 notes in 400 files" in result.output  # the two scheduled articles
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "jiading" / "articles").rglob("*.md")]
    assert sum("draft: true" in t for t in texts) == 2
    assert sum("lang: zh-CN" in t for t in texts) > 40 and sum("lang: en" in t for t in texts) > 200


def test_the_smoke_benchmark_measures_every_jiading_case(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cases = ("jiading --version", "validate cold", "validate warm", "feed cold", "feed warm", "feed incremental")
    for case in (*cases, "site cold", "site warm", "site incremental"):
        row = next(line for line in result.stdout.splitlines() if line.startswith(f"| {case} |"))
        assert row.endswith("| 1 | ok |"), row
    for peer in ("hugo", "pelican"):  # CI has neither; the smoke run never installs or runs them
        assert f"| {peer} | — | — | 0 | not run |" in result.stdout


def test_an_unknown_peer_is_a_usage_error(tmp_path: Path) -> None:
    run = [sys.executable, str(BENCH / "run.py"), "--peers", "hugo,jekyll", "--work", str(tmp_path)]
    result = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--peers: expected hugo and/or pelican, got 'hugo,jekyll'" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing measured, nothing generated
