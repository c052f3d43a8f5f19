"""Whole numbers too long to write out. Python turns no int of more decimal digits than
``sys.get_int_max_str_digits()`` (4,300 unless ``PYTHONINTMAXSTRDIGITS`` says otherwise) into text, nor such text
into an int: it raises ``ValueError``, since the time grows as the square of the digits. A number of jiading.toml
or of front matter is held to that before it is built (hexadecimal and binary numbers build in linear time, but no
message could show one), so no message, page or feed ever has to write one out, and none ends in a traceback.
"""

from __future__ import annotations

import sys

DIGITS_PER_CHARACTER = 1.21  # the most decimal digits one written character gives: a hex digit, log10(16) = 1.204


def most_digits() -> int:
    """The most decimal digits Python writes out or reads (its default where the limit is turned off)."""
    return sys.get_int_max_str_digits() or sys.int_info.default_max_str_digits


def too_long(literal: str) -> bool:
    """Whether the integer written ``literal`` has more decimal digits than :func:`most_digits`: in decimal, or
    hexadecimal, octal or binary with the prefix TOML and YAML give them, YAML 1.1's octal with a leading zero and
    base 60 (``1:30:00``), a sign and ``_`` between digits. Linear in the text: only a number of hexadecimal, octal
    or binary digits long enough to be too long is built, and its size compared."""
    limit = most_digits()
    text = literal.replace("_", "").lstrip("+-")
    if len(text) * DIGITS_PER_CHARACTER <= limit:
        return False
    try:
        value = _value(text, limit)
    except ValueError:  # no number at all (a tag's text, ``!!int 0xgg``): its reader says so
        return False
    return value is None or abs(value) >= 10**limit


def _value(text: str, limit: int) -> int | None:
    """The number ``text`` writes, or None for one of more decimal digits than ``limit`` (never built)."""
    bases = {"0x": 16, "0o": 8, "0b": 2}
    if text[:2].lower() in bases:
        return int(text[2:], bases[text[:2].lower()])
    if ":" in text:  # base 60, as YAML 1.1 reads it: each part a digit of it
        first, *rest = text.split(":")
        if len(first) > limit:
            return None
        value = int(first)
        for part in rest:
            value = value * 60 + int(part)
        return value
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    if text.startswith("0") and "8" not in text and "9" not in text:
        return int(text, 8)  # YAML 1.1's octal (TOML writes no decimal with a leading 0)
    return None if len(text) > limit else int(text)
