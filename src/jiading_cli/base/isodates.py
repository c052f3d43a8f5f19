"""Dates and times as jiading's docs write them, and no other of the forms Python's ``fromisoformat`` reads.

A day is exactly ``YYYY-MM-DD``; a time is that day, ``T`` (or a space, as YAML writes one), ``HH:MM`` with
seconds and their fraction if given, and ``Z`` or an offset ``+HH:MM`` if given. ``fromisoformat`` alone also
takes ISO 8601's other forms (``2026W441``, a week's day; ``20261101``, the basic form; ``2026-305``, a year's
day; ``2026-11-01T09``, an hour alone), which no page of the docs names and a typo lands in; every date or time
an option, ``JIADING_NOW``, the config or the front matter holds is read by these two functions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOMENT = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:Z|(?P<tz_sign>[+-])(?P<tz_hour>[0-9]{2}):(?P<tz_minute>[0-9]{2})(?::(?P<tz_second>[0-9]{2})(?:\.[0-9]+)?)?)?)?"
)


def wrong_part(parts: Mapping[str, str | None]) -> str | None:
    """The first part of a written date or time that names nothing, in words (``its day 29 is not from 1 to 28``,
    ``its UTC offset +08:60 has 60 minutes, not from 0 to 59``), or None: ``parts`` are the groups of
    :data:`MOMENT`, or of PyYAML's timestamp, which bear the same names. Python's own words for them (``offset must
    be a timedelta strictly between…``) are never shown, and it reads ``+08:60`` as nine hours."""
    if parts.get("tz_hour") is not None:
        seconds = f":{parts['tz_second']}" if parts.get("tz_second") else ""
        offset = f"{parts.get('tz_sign') or '+'}{parts['tz_hour']}:{parts.get('tz_minute') or '00'}{seconds}"
        if int(parts["tz_hour"] or 0) > 23:
            return f"its UTC offset {offset} is not between -23:59 and +23:59"
        for unit in ("minute", "second"):
            if int(parts.get(f"tz_{unit}") or 0) > 59:
                return f"its UTC offset {offset} has {int(parts.get(f'tz_{unit}') or 0)} {unit}s, not from 0 to 59"
    year, month, day = (int(parts[name] or 0) for name in ("year", "month", "day"))
    bounds = [("year", year, 1, 9999), ("month", month, 1, 12)]
    if 1 <= month <= 12 and year >= 1:
        bounds.append(("day", day, 1, calendar.monthrange(year, month)[1]))
    bounds += [
        (name, int(parts.get(name) or 0), 0, 23 if name == "hour" else 59) for name in ("hour", "minute", "second")
    ]
    for name, value, low, high in bounds:
        if not low <= value <= high:
            return f"its {name} {value} is not from {low} to {high}"
    return None


def day(text: str) -> dt.date:
    """The day ``text`` writes as ``YYYY-MM-DD`` (spaces at its ends aside); a ValueError for anything else, saying
    which part names nothing when the form is right (``2017-02-29``: ``its day 29 is not from 1 to 28``)."""
    found = text.strip()
    if not DAY.fullmatch(found):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {found!r}")
    return moment(found).date()


def moment(text: str) -> dt.datetime:
    """The time ``text`` writes as ``YYYY-MM-DD[THH:MM[:SS[.f]]][Z|+HH:MM]`` (spaces at its ends aside); a
    ValueError for anything else, whose words, when the form is right, say which part names nothing (an hour 24, a
    second 60, an offset's minutes past 59): :func:`wrong_part`."""
    found = text.strip()
    parts = MOMENT.fullmatch(found)
    if not parts:
        raise ValueError(f"expected a time as YYYY-MM-DDTHH:MM:SS+HH:MM, got {found!r}")
    if (wrong := wrong_part(parts.groupdict())) is not None:
        raise ValueError(wrong)
    return dt.datetime.fromisoformat(found)
