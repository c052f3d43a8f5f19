"""A date written without a time (``date: 2023-09-03``, ``new-article --date 2023-09-03``) means the first moment of
that day in ``site.timezone``: its midnight, or, in a zone whose clocks skip midnight that day (America/Santiago each
September, Brazil's zones until 2019), the moment they were put forward to. It was an error (JD113, "never
happened") for a whole day that did happen. The test searches every day of a span of years, in the zones that have
moved their clocks at midnight, for those whose midnight never was, and holds each to its first moment; a day the zone
skipped whole (Pacific/Apia's 2011-12-30) has none and stays an error."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import Site, front
from jiading_cli.content.loader import parse
from jiading_cli.model.article import Defaults

MIDNIGHT_ZONES = (
    "America/Santiago", "America/Asuncion", "America/Havana", "America/Sao_Paulo", "America/Campo_Grande",
    "Asia/Beirut", "Asia/Damascus", "Asia/Amman", "Asia/Gaza", "Africa/Cairo", "Asia/Tehran", "Atlantic/Azores",
    "America/Scoresbysund", "America/Nuuk", "Pacific/Apia", "Asia/Dhaka",
)  # fmt: skip


def gap_days(zone: str, first: int = 1995, last: int = 2026) -> list[dt.date]:
    """Every day from ``first`` to ``last`` whose local midnight ``zone`` skipped."""
    tz = ZoneInfo(zone)
    found = []
    day = dt.date(first, 1, 1)
    while day.year <= last:
        midnight = dt.datetime.combine(day, dt.time(), tz)
        if midnight.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != midnight.replace(tzinfo=None):
            found.append(day)
        day += dt.timedelta(days=1)
    return found


DAYS = [(zone, day) for zone in MIDNIGHT_ZONES for day in gap_days(zone)]


def test_the_search_finds_days_whose_midnight_never_was() -> None:
    assert len({zone for zone, _ in DAYS}) >= 8, DAYS
    assert ("America/Santiago", dt.date(2023, 9, 3)) in DAYS


@pytest.mark.parametrize(("zone", "day"), DAYS, ids=[f"{zone}-{day}" for zone, day in DAYS])
def test_a_day_whose_midnight_never_was_means_its_first_moment(zone: str, day: dt.date) -> None:
    tz = ZoneInfo(zone)
    for written in (day.isoformat(), f"'{day.isoformat()}'"):
        loaded = parse(
            (front(date=written) + "Body.\n").encode(), "articles/a.md", Defaults(timezone=zone, lang="en"), "a"
        )
        first = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC).astimezone(tz)
        if first.date() != day:  # the whole day skipped: no moment of it to take
            assert [p.code for p in loaded.problems] == ["JD113"], loaded.problems
            continue
        assert loaded.article is not None, loaded.problems
        assert [p.code for p in loaded.problems] == ["JD110"]
        assert loaded.article.date == first and loaded.article.date.astimezone(tz).date() == day
        before = (first.astimezone(dt.UTC) - dt.timedelta(minutes=1)).astimezone(tz)
        assert before.date() < day  # nothing of the day comes before it


def test_new_article_takes_a_day_whose_midnight_never_was_as_its_first_moment(site: Site) -> None:
    (site.root / "jiading.toml").write_text(
        (site.root / "jiading.toml").read_text().replace("Asia/Shanghai", "America/Santiago")
    )
    result = site.run("new-article", "Spring", "--date", "2023-09-03")
    assert result.exit_code == 0, result.output
    assert "date: 2023-09-03 01:00:00-03:00\n" in (site.root / "articles/en/2023/spring.md").read_text()
    assert site.run("new-article", "Spring again", "--date", "2023-09-03T00:30").exit_code == 2  # a time that never was
