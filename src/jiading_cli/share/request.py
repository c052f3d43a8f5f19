"""What a network is sent, as data: built by pure functions, sent by ``transport``, shown by dry runs."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import quote, urlencode

from jiading_cli.base import jsontext
from jiading_cli.model.errors import JiadingError

REDACTED = "Bearer ***"


class ShareError(JiadingError):
    """A payload cannot be built or sent; the message says what to do."""


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One HTTP request. The ``Authorization`` header is added only when sending, from ``token_env``.

    ``attachment``: a local file the network uploads before this request (LinkedIn's thumbnail); ``note``: what a
    dry run says of the request beside it (a thumbnail left out, and why).
    """

    network: str
    method: str
    url: str
    token_env: str
    headers: tuple[tuple[str, str], ...] = ()
    form: tuple[tuple[str, str], ...] | None = None
    json: dict[str, Any] | None = None
    attachment: str | None = None
    note: str | None = None

    def body(self) -> bytes:
        """The exact bytes sent (and hashed into the syndication record)."""
        if self.form is not None:
            return urlencode(self.form, quote_via=quote).encode("ascii")
        if self.json is not None:
            return json.dumps(self.json, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return b""

    def content_type(self) -> str:
        if self.form is not None:
            return "application/x-www-form-urlencoded"
        return "application/json"

    def all_headers(self, token: str | None) -> dict[str, str]:
        """Headers as sent; ``token=None`` gives the redacted ones a dry run shows."""
        headers = {"Authorization": f"Bearer {token}" if token is not None else REDACTED}
        headers.update(self.headers)
        headers["Content-Type"] = self.content_type()
        return headers

    def sha256(self) -> str:
        return hashlib.sha256(self.body()).hexdigest()

    def shown(self) -> dict[str, Any]:
        """The request as data, secrets redacted: for --json and golden files."""
        data: dict[str, Any] = {"method": self.method, "url": self.url, "headers": self.all_headers(None)}
        if self.form is not None:
            data["form"] = dict(self.form)
        if self.json is not None:
            data["json"] = self.json
        data["sha256"] = self.sha256()
        if self.attachment:
            data["attachment"] = self.attachment
        if self.note:
            data["note"] = self.note
        return data


Kind = Literal["ok", "duplicate", "retry", "fail", "unknown"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a server's answer means. ``unknown``: the post may exist but the answer does not say."""

    kind: Kind
    message: str = ""
    remote_id: str | None = None
    url: str | None = None
    retry_after: float | None = None
    # A server error that does not say whether the server acted on the request (500, 502, 504, Facebook's unknown
    # error): a request that makes something (a post) may have made it, and is never sent again blind; one that
    # only asks or sets (an upload's start, an edit, a scrape) is tried again as any "retry" is.
    perhaps_done: bool = False
    # A refusal of what every request of the network carries (its secret, a permission, its API version), not of
    # this one: each request after it would be refused alike (:mod:`jiading_cli.share.standing`).
    standing: bool = False
    # A duplicate's: the server's own words, as ``message`` gives them (``(422: Content is a duplicate of …)``), for
    # a line that says the duplicate otherwise (another article's post: ``post._not_taken``).
    said: str = ""


def again(verdict: Verdict) -> Verdict:
    """``verdict`` for a request that may be sent twice without making anything twice: a server error is tried
    again, whether or not the server said it left the request undone."""
    return replace(verdict, perhaps_done=False) if verdict.perhaps_done else verdict


Outcome = Literal["posted", "duplicate", "failed", "unknown"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How one send ended. ``failed``: certainly not delivered. ``unknown``: perhaps delivered."""

    outcome: Outcome
    message: str = ""
    remote_id: str | None = None
    url: str | None = None
    tries: int = 1
    notes: tuple[str, ...] = field(default=())
    standing: bool = False  # failed for what every request of the network carries (``Verdict.standing``)
    silent: bool = False  # ended for want of an answer in time (connecting, or the answer): the server is silent
    said: str = ""  # a duplicate's: the server's own words (``Verdict.said``)
    note: str = ""  # a duplicate's: how its post was found, for its record's ``note`` (``duplicates.settled``)


UNDONE = "jiading_undone"  # the attribute a stop landing between two tries carries: the send so far, not done


class Between:
    """Where a send tried again stands: ``undone`` is what it certainly is from the moment an answer says to try
    again, every try so far left undone, until the next try begins (None: a try may be under way).

    A stop that lands meanwhile (Ctrl-C, ``SIGTERM``, ``SIGHUP``: nothing is in flight) leaves :meth:`watching` as it
    came, carrying ``undone`` (:func:`undone`), so that whatever keeps the send's records writes what it
    certainly is, not sent, rather than keep an intent whose outcome the next run could only call unknown."""

    def __init__(self) -> None:
        self.undone: Delivery | None = None

    @contextmanager
    def watching(self) -> Iterator[None]:
        try:
            yield
        except KeyboardInterrupt as stop:  # stops.Stopped too: the same exception goes on, so the same status
            if self.undone is not None:
                setattr(stop, UNDONE, self.undone)
            raise


def record_undone(write: Callable[[], object]) -> None:
    """``write()``, the record of a send :func:`undone` says was not done, on a stop's way out: a record that cannot
    be written keeps the intent, an outcome said unknown, which is never a second post."""
    try:
        write()
    except ShareError:
        return


def record_through_stop(write: Callable[[], object], on_stop: Callable[[], object] | None = None) -> None:
    """``write()``, a record of a send, done whatever stop (Ctrl-C, a signal) lands while it is written: on the stop's
    way out (a second signal is never raised) ``on_stop()`` is done, by default ``write()`` again. For a send whose
    outcome is known (posted, edited, sent to some recipients) the record is written again, ``write`` giving the
    same records when the first went in place; for the intent of a send not begun, ``on_stop`` puts back what was
    recorded before. Either way no send is left an intent the next run could only call pending."""
    try:
        write()
    except KeyboardInterrupt:  # stops.Stopped too
        record_undone(on_stop or write)
        raise


def undone(stop: BaseException) -> Delivery | None:
    """The send that ``stop`` (a stop signal's exception) ended between two tries, certainly not done; else None."""
    found = getattr(stop, UNDONE, None)
    return found if isinstance(found, Delivery) else None


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # how JSON text writes a UTF-16 surrogate: \ud800


def error_json(body: bytes) -> dict[str, Any] | None:
    """A server's answer as a JSON object, or None: not UTF-8, not JSON (nested too deep to read, too), not an
    object, an object giving a key twice (``{"id": "1234_1", "id": "1234_9"}``: which post?), or one holding a
    string that is not Unicode text, a surrogate escaped alone (``"\\ud800"``, which JSON's syntax allows): no UTF-8
    output could carry it, so any line, JSON or CSV that showed it would fail to be written, as a body that is
    not UTF-8 would. Every answer jiading reads is read here."""
    return reading(body)[0]


def reading(body: bytes) -> tuple[dict[str, Any] | None, str]:
    """:func:`error_json`'s object, and why it reads none in a few words for a message ("" when it reads one)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, "text that is not UTF-8"
    try:
        data = jsontext.loads(text, unique=True)
    except jsontext.KeyTwice:
        return None, "a JSON object that gives a key twice"
    except ValueError:
        return None, "text that is not JSON"
    if not isinstance(data, dict):
        return None, "JSON that is not an object"
    if SURROGATE_ESCAPE.search(text) and not _unicode(data):
        return None, "JSON holding a string that is not Unicode text"
    return data, ""


def _unicode(data: Any) -> bool:
    """Whether every string of ``data``, keys included, is Unicode text: no surrogate (a pair escaped together is
    one character; one left is none)."""
    from jiading_cli.base.printable import SURROGATES

    left: list[Any] = [data]
    while left:  # a walk of its own, as deep as the JSON goes
        item = left.pop()
        if isinstance(item, str) and SURROGATES.search(item):
            return False
        if isinstance(item, dict):
            left += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            left += item
    return True
