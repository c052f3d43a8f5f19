"""Percent-encoding as ``urllib.parse.quote`` does it, in a few passes over the text instead of a step per byte.

``quote`` encodes a text byte by byte in Python; the share links of every article page encode its title, summary
and URL several times over. :func:`quote` gives the same text: each character that is not safe once per kind
(one ``str.replace`` for each ASCII character the text holds, ``%`` first), and each run of non-ASCII characters
as its UTF-8 bytes in hex.
"""

from __future__ import annotations

import re
from functools import cache

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"  # never encoded (RFC 3986)
WIDE = re.compile("[^\x00-\x7f]+")


def quote(text: str, safe: str = "/") -> str:
    """``urllib.parse.quote(text, safe)``: every character but ASCII letters, digits, ``_.-~`` and the ASCII
    characters of ``safe`` percent-encoded as UTF-8 (a lone surrogate raises ``UnicodeEncodeError`` as there)."""
    unsafe = set(text).difference(_safe(safe))
    if not unsafe:
        return text
    if "%" in unsafe:
        text = text.replace("%", "%25")  # first: the encodings below bring their own
    wide = False
    for char in unsafe:
        if char > "\x7f":
            wide = True
        elif char != "%":
            text = text.replace(char, f"%{ord(char):02X}")
    return WIDE.sub(_bytes, text) if wide else text


@cache
def _safe(safe: str) -> frozenset[str]:
    return frozenset(UNRESERVED + "".join(char for char in safe if char.isascii()))


def _bytes(run: re.Match[str]) -> str:
    return "%" + run.group().encode("utf-8").hex("%").upper()
