"""Validity checks every feed file must pass: readers (feedparser), RFC 4287's RELAX NG schema
plus its Schematron rules, and a JSON Schema of JSON Feed 1.1 plus the spec's rules."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
from lxml import etree

HERE = Path(__file__).resolve().parent
A = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
RFC2822_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
RFC3339_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


@cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(HERE / "atom.rng")))


@cache
def json_schema() -> jsonschema.Draft202012Validator:
    schema = json.loads((HERE / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def read(data: bytes) -> Any:
    """feedparser's view of a feed; fails unless it is read without any complaint."""
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _alternates_unique(parent: etree._Element) -> None:
    seen = Counter(
        (link.get("type"), link.get("hreflang"))
        for link in parent.findall(f"{A}link")
        if link.get("rel", "alternate") == "alternate"
    )
    assert all(n == 1 for n in seen.values()), f"two alternate links with the same type and hreflang: {seen}"


def check_atom(data: bytes) -> etree._Element:
    root = etree.fromstring(data, SAFE)
    schema = atom_schema()
    assert schema.validate(root), schema.error_log
    # RFC 4287's Schematron rules, which RELAX NG cannot express.
    _alternates_unique(root)
    feed_author = root.find(f"{A}author") is not None
    for entry in root.findall(f"{A}entry"):
        _alternates_unique(entry)
        links = entry.findall(f"{A}link")
        assert entry.find(f"{A}content") is not None or any(
            link.get("rel", "alternate") == "alternate" for link in links
        )
        assert feed_author or entry.find(f"{A}author") is not None
        # The W3C Feed Validation Service's warnings that do not depend on where the file is served.
        assert entry.find(f"{A}content") is not None or entry.find(f"{A}summary") is not None, "no textual content"
        assert entry.find(f"{A}content[@type='CDATA']") is None
        published = entry.findtext(f"{A}published")
        assert published is None or _rfc3339(published) <= _rfc3339(entry.findtext(f"{A}updated") or ""), "edited first"
    # a feed's updated is its newest entry's, as instants (never the later-looking reading of a clock put back)
    entries = [_rfc3339(e.findtext(f"{A}updated") or "") for e in root.findall(f"{A}entry")]
    assert not entries or _rfc3339(root.findtext(f"{A}updated") or "") == max(entries), "feed updated is not the newest"
    read(data)
    return root


def check_rss(data: bytes) -> etree._Element:
    root = etree.fromstring(data, SAFE)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), f"channel has no {name}"
    assert [ln for ln in channel.findall(f"{A}link") if ln.get("rel") == "self"], "no atom:link rel=self"
    assert channel.findtext("language"), "no language"
    built = _rfc2822(channel.findtext("lastBuildDate"))
    published = [_rfc2822(item.findtext("pubDate")) for item in channel.findall("item")]
    assert built is None or all(built >= moment for moment in published if moment), "an item after lastBuildDate"
    for item in channel.findall("item"):
        _rfc2822(item.findtext("pubDate"))
        assert item.findtext("title") or item.findtext("description")
        assert "@" in (item.findtext("author") or "@"), "RSS author must be an email address"
        assert item.find("guid") is not None, "no guid"
        if item.find(f"{CONTENT}encoded") is not None:
            assert item.find("description") is not None, "content:encoded needs a description before it"
    read(data)
    return root


def _rfc2822(value: str | None) -> dt.datetime | None:
    """RFC 2822's date, in its four-digit year (a shorter one is read as this century's) and its own weekday."""
    if value is None:
        return None
    moment = dt.datetime.strptime(value, "%a, %d %b %Y %H:%M:%S %z")  # the C locale's names, as RSS writes them
    assert RFC2822_DATE.fullmatch(value) and value[:3] == moment.strftime("%a"), f"{value}: not RFC 2822's date"
    return moment


def _rfc3339(value: str) -> dt.datetime:
    """RFC 3339's date-time, strictly: 'T', seconds, and 'Z' or an offset of hours and minutes (fromisoformat alone
    takes a space, no seconds, an offset with seconds)."""
    assert RFC3339_DATE.fullmatch(value), f"{value}: not RFC 3339's date-time"
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"{value}: no time zone"
    return moment


def check_json(data: bytes) -> dict[str, Any]:
    feed = json.loads(data.decode("utf-8"))
    errors = sorted(json_schema().iter_errors(feed), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    for item in feed["items"]:
        for name in ("date_published", "date_modified"):
            if name in item:
                _rfc3339(item[name])
    return feed
