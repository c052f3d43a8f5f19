"""Whole numbers of jiading.toml too long for Python to read or write (:mod:`jiading_cli.base.wholenumbers`),
found in its text before it is parsed: TOML's reader would raise a bare ``ValueError`` for a decimal one (no
``TOMLDecodeError``, so no line to name) and build a hexadecimal one that no message could show."""

from __future__ import annotations

import re

from jiading_cli.base.wholenumbers import most_digits, too_long
from jiading_cli.config.lines import bare_values
from jiading_cli.model.errors import describe

# A number as a value: not part of a word, a float, a date or a time, nor an inline table's (dotted) key
_NUMBER = re.compile(r"(?<![\w.+-])[+-]?(?:0[xob][0-9A-Fa-f_]+|[0-9][0-9_]*)(?![\w.:-])(?![ \t]*[=.])")


def in_text(text: str) -> tuple[int, str, str] | None:
    """The line, key and message of the first whole number of ``text`` too long to read, or None."""
    for line, key, found in bare_values(text):
        for number in _NUMBER.finditer(found):
            if too_long(number.group()):
                said = f"expected a whole number of at most {most_digits():,} digits, the most Python reads"
                return line, key, f"{said}, got {describe(number.group())}"
    return None
