"""Grouping articles by normalised name gives what filing them one by one gives, spellings and all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.feeds import sets as plan


@dataclass(frozen=True)
class Filed:
    lang: str
    category: str | None
    tags: tuple[str, ...]
    date: dt.datetime


def filed_one_by_one(chosen: list[Filed], kind: plan.Kind, depth: int) -> dict[str, plan.Group]:
    """Each article in turn, newest first: the plain reading of what a group is."""
    groups: dict[str, plan.Group] = {}
    for article in chosen:
        seen: set[str] = set()
        for name in plan.names_of(kind)(article):
            key = plan.name_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            group = groups.setdefault(key, plan.Group(article.date))
            group.first = article.date
            group.names[name] = group.names.get(name, 0) + 1
            group.size += 1
            if len(group.members) < depth:
                group.members.append(article)  # type: ignore[arg-type]
    return groups


def shown(groups: dict[str, plan.Group]) -> list[Any]:
    """Everything about the groups, in order, with members by identity."""
    return [(key, g.first, list(g.names.items()), [id(m) for m in g.members], g.size) for key, g in groups.items()]


names = st.sampled_from(["AI", "ai", " ai", "Ａｉ", "a i", "finance", "Finance", "金融", "", " ", "en", "EN", "zh-CN"])
moments = st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2025, 1, 1), timezones=st.just(dt.UTC))
articles = st.builds(Filed, names, st.one_of(st.none(), names), st.lists(names, max_size=4).map(tuple), moments)


@settings(max_examples=400, deadline=None)
@given(chosen=st.lists(articles, max_size=25), depth=st.integers(1, 6))
def test_groups_are_what_filing_each_article_in_turn_gives(chosen: list[Filed], depth: int) -> None:
    chosen.sort(key=lambda a: a.date, reverse=True)
    for kind in ("language", "category", "tag"):
        assert shown(plan._group(chosen, kind, depth)) == shown(filed_one_by_one(chosen, kind, depth))  # type: ignore[arg-type]
