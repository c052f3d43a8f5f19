"""An article entering or leaving the ledger's groups, and the feeds the groups make, as a full build plans them."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.feeds.sets import FOLDERS, Group, Kind, filed, kinds, slugs
from jiading_cli.incremental.ledger.model import Brief, Candidates, GroupKey, Ledger, rank

if TYPE_CHECKING:
    from jiading_cli.model.article import Article


class Fallback(Exception):
    """The change is not one an incremental build can update exactly: build in full."""


def placed(brief: Brief) -> tuple[object, ...]:
    """What decides an article's place in every group: the same, and it stays where it is."""
    return (brief.stamp, brief.id, brief.chosen, brief.lang, brief.category, brief.tags)


def memberships(brief: Brief, kinds: Iterable[Kind]) -> list[tuple[Kind, str, str]]:
    """The groups an article enters, as (kind, group key, the spelling it uses); none unless chosen."""
    found: list[tuple[Kind, str, str]] = []
    if brief.chosen:
        for kind in kinds:
            if kind == "site":
                found.append(("site", "", ""))
            else:
                found.extend((kind, key, spelling) for key, spelling in filed(brief, kind).items())
    return found


def leave(ledger: Ledger, old: Brief, name: str, kinds_on: list[Kind], date_of: Callable[[str], dt.datetime]) -> None:
    for kind, key, spelling in memberships(old, kinds_on):
        group = ledger.groups.get((kind, key))
        if group is None:
            raise Fallback
        group.size -= 1
        group.names[spelling] = group.names.get(spelling, 0) - 1
        if group.names[spelling] <= 0:
            del group.names[spelling]
        group.top = [entry for entry in group.top if entry.name != name]
        if group.size == 0 and kind != "site":
            del ledger.groups[(kind, key)]
        # perhaps its oldest article, whose date a folder's name may depend on (kept only for such groups)
        elif group.first is not None and old.stamp <= group.first.timestamp():
            if not group.complete or not group.top:
                raise Fallback
            group.first = date_of(group.top[-1].name)


def enter(ledger: Ledger, new: Brief, name: str, kinds_on: list[Kind], article: Article) -> None:
    for kind, key, spelling in memberships(new, kinds_on):
        group = ledger.groups.get((kind, key))
        if group is None:
            group = ledger.groups[(kind, key)] = Candidates(article.date if kind in FOLDERS else None, {}, 0, [], None)
        elif group.first is not None and article.date < group.first:
            group.first = article.date
        group.size += 1
        group.names[spelling] = group.names.get(spelling, 0) + 1
        entry = rank(article, name)
        if group.bound is None or entry <= group.bound:  # within what is known: it takes its place
            bisect.insort(group.top, entry)
            if len(group.top) > ledger.depth:
                del group.top[ledger.depth :]
                group.bound = group.top[-1]


def sets(config: Config, ledger: Ledger) -> list[tuple[GroupKey, str, str, Candidates]]:
    """Every feed in order: its group, name and folder, as :func:`.plan.feed_sets` lists them."""
    found: list[tuple[GroupKey, str, str, Candidates]] = []
    for kind in kinds(config):
        by_key = {key: group for (k, key), group in ledger.groups.items() if k == kind}
        if kind == "site":
            found.append((("site", ""), "", "", by_key[""]))
        elif kind == "language":
            found.extend(((kind, key), min(by_key[key].names), key, by_key[key]) for key in sorted(by_key))
        else:
            folders = slugs({key: Group(_first(g), g.names, [], g.size) for key, g in by_key.items()})
            for key in sorted(by_key, key=lambda k: folders[k]):
                group = by_key[key]
                found.append(((kind, key), min(group.names), f"{FOLDERS[kind]}/{folders[key]}", group))
    return found


def _first(group: Candidates) -> dt.datetime:
    """The oldest date of a group with a folder of its own, which the ledger always keeps."""
    if group.first is None:
        raise Fallback  # pragma: no cover - kept for every kind with a folder
    return group.first
