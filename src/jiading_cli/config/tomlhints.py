"""What to do about a TOML syntax error in ``jiading.toml`` caused by a character that looks like one of TOML's own and
is another: a quotation mark a word processor or an editor's smart quotes typed (``title = “News”``), a full-width
``＝``, ``［``, ``］``, ``，`` or ``＃`` a Chinese or Japanese input method typed, or a space other than a plain one (a
no-break space, an ideographic space). TOML's own words name only the line and column; ``JD001`` then names the
character, what TOML wants there, and the line mended, when TOML reads the mended file past that line."""

from __future__ import annotations

import re
import tomllib
import unicodedata

from jiading_cli.config import nesting

LOOKALIKES = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\uff07": "'",
    "\uff1d": "=", "\uff3b": "[", "\uff3d": "]", "\uff5b": "{", "\uff5d": "}", "\uff0c": ",", "\uff03": "#",
    "\uff0e": ".",
}  # fmt: skip
"""Each character TOML takes for nothing that stands for one of its own: curly and full-width quotation marks, and
the full-width forms of ``= [ ] { } , # .``."""
PLACE = re.compile(r"line (\d+), column (\d+)")
TRIED = 4  # look-alike characters of the line mended and read again, at most


def _odd(char: str) -> str | None:
    """What ``char`` stands for in TOML, when it is a look-alike of one of its characters or a space other than a
    plain one; None for any other character."""
    if char in LOOKALIKES:
        return LOOKALIKES[char]
    return " " if char != " " and unicodedata.category(char) == "Zs" else None


def hint(text: str, line: int, message: str) -> str:
    """The words after TOML's for the error ``message`` on ``line`` (from 1) of ``text``: a look-alike character of
    the line named, with the line mended; '' for none. One at TOML's column (or beside it) is named even when no
    mending is found; any other of the line (a quotation closed with a curly mark, TOML's column lines later in the
    line) only when mending it lets TOML read past the line, so one in a string's text is never taken for the fault."""
    rows = text.split("\n")
    row = rows[line - 1].rstrip("\r") if 0 < line <= len(rows) else ""
    place = PLACE.search(message)
    column = int(place.group(2)) - 1 if place else len(row)
    near = [i for i in (column, column - 1, column + 1, column - 2) if 0 <= i < len(row) and _odd(row[i])]
    others = sorted((i for i, char in enumerate(row) if _odd(char) and i not in near), key=lambda i: abs(i - column))
    for at in [*near, *others][:TRIED]:  # the nearest few: each try reads the file again
        char, meant = row[at], _odd(row[at]) or ""
        said = f"; found U+{ord(char):04X} ({unicodedata.name(char, 'a character').lower()}) where TOML takes {meant!r}"
        mendings = (
            row[:at] + meant + row[at + 1 :],  # that one alone: another in a string's text is the text's
            "".join(meant if LOOKALIKES.get(c) == meant else c for c in row),  # a quotation closed with its pair
            "".join(_odd(c) or c for c in row),  # every one of the line (a table's name in full-width brackets)
        )
        mended = next((candidate for candidate in mendings if _reads_past(rows, line - 1, candidate)), None)
        if mended is not None:
            return f"{said}: write the line {mended.strip()}"
        if at in near:
            return said
    return ""


def _reads_past(rows: list[str], row: int, line: str) -> bool:
    """Whether TOML reads the file, ``rows[row]`` written as ``line``, past that line. A mended line is read as the
    file is (``parse_config``): never when it nests deeper than the reader follows (full-width brackets mended into
    ``[[[…``), whose reading would take time growing as its square, or end in the reader's recursion."""
    text = "\n".join([*rows[:row], line, *rows[row + 1 :]])
    if nesting.in_text(text) is not None:
        return False
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        place = PLACE.search(str(exc))
        return place is not None and int(place.group(1)) > row + 1
    except RecursionError:
        return False
    return True
