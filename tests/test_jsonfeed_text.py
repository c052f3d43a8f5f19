"""The JSON Feed file is written as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it, for any feed."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

import test_xmltext as shapes  # its strategies for made-up feeds (a module, so its tests are not run twice)
from jiading_cli.feeds import jsonfeed
from jiading_cli.feeds.model import FeedMeta, Item


def by_json_dumps(meta: FeedMeta, items: list[Item]) -> bytes:
    return (json.dumps(jsonfeed.feed_data(meta, items), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def outcome(write: object, meta: FeedMeta, items: list[Item]) -> bytes | tuple[str, str]:
    try:
        return write(meta, items)  # type: ignore[operator, no-any-return]
    except UnicodeEncodeError as exc:  # a lone surrogate
        return type(exc).__name__, str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    meta=shapes.metas_from(shapes.wild, shapes.wild_moments),
    items=shapes.items_from(shapes.wild, shapes.wild, shapes.wild_moments),
)
def test_any_feed_is_written_as_json_dumps_writes_it(meta: FeedMeta, items: list[Item]) -> None:
    assert outcome(jsonfeed.json_feed, meta, items) == outcome(by_json_dumps, meta, items)


def test_the_same_instant_at_another_offset_is_written_with_its_own_offset() -> None:
    import datetime as dt

    meta = shapes.meta_of()
    shanghai = dt.datetime(2017, 7, 3, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    first = shapes.item_of(published=shanghai, updated=shanghai)
    second = shapes.item_of(published=shanghai.astimezone(dt.UTC), updated=shanghai.astimezone(dt.UTC))
    assert first == second  # equal to ==, and so to a cache keyed by the item alone
    jsonfeed.json_feed(meta, [first])
    assert b'"date_published": "2017-07-03T10:00:00+00:00"' in jsonfeed.json_feed(meta, [second])


def test_an_item_in_several_feeds_is_written_the_same_in_each() -> None:
    meta = shapes.meta_of()
    first, second = shapes.item_of(title="One"), shapes.item_of(id="urn:b", title="Two")
    both = jsonfeed.json_feed(meta, [first, second])
    assert jsonfeed.json_feed(meta, [second]) == by_json_dumps(meta, [second])
    assert both == by_json_dumps(meta, [first, second])
    assert json.loads(both)["items"][1]["title"] == "Two"
