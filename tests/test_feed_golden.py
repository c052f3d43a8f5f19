"""The shipped site's feeds, byte for byte, against the checked-in files in tests/golden/feeds/.

After an intended change to the output, regenerate them and review the diff:

    JIADING_REGENERATE=1 .venv/bin/python -m pytest tests/test_feed_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import tree
from jiading_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "feeds"
NOW = "2026-01-01T00:00:00+08:00"


@pytest.mark.parametrize("cache", ["on", "off"])
def test_the_shipped_sites_feeds_match_the_golden_files(tmp_path: Path, cache: str) -> None:
    args = ["--config", str(REPO / "jiading.toml"), "feed", "build", "--out", str(tmp_path), "--now", NOW]
    result = CliRunner().invoke(app, args, env={"JIADING_CACHE": cache})
    assert result.exit_code == 0, result.output
    built = tree(tmp_path)
    if os.environ.get("JIADING_REGENERATE"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tmp_path, GOLDEN)
        pytest.skip("golden files regenerated; review them with git diff")
    golden = tree(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name, data in built.items():
        assert data.decode("utf-8") == golden[name].decode("utf-8"), name
