"""When a pinned API version stops working: Graph API versions from Meta's published table, LinkedIn's
monthly versions 12 months after their month. Updated with each release of jiading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jiading_cli.config import Finding

WARN_DAYS = 30

GRAPH_EXPIRY: dict[str, dt.date] = {
    "v13.0": dt.date(2024, 5, 28),
    "v14.0": dt.date(2024, 9, 17),
    "v15.0": dt.date(2024, 11, 20),
    "v16.0": dt.date(2025, 5, 14),
    "v17.0": dt.date(2025, 9, 12),
    "v18.0": dt.date(2026, 1, 26),
    "v19.0": dt.date(2026, 5, 21),
    "v20.0": dt.date(2026, 9, 24),
    "v21.0": dt.date(2027, 1, 21),
    "v22.0": dt.date(2027, 5, 20),
    "v23.0": dt.date(2027, 10, 8),
    "v24.0": dt.date(2028, 2, 18),
    "v25.0": dt.date(2028, 7, 29),
}
"""Graph API versions and the day each stops being available ("Available until"); a newer one has no date yet."""

GRAPH_OLDEST = "v13.0"


@dataclass(frozen=True, slots=True)
class Retirement:
    """A network's pinned version (``key``: 'section.key') and the day it stops working."""

    key: str
    version: str
    date: dt.date
    label: str


def graph(version: str) -> dt.date | None:
    """The day a Graph API version stops working; None when no day is published yet."""
    if version in GRAPH_EXPIRY:
        return GRAPH_EXPIRY[version]
    major = version.lstrip("v").partition(".")[0]
    oldest = GRAPH_OLDEST.lstrip("v").partition(".")[0]
    if major.isdigit() and int(major) < int(oldest):
        return GRAPH_EXPIRY[GRAPH_OLDEST]  # older than the table: retired before its first entry
    return None


def linkedin(version: str) -> dt.date | None:
    """LinkedIn serves each monthly version (YYYYMM) for 12 months: it stops on the 1st of that month a year on."""
    if len(version) != 6 or not version.isdigit() or not 1 <= int(version[4:]) <= 12:
        return None
    return dt.date(int(version[:4]) + 1, int(version[4:]), 1)


def notice(retirement: Retirement, today: dt.date) -> Finding | None:
    """An error once the version is retired, a warning within ``WARN_DAYS`` of it, else nothing."""
    days = (retirement.date - today).days
    if days > WARN_DAYS:
        return None
    what = f"{retirement.label} API version {retirement.version}"
    fix = f"set {retirement.key} to a current version"
    if days <= 0:
        message = f"expected a version {retirement.label} still serves: {what} was retired on {retirement.date}; {fix}"
        return Finding(retirement.key, message, "JD009", "error")
    message = f"{what} is retired on {retirement.date}, in {days} day(s); {fix} before then"
    return Finding(retirement.key, message, "JD008", "warning")
