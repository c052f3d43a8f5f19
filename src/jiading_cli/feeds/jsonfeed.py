"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), which feedgen does not write."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jiading_cli.feeds.model import FeedMeta, Item

VERSION = "https://jsonfeed.org/version/1.1"


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
        data["_jiading"] = {"translations": [{"language": lang, "url": url} for lang, url in item.translations]}
    return data


def json_feed(meta: FeedMeta, items: Sequence[Item]) -> bytes:
    """One feed as JSON Feed 1.1: UTF-8, keys in a fixed order, a final newline."""
    data: dict[str, Any] = {
        "version": VERSION,
        "title": meta.title,
        "home_page_url": meta.home,
        "feed_url": meta.urls["json"],
        "description": meta.description,
        "language": meta.language,
    }
    if meta.icon:
        data["icon"] = meta.icon
        data["favicon"] = meta.icon
    data["authors"] = [{"name": name} for name in meta.authors]
    if meta.hub:
        data["hubs"] = [{"type": "WebSub", "url": meta.hub}]
    data["items"] = [_item(item) for item in items]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
