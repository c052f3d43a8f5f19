"""Times are ordered as the instants they are, whatever a clock of the site's zone read then.

Python compares two times of one zone by their clocks alone: in the hour New York's clocks are put back, 01:30 at
-04:00 (05:30 UTC) came before 01:10 at -05:00 (06:10 UTC), and was taken for the later. `list` put the older
article first, and a feed said it last changed at 05:30 while one of its items changed at 06:10. Times are drawn
around each change of the clocks of zones that put them back by an hour, by half an hour (Australia/Lord_Howe) or at
midnight (America/Santiago), and at years that strftime's %Y writes with fewer than four digits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front
from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.cli import app

ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Shanghai"]
YEARS = {"Asia/Shanghai": 1990}  # its clocks last changed in 1991


def changes(zone: str, year: int) -> list[dt.datetime]:
    """The instants (UTC, to the quarter hour) at which ``zone``'s offset changed in ``year``."""
    tz, found = ZoneInfo(zone), []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(minutes=15)
    while moment.year == year:
        if moment.astimezone(tz).utcoffset() != (moment + step).astimezone(tz).utcoffset():
            found.append(moment + step)
        moment += step
    return found


CHANGES = {zone: changes(zone, YEARS.get(zone, 2026)) for zone in ZONES}
IDS = [f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-{n:012x}" for n in range(6)]


def near(zone: str) -> st.SearchStrategy[dt.datetime]:
    """A time within two and a half hours of one of the zone's changes of its clocks."""
    minutes = st.integers(-150, 150).map(lambda n: dt.timedelta(minutes=n))
    return st.builds(lambda start, step: start + step, st.sampled_from(CHANGES[zone]), minutes)


def instants(zone: str) -> st.SearchStrategy[dt.datetime]:
    """A time near one of the zone's changes, or of any year (to the second, in UTC)."""
    anywhen = st.datetimes(min_value=dt.datetime(3, 1, 1), max_value=dt.datetime(9997, 12, 31))
    return near(zone) | anywhen.map(lambda naive: naive.replace(microsecond=0, tzinfo=dt.UTC))


@contextmanager
def site(zone: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "jiading.toml").write_text(
            f'[site]\ntitle = "T"\nbase_url = "https://news.example.com"\ntimezone = "{zone}"\n', encoding="utf-8"
        )
        (root / "articles").mkdir()
        here = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(here)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"JIADING_NOW": "9998-01-01T00:00:00Z", "JIADING_CONFIG": None})
    assert result.exit_code == 0, result.output
    return result.stdout


def zone_and_times(zone: str) -> st.SearchStrategy[tuple[str, list[dt.datetime]]]:
    return st.tuples(st.just(zone), st.lists(instants(zone), min_size=2, max_size=5))


@settings(max_examples=15)
@given(st.sampled_from(ZONES).flatmap(zone_and_times))
def test_list_and_feeds_order_articles_by_instant(drawn: tuple[str, list[dt.datetime]]) -> None:
    zone, moments = drawn
    with site(zone) as root:
        written = []
        for number, moment in enumerate(moments):
            there = moment.astimezone(ZoneInfo(zone))  # as the site's zone shows it, offset and all
            shown = (there if there.second == moment.second else moment).isoformat()  # but for local mean time
            written.append(shown)
            date, updated = (shown, None) if number % 2 else (min(moments).isoformat(), shown)
            text = front(id=IDS[number], date=date, updated=updated, slug=f"a{number}") + "Body.\n"
            (root / "articles" / f"a{number}.md").write_text(text, encoding="utf-8")
        rows = json.loads(run("list", "--json"))
        instants_listed = [dt.datetime.fromisoformat(row["date"]) for row in rows]
        assert instants_listed == sorted(instants_listed, reverse=True), [row["date"] for row in rows]
        ties = [(dt.datetime.fromisoformat(row["date"]).timestamp(), row["path"]) for row in rows]
        assert ties == sorted(ties, reverse=True)  # ties by path, as ever
        for line in run("list").splitlines():  # piped: date (with its offset where the clock is twice), status, …
            shape = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}( [+-][0-9]{2}:[0-9]{2})?"
            assert re.fullmatch(shape, line.split("\t")[0]), line
        run("feed", "build")
        for name, check in (("atom.xml", check_atom), ("feed.xml", check_rss), ("feed.json", check_json)):
            check((root / "public" / name).read_bytes())  # strictly RFC 3339 and RFC 2822, newest first
        atom = (root / "public" / "atom.xml").read_text(encoding="utf-8")
        feed_updated, *item_updated = re.findall(r"<updated>([^<]+)</updated>", atom)
        newest = max(dt.datetime.fromisoformat(u) for u in item_updated)
        assert dt.datetime.fromisoformat(feed_updated) == newest, (feed_updated, item_updated)
        items = json.loads((root / "public" / "feed.json").read_text(encoding="utf-8"))["items"]
        published = [dt.datetime.fromisoformat(item["date_published"]) for item in items]
        assert published == sorted(published, reverse=True)


def test_the_second_time_a_clock_shows_in_the_hour_it_is_put_back_is_listed_first() -> None:
    with site("America/New_York") as root:
        for number, date in enumerate(("2026-11-01T01:30:00-04:00", "2026-11-01T01:10:00-05:00")):
            (root / "articles" / f"a{number}.md").write_text(front(id=IDS[number], date=date) + "B\n", encoding="utf-8")
        assert [line.split("\t")[-1] for line in run("list").splitlines()] == ["articles/a1.md", "articles/a0.md"]
        run("feed", "build")
        atom = (root / "public" / "atom.xml").read_text(encoding="utf-8")
        assert re.findall(r"<updated>([^<]+)</updated>", atom)[0] == "2026-11-01T01:10:00-05:00"
        rss = (root / "public" / "feed.xml").read_text(encoding="utf-8")
        assert "<lastBuildDate>Sun, 01 Nov 2026 01:10:00 -0500</lastBuildDate>" in rss


def test_an_early_year_is_listed_with_four_digits() -> None:
    with site("UTC") as root:
        (root / "articles" / "a.md").write_text(front(date="0999-07-03T10:00:00Z") + "Body.\n", encoding="utf-8")
        assert run("list").startswith("0999-07-03 10:00\tpublished\t")


def run_status(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"JIADING_NOW": "9998-01-01T00:00:00Z", "JIADING_CONFIG": None})
    return result.exit_code, result.output


@settings(max_examples=20)
@given(st.sampled_from(ZONES).flatmap(lambda zone: st.tuples(st.just(zone), near(zone))))
def test_a_time_without_offset_is_read_as_the_site_zone_read_it_once_or_twice(drawn: tuple[str, dt.datetime]) -> None:
    """A local time the clocks skipped is refused; one they showed twice is read as the first, and the warning and
    `new-article --date` both say which two it could be; any other is read as the one instant it names."""
    zone, moment = drawn
    clock = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None) + dt.timedelta(minutes=30)  # now and then a gap
    first, second = (clock.replace(tzinfo=ZoneInfo(zone), fold=fold) for fold in (0, 1))
    skipped = first.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != clock
    twice = not skipped and first.utcoffset() != second.utcoffset()
    with site(zone) as root:
        (root / "articles" / "a.md").write_text(front(date=f"'{clock.isoformat()}'") + "Body.\n", encoding="utf-8")
        code, said = run_status("validate")
        [line] = [line for line in said.splitlines() if line.startswith("articles/a.md:4:")]
        if skipped:
            assert code == 1 and "error JD113 date: " in line and "never happened" in line, line
        elif twice:
            offsets = [moment.isoformat()[-6:] for moment in (first, second)]
            assert code == 0 and "warning JD110 date: " in line, line
            assert (
                f"read as the first, {first.isoformat()}; write the offset meant, {offsets[0]} or {offsets[1]}" in line
            )
        else:
            assert code == 0 and line.endswith(
                f"JD110 date: has no UTC offset; read as {first.isoformat()} ({zone}); write the offset to be explicit"
            ), line
        code, said = run_status("feed", "build", "--now", clock.isoformat())  # the hint names each reading
        hints = re.findall(r"[0-9]{4}-[0-9-]+T[0-9:]+[+-][0-9]{2}:[0-9]{2}", said)
        assert code == 2, said
        if twice:
            assert hints == [first.isoformat(), second.isoformat()], said
        elif not skipped:
            assert hints == [first.isoformat()], said
        assert ("never happened" in said) == skipped, said
        if skipped:
            shown = dt.datetime.fromisoformat(hints[0])  # the clock's reading at that instant, not one that never was
            assert shown.timestamp() == first.timestamp() and shown.replace(tzinfo=None) != clock
        for hint in hints:
            assert run_status("feed", "build", "--now", hint)[0] != 2
        code, said = run_status("new-article", "Clock", "--date", clock.isoformat(), "--publish")
        if skipped or twice:
            assert code == 2 and ("never happened" if skipped else f"or the second, {second.isoformat()}") in said
            assert not list((root / "articles").rglob("clock.md"))
        else:
            assert code == 0, said
            [made] = (root / "articles").rglob("clock.md")
            written = re.search(r"^date: (.+)$", made.read_text(encoding="utf-8"), re.MULTILINE)
            assert written and dt.datetime.fromisoformat(written[1]) == first


OLD_ZONES = ["Asia/Shanghai", "America/New_York", "Europe/Amsterdam", "Asia/Kolkata", "Pacific/Chatham"]
PERMALINK = 'permalink = "/{lang}/{year}/{month}/{day}/{slug}/"\n'


@st.composite
def offset_times(draw: st.DrawFn) -> dt.datetime:
    """A time written with an offset in whole minutes, from any year, near midnight more often than not: the
    times whose day a zone's local mean time, before standard time, could tell otherwise."""
    day = draw(st.dates(min_value=dt.date(3, 1, 1), max_value=dt.date(9997, 12, 31)))
    clock = draw(st.times(dt.time(23, 30)) | st.times(dt.time(0), dt.time(0, 30)) | st.times()).replace(microsecond=0)
    offset = dt.timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60)))
    return dt.datetime.combine(day, clock, dt.timezone(offset))


@settings(max_examples=15)
@given(st.sampled_from(OLD_ZONES), st.lists(offset_times(), min_size=1, max_size=4))
def test_the_permalink_and_folder_name_the_day_every_page_shows(zone: str, moments: list[dt.datetime]) -> None:
    """The year, month and day of an article's URL, and the year of the folder `new-article` puts it in, are those
    of the day its page, its feed items and `list` show: Asia/Shanghai's clocks read +08:05:43 until 1901, and a
    time at 23:58 +08:00 on the last day of 1850 was shown on 31 December 1850 at a URL of 1851/01/01."""
    with site(zone) as root:
        config = root / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8") + PERMALINK, encoding="utf-8")
        for number, moment in enumerate(moments):
            text = front(id=IDS[number], date=moment.isoformat(), slug=f"a{number}") + "Body.\n"
            (root / "articles" / f"a{number}.md").write_text(text, encoding="utf-8")
        run("build")
        listed = {row["path"]: row["date"][:10] for row in json.loads(run("list", "--json"))}
        for number in range(len(moments)):
            [page] = (root / "public" / "en").glob(f"*/*/*/a{number}/index.html")
            shown = re.search(r'<time datetime="([0-9]{4}-[0-9]{2}-[0-9]{2})T', page.read_text(encoding="utf-8"))
            assert shown and "-".join(page.parts[-5:-2]) == shown[1] == listed[f"articles/a{number}.md"]
        code, said = run_status("new-article", "Dated", "--date", moments[0].isoformat(), "--publish")
        assert code == 0, said
        [made] = (root / "articles" / "en").glob("*/dated.md")
        assert made.parent.name == listed["articles/a0.md"][:4]


def test_a_site_started_while_its_zone_kept_local_mean_time_passes_validate() -> None:
    """`init` and `new-article` date what they write at an offset the front matter can hold: in Asia/Shanghai's
    local mean time (+08:05:43), the example article's date was refused and `init` blamed --timezone."""
    with tempfile.TemporaryDirectory() as folder:
        env = {"JIADING_NOW": "1850-12-31T23:58:00+08:00", "JIADING_CONFIG": None}
        here = Path.cwd()
        os.chdir(folder)
        try:
            args = [
                "init",
                "-y",
                "--title",
                "T",
                "--base-url",
                "https://news.example.com",
                "--timezone",
                "Asia/Shanghai",
            ]
            assert CliRunner().invoke(app, args, env=env).exit_code == 0
            assert CliRunner().invoke(app, ["new-article", "Old news", "--publish"], env=env).exit_code == 0
            result = CliRunner().invoke(app, ["validate"], env=env)
        finally:
            os.chdir(here)
        assert result.exit_code == 0 and "0 errors" in result.output, result.output
        dates = sorted(p.read_text(encoding="utf-8").split("\ndate: ")[1][:25] for p in Path(folder).rglob("*.md"))
        assert dates == ["1850-12-31 23:58:00+08:00"] * 2
