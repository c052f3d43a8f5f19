"""The rules that look at the run's moment (``JD112``, ``JD115``), each beside the moments at which its answer
for an article may turn.

Whatever a run finds may be kept and given again by a later run (``incremental.avoidance``, the feed ledger,
the page store) only while the moment is on the same side of every turn of every article
(:func:`turns`): the answer of each rule here, and whether an article is out or scheduled
(``content.site.status``). A rule that looks at the moment is one :class:`Timed` in :data:`TIMED`, with its
check and its turns together, so that no kept answer outlives it; :func:`check_moment` is the one way the
rules are run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from jiading_cli.content.site import status
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem as _p

if TYPE_CHECKING:
    from jiading_cli.model.article import Article


class Timed(NamedTuple):
    """A rule that looks at the run's moment: its check, and the moments at which its answer for an article may
    turn (given the article, its answer is the same at any two moments no turn lies between)."""

    check: Callable[[Article, dt.datetime], list[Problem]]
    turns: Callable[[Article], Iterable[dt.datetime]]


def check_schedule(article: Article, now: dt.datetime) -> list[Problem]:
    """JD112: a published article dated in the future; JD115: one already out whose last edit is in the future."""
    if article.draft or "date" in article.unread:
        return []
    if status(article, now) == "scheduled":  # the one notion `list` shows, and every feed and page publishes by
        return [_p(article, "JD112", "date", f"scheduled: will be published at {article.date.isoformat()}")]
    if article.updated is not None and article.updated > now:
        message = (
            f"expected a time no later than now, got {article.updated.isoformat()}: "
            "every feed would say it changed then"
        )  # the moment is not shown: a kept answer is given again at other moments than the one it was found at
        return [_p(article, "JD115", "updated", message)]
    return []


def schedule_turns(article: Article) -> tuple[dt.datetime, ...]:
    """When :func:`check_schedule`'s answer turns: at the article's date (JD112) and at its last edit (JD115)."""
    if article.draft or "date" in article.unread:
        return ()
    return (article.date,) if article.updated is None else (article.date, article.updated)


def status_turns(article: Article) -> tuple[dt.datetime, ...]:
    """When ``content.site.status`` turns: a draft never, another article at its date (scheduled, then out)."""
    return () if article.draft else (article.date,)


TIMED: tuple[Timed, ...] = (Timed(check_schedule, schedule_turns),)
"""Every rule that looks at the run's moment: a new one is added here, with its turns."""


def check_moment(article: Article, now: dt.datetime) -> list[Problem]:
    """The problems every rule of :data:`TIMED` finds in ``article`` at ``now``."""
    return [problem for timed in TIMED for problem in timed.check(article, now)]


def turns(article: Article) -> Iterator[dt.datetime]:
    """Every moment at which what a run finds of ``article`` may turn: its status's and each timed rule's."""
    yield from status_turns(article)
    for timed in TIMED:
        yield from timed.turns(article)
