"""A run's moment (``JIADING_NOW``, ``--now``) is one every later step can convert: its UTC day, its day in any
time zone and the days around it are dates. One outside that range is one usage line, exit 2, named by where it
was given; the two ways of giving it are judged alike."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config import environment

ZONES = sorted(available_timezones() - {"localtime", "Factory"})
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))
MOMENTS = st.datetimes(timezones=OFFSETS)


@given(MOMENTS, st.sampled_from(ZONES))
def test_a_moment_taken_survives_every_conversion_a_run_makes(moment: dt.datetime, zone: str) -> None:
    """The rule: a moment ``within`` accepts converts to UTC and to any zone, a day either side, without
    overflowing; one it refuses is one whose conversions could fail."""
    if not environment.within(moment):
        return
    for day in (dt.timedelta(days=-1), dt.timedelta(0), dt.timedelta(days=1)):
        shifted = moment + day
        shifted.astimezone(dt.UTC).date()
        shifted.astimezone(ZoneInfo(zone)).date()


@given(MOMENTS)
def test_the_environment_and_the_option_take_the_same_moments(moment: dt.datetime) -> None:
    text = moment.isoformat()
    assert (environment.now_of(text) is not None) == environment.within(moment)


EDGES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+00:00", "9999-12-31T12:00Z"]


@pytest.mark.parametrize("value", EDGES)
def test_a_moment_no_conversion_could_hold_is_one_line_exit_2(site: Site, value: str) -> None:
    site.article()
    for command in (["validate"], ["list"], ["build"], ["feed", "build"]):
        result = site.run(*command, env={"JIADING_NOW": value})
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.splitlines() == [
            f"Error: JIADING_NOW: expected an ISO 8601 time with offset, {environment.MOMENTS}, got {value!r}"
        ]
    for command in (["build"], ["feed", "build"]):
        result = site.run(*command, "--now", value)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.splitlines() == [
            f"Error: --now: expected an ISO 8601 time with a UTC offset, {environment.MOMENTS}, got {value!r}"
        ]


@pytest.mark.parametrize("value", ["0002-01-01T00:00:00+00:00", "9998-12-31T23:59:59+00:00"])
def test_the_first_and_last_moments_taken_run(site: Site, value: str) -> None:
    site.article()
    for command in (["validate"], ["list"], ["build"]):
        result = site.run(*command, env={"JIADING_NOW": value})
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.output)
