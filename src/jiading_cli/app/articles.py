"""``list``: the site's articles, newest first; and loading articles through the site's cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.incremental.api import open_cache

if TYPE_CHECKING:
    from jiading_cli.content.site import Status
    from jiading_cli.content.walk import Walk
    from jiading_cli.model.article import Article, Loaded
    from jiading_cli.model.errors import Problem


@dataclass(frozen=True, slots=True)
class Listed:
    """One article as ``list`` shows it."""

    when: dt.datetime  # its date, in the site's time zone
    status: Status
    article: Article
    read_alike: bool = True  # whether its clock, read in the site's zone, names its date alone (no offset needed)


@dataclass(frozen=True, slots=True)
class Listing:
    articles: list[Listed]  # newest first
    unreadable: tuple[Problem, ...]  # of each file read that gave no article (broken front matter), its first error
    unfollowed: tuple[Problem, ...] = ()  # JD116, JD117 and JD118 of the walk, and JD100: see :func:`unread`


def load_articles(config: Config, paths: Sequence[str | Path]) -> list[Loaded]:
    """Every path loaded as ``site.load_file`` loads it, through the site's cache."""
    return open_cache(config).load(paths)[0]


def _unread(item: Loaded) -> bool:
    return bool(item.problems) and item.problems[0].code == "JD100"


def unread(config: Config, walk: Walk, loaded: Sequence[Loaded]) -> tuple[Problem, ...]:
    """Whatever of the articles folder could not be read, one error each: ``JD118`` for each folder the walk could
    not read, ``JD100`` for each file that could not be read as text (no permission, not a regular file, not
    UTF-8). An article in either is unknown to the run: every command that reads the site's articles says each and
    fails, ``list`` and the checks of ``new-article`` and ``init`` (whether another article has a new one's public
    URL) as ``validate``, ``build`` and ``share`` do, never leaving one out unsaid."""
    from jiading_cli.validate import unreadable

    files = [item.problems[0] for item in loaded if item.article is None and _unread(item)]
    return (*unreadable.problems(config, walk.unreadable), *files)


def every_readable(
    config: Config, shown: Callable[[str], str], whose: str, cached: bool = True, own: Collection[str] = ()
) -> list[Article]:
    """Every article of the site, through the site's cache unless not ``cached`` (a folder that is not a site yet,
    ``init``'s), for a check of what a command would write against them (``new-article``'s and ``init``'s public
    URLs). Whatever of the site could not be read (:func:`unread`) is a :class:`JiadingError` (exit 1, nothing
    written), one line each: an article there may have ``whose`` public URL; but for the files the command is to
    write (``own``, site paths), which anything there already keeps it from writing. ``shown``: a site path as said."""
    from jiading_cli.content.site import load_all, walked
    from jiading_cli.model.errors import JiadingError

    walk = walked(config)
    loaded = load_articles(config, walk.names) if cached else load_all(config, map(Path, walk.names))
    if shut := [problem for problem in unread(config, walk, loaded) if problem.path not in own]:
        why = f"an article there may have {whose} public URL (nothing was written)"
        raise JiadingError(*(f"{shown(p.path)}: {p.code} {p.message}; {why}" for p in shut))
    return [item.article for item in loaded if item.article is not None]


def list_articles(config: Config, now: dt.datetime, drafts: bool) -> Listing:
    """Every article (drafts only with ``drafts``), newest first, ties by path (Z to A)."""
    from zoneinfo import ZoneInfo

    from jiading_cli.app.validate import unfollowed
    from jiading_cli.content.site import local_date, status, walked
    from jiading_cli.model.article import read_alike

    walk = walked(config)
    loaded = load_articles(config, walk.names)
    shut = unread(config, walk, loaded)
    rows: list[Listed] = []
    zone = ZoneInfo(config.site.timezone)
    for item in loaded:
        if item.article is None:
            continue
        state = status(item.article, now)
        if state != "draft" or drafts:
            when = local_date(config, item.article.date)
            rows.append(Listed(when, state, item.article, read_alike(when, zone)))
    rows.sort(key=lambda row: row.article.path, reverse=True)
    rows.sort(key=lambda row: -row.when.timestamp())  # by instant, never by a clock's reading
    unloaded = tuple(_first_error(item) for item in loaded if item.article is None and not _unread(item))
    files = tuple(problem for problem in shut if problem.code == "JD100")  # the walk's JD118 are said already
    return Listing(rows, unloaded, (*unfollowed(config, walk), *files))


def _first_error(item: Loaded) -> Problem:
    """The problem that says why a file gave no article: its first error, as `validate` lists it first."""
    return min((p for p in item.problems if p.severity == "error"), key=lambda p: p.line, default=item.problems[0])


def shown(config: Config, path: Path) -> str:
    """A path as the user sees it: relative to the site root when inside it."""
    from jiading_cli.content.site import relative

    return relative(config, path)
