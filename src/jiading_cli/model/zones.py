"""Time zones a site names (``site.timezone``, ``init --timezone``): a zone of the IANA database by its name, in
its very case on every machine, with the nearest zone suggested for a name refused."""

from __future__ import annotations

import os
import re
from typing import Any

from jiading_cli.model.kinds import Expected, text

NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
"""Files of a zoneinfo folder that are not zones of the IANA database: this machine's own zone, a template of POSIX
rules and a zone whose abbreviation is '-00'. A site's dates must not change with the machine that builds it."""
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]++)*")
"""The shape of a zone's name in the database ('Asia/Shanghai', 'Etc/GMT-14', 'EST5EDT'): never a path."""


def timezone_name(value: Any) -> str:
    """A zone of the IANA database by its name: not a path, not 'localtime', not a 'right/' zone that counts leap
    seconds nor a 'posix/' copy of a zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = text(value).strip()
    expected = "an IANA time zone name such as 'Asia/Shanghai'"
    if not ZONE_NAME.fullmatch(name) or name in NOT_ZONES or name.startswith(("right/", "posix/")):
        raise Expected(_zone_hint(expected, name))
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name no file name can be
        raise Expected(_zone_hint(expected, name)) from exc
    if not _as_written(name):
        raise Expected(_zone_hint(expected, name))
    return name


def _as_written(name: str) -> bool:
    """Whether the database names a zone ``name`` in that very case: a case-insensitive file system finds
    'asia/shanghai' as well, and a site would build on one machine and be refused on another. Each folder of its
    file is listed (a few hundred names); a zone not in the system's database (from the ``tzdata`` package) is
    looked up among its zones."""
    import zoneinfo

    for root in zoneinfo.TZPATH:
        if not os.path.isfile(os.path.join(root, name)):  # noqa: PTH113, PTH118 - strings: run once per command
            continue
        folder = root
        for part in name.split("/"):
            try:
                if part not in os.listdir(folder):  # noqa: PTH208 - the names alone, as the folder holds them
                    return False
            except OSError:  # cannot be listed: the file found is taken as named
                return True
            folder = os.path.join(folder, part)  # noqa: PTH118
        return True
    return name in zoneinfo.available_timezones()


ZONE_HINT_MAX = 64  # characters of a refused zone name that is looked up for a hint, at most


def _zone_hint(expected: str, name: str) -> str:
    """``expected`` with "did you mean …?" naming the zone of the database ``name`` is nearest to: the same name in
    another case ('asia/shanghai'), else one a letter or two away ('Asia/Shangai'). Looked up only for a name that
    is refused: listing the database takes longer than the rest of the check."""
    import difflib
    from zoneinfo import available_timezones

    if len(name) > ZONE_HINT_MAX:  # no zone's name is near one so long
        return expected
    skipped = ("posix", "right")
    zones = {zone for zone in available_timezones() if zone not in NOT_ZONES and not zone.startswith(skipped)}
    by_case = {zone.lower(): zone for zone in zones}
    found = by_case.get(name.lower().replace(" ", "_"))
    if found is None:
        close = difflib.get_close_matches(name.lower(), list(by_case), n=1, cutoff=0.85)
        found = by_case[close[0]] if close else None
    return f"{expected} (did you mean {found!r}?)" if found and found != name else expected
