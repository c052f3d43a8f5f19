"""`list` never contradicts `validate`, and each date it shows names one instant.

A local time the clocks skipped (`2024-03-10 02:30` in New York) is `JD113`, an error, in `validate`; `list` showed
the article as published all the same. And in the hour the clocks are put back, `list` showed `01:10` above `01:30`
with nothing to tell the two `01:xx` apart (they were at -05:00 and -04:00). Local times are drawn around each change
of the clocks of a few zones, with a moment of the run drawn around them too.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front
from jiading_cli.cli import app
from test_clock_order import IDS, ZONES, near, site


def run(now: dt.datetime, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"JIADING_NOW": now.isoformat(), "JIADING_CONFIG": None})
    return result.exit_code, result.stdout, result.stderr


def clocks(zone: str) -> st.SearchStrategy[tuple[str, list[dt.datetime], dt.datetime]]:
    """A zone, local times (no offset) near its changes of the clocks, to the minute, and a moment near them."""
    local = near(zone).map(lambda moment: moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0))
    shifted = st.tuples(local, st.sampled_from([dt.timedelta(0), dt.timedelta(minutes=30)]))
    written = st.lists(shifted.map(lambda pair: pair[0] + pair[1]), min_size=1, max_size=4)
    return st.tuples(st.just(zone), written, near(zone))


@settings(max_examples=25)
@given(st.sampled_from(ZONES).flatmap(clocks))
def test_list_shows_each_article_as_validate_judges_its_date(drawn: tuple[str, list[dt.datetime], dt.datetime]) -> None:
    """Published, scheduled (`JD112`), or not listed at all where its date is an error (`JD113`), named on stderr
    with that error; the date shown, read back in the site's zone, is the article's instant and no other."""
    zone, written, now = drawn
    with site(zone) as root:
        for number, clock in enumerate(written):
            text = front(id=IDS[number], date=f"'{clock.isoformat()}'", slug=f"a{number}") + "Body.\n"
            (root / "articles" / f"a{number}.md").write_text(text, encoding="utf-8")
        _, said, _ = run(now, "validate")
        code, listed, warned = run(now, "list", "--json")
        assert code == 0, warned
        rows = {row["path"]: row for row in json.loads(listed)}
        _, piped, _ = run(now, "list")
        shown = {line.split("\t")[4]: line.split("\t") for line in piped.splitlines()}
        for number in range(len(written)):
            path = f"articles/a{number}.md"
            verdicts = [line for line in said.splitlines() if line.startswith(f"{path}:4: ")]
            errors = [line for line in verdicts if " error " in line]
            if errors:
                assert path not in rows and path not in shown, (errors, rows)
                [error] = errors
                code_and_field = error.split(" error ")[1].split(":")[0]  # 'JD113 date'
                assert f"{path}: not listed: line 4: {code_and_field}:" in warned, warned
                continue
            scheduled = any(" JD112 date: " in line for line in verdicts)
            assert rows[path]["status"] == shown[path][1] == ("scheduled" if scheduled else "published"), verdicts
            instant = dt.datetime.fromisoformat(rows[path]["date"])
            date = shown[path][0]
            if date.count(" ") == 2:  # the offset shown
                read = [dt.datetime.fromisoformat(date.replace(" ", "T", 1).replace(" ", ""))]
            else:
                clock = dt.datetime.fromisoformat(date.replace(" ", "T"))
                read = [clock.replace(tzinfo=ZoneInfo(zone), fold=fold) for fold in (0, 1)]
            assert {moment.timestamp() for moment in read} == {instant.replace(second=0).timestamp()}, (date, instant)


def test_a_time_the_clocks_skipped_is_not_listed_and_one_they_showed_twice_shows_its_offset() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    dates = ("'2024-03-10T02:30:00'", "2024-11-03T01:30:00-04:00", "2024-11-03T01:10:00-05:00", "2024-11-03T03:10:00Z")
    with site("America/New_York") as root:
        for number, date in enumerate(dates):
            text = front(id=IDS[number], date=date, slug=f"a{number}") + "Body.\n"
            (root / "articles" / f"a{number}.md").write_text(text, encoding="utf-8")
        code, listed, warned = run(now, "list")
    assert code == 0
    assert [line.split("\t")[0] + " " + line.split("\t")[-1] for line in listed.splitlines()] == [
        "2024-11-03 01:10 -05:00 articles/a2.md",
        "2024-11-03 01:30 -04:00 articles/a1.md",
        "2024-11-02 23:10 articles/a3.md",
    ]
    assert warned.startswith(
        "Warning: articles/a0.md: not listed: line 4: JD113 date: 2024-03-10T02:30:00 never happened in "
        "America/New_York (its clocks were put forward); write the UTC offset meant, such as 2024-03-10T03:30:00-04:00"
    ), warned
