"""What a network is to jiading: the ``Network`` protocol, and ``HttpNetwork`` for networks spoken to over HTTP.

A network says how to build its payload from an article (pure), how a dry run shows it, how to
connect (its secret comes from the environment), how to send it and read the server's answer, its
``jiading.toml`` section with that section's checks, and its text limits. ``registry`` lists them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from jiading_cli.base.printable import quoted
from jiading_cli.config import Config, Finding
from jiading_cli.model.article import Article
from jiading_cli.model.errors import UsageError
from jiading_cli.share import replies
from jiading_cli.share.request import Delivery, HttpRequest, Verdict, again, error_json
from jiading_cli.share.text import plain

if TYPE_CHECKING:
    from jiading_cli.share.fill import ShareText
    from jiading_cli.share.opengraph import Image
    from jiading_cli.share.smtp import MailSender
    from jiading_cli.share.transport import Policy, Sender
    from jiading_cli.share.versions import Retirement


@dataclass(frozen=True, slots=True)
class TextSpec:
    """How a network's text is measured and cut: ``limit`` in ``measure``'s units, ``None`` for no limit.

    ``style`` is the hashtag style (facebook, linkedin, email, x, weibo); ``finish`` turns the cut text
    into the text sent; ``override_hashtags``: '#Tag' in an article's override becomes this style's hashtag.
    """

    limit: int | None = None
    style: str = "facebook"
    measure: Callable[[str], int] = len
    finish: Callable[[str], str] = plain
    override_hashtags: bool = False


@dataclass(frozen=True, slots=True)
class Draft:
    """What a network builds its payload from: the article, its public URL and the network's text."""

    config: Config
    article: Article
    url: str
    text: ShareText
    now: dt.datetime
    image: Image | None = None
    article_urls: Mapping[str, str] | None = None
    requested: dt.datetime | None = None  # when the request of an unknown outcome was made (its intent's time)

    def reach_back(self) -> dt.datetime:
        """How far back a lookup reads the network's posts: to the article's date or, for an unknown outcome, to its
        request when that came first, since the date may have been moved on after the post was made."""
        date = self.article.date
        return date if self.requested is None else min(date, self.requested)


@dataclass(frozen=True, slots=True)
class Listed:
    """A post a lookup read that links no page of the article's URL: its id (in the network's form, or None), its
    address, the links it shares and its text, for :mod:`.readback` to place."""

    remote_id: str | None
    url: str | None
    links: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a network says when asked whether an article is posted already.

    ``found`` (with the post's id), ``absent``, ``unknown`` (it could not answer: ``message`` says why) or
    ``unsupported`` (the network cannot be asked: email).
    """

    state: Literal["found", "absent", "unknown", "unsupported"]
    remote_id: str | None = None
    url: str | None = None
    message: str = ""
    standing: bool = False  # unknown for a refusal of what every request of the network carries (its token...)
    silent: bool = False  # unknown for want of an answer in time: the network is not answering
    listed: tuple[Listed, ...] = ()  # absent: the posts read back to the article's date, none linking its URL


def unread(label: str, count: int, pages: int) -> str:
    """Why a lookup that read its most pages, each post on them newer than the article, is no answer: the post may be
    on a page after them. ``count``: the posts the pages listed, as many as were read (a page may list fewer than
    asked for, or none, and still name a next)."""
    fix = "record a post it has with jiading share --adopt, or post with share.reconcile = false"
    if not count:
        return f"{label}'s listing went on for {pages} pages listing no post, which is as far as jiading reads; {fix}"
    return f"{label} has more than {count:,} posts newer than the article, which is as far as jiading reads; {fix}"


class Pages:
    """The pages of a network's listing of posts read so far, by what marks each (the address a page was read from,
    or what it listed): a page marked as one read already is a listing that goes round in a loop, said as such
    (:func:`looped`), never read again to the most pages read and taken for a network with more posts than that."""

    def __init__(self) -> None:
        self.marks: set[str] = set()

    def again(self, mark: str) -> bool:
        """Whether a page marked ``mark`` was read already; notes it as read."""
        if mark in self.marks:
            return True
        self.marks.add(mark)
        return False


def looped(label: str, url: str, what: str = "leads back to a page read already") -> str:
    """Why a lookup whose listing goes round in a loop is no answer: one line, naming the page that does (a long
    address shortened in the middle, as every long value of a line is: both its ends, its page's cursor, kept)."""
    from jiading_cli.base.printable import printable, shortened

    return f"{label}'s listing of posts goes round in a loop: {printable(shortened(url))} {what}"


@dataclass(frozen=True, slots=True)
class Access:
    """What a read-only call with the configured secret showed: it works (``ok``), or why not."""

    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class ReadRequest:
    """A read-only call: where, and the headers beside the token (a network's versioned headers)."""

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reach:
    """How a post did: counts as the network reports them (None where it reports none), or why they are missing."""

    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    problem: str = ""
    standing: bool = False  # the problem is a refusal of what every request of the network carries (its token...)
    silent: bool = False  # the problem is no answer in time: the network is not answering


class Payload(Protocol):
    """What is sent: the exact bytes are hashed into the syndication record."""

    def sha256(self) -> str: ...


@dataclass(slots=True)
class Connection:
    """What sends one network's payloads: an HTTP sender and its token, or a mail sender."""

    http: Sender | None = None
    token: str = ""
    mail: MailSender | None = None


class Network(Protocol):
    """One network jiading posts to. ``name`` is its config table, its ``--network`` value and its record name."""

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def section(self) -> type: ...
    @property
    def text(self) -> TextSpec: ...
    @property
    def reads_duplicates(self) -> bool: ...  # a duplicate naming no post is settled by reading its posts back

    def template(self, config: Config) -> str: ...
    def missing(self, config: Config) -> str | None: ...
    def check(self, section: Any, site: Any = None) -> list[Finding]: ...
    def payload(self, draft: Draft) -> Payload: ...
    def data(self, config: Config, payload: Payload) -> dict[str, Any]: ...
    def lines(self, config: Config, payload: Payload) -> list[str]: ...
    def as_file(self, config: Config, payload: Payload) -> tuple[str, bytes]: ...
    def connect(self, config: Config, env: Mapping[str, str], policy: Policy) -> Connection: ...
    def prepare(self, draft: Draft, payload: Payload, connection: Connection) -> Payload: ...
    def send(self, payload: Payload, connection: Connection) -> Delivery: ...  # the post alone (steps: prepare)
    def post_url(self, remote_id: str) -> str | None: ...
    def find(self, draft: Draft, connection: Connection) -> Lookup: ...
    def retires(self, section: Any) -> Retirement | None: ...
    def verify(self, config: Config, connection: Connection) -> Access: ...
    def edit(self, draft: Draft, remote_id: str, connection: Connection) -> Delivery | None: ...
    def reach(self, config: Config, remote_id: str, connect: Callable[[], Connection]) -> Reach | None: ...
    def remote_problem(self, remote_id: str, config: Config | None = None) -> str | None: ...


def recordable(network: Network, config: Config, delivery: Delivery) -> Delivery:
    """``delivery`` as it may be recorded: the post id a network's answer names is written into the article only when
    the record passes the check every record is held to (``remote_problem`` with the config, ``JD183``: the
    network's form and, for Facebook, a post of the configured Page). A post answered with another id may have gone
    out, and is pending; a duplicate said with one is a duplicate whose post is not named."""
    problem = network.remote_problem(delivery.remote_id, config) if delivery.remote_id is not None else None
    if problem is None:
        return delivery
    if delivery.outcome == "duplicate":
        return replace(delivery, remote_id=None, url=None)
    said = f"{network.label} answered with a post id that cannot be recorded ({problem}); the post may have gone out"
    return replace(delivery, outcome="unknown", message=said, remote_id=None, url=None)


def recordable_lookup(network: Network, config: Config, lookup: Lookup) -> Lookup:
    """``lookup`` when a post it found has an id a record may hold (as ``recordable``); else no answer."""
    problem = network.remote_problem(lookup.remote_id, config) if lookup.remote_id is not None else None
    if lookup.state != "found" or problem is None:
        return lookup
    return Lookup(
        "unknown",
        message=f"{network.label} listed a post of the article with an id that cannot be recorded ({problem})",
    )


def request_lines(name: str, data: Mapping[str, Any]) -> list[str]:
    """A request as a dry run shows it: method and URL, headers (redacted), then the form or the JSON."""
    lines = [f"{name}: {data['method']} {data['url']}"]
    lines += [f"  {key}: {value}" for key, value in data["headers"].items()]
    for key, value in data.get("form", {}).items():
        lines += [f"  {key}=", textwrap.indent(value, "    ")] if "\n" in value else [f"  {key}={value}"]
    if "json" in data:
        lines.append(textwrap.indent(json.dumps(data["json"], ensure_ascii=False, indent=2), "  "))
    if data.get("attachment"):
        lines.append(f"  (the thumbnail is uploaded first from {data['attachment']})")
    if data.get("note"):
        lines.append(f"  ({data['note']})")
    return lines


class HttpNetwork:
    """A network spoken to over HTTP with a bearer token from ``secret_env``; subclasses build and read."""

    name: ClassVar[str]
    label: ClassVar[str]
    section: ClassVar[type]
    text: ClassVar[TextSpec]
    secret_env: ClassVar[str]
    remote_form: ClassVar[re.Pattern[str]] = re.compile(r"[!-~]{1,200}")  # a post's id, as the network gives it
    remote_example: ClassVar[str] = ""  # one, for a message; none: "ASCII without spaces"
    # Its duplicate answer names no post (Facebook's 506), so it says nothing of whose post it is: settled by reading
    # the network's posts back (``duplicates.settled``), never recorded as the article's post on its word alone.
    reads_duplicates: ClassVar[bool] = False

    def check(self, section: Any, site: Any = None) -> list[Finding]:
        return []

    def remote_problem(self, remote_id: str, config: Config | None = None) -> str | None:
        """Why ``remote_id``, given by hand or recorded, is not one of this network's post ids (None: it is); with
        ``config``, not one of the configured account's where the network's ids say whose they are."""
        if self.remote_form.fullmatch(remote_id):
            return None
        shape = f"such as {self.remote_example}" if self.remote_example else "(ASCII without spaces)"
        return f"expected a {self.label} post id {shape}, got {quoted(remote_id)}"

    def data(self, config: Config, payload: Payload) -> dict[str, Any]:
        assert isinstance(payload, HttpRequest)
        return payload.shown()

    def lines(self, config: Config, payload: Payload) -> list[str]:
        return request_lines(self.name, self.data(config, payload))

    def as_file(self, config: Config, payload: Payload) -> tuple[str, bytes]:
        """The request as ``--out`` writes it: ``{name}.json``."""
        text = json.dumps(self.data(config, payload), ensure_ascii=False, indent=2) + "\n"
        return f"{self.name}.json", text.encode("utf-8")

    def connect(self, config: Config, env: Mapping[str, str], policy: Policy) -> Connection:
        from jiading_cli.base.route import RouteError
        from jiading_cli.config import environment
        from jiading_cli.share.transport import Sender, session

        token = environment.secret(self.secret_env, env)
        if not token:
            raise UsageError(f"{self.name}: set {self.secret_env} to the access token (it is never read from a file)")
        try:
            http = session(env)
        except RouteError as exc:
            raise UsageError(f"{self.name}: {exc}; nothing was sent") from None
        return Connection(http=Sender(policy, http), token=token)

    def prepare(self, draft: Draft, payload: Payload, connection: Connection) -> Payload:
        return payload

    def send(self, payload: Payload, connection: Connection) -> Delivery:
        assert isinstance(payload, HttpRequest) and connection.http is not None
        return connection.http.send(payload, connection.token, self.interpret, label=self.label)

    def interpret(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        raise NotImplementedError

    def post_url(self, remote_id: str) -> str | None:
        return None

    def find(self, draft: Draft, connection: Connection) -> Lookup:
        """Whether the article is posted already; a network that can list its posts says so."""
        return Lookup("unsupported")

    def retires(self, section: Any) -> Retirement | None:
        """The pinned API version and the day it stops working, for a network that pins one."""
        return None

    def read_hint(self, status: int, data: dict[str, Any] | None) -> str | None:
        """What to do about the API refusing a read with ``status`` and ``data`` (its JSON), or None."""
        return None

    def verify(self, config: Config, connection: Connection) -> Access:
        """Whether the token works, with a read-only call; ``identity`` says which and what it shows."""
        from jiading_cli.share.transport import read

        assert connection.http is not None
        asked = self.identity(config)
        reading = read(connection.http, asked.url, connection.token, asked.headers, self.label, self.read_hint)
        if not reading.ok or reading.data is None:  # the token is suspect when the API refused it, not otherwise
            told = self.read_hint(reading.status, reading.data) if 400 <= reading.status < 500 else None
            hint = f"; {self.secret_env} may have expired or lack a permission" if 400 <= reading.status < 500 else ""
            return Access(False, reading.message + ("" if told else hint))
        return Access(True, self.describe(reading.data))

    def identity(self, config: Config) -> ReadRequest:
        raise NotImplementedError

    def edit(self, draft: Draft, remote_id: str, connection: Connection) -> Delivery | None:
        """Replace the text of the post ``remote_id`` with the draft's (None: this network's posts cannot be
        edited); an edit may be sent again safely. A recorded id not in the network's form (a record edited by hand)
        is sent nowhere: it would name another object of the API, with the token."""
        request = self.edit_request(draft, remote_id)
        if request is None:
            return None
        problem = self.remote_problem(remote_id, draft.config)
        if problem is not None:
            return Delivery("failed", f"the record's remote_id: {problem}; nothing was sent (see `jiading validate`)")
        assert connection.http is not None
        return connection.http.send(request, connection.token, self.interpret_edit, label=self.label)

    def edit_request(self, draft: Draft, remote_id: str) -> HttpRequest | None:
        return None

    def reach(self, config: Config, remote_id: str, connect: Callable[[], Connection]) -> Reach | None:
        """The post's reactions, comments and shares, read with ``reach_request`` (None: not readable here).

        ``connect`` is called only when there is something to read (a network without figures needs no secret).
        """
        from jiading_cli.share.transport import read

        asked = self.reach_request(config, remote_id)
        if asked is None:
            return None
        problem = self.remote_problem(remote_id, config)  # a recorded id is read only in the network's form, as edited
        if problem is not None:
            return Reach(problem=f"the record's remote_id: {problem}; nothing was read (see `jiading validate`)")
        connection = connect()
        assert connection.http is not None
        reading = read(connection.http, asked.url, connection.token, asked.headers, self.label, self.read_hint)
        if not reading.ok or reading.data is None:
            return Reach(problem=reading.message, standing=reading.standing, silent=reading.silent)
        return self.reach_counts(reading.data)

    def reach_request(self, config: Config, remote_id: str) -> ReadRequest | None:
        return None

    def reach_counts(self, data: Mapping[str, Any]) -> Reach:
        raise NotImplementedError

    def interpret_edit(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        """An edit is made when the API answers it with a 2xx, unless that answer's body is an error
        (:func:`replies.refusal`): the post keeps its old text, and the next ``--update`` sends the edit again."""
        if 200 <= status < 300 and (stated := replies.refusal(data := error_json(body))) is not None:
            said = replies.shown(replies.text(replies.mapping(data, "error") or data, "message") or "no message")
            return Verdict("fail", f"{self.label} answered {status} with an error ({stated}: {said})")
        if 200 <= status < 300:
            return Verdict("ok")
        verdict = self.interpret(status, headers, body)  # an edit made twice is the same edit
        return Verdict("fail", verdict.message) if verdict.kind in ("ok", "duplicate", "unknown") else again(verdict)

    def describe(self, data: Mapping[str, Any]) -> str:
        raise NotImplementedError
