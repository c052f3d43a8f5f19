"""What an exception of ``requests`` says of a failed request: whether any byte of it can have reached the server
(a connection never made, a TLS handshake that ended it, a proxy that refused the tunnel), and why it failed, in
a few words on one line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiading_cli.share import replies

TUNNEL = re.compile(r"Tunnel connection failed: ([0-9]{3}[^'\")]*)")
TIMED_OUT = re.compile(r"timed out\. \((read|connect) timeout=([0-9.]+)\)")  # requests': 'Read timed out. (…)'…


def proxy_reason(exc: Exception) -> str:
    """Why a proxy failed, in a few words: its answer to CONNECT, or why it could not be reached."""
    found = TUNNEL.search(str(exc))
    return f"the proxy answered {replies.shown(found[1].strip())}" if found else reason(exc)


def refused(exc: Exception) -> bool:
    """True when the connection was never made, so nothing can have been received."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    for arg in exc.args:
        reason = arg.reason if isinstance(arg, MaxRetryError) else arg
        if isinstance(reason, NewConnectionError):
            return True
    return False


def causes(exc: BaseException) -> list[BaseException]:
    """``exc``, what it wraps, and what that wraps: a few levels."""
    seen: list[BaseException] = [exc]
    index = 0
    while index < min(len(seen), 12):
        found = seen[index]
        inner = [*found.args, getattr(found, "reason", None), found.__cause__, found.__context__]
        seen += [item for item in inner if isinstance(item, BaseException) and item not in seen]
        index += 1
    return seen


def untrusted(exc: BaseException) -> bool:
    """True when ``exc`` comes of a certificate that failed verification, which happens only in the TLS handshake,
    before a byte of the request is sent."""
    import ssl

    return any(isinstance(found, ssl.SSLCertVerificationError) for found in causes(exc))


def in_handshake(exc: BaseException) -> bool:
    """True when ``exc`` comes of the TLS handshake, raised in it (an alert, a server that does not speak TLS, the
    connection closed or reset, no answer in time): the request goes only once the handshake is done, so not a byte
    of it went. (A TLS error after the handshake may come once the request went.)"""
    return _raised_in(exc, "do_handshake")  # ssl.SSLSocket.do_handshake


def in_tunnel(exc: BaseException) -> bool:
    """True when ``exc`` was raised while a proxy was asked to open its tunnel to the API (``CONNECT``, and the wait
    for its answer: a proxy that never answers, or answers a byte at a time): the request goes only through the
    tunnel, once it is open, so not a byte of it went."""
    return _raised_in(exc, "_tunnel")  # http.client.HTTPConnection._tunnel


def _raised_in(exc: BaseException, function: str) -> bool:
    """Whether ``exc``, or an exception it wraps, was raised inside a call of ``function``."""
    for found in causes(exc):
        frame = found.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_name == function:
                return True
            frame = frame.tb_next
    return False


def unsendable(session: Any, method: str, url: str, headers: Mapping[str, str], data: bytes) -> str | None:
    """Why the request cannot be sent as it is (its URL, its headers), found by building it as ``session`` would,
    before any connection is made; None when it can be sent. Only a request refused here is certainly not sent:
    once it goes, whatever ``requests`` raises may come of the answer, an ``InvalidHeader`` too (urllib3 raises it
    for an answer giving two ``Content-Length`` values), and the post may have been made."""
    import requests

    try:
        prepared = session.prepare_request(requests.Request(method, url, headers=dict(headers), data=data))
        session.get_adapter(prepared.url)
    except (requests.RequestException, ValueError) as exc:
        return reason(exc)
    return None


def never_sent() -> tuple[type[Exception], ...]:
    """What ``requests`` raises, once a request built by :func:`unsendable` is sent, only before any connection is
    made: a URL it cannot connect to (a host name it cannot even look up, a scheme it has no adapter for). Never
    ``InvalidHeader``, which an answer's headers raise too."""
    import requests

    return (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema,
            requests.exceptions.URLRequired)  # fmt: skip


REASONS = (  # what an exception's text shows → what it means, in words
    ("Connection refused", "connection refused"),
    ("Name or service not known", "name or service not known"),
    ("Connection reset", "connection reset"),
    ("Remote end closed", "remote end closed"),
    ("CERTIFICATE_VERIFY_FAILED", "its certificate is not trusted"),
    ("WRONG_VERSION_NUMBER", "it did not answer in TLS"),
    ("UNEXPECTED_EOF_WHILE_READING", "the connection was closed in the TLS handshake"),
    ("EOF occurred in violation of protocol", "the connection was closed in the TLS handshake"),
    ("ALERT_HANDSHAKE_FAILURE", "the server refused the TLS handshake"),
    ("ALERT_PROTOCOL_VERSION", "the server refused the TLS handshake (no TLS version in common)"),
    ("BadStatusLine", "the answer did not begin as HTTP does"),
    ("IncompleteRead", "the answer was cut short"),
    ("ended prematurely", "the answer was cut short"),
    ("InvalidChunkLength", "the answer's chunked encoding was broken"),
    ("failed to decode", "the answer could not be decompressed as its Content-Encoding says"),
    ("LineTooLong", "a line of the answer's headers was too long"),
    ("got more than 100 headers", "the answer had too many headers"),
    ("Connection broken", "the connection broke during the answer"),
    ("UnknownProtocol", "the answer was in a version of HTTP other than 1.0 and 1.1"),
    ("multiple unmatching values", "the answer gave its Content-Length twice, with two values"),
    ("handshake operation timed out", "the TLS handshake was not done in time"),
    ("Unable to connect to proxy", "the proxy could not be reached or opened no tunnel"),
    ("timed out", "no answer in time"),
)


def reason(exc: Exception) -> str:
    """An exception of ``requests`` in a few words, on one line: never a Python tuple's repr."""
    text = " ".join(f"{type(found).__name__} {found}" for found in causes(exc))  # the markers of what it wraps too
    timed = TIMED_OUT.search(text)
    if timed is not None:  # the wait that ran out, not the socket's bare 'timed out'
        waited = "no answer" if timed[1] == "read" else "no connection"
        return f"{waited} within {timed[2]} s (the request's timeout)"
    for marker, words in REASONS:
        if marker in text:
            return words
    deepest = causes(exc)[-1]  # a wrapper's text is a tuple's repr: ('Connection aborted.', X('…'))
    said = str(deepest) if not str(deepest).startswith("(") else ""
    return replies.shown(said or type(deepest).__name__)
