"""Dates and times as jiading's docs write them, and no other of the forms Python's ``fromisoformat`` reads.

A day is exactly ``YYYY-MM-DD``; a time is that day, ``T`` (or a space, as YAML writes one), ``HH:MM`` with
seconds and their fraction if given, and ``Z`` or an offset ``+HH:MM`` if given. ``fromisoformat`` alone also
takes ISO 8601's other forms (``2026W441``, a week's day; ``20261101``, the basic form; ``2026-305``, a year's
day; ``2026-11-01T09``, an hour alone), which no page of the docs names and a typo lands in; every date or time
an option, ``JIADING_NOW``, the config or the front matter holds is read by these two functions.
"""

from __future__ import annotations

import datetime as dt
import re

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?)?"
)


def day(text: str) -> dt.date:
    """The day ``text`` writes as ``YYYY-MM-DD`` (spaces at its ends aside); a ValueError for anything else."""
    found = text.strip()
    if not DAY.fullmatch(found):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {found!r}")
    return dt.date.fromisoformat(found)


def moment(text: str) -> dt.datetime:
    """The time ``text`` writes as ``YYYY-MM-DD[THH:MM[:SS[.f]]][Z|+HH:MM]`` (spaces at its ends aside); a
    ValueError for anything else."""
    found = text.strip()
    if not MOMENT.fullmatch(found):
        raise ValueError(f"expected a time as YYYY-MM-DDTHH:MM:SS+HH:MM, got {found!r}")
    return dt.datetime.fromisoformat(found)
