"""A time written with a fraction of a second is published to the second, the same instant everywhere.

HTML's ``<time datetime>`` takes at most three digits of a fraction and RSS none; Python writes six
(``2026-01-02T03:04:05.123000+08:00``), so ``date: 2026-01-02T03:04:05.123Z``, as JavaScript's ``toISOString``
writes a time, made every page's ``datetime`` one the Nu HTML Checker rejects, while the feeds cut it to the
second. An article's times are read to the second, so every output writes one instant, in a form each takes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site

# HTML's valid global date and time string (a fraction of one to three digits, an offset or Z)
HTML_MOMENT = re.compile(
    r"[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,3})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
DATETIME = re.compile(r'<time datetime="([^"]*)"')
WRITTEN = re.compile(r"<(?:published|updated|lastmod)>([^<]*)<")
OTHER = "1990-01-01T00:00:00+00:00"  # the other of date and updated, written without a fraction
OFFSETS = {"Z": dt.UTC, "+08:00": dt.timezone(dt.timedelta(hours=8)), "-03:30": dt.timezone(dt.timedelta(hours=-3.5))}


def _site(root: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("JIADING_CONFIG", raising=False)
    return Site(root, CliRunner())


def _times(public: Path) -> dict[str, list[str]]:
    """Every time the build wrote, by the file it is in."""
    found: dict[str, list[str]] = {}
    for path in sorted(public.rglob("*")):
        if path.suffix not in {".html", ".xml", ".json"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        times = DATETIME.findall(text) + WRITTEN.findall(text)
        if path.suffix == ".html":
            times += re.findall(r'"date(?:Published|Modified)": ?"([^"]*)"', text)
        if path.name == "feed.json":
            times += [item[key] for item in json.loads(text)["items"] for key in ("date_published", "date_modified")]
        if times:
            found[path.relative_to(public).as_posix()] = times
    return found


@settings(max_examples=25, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2025, 12, 31)),
    digits=st.integers(1, 9),
    offset=st.sampled_from(["Z", "+08:00", "-03:30", ""]),
    quoted=st.booleans(),
    field=st.sampled_from(["date", "updated"]),
)
def test_a_fraction_of_a_second_is_published_to_the_second(
    tmp_path_factory: pytest.TempPathFactory, moment: dt.datetime, digits: int, offset: str, quoted: bool, field: str
) -> None:
    fraction = f"{moment.microsecond:06d}{moment.microsecond % 997:03d}"[:digits]
    text = f"{moment.replace(microsecond=0).isoformat()}.{fraction}{offset}"
    zone = OFFSETS[offset] if offset else ZoneInfo("Asia/Shanghai")
    meant = moment.replace(microsecond=0, tzinfo=zone)
    fields = {"date": OTHER, "updated": None}
    fields[field] = f"'{text}'" if quoted else text
    with pytest.MonkeyPatch.context() as patch:
        site = _site(tmp_path_factory.mktemp("site"), patch)
        site.article("en/a.md", **fields)
        checked = site.run("validate")
        assert checked.exit_code == 0, checked.output
        built = site.run("build")
        assert built.exit_code == 0, built.output
    written = _times(site.root / "public")
    assert any(path.endswith("index.html") for path in written) and "feed.json" in written, written
    for path, times in written.items():
        for value in times:
            if path.endswith(".html"):
                assert HTML_MOMENT.fullmatch(value), f"{path}: {value}"
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            assert when in {meant, dt.datetime.fromisoformat(OTHER)}, f"{path}: {value}, written {text}"


def test_javascripts_time_passes_the_pages_and_feeds(site: Site) -> None:
    site.article("en/a.md", date="2026-01-02T03:04:05.123Z")
    assert site.run("build").exit_code == 0
    page = (site.root / "public/en/news/2026/01/a/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-01-02T11:04:05+08:00">' in page and ".123" not in page
    listed = json.loads(site.run("list", "--json").stdout)
    assert listed[0]["date"] == "2026-01-02T11:04:05+08:00"
