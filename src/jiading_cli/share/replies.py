"""Reading a network's answers: every value is taken only in the form the API documents, or not at all.

A server's JSON may hold anything where a field is expected (a number where a list belongs, a mapping where
an id does), and a link in it may lead anywhere. Networks read their answers through these functions alone,
so an answer of the wrong shape is an answer without that field (and the network says what it lacked),
never an exception; an id is taken only in its documented form, so nothing else is recorded in an article
or put in a request's path; and a link an answer names (a listing's next page, where to upload an image) is
followed, with the token, only on the API's own site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from jiading_cli.base.iphosts import ip_address

SHOWN_MAX = 200  # characters of a server's text shown in a line


def field(data: Any, key: str) -> Any:
    """``data[key]`` when ``data`` is a JSON object holding it; else None."""
    return data.get(key) if isinstance(data, Mapping) else None


def mapping(data: Any, key: str) -> dict[str, Any] | None:
    """The JSON object at ``data[key]``, or None when it is missing or not an object."""
    found = field(data, key)
    return found if isinstance(found, dict) else None


def objects(data: Any, key: str) -> list[dict[str, Any]]:
    """The JSON objects listed at ``data[key]`` (anything else in the list, or a value that is not a list: none)."""
    found = field(data, key)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def text(data: Any, key: str) -> str | None:
    """The string at ``data[key]`` (a whole number is written as digits, as some APIs give ids); else None."""
    found = field(data, key)
    if isinstance(found, str):
        return found
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return None


COUNT_MAX = 2**63 - 1  # the largest number an API's 64-bit field holds; a larger one is not a count, nor a time


def count(data: Any, key: str) -> int | None:
    """The whole number at ``data[key]`` from 0 to ``COUNT_MAX``; else None (JSON allows any size: 10**400 would not
    even divide into a float)."""
    found = field(data, key)
    return found if isinstance(found, int) and not isinstance(found, bool) and 0 <= found <= COUNT_MAX else None


def listing(label: str, status: int, data: Any, key: str, paging: str | None = None) -> list[dict[str, Any]] | str:
    """The posts a page of a network's listing gives at ``data[key]``, only in the documented form: a JSON list of
    objects (an empty one is a page listing no post), and ``data[paging]``, when named and given, an object whose
    ``next``, when given, is text (:func:`follows` judges where it leads); else why not, in a line. An answer of any
    other form (an error said with a 200, an empty object, a number where the list goes) is no listing: read as a
    page of no post, it would settle an unknown outcome as no post made, or a lost record as no post, and post the
    article again."""
    posts, pages = field(data, key), field(data, paging) if paging else None
    if isinstance(posts, list) and all(isinstance(item, dict) for item in posts):
        if pages is None or (isinstance(pages, dict) and (pages.get("next") is None or text(pages, "next"))):
            return posts
        where = f"{paging!r}: {shown(json.dumps(pages, ensure_ascii=False)[:60])}"
        return f"{label} answered {status} with a listing whose {paging!r} is not in its documented form ({where})"
    return (
        f"{label} answered {status} without a list of posts (expected {{{key!r}: [...]}}, found {found(data, key)}); "
        "its posts are unknown"
    )


def refusal(data: Any) -> int | None:
    """For a 2xx answer: whether its body is an API's error (the Graph API's ``{"error": {…}}``, LinkedIn's
    ``{"status": 401, "message": …}``), with the status it states (400 when it states none), or None. Such a body is
    a refusal whatever status came with it (a proxy, a gateway or the API itself answering 200 to every request):
    read as data, a token check said an expired token worked, figures were read from it, and an edit refused was
    recorded as made."""
    if mapping(data, "error") is not None:
        return 400
    status = count(data, "status")
    return status if status is not None and 400 <= status < 600 and text(data, "message") else None


def identifier(value: str | None, form: re.Pattern[str]) -> str | None:
    """``value`` when it is entirely in the documented ``form``; else None."""
    return value if value is not None and form.fullmatch(value) else None


WORD_EDGES = "\"'()[]{}<>.,;:!?"  # what may close (or open) a word of a server's text without being part of it


def named(value: str | None, form: re.Pattern[str]) -> str | None:
    """The one id in the documented ``form`` that ``value``, a server's text as it came, names as a word of its own
    (between spaces, quotes, brackets or a closing '.' or ','); None when it names none, or more than one. Never read
    from the text as shown (cut to ``SHOWN_MAX``, control characters made spaces), which would take the part of an
    id before the cut, or before a control character, for the whole of another."""
    if value is None:
        return None
    ids = {word for word in (raw.strip(WORD_EDGES) for raw in value.split()) if form.fullmatch(word)}
    return ids.pop() if len(ids) == 1 else None


def shown(value: str) -> str:
    """A server's text as one line shows it: at most ``SHOWN_MAX`` characters, each character a terminal may act on
    rather than show (``base.printable.CONTROL``: C0 and C1 controls, the line and paragraph separators, and the
    marks and overrides of bidirectional text, U+202E showing the rest of a line reversed) as a space, in every
    output alike: the table, ``--json``, ``--csv`` (which writes text as it is) and the share preview's page."""
    from jiading_cli.base.printable import CONTROL

    flat = CONTROL.sub(" ", value[: SHOWN_MAX + 1])
    return flat if len(flat) <= SHOWN_MAX else flat[: SHOWN_MAX - 1] + "…"


def account(data: Any, kind: str, network: str, fields: tuple[str, str]) -> str:
    """What a token reads, from the answer ``data`` naming it (``fields``: its name's and its id's keys), as ``--check``
    says it: ``the Page 'Invest in Jiading' (1234)``, and in words where the answer leaves one out."""
    name, ident = (text(data, field) for field in fields)
    one = "an" if kind[:1].lower() in "aeiou" else "a"
    named = f"the {kind} {shown(name)!r}" if name else f"{one} {kind} {network} gave no name"
    return f"the token reads {named} ({shown(ident) if ident else 'no id given'})"


def found(data: Any, key: str, why: str = "") -> str:
    """What an answer held where ``data[key]`` was expected, in a few words for a message (``why``: why the answer
    gave no object, ``request.reading``)."""
    if not isinstance(data, Mapping):
        return why or "no JSON object"
    if key not in data:
        said = text(mapping(data, "error"), "message")
        return f"an error ({shown(said)})" if said else f"an object without {key!r}"
    try:
        value = json.dumps(data[key], ensure_ascii=False)
    except (ValueError, RecursionError):
        value = type(data[key]).__name__
    return f"{key!r}: {shown(value[:60])}"


def follows(url: Any, base: str) -> str | None:
    """``url`` as the HTTP client sends it, when a link an answer names may be followed with the token: an absolute
    URL with the API base's scheme, on its host and port, or on another host of the same site (``www.linkedin.com``
    beside ``api.linkedin.com``: the base's host without its first label, when that leaves a domain of two labels or
    more) on the scheme's own port, and naming no user; else None. An address (an IP) is only itself.

    The host judged is the one the request goes to: the link is read as ``requests`` reads it to send it, and that
    URL is returned, to be followed as it is. Two readers may see two hosts in one link (``https://evil.com\\@www.
    linkedin.com/`` is ``www.linkedin.com`` to ``urlsplit``, with a user ``evil.com\\``, and ``evil.com`` to the
    client, which takes the backslash for the path's start): judged by one and sent by the other, the token went to
    the host no check had seen."""
    if not isinstance(url, str) or not url or any(ch <= " " or ch == "\x7f" for ch in url):
        return None
    sent = _as_sent(url)
    if sent is None:
        return None
    try:
        there, here = urlsplit(sent), urlsplit(base)
        there_port, here_port = there.port, here.port
    except ValueError:
        return None
    if there.scheme.lower() != here.scheme.lower() or not there.hostname or not here.hostname:
        return None
    if there.username is not None or there.password is not None:  # a user's credentials would replace the token's
        return None
    if (there.hostname, there_port) == (here.hostname, here_port):
        return sent
    if there_port is not None or ip_address(here.hostname, bare=True, zone=True) is not None:
        return None
    labels = here.hostname.split(".")
    site = ".".join(labels[1:])
    return sent if len(labels) >= 3 and there.hostname.endswith("." + site) else None


def _as_sent(url: str) -> str | None:
    """``url`` as ``requests`` makes it to send it (its host as urllib3 reads it, IDNA-encoded; its path and query
    quoted), or None when it would not send it."""
    from requests.models import PreparedRequest

    prepared = PreparedRequest()
    try:
        prepared.prepare_url(url, None)
    except Exception:  # noqa: BLE001 - whatever requests raises for a URL it would not send: not one to follow
        return None
    return prepared.url
