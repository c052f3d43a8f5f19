"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written directly.

A feed's file is ``json.dumps(feed_data(meta, items), ensure_ascii=False, indent=2)`` and a newline.
It is written here without ``json.dumps``, whose indented output is made by pure Python: strings by
the json module's own (C) escaper, the indentation laid out here, and each item's text made once
however many feeds carry it. Tests compare the two on any feed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from json.encoder import encode_basestring  # json's own escaper for ensure_ascii=False (C when available)
from typing import Any

from jiading_cli.feeds.model import FeedMeta, Item

VERSION = "https://jsonfeed.org/version/1.1"
ABOUT = "https://jiading.readthedocs.io/en/latest/feeds/#the-_jiading-extension"
"""Where the ``_jiading`` extension is documented: JSON Feed 1.1 asks every extension for an ``about`` URL."""


def _item(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "url": item.url, "title": item.title}
    if item.html is not None:
        data["content_html"] = item.html
    else:
        data["content_text"] = item.summary or item.title
    if item.summary:
        data["summary"] = item.summary
    if item.image:
        data["image"] = item.image.url
    data["date_published"] = item.published.isoformat()
    data["date_modified"] = item.updated.isoformat()
    if item.authors:
        data["authors"] = [{"name": name} for name in item.authors]
    if item.terms:
        data["tags"] = list(item.terms)
    data["language"] = item.lang
    if item.translations:
        translations = [{"language": lang, "url": url} for lang, url in item.translations]
        data["_jiading"] = {"about": ABOUT, "translations": translations}
    return data


def feed_data(meta: FeedMeta, items: Sequence[Item]) -> dict[str, Any]:
    """One feed as JSON Feed 1.1's object, keys in their fixed order."""
    data = _head(meta)
    data["items"] = [_item(item) for item in items]
    return data


def _head(meta: FeedMeta) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": VERSION,
        "title": meta.title,
        "home_page_url": meta.home,
        "feed_url": meta.urls["json"],
        "description": meta.description,
        "language": meta.language,
    }
    if "://" not in meta.urls["json"]:  # a preview served nowhere known: JSON Feed wants a URL or nothing
        del data["feed_url"]
    if meta.icon:
        data["icon"] = meta.icon
        data["favicon"] = meta.icon
    data["authors"] = [{"name": name} for name in meta.authors]
    if meta.hub:
        data["hubs"] = [{"type": "WebSub", "url": meta.hub}]
    return data


def json_feed(meta: FeedMeta, items: Sequence[Item]) -> bytes:
    """One feed as JSON Feed 1.1: UTF-8, keys in a fixed order, two-space indents, a final newline."""
    fields = [f"{encode_basestring(key)}: {_text(value, 1)}" for key, value in _head(meta).items()]
    listed = ",\n    ".join(_item_text(item) for item in items)
    fields.append(f'"items": [\n    {listed}\n  ]' if items else '"items": []')
    return ("{\n  " + ",\n  ".join(fields) + "\n}\n").encode("utf-8")


def _item_text(item: Item) -> str:
    """An item as it stands in the feed's ``items`` list, made once however many feeds carry it.

    Two items can be equal and still be written differently: the same instant at two UTC offsets is one
    ``datetime`` to ``==`` and to ``hash``. The times as written are part of the key, so a remembered item
    is only ever reused for one written exactly the same.
    """
    return _item_text_of(item, item.published.isoformat(), item.updated.isoformat())


def forget() -> None:
    """Forget the items' text kept for the feeds carrying them (:func:`_item_text`)."""
    _item_text_of.cache_clear()


@lru_cache(maxsize=1024)
def _item_text_of(item: Item, published: str, updated: str) -> str:
    return _text(_item(item), 2)


def _text(value: Any, level: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for a value nested ``level`` deep."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict) and value:
        inner = "\n" + "  " * (level + 1)
        fields = (f"{encode_basestring(key)}: {_text(v, level + 1)}" for key, v in value.items())
        return "{" + inner + ("," + inner).join(fields) + "\n" + "  " * level + "}"
    if isinstance(value, list) and value:
        inner = "\n" + "  " * (level + 1)
        return "[" + inner + ("," + inner).join(_text(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    return json.dumps(value)
