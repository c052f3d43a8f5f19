"""A run's moment (``JIADING_NOW``, ``--now``) is one every later step can convert: its UTC day, its day in any
time zone and the days around it are dates. One outside that range is one usage line, exit 2, named by where it
was given; the two ways of giving it are judged alike."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.base import isodates
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


WRONG_PARTS = [
    ("2026-02-29T00:00:00+00:00", "its day 29 is not from 1 to 28"),
    ("2026-01-01T24:00:00Z", "its hour 24 is not from 0 to 23"),
    ("2026-01-01T23:59:60Z", "its second 60 is not from 0 to 59"),
    ("2026-13-01T00:00:00Z", "its month 13 is not from 1 to 12"),
    ("2026-01-01T00:00:00+08:60", "its UTC offset +08:60 has 60 minutes, not from 0 to 59"),
]


def _jiading(root: Path, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("JIADING_NOW", None)
    if now is not None:
        env["JIADING_NOW"] = now
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(("value", "words"), WRONG_PARTS)
def test_a_part_that_names_nothing_is_named_alike_in_jiading_now_and_now(site: Site, value: str, words: str) -> None:
    """The variable's line says which part of the time names nothing, in the words ``--now`` says it in."""
    site.article()
    by_variable = _jiading(site.root, "list", now=value)
    assert by_variable.returncode == 2
    assert by_variable.stderr.splitlines() == [
        f"Error: JIADING_NOW: expected an ISO 8601 time with offset, {environment.MOMENTS}, got {value!r} ({words})"
    ]
    by_option = _jiading(site.root, "feed", "build", "--now", value)
    assert by_option.returncode == 2
    assert by_option.stderr.splitlines() == [
        f"Error: --now: expected a day and time that exist, got {value!r} ({words})"
    ]
    assert not (site.root / "public").exists()


def test_jiading_now_without_an_offset_says_it_has_none(site: Site) -> None:
    result = site.run("list", env={"JIADING_NOW": "2026-01-01T09:00:00"})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: JIADING_NOW: expected an ISO 8601 time with offset, {environment.MOMENTS}, got "
        "'2026-01-01T09:00:00' (it has no UTC offset, such as +00:00)"
    ]


PARTS = st.tuples(
    st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
    st.integers(0, 99), st.sampled_from(["Z", "+08:00", "-23:59", "+24:00", "+05:99", ""]),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(PARTS)
def test_the_variable_and_the_option_say_alike_what_is_wrong(parts: tuple[int, int, int, int, int, int, str]) -> None:
    """Drawn times in the form, the existing ones among them: the variable refuses what ``--now`` refuses (or takes
    without an offset), with the same words in brackets."""
    year, month, day, hour, minute, second, offset = parts
    text = f"{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{offset}"
    line = environment.problem(environment.NOW, {environment.NOW: text})
    try:
        moment = isodates.moment(text)
    except ValueError as exc:
        assert line is not None
        assert line.endswith(f"got {text!r} ({exc})")
        return
    if moment.utcoffset() is None:
        assert line is not None
        assert line.endswith("(it has no UTC offset, such as +00:00)")
    elif environment.within(moment):
        assert line is None
    else:
        assert line is not None
        assert line.endswith(f"got {text!r}")
