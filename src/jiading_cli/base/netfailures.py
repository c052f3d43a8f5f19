"""Why a request of ``requests`` failed, in a few words: a connection refused, a name not found, a certificate not
trusted, no answer in time. Every HTTP request jiading sends (a post, a read, a WebSub ping) is said so."""

from __future__ import annotations

import re

TIMED_OUT = re.compile(r"timed out\. \((read|connect) timeout=([0-9.]+)\)")  # requests': 'Read timed out. (…)'…


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
    """An exception of ``requests`` in a few words: never a Python tuple's repr (a server's text it carries is as it
    came: show it as such)."""
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
    return said or type(deepest).__name__
