"""Every time a feed or page writes carries a UTC offset in whole minutes, as RSS, Atom, JSON Feed and HTML need.

A zone's local mean time, before it took standard time, had seconds in its offset (Asia/Shanghai was +08:05:43
until 1901, Europe/Amsterdam +00:19:32 until 1937). A date read in such a zone, or written with such an offset, was
published as `+080543` in RSS and `+08:05:43` in Atom: neither is a date their readers take.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config import parse_config
from jiading_cli.content.site import local_date
from jiading_cli.model.article import whole_minutes

ZONES = ["Asia/Shanghai", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"]


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        (  # no offset written: read in the site's zone, whose offset then was its local mean time
            "date",
            "1850-01-01",
            "4: error JD104 date: expected a UTC offset in whole minutes, such as +08:00, got "
            "1850-01-01T00:00:00+08:05:43 (Asia/Shanghai then, local mean time); write the offset meant",
        ),
        (  # no offset written, and past the last date: one line, which says how it was read
            "date",
            "9999-01-01",
            "4: error JD104 date: expected a date from 0002-01-01T00:00:00Z to 9998-12-31T00:00:00Z, got "
            "9999-01-01T00:00:00+08:00 (9998-12-31T16:00:00Z in UTC)",
        ),
        (
            "updated",
            "'2017-07-04T10:00:00+05:30:30'",
            "6: error JD104 updated: expected a UTC offset in whole minutes, such as +08:00, got "
            "2017-07-04T10:00:00+05:30:30; write the offset meant",
        ),
    ],
)
def test_an_offset_with_seconds_is_one_error_line(site: Site, field: str, value: str, line: str) -> None:
    site.article("en/a.md", **{field: value})
    result = site.run("validate")
    assert result.exit_code == 1
    assert f"articles/en/a.md:{line}" in result.stdout
    assert "JD110" not in result.stdout  # one line for the one problem: the error says how the time was read


def test_a_date_before_the_site_zone_had_standard_time_is_published_at_its_own_offset(site: Site) -> None:
    site.article("en/old.md", date="1850-01-01T00:00:00+08:00")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    public = site.root / "public"
    assert "<pubDate>Tue, 01 Jan 1850 00:00:00 +0800</pubDate>" in (public / "feed.xml").read_text(encoding="utf-8")
    assert "<published>1850-01-01T00:00:00+08:00</published>" in (public / "atom.xml").read_text(encoding="utf-8")
    [item] = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"]
    assert item["date_published"] == "1850-01-01T00:00:00+08:00"
    page = (public / "en/news/1850/01/old/index.html").read_text(encoding="utf-8")
    assert 'datetime="1850-01-01T00:00:00+08:00"' in page and "+08:05:43" not in page


CONFIGS = {
    zone: parse_config(
        f'[site]\ntitle = "T"\nbase_url = "https://news.example.com"\ntimezone = "{zone}"\n', Path("x.toml")
    )
    for zone in ZONES
}


@given(
    st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31)),
    st.integers(-14 * 60, 14 * 60),
    st.sampled_from(ZONES),
)
def test_a_time_shown_in_the_site_zone_has_an_offset_in_whole_minutes(
    naive: dt.datetime, minutes: int, zone: str
) -> None:
    moment = naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    shown = local_date(CONFIGS[zone], moment)
    assert whole_minutes(shown) and shown == moment
    there = moment.astimezone(ZoneInfo(zone))
    assert shown.utcoffset() == (there.utcoffset() if whole_minutes(there) else moment.utcoffset())
