"""One HTTP request whose whole answer must come in time and within a size: a server that trickles its answer a
byte at a time (each byte within the read timeout) or sends without end cannot hold a command.

``requests`` bounds each wait (connecting, each read) but not the whole answer. :func:`exchange` makes the
request in a thread of its own and waits for the whole answer until ``deadline``; a later one is given up
(:class:`Late`): its connection is closed, and the thread, a daemon, ends with its next read. An answer larger
than ``limit`` bytes is given up as it grows past it (:class:`TooLarge`), never held whole.

An answer is read only for the request it answers: every request goes on a connection of its own, closed once its
answer is read. What a server sends after an answer (the final answer behind an interim ``103 Early Hints``, which
is taken for the answer; bytes past its ``Content-Length``) would otherwise wait on a kept-alive connection and be
read as the answer to the next request sent on it: another article's post, recorded with this one's id.

A redirect is an answer, never followed, whatever asked: a post, a read or a WebSub ping. Following one would send
the request (and its token) where the server points, or, for a 301 or 302 to a POST, send a GET in its place and
take the page it finds for the answer: a ping said accepted that no hub received.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

LIMIT = 4 * 1024 * 1024  # bytes of an answer, at most: every answer jiading reads is a small JSON document
CHUNK = 16 * 1024
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class Late(Exception):
    """The whole answer did not come before the deadline (the request may have been received)."""


class TooLarge(Exception):
    """The answer grew past the limit (the request was received)."""


def exchange(
    session: Any,
    method: str,
    url: str,
    *,
    timeout: float | tuple[float, float],
    deadline: float,
    limit: int = LIMIT,
    body: bool = True,
    **options: Any,
) -> Answer:
    """``session.request(method, url, **options)`` with ``timeout`` for each wait, given up once ``deadline``
    seconds have passed without the whole answer, or once the answer passes ``limit`` bytes. Whatever
    ``requests`` raises is raised here. A redirect is the answer (never followed). The session's connections are
    closed after it, whatever came: the next request is sent on a new one. ``body=False``: the answer is its
    status line and headers, its body never read (empty in the :class:`Answer`), for a request whose answer says
    all it says by its status."""
    options.update(timeout=timeout, stream=True, allow_redirects=False)
    try:
        return within(
            deadline,
            lambda: _read(session.request(method, url, **options), limit if body else None),
            session.close,  # its connections: the thread's next read fails, and it ends
        )
    finally:
        session.close()  # nothing the server sends after this answer is read as the next request's


def within(deadline: float, work: Callable[[], T], abandon: Callable[[], object] = lambda: None) -> T:
    """``work()``, done in a thread of its own (a daemon) and waited for until ``deadline`` seconds have passed:
    then :class:`Late` is raised, after ``abandon()`` (closing what the thread waits on). What ``work`` raises is
    raised here. A stop signal's exception that ends the wait goes on after ``abandon()`` too: the thread does
    nothing more (no message handed over, no request sent) while the command cleans up."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["done"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it as it is
            box["error"] = exc

    thread = threading.Thread(target=run, name="jiading-wait", daemon=True)
    thread.start()
    try:
        thread.join(deadline)
    except BaseException:  # a stop (Ctrl-C, SIGTERM) while waiting: the work is given up as a late one is
        abandon()
        raise
    if thread.is_alive():
        abandon()
        raise Late(f"no whole answer within {deadline:.1f} s")
    if "error" in box:
        raise box["error"]
    done: T = box["done"]
    return done


def _read(response: Any, limit: int | None) -> Answer:
    """The answer, its body at most ``limit`` bytes; None: its body left unread."""
    with response:
        if limit is None:
            return Answer(response.status_code, response.reason or "", response.headers, b"")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"an answer of more than {limit // (1024 * 1024)} MiB")
            chunks.append(chunk)
        return Answer(response.status_code, response.reason or "", response.headers, b"".join(chunks))
