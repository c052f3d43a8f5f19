"""``validate``: the site's report, recalled by build avoidance when nothing it reads has changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jiading_cli.config import Config
from jiading_cli.incremental.api import Speed, open_cache
from jiading_cli.validate.site import Report

__all__ = ["Report", "site_report", "validate"]


def validate(
    config: Config,
    now: dt.datetime,
    paths: Sequence[str] = (),
    every: Sequence[str | Path] | None = None,
    speed: Speed | None = None,
) -> Report:
    """Check the whole site (see :func:`jiading_cli.validate.site.validate`), through the site's cache."""
    from jiading_cli.validate import site

    speed = speed or open_cache(config)
    return site.validate(config, now, paths, every, load=speed.load, results=speed.results())


def site_report(config: Config, moment: dt.datetime, paths: Sequence[str]) -> Report:
    """The validation report; for the whole site, the stored one when nothing it read has changed."""
    from jiading_cli.content.site import article_names
    from jiading_cli.incremental.avoidance import window

    speed = open_cache(config)
    if paths:
        return validate(config, moment, paths, speed=speed)
    names = article_names(config)
    answers = speed.answers("validate", (), names)
    stored = answers.recall(moment)
    if stored is not None:
        return Report(files=stored[0], articles=(), problems=stored[1])
    report = validate(config, moment, every=names, speed=speed)
    answers.remember(moment, window(report.articles, moment), report.references, (), (report.files, report.problems))
    return report
