"""An update of the time zone database is an input of every store: a zone whose offset moved moves an article's local
date, its permalink and the dates its pages and feeds show, and the next build gives what a cold build gives with the
new database, never the last build's answer kept.

The database is a folder of this test's (``PYTHONTZPATH``, as ``zoneinfo`` reads it), updated as a system's package
update does: the zone's file and the database's ``tzdata.zi`` replaced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from jiading_cli.incremental import keys

NOW = "2026-01-01T00:00:00+08:00"
ARTICLE = """\
---
id: urn:uuid:8d6b5c1e-2f0a-4c1e-9a59-0b7a3c2d4e5f
title: Late in the month
date: 2017-07-31T23:30:00+08:00
summary: Published half an hour before August in Shanghai.
lang: en
---

Body.
"""


def _system_zones() -> Path:
    for folder in zoneinfo.TZPATH:
        if (Path(folder) / "Asia" / "Shanghai").is_file() and (Path(folder) / "Asia" / "Tokyo").is_file():
            return Path(folder)
    pytest.skip("no system time zone database with Asia/Shanghai and Asia/Tokyo")


def _build(site: Path, zones: Path, cache: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONTZPATH": str(zones), "JIADING_NOW": NOW, "JIADING_CACHE": "on" if cache else "off"}
    return subprocess.run(
        [sys.executable, "-m", "jiading_cli", "build", "-q"], cwd=site, env=env, capture_output=True, text=True
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_the_zone_database_changed_gives_what_a_cold_build_gives(tmp_path: Path) -> None:
    system = _system_zones()
    zones = tmp_path / "zones"
    (zones / "Asia").mkdir(parents=True)
    shutil.copy(system / "Asia" / "Shanghai", zones / "Asia" / "Shanghai")
    (zones / "tzdata.zi").write_text("# version 2017a\n", encoding="ascii")
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "jiading.toml").write_text(
        '[site]\ntitle = "Zones"\nbase_url = "https://news.example.com"\nlanguage = "en"\ntimezone = "Asia/Shanghai"\n',
        encoding="utf-8",
    )
    (site / "articles" / "late.md").write_text(ARTICLE, encoding="utf-8")
    first = _build(site, zones)
    assert first.returncode == 0, first.stderr
    assert (site / "public" / "en" / "news" / "2017" / "07" / "late" / "index.html").is_file()
    # The update: Shanghai's offset is now Tokyo's (+09:00), and the database says it is another version.
    updated = zones / "Asia" / "Shanghai.new"
    shutil.copy(system / "Asia" / "Tokyo", updated)
    updated.replace(zones / "Asia" / "Shanghai")
    (zones / "tzdata.zi.new").write_text("# version 2099a\n", encoding="ascii")
    (zones / "tzdata.zi.new").replace(zones / "tzdata.zi")
    again = _build(site, zones)
    assert again.returncode == 0, again.stderr
    cold = tmp_path / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns("public", ".jiading-cache"))
    assert _build(cold, zones, cache=False).returncode == 0
    assert _files(site / "public") == _files(cold / "public")
    assert (site / "public" / "en" / "news" / "2017" / "08" / "late" / "index.html").is_file()


def test_the_zone_database_is_found_where_zoneinfo_reads_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "tzdata.zi").write_text("# version 2099a\n", encoding="ascii")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path / "missing"), str(tmp_path)))
    assert keys.zones().startswith(f"zones={tmp_path}/tzdata.zi:")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path / "missing"),))
    assert keys.zones() == keys.installed("tzdata")
