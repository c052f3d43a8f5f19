"""What an exception of ``requests`` says of a failed request: whether any byte of it can have reached the server
(a connection never made, a TLS handshake that ended it, a proxy that refused the tunnel), and why it failed, in
a few words on one line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiading_cli.base import netfailures
from jiading_cli.base.netfailures import causes
from jiading_cli.share import replies

TUNNEL = re.compile(r"Tunnel connection failed: ([0-9]{3}[^'\")]*)")


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


def reason(exc: Exception) -> str:
    """An exception of ``requests`` in a few words, on one line (:func:`~jiading_cli.base.netfailures.reason`), as a
    server's text is shown."""
    return replies.shown(netfailures.reason(exc))
