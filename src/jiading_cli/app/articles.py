"""``list``: the site's articles, newest first; and loading articles through the site's cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.incremental.api import open_cache

if TYPE_CHECKING:
    from jiading_cli.content.site import Status
    from jiading_cli.model.article import Article, Loaded
    from jiading_cli.model.errors import Problem


@dataclass(frozen=True, slots=True)
class Listed:
    """One article as ``list`` shows it."""

    when: dt.datetime  # its date, in the site's time zone
    status: Status
    article: Article


@dataclass(frozen=True, slots=True)
class Listing:
    articles: list[Listed]  # newest first
    unreadable: int  # files that gave no article
    unfollowed: tuple[Problem, ...] = ()  # JD116 and JD117: the links the walk did not follow, the odd names


def load_articles(config: Config, paths: Sequence[str | Path]) -> list[Loaded]:
    """Every path loaded as ``site.load_file`` loads it, through the site's cache."""
    return open_cache(config).load(paths)[0]


def list_articles(config: Config, now: dt.datetime, drafts: bool) -> Listing:
    """Every article (drafts only with ``drafts``), newest first, ties by path."""
    from jiading_cli.app.validate import unfollowed
    from jiading_cli.content.site import local_date, status, walked

    walk = walked(config)
    loaded = load_articles(config, walk.names)
    rows: list[Listed] = []
    for item in loaded:
        if item.article is None:
            continue
        state = status(item.article, now)
        if state != "draft" or drafts:
            rows.append(Listed(local_date(config, item.article.date), state, item.article))
    rows.sort(key=lambda row: (row.when, row.article.path), reverse=True)
    return Listing(rows, sum(1 for item in loaded if item.article is None), unfollowed(config, walk))


def shown(config: Config, path: Path) -> str:
    """A path as the user sees it: relative to the site root when inside it."""
    from jiading_cli.content.site import relative

    return relative(config, path)
