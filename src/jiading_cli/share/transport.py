"""Sending HTTP requests: timeouts on every request, bounded retries with exponential backoff and
jitter, ``Retry-After`` honoured. What an answer means is decided by the network's ``interpret``.

Only a request that certainly never reached the server is tried again: a connection refused or not
made in time, or an answer that says to retry. Anything else that goes wrong once a connection is made
(the connection lost, an answer that never came, or one that came broken: cut short, its chunks or
its compression garbled) ends the send as ``unknown``: the post may exist. A redirect is an answer, never
followed: the token is not sent where a server points.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jiading_cli.base import realclock
from jiading_cli.base.exchange import Answer, Late, TooLarge, exchange
from jiading_cli.share import failures, replies
from jiading_cli.share.request import Between, Delivery, HttpRequest, Verdict
from jiading_cli.share.secrecy import Secret
from jiading_cli.share.settings import ShareSection

if TYPE_CHECKING:
    import requests

Interpret = Callable[[int, Mapping[str, str], bytes], Verdict]
UPLOAD_RATE = 32 * 1024  # bytes a second a request's body is given to go out, at the least
WAIT_MAX = 366 * 86400.0  # seconds: a longer Retry-After is read as this (still far beyond share.retry_after_max)
SECONDS = re.compile(r"[0-9]+")  # Retry-After's delta-seconds: ASCII digits (str.isdigit takes '²' too)


def _quiet(line: str) -> None:
    """No progress shown."""


@dataclass(frozen=True, slots=True)
class Policy:
    """How to send: timeouts, tries and waits; ``progress`` hears one line per request and per wait."""

    timeout: float
    attempts: int
    backoff: float
    backoff_max: float
    retry_after_max: float
    progress: Callable[[str], None] = _quiet

    @classmethod
    def from_config(cls, share: ShareSection, progress: Callable[[str], None] = _quiet) -> Policy:
        return cls(share.timeout, share.attempts, share.backoff, share.backoff_max, share.retry_after_max, progress)

    def whole(self, sent: int) -> float:
        """Seconds a request may take in all, however its answer trickles: two timeouts, and a second for every
        ``UPLOAD_RATE`` bytes it sends."""
        return 2 * self.timeout + sent / UPLOAD_RATE

    def wait(self, attempt: int, rand: Callable[[], float]) -> float:
        """Exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1), capped."""
        ceiling = min(self.backoff_max, self.backoff * 2 ** (attempt - 1))
        return float(ceiling / 2 + rand() * ceiling / 2)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), or None."""
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip()
    if not value:
        return None
    if SECONDS.fullmatch(value):
        return min(float(value), WAIT_MAX)
    try:
        from email.utils import parsedate_to_datetime  # only for a Retry-After given as a date

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(WAIT_MAX, max(0.0, (when - realclock.now()).total_seconds()))


def wait_words(seconds: float) -> str:
    """A wait a ``Retry-After`` asks for, in words: its seconds, or more than a year (:data:`WAIT_MAX`, which a
    longer one is read as)."""
    return "more than a year" if seconds >= WAIT_MAX else f"{seconds:.0f} s"


def redirected(status: int, headers: Mapping[str, str]) -> str:
    """For a redirect (3xx), what it says in words (it is never followed); else ''."""
    if not 300 <= status < 400:
        return ""
    there = replies.shown(headers.get("Location") or headers.get("location") or "")
    return f"a redirect to {there or 'nowhere'}, which jiading does not follow"


def _final(name: str, status: int) -> Verdict | None:
    """An answer whose status is no final one (an interim 1xx, such as 103 Early Hints, which the HTTP client takes
    for the answer; or none HTTP defines) says nothing of what the request did: perhaps done. Else None."""
    if 200 <= status < 600:
        return None
    return Verdict("unknown", f"{name} answered {status}, which is not a final HTTP answer")


def _redirect(name: str, status: int, headers: Mapping[str, str]) -> Verdict | None:
    """A redirect answering a request that changes something: it failed (nothing is sent where a server points),
    except 303 See Other, which says the request was done and names its result: perhaps done."""
    said = redirected(status, headers)
    if not said:
        return None
    if status == 303:
        return Verdict("unknown", f"{name} answered {status}, {said}")
    return Verdict("fail", f"{name} answered {status}, {said}; expected an answer from the API itself (check api_base)")


def session(env: Mapping[str, str] | None = None) -> requests.Session:
    """A session for one network's requests, by the proxy and certificates ``env`` names
    (:mod:`jiading_cli.base.route`; none: direct, with the certificates ``requests`` ships);
    :class:`~jiading_cli.base.route.RouteError` for a variable that cannot be used."""
    from jiading_cli import __version__
    from jiading_cli.base import route

    return route.session(route.Route.of(env or {}), f"jiading/{__version__}")


@dataclass
class Sender:
    """Sends requests with one policy; ``sleep`` and ``rand`` are injectable for tests of the schedule."""

    policy: Policy
    http: requests.Session
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random

    def send(
        self,
        request: HttpRequest,
        token: str,
        interpret: Interpret,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        label: str = "",
    ) -> Delivery:
        """Send ``request``, tried again as the policy says; how it ended. A stop between two tries carries the send
        so far, certainly not done (:class:`~jiading_cli.share.request.Between`)."""
        between = Between()
        with between.watching():
            return self._tries(request, token, interpret, data, headers, label, between)

    def _tries(
        self, request: HttpRequest, token: str, interpret: Interpret, data: bytes | None,
        headers: Mapping[str, str] | None, label: str, between: Between,
    ) -> Delivery:  # fmt: skip
        import requests

        name = label or request.network
        host = urlsplit(request.url).netloc
        body = request.body() if data is None else data
        sent_headers = dict(headers) if headers is not None else request.all_headers(token)
        notes: list[str] = []
        attempt = 0
        shown = request.url.partition("?")[0]
        secret = Secret.of(token)  # whatever the server sends back is read without it

        def reason(exc: Exception) -> str:
            return secret.text(failures.reason(exc))

        unsendable = failures.unsendable(self.http, request.method, request.url, sent_headers, body)
        if unsendable is not None:  # refused as it was built: not a byte went
            return Delivery("failed", f"could not send to {host}: {secret.text(unsendable)}")

        while True:
            between.undone = None  # from here, this try may be under way
            silent = False  # this try ended for want of an answer in time
            attempt += 1
            last = attempt >= self.policy.attempts
            self.policy.progress(f"{name}: {request.method} {shown}" + (f" (try {attempt})" if attempt > 1 else ""))
            try:
                answer = exchange(
                    self.http,
                    request.method,
                    request.url,
                    timeout=(self.policy.timeout, self.policy.timeout),
                    deadline=self.policy.whole(len(body)),
                    data=body,
                    headers=sent_headers,
                )
                answer = secret.answer(answer)
            except (Late, TooLarge) as exc:
                return Delivery(
                    "unknown",
                    f"{name} did not answer in full ({exc}); the post may have gone out",
                    tries=attempt,
                    notes=tuple(notes),
                    silent=isinstance(exc, Late),
                )
            except requests.ConnectTimeout:
                verdict = Verdict("retry", f"could not connect to {host} within {self.policy.timeout:g} s")
                silent = True
            except requests.ReadTimeout as exc:
                if not (failures.in_handshake(exc) or failures.in_tunnel(exc)):
                    return Delivery(
                        "unknown",
                        f"{name} did not answer within {self.policy.timeout:g} s; the post may have gone out",
                        tries=attempt,
                        notes=tuple(notes),
                        silent=True,
                    )
                undone = (
                    "the TLS handshake was not done" if failures.in_handshake(exc) else "the proxy opened no tunnel"
                )
                waited = f"could not connect to {host} within {self.policy.timeout:g} s ({undone})"
                verdict = Verdict("retry", waited)  # no byte of the request went
                silent = True
            except requests.exceptions.ProxyError as exc:  # the proxy, or its tunnel, failed: nothing reached the API
                said = secret.text(failures.proxy_reason(exc))
                if said.startswith("the proxy answered 407"):
                    message = f"could not connect to {host} through the proxy: {said}; check the proxy's credentials"
                    return Delivery("failed", message, tries=attempt, notes=tuple(notes))
                verdict = Verdict("retry", f"could not connect to {host} through the proxy: {said}")
            except requests.ConnectionError as exc:
                if failures.in_tunnel(exc):  # the proxy ended it before its tunnel was open: nothing reached the API
                    verdict = Verdict("retry", f"could not connect to {host} through the proxy: {reason(exc)}")
                elif failures.untrusted(exc) or failures.in_handshake(exc):  # the handshake ended it: nothing went
                    message = f"TLS with {host} failed ({reason(exc)}); check api_base and the server's certificate"
                    return Delivery("failed", message, tries=attempt, notes=tuple(notes))
                elif not failures.refused(exc):
                    message = (
                        f"the connection to {host} ended after the request was sent ({reason(exc)}); "
                        "the post may have gone out"
                    )
                    return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
                else:
                    verdict = Verdict("retry", f"could not connect to {host}: {reason(exc)}")
            except failures.never_sent() as exc:
                return Delivery("failed", f"could not send to {host}: {reason(exc)}", tries=attempt)
            except requests.RequestException as exc:
                message = f"the answer of {host} came broken ({reason(exc)}); the post may have gone out"
                return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
            else:
                verdict = (
                    _final(name, answer.status)
                    or _redirect(name, answer.status, answer.headers)
                    or _read(name, interpret, answer)
                )
            if verdict.kind == "ok":
                return Delivery("posted", "", verdict.remote_id, verdict.url, attempt, tuple(notes))
            if verdict.kind == "duplicate":
                remote, url, said = verdict.remote_id, verdict.url, verdict.said
                return Delivery("duplicate", verdict.message, remote, url, attempt, tuple(notes), said=said)
            if verdict.kind == "unknown":
                message = f"{verdict.message}; the post may have gone out"
                return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
            if verdict.kind == "retry" and verdict.perhaps_done:  # never sent again blind: the next run asks first
                message = f"{verdict.message}, which does not say whether the post was made; it may have gone out"
                return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
            if verdict.kind == "retry" and not last:
                between.undone = Delivery("failed", f"{verdict.message}; stopped before trying again", tries=attempt)
                wait = verdict.retry_after
                if wait is not None and wait > self.policy.retry_after_max:
                    message = f"{verdict.message}; the server asks to wait {wait_words(wait)}: run again later"
                    return Delivery("failed", message, tries=attempt, notes=tuple(notes))
                wait = self.policy.wait(attempt, self.rand) if wait is None else wait
                notes.append(f"try {attempt}: {verdict.message}; waiting {wait:.2f} s")
                self.policy.progress(f"{name}: {verdict.message}; trying again in {wait:.1f} s")
                self.sleep(wait)
                continue
            message = verdict.message
            if verdict.kind == "retry":
                message += f" (gave up after {tries(attempt)})"
            return Delivery(
                "failed", message, tries=attempt, notes=tuple(notes), standing=verdict.standing, silent=silent
            )


def _read(name: str, interpret: Interpret, answer: Answer) -> Verdict:
    """What the answer means, as the network reads it; a reading that fails (it should not: ``replies`` reads
    any shape) leaves the outcome unknown, since the request was received."""
    try:
        return interpret(answer.status, answer.headers, answer.body)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the post may exist: never a traceback, never a retry
        said = replies.shown(f"{type(exc).__name__}: {exc}")
        return Verdict("unknown", f"{name} answered {answer.status} in a form jiading could not read ({said})")


def tries(count: int) -> str:
    return f"{count} try" if count == 1 else f"{count} tries"


@dataclass(frozen=True, slots=True)
class Reading:
    """The answer to a read-only request: ``data`` (JSON) when ``ok``, else why not."""

    ok: bool
    status: int = 0
    data: dict[str, Any] | None = None
    message: str = ""
    standing: bool = False  # refused for what every request carries: the network's ``hint`` said what to do
    silent: bool = False  # the last try ended for want of an answer in time


Hint = Callable[[int, dict[str, Any] | None], str | None]  # what to do about a refused read, by the network


def read(
    sender: Sender, url: str, token: str, headers: Mapping[str, str], label: str, hint: Hint | None = None
) -> Reading:
    """GET ``url`` as JSON. Reading changes nothing, so every failure worth it is tried again, a lost connection too,
    after the wait a ``Retry-After`` asks for, as a post is (a longer one than ``share.retry_after_max`` ends the
    read, naming it), or else the backoff's. ``hint``: what to do about an answer refusing the read (an expired
    token, a permission, an API version), said after it as a refused post's is."""
    import requests

    from jiading_cli.share.request import error_json

    host = urlsplit(url).netloc
    sent = {"Authorization": f"Bearer {token}", **headers}
    secret = Secret.of(token)  # whatever the server sends back is read without it
    message, asked, silent = "", None, False
    for attempt in range(1, sender.policy.attempts + 1):
        if attempt > 1:
            wait = sender.policy.wait(attempt - 1, sender.rand) if asked is None else asked
            sender.policy.progress(f"{label}: {message}; trying again in {wait:.1f} s")
            sender.sleep(wait)
        sender.policy.progress(f"{label}: GET {url.partition('?')[0]}")
        try:
            timeout = (sender.policy.timeout, sender.policy.timeout)
            answer = exchange(
                sender.http, "GET", url, timeout=timeout, deadline=sender.policy.whole(0), headers=sent
            )  # fmt: skip
            answer = secret.answer(answer)
        except (requests.RequestException, Late) as exc:
            message, asked = f"could not read from {host}: {secret.text(failures.reason(exc))}", None
            silent = isinstance(exc, requests.Timeout | Late)
            continue
        except TooLarge as exc:
            return Reading(False, 0, None, f"{label} answered with {exc}")
        data, silent = error_json(answer.body), False
        stated = replies.refusal(data) if 200 <= answer.status < 300 else None
        if 200 <= answer.status < 300 and data is not None and stated is None:
            return Reading(True, answer.status, data)
        if redirected(answer.status, answer.headers):
            said = redirected(answer.status, answer.headers)
            return Reading(False, answer.status, None, f"{label} answered {answer.status}, {said}")
        message = f"{label} answered {answer.status}" + (" with an error" if stated else "") + _said(data)
        if 200 <= answer.status < 300 and data is None:
            message += " with something other than a JSON object"
        if answer.status != 429 and answer.status < 500:
            refusing = stated or answer.status  # a refusal said with a 2xx is read as the refusal it says
            told = hint(refusing, data) if hint is not None and refusing >= 400 else None
            said = message if told is None else f"{message}; {told}"
            return Reading(False, answer.status, data, said, standing=told is not None)
        asked = retry_after(answer.headers)
        if asked is not None and asked > sender.policy.retry_after_max:
            return Reading(
                False, answer.status, data, f"{message}; the server asks to wait {wait_words(asked)}: run again later"
            )
    return Reading(False, 0, None, f"{message} (gave up after {tries(sender.policy.attempts)})", silent=silent)


def _said(data: dict[str, Any] | None) -> str:
    from jiading_cli.share import replies

    error = replies.mapping(data, "error")
    text = replies.text(error, "message") if error is not None else replies.text(data, "message")
    return f" ({replies.shown(text)})" if text else ""
