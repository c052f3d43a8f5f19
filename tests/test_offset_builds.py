"""An article dated at a moment when the site's zone kept local mean time (an offset in seconds, before standard
time) has the day its own offset shows: in its URL, and so in every page linking it. Builds from the caches, which
take an unchanged article from what the last build kept of it and compute the URLs of many articles in one
process, give the URLs a build without any cache gives: after another article's change (the linking page made
again while the linked article is not read), and after the date is written at another offset (the same instant,
another day)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import tree

ID = "urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"
# a zone and a year when it kept local mean time (its offset in seconds), and one of standard time for contrast
ERAS = (("Asia/Shanghai", 1850), ("Europe/Amsterdam", 1930), ("Africa/Monrovia", 1965), ("UTC", 1900))
OFFSETS = ("+08:00", "Z", "-10:00", "+14:00", "+00:20", "-00:45")


def written(moment: dt.datetime, offset: str) -> str:
    """``moment`` written at ``offset`` (``Z`` or ``±HH:MM``), as an article's front matter holds it."""
    delta = dt.timedelta() if offset == "Z" else dt.datetime.strptime(offset, "%z").utcoffset()
    assert delta is not None
    shown = moment.astimezone(dt.timezone(delta)).replace(tzinfo=None).isoformat()
    return shown + offset


def article(root: Path, n: int, date: str, slug: str, body: str) -> None:
    """Article ``n``, written an hour old, as between two commits: each build may keep what it made for the next."""
    path = root / f"articles/en/park-{n}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nid: {ID.format(n=n)}\ntitle: Park {n} opens\ndate: {date}\nsummary: Park {n} opens in Jiading.\n"
        f"lang: en\nslug: {slug}\n---\n{body}\n",
        encoding="utf-8",
    )
    past = time.time() - 3600
    os.utime(path, (past, past))


def build(runner: CliRunner, root: Path, cache: bool = True) -> dict[str, bytes]:
    """`jiading build` in ``root``, as a process of its own runs it: with nothing kept from the builds before it."""
    from jiading_cli.app.letgo import release
    from jiading_cli.cli import app

    release()
    env = {"JIADING_NOW": "2026-11-27T12:00:00+08:00", "JIADING_CONFIG": None, "JIADING_CACHE": None}
    with contextlib.chdir(root):
        result = runner.invoke(app, ["build"], env={**env, **({} if cache else {"JIADING_CACHE": "off"})})
    assert result.exit_code == 0, result.output
    return tree(root / "public")


def cold(runner: CliRunner, root: Path, copy: Path) -> dict[str, bytes]:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    return build(runner, copy, cache=False)


@settings(max_examples=12)
@given(
    st.sampled_from(ERAS),
    st.integers(0, 365 * 24 - 1),
    st.sampled_from(OFFSETS),
    st.sampled_from(OFFSETS),
)
def test_an_articles_day_at_its_own_offset_is_the_one_every_build_links(
    tmp_path_factory: pytest.TempPathFactory, era: tuple[str, int], hour: int, first: str, then: str
) -> None:
    zone, year = era
    moment = dt.datetime(year, 1, 1, tzinfo=ZoneInfo("UTC")) + dt.timedelta(hours=hour, minutes=30)
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(
        f'[site]\ntitle = "Jiading"\nbase_url = "https://news.example.com"\ntimezone = "{zone}"\n'
        'permalink = "/{lang}/news/{year}/{month}/{day}/{slug}/"\n',
        encoding="utf-8",
    )
    (root / "articles/en").mkdir(parents=True)
    (root / "articles/en/plan.pdf").write_bytes(b"%PDF-1.4 plan\n")  # a file named: the pages' facts are kept
    article(root, 1, written(moment, first), "old-park", "Old news.")
    article(root, 2, "2026-01-02T09:00:00+08:00", "park-2", "Read [the old news](park-1.md), [the plan](plan.pdf).")
    article(root, 3, "2026-01-03T09:00:00+08:00", "park-3", "News.")
    article(root, 4, written(moment, first), "older-park", "Older news.")  # linked by none
    runner, copy = CliRunner(), tmp_path_factory.mktemp("cold")
    past = time.time() - 3600
    for path in [root / "jiading.toml", *(root / "articles").rglob("*")]:
        os.utime(path, (past, past))
    build(runner, root)
    # another article renamed: the page linking the old one is made again, the old one not read
    article(root, 3, "2026-01-03T09:00:00+08:00", "park-three", "News.")
    assert build(runner, root) == cold(runner, root, copy), (zone, written(moment, first))
    # the date of each old one written at another offset: the same instant, perhaps another day
    article(root, 4, written(moment, then), "older-park", "Older news.")
    assert build(runner, root) == cold(runner, root, copy), (zone, written(moment, first), written(moment, then))
    article(root, 1, written(moment, then), "old-park", "Old news.")
    assert build(runner, root) == cold(runner, root, copy), (zone, written(moment, first), written(moment, then))
