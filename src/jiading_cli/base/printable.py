"""Text a terminal shows as it is: control characters written as escapes, so a name cannot move the cursor,
colour the screen or start a new line of a one-line message, nor turn the rest of a line around."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters and DEL, what a terminal may act on rather than show; the line and paragraph
separators; and the marks, embeddings, overrides and isolates of bidirectional text (U+202E shows the rest of a
line reversed, so a name could make a message read as another)."""


_UNESCAPED = re.compile(CONTROL.pattern.replace("\x00-\x1f", "", 1))  # CONTROL but C0, which JSON escapes itself


def printable(text: str) -> str:
    """``text`` with each control character written as Python writes it in a string (``\\n``, ``\\x1b``)."""
    if text.isprintable() or CONTROL.search(text) is None:  # the first: a quick yes for almost every name
        return text
    return CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


def printable_lines(text: str) -> str:
    """``text`` of several lines, each :func:`printable` (its line breaks kept)."""
    if text.isprintable() or CONTROL.search(text.replace("\n", "")) is None:
        return text
    return "\n".join(printable(line) for line in text.split("\n"))


def json_text(value: object, indent: int | None = 2) -> str:
    """``value`` as JSON for programs that print it too: in UTF-8 as written (Chinese stays Chinese), but each
    :data:`CONTROL` character as JSON's ``\\uXXXX`` escape, which reads back as the same text. (JSON escapes C0
    controls in strings itself; the others can stand only in strings, so each is replaced where it stands.)"""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if _UNESCAPED.search(text) is None:
        return text
    return _UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
