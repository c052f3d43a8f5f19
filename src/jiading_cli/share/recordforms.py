"""What makes a record of the ``syndication`` field one jiading can trust (:func:`problem`): the form
`jiading share` writes (:mod:`.records`), which validate checks (JD183) before any command acts on it."""

from __future__ import annotations

from typing import Any

from jiading_cli.base.urls import WEB, parse_url
from jiading_cli.share.records import STATES, instant

UNWRITTEN = frozenset(' "<>\\^`{|}')  # never in a URL as written (a quote or a bracket ends one in HTML)


def problem(item: Any) -> str | None:
    """Why a record is not one jiading can trust, or None."""
    if not isinstance(item, dict):
        return "expected a mapping written by `jiading share`"
    if not isinstance(item.get("network"), str) or not item.get("network"):
        return "expected a 'network' in every record"
    if item.get("state") not in STATES:
        return f"expected state 'intent', 'posted' or 'partial', got {item.get('state')!r}"
    return _time_problem(item) or _count_problem(item) or _id_problem(item) or _url_problem(item)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a post's address as a network gives one (words to follow "expected the post's http:// or
    https:// URL, got …"), or None: an absolute web address naming a host, written as a URL is (printable, without
    spaces, quotes, angle brackets or backslashes). The one rule for a URL given by hand (``--url``) and one a
    record holds, which ``--stats`` and ``--json`` show and a preview links."""
    if not url.isprintable() or any(ch in UNWRITTEN for ch in url):
        return "it holds a space, a quote, a bracket or a character that is not printable"
    parts = parse_url(url)
    if isinstance(parts, str):
        return parts
    if parts.scheme not in WEB or not url.lower().startswith(("http://", "https://")):
        return "it is not an http:// or https:// address"
    return None


def _url_problem(item: dict[Any, Any]) -> str | None:
    """Why the record's ``url`` (the post's) or ``link`` (the article's, as posted) is not such an address."""
    for name, what in (("url", "the post's"), ("link", "the article's")):
        url = item.get(name)
        why = None if url is None else url_problem(url) if isinstance(url, str) else "it is not text"
        if why is not None:
            return f"{item['network']}: {name}: expected {what} http:// or https:// URL, got {str(url)!r} ({why})"
    return None


def _time_problem(item: dict[Any, Any]) -> str | None:
    """Why a record's ``time`` is not one jiading reads: only the form it writes, UTC to the second in quotes, and
    one in every intent (when the request was made decides whether a post not found yet may still be becoming
    one). A time in another form is never guessed at: misread as long over, it would have a request still under
    way taken for no post, and posted again."""
    value, form = item.get("time"), "the UTC time `jiading share` writes, in quotes, such as '2026-11-27T04:00:00Z'"
    if value is None:
        missing = f"{item['network']}: expected the time of its request ('time') in an intent: {form}"
        return missing if item["state"] == "intent" else None
    if isinstance(value, str) and instant(value) is not None:
        return None
    quotes = "" if isinstance(value, str) else " (without quotes, YAML reads a time as another value than its text)"
    return f"{item['network']}: time: expected {form}, got {str(value)!r}{quotes}"


def _count_problem(item: dict[Any, Any]) -> str | None:
    """Why a record's ``sent`` or ``sending`` is not one jiading writes: a count of recipients, ``sending`` only in an
    intent and past ``sent``, ``sent`` in every partial record."""
    counts = {name: item[name] for name in ("sent", "sending") if name in item}
    for name, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{item['network']}: {name}: expected a number of recipients, got {value!r}"
    if item["state"] == "partial" and not counts.get("sent"):
        return f"{item['network']}: expected the recipients sent to ('sent') in a partial record"
    if "sending" in counts and (item["state"] != "intent" or counts["sending"] <= counts.get("sent", 0)):
        return f"{item['network']}: sending: expected it only in an intent, past 'sent', got {counts['sending']!r}"
    return None


def _id_problem(item: dict[Any, Any]) -> str | None:
    remote = item.get("remote_id")
    if remote is not None and not isinstance(remote, str):  # 1234_1 without quotes is YAML's number 12341
        return (
            f"{item['network']}: remote_id: expected the id as text in quotes, as `jiading share` writes it, got "
            f"{remote!r} (a number: YAML reads digits without quotes as one, and 1234_1 as 12341)"
        )
    return None
