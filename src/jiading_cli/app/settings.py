"""Loading the site's config with every section it may hold: the core's, sharing's and each network's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jiading_cli.config import Config, load_config


def load(start: Path, explicit: str | None = None, today: dt.date | None = None) -> Config:
    """``jiading.toml`` checked whole: the networks' sections come from the registry, their problems in one report.

    ``today``: also check each network's pinned API version against the day it is retired.
    """
    from jiading_cli.share.registry import current

    return load_config(start, explicit, current().plugins(today))
