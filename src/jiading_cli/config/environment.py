"""The environment variables that tune a run: read here, and checked once per command by the command line.

The readers never fail (a library caller gets the default for a value it does not know); ``problems``
says which values are not understood, so that a command stops with a usage error instead of quietly
doing something else than asked.
"""

from __future__ import annotations

import os

OFF = ("off", "0", "no", "false")
ON = ("", "on", "1", "yes", "true")
SWITCHES = ("JIADING_CACHE", "JIADING_FAST_FRONT")
JOBS = "JIADING_JOBS"


def switch(name: str) -> bool:
    """A switch that is on unless set to off (``off``, ``0``, ``no`` or ``false``, in any case)."""
    return os.environ.get(name, "").strip().lower() not in OFF


def jobs(default: int) -> int:
    """``JIADING_JOBS``: a positive number as given, else ``default`` (unset, ``auto``, ``0`` or not understood)."""
    given = os.environ.get(JOBS, "").strip()
    return int(given) if given.isdigit() and int(given) > 0 else default


def problems() -> list[str]:
    """One line for each of jiading's variables whose value is not understood."""
    found = []
    for name in SWITCHES:
        value = os.environ.get(name, "")
        if value.strip().lower() not in OFF + ON:
            found.append(f"{name}: expected on or off (or 1/0, yes/no, true/false), got {value!r}")
    value = os.environ.get(JOBS, "")
    if not (value.strip().isdigit() or value.strip().lower() in ("", "auto")):
        found.append(f"{JOBS}: expected a number of processes or 'auto', got {value!r}")
    return found
