"""What to do about a YAML syntax error, said after it: the hints :func:`~jiading_cli.content.safeyaml.compose`
adds to ``JD101``. Each names what was found where YAML stopped and mends the line when a mending is found that YAML
reads past (never a hint that loops)."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from jiading_cli.content.safeyaml import Rows

OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML, but not to editors nor to the loader
KEY_LINE = re.compile(r"^(\s*+(?:- +)?[\w.-]+:) +(\S(?:.*\S)?)\s*$")  # the value: to its last \S, found once
RESERVED = {"@": "'@'", "`": "'`'", "%": "'%'"}  # characters YAML reserves or keeps for directives: no plain value
UNSTARTABLE = "cannot start any token"  # libyaml's and PyYAML's words for a character YAML takes for nothing
UNENDED = "could not find expected ':'"  # a line YAML began to read as a field's name, whose ':' never came
TOO_DEEP = "exceeded maximum nesting depth"  # libyaml's words past the 1,000 levels it follows
FIELD_LINE = re.compile(r"""([^\s#'"{\[?-][^:]*?)[ \t]*+:(?:[ \t]|$)""")  # a field's name, in the first column
COLONS = {
    "\uff1a": "a full-width colon '\uff1a' (U+FF1A), as Chinese and Japanese input methods type it",
    "\ufe55": "a small colon '\ufe55' (U+FE55)",
    "\ufe13": "a vertical colon '\ufe13' (U+FE13)",
    "\u2236": "the ratio sign '\u2236' (U+2236)",
    "\ua789": "the modifier letter colon '\ua789' (U+A789)",
}  # what looks like a colon and is none to YAML


def hint(front: str, rows: Rows, mark: yaml.Mark | None, reason: str) -> str:
    """What follows ``reason``, YAML's words for the error at ``mark`` in ``front``: a character YAML cannot take
    there named, with the line mended; a value holding ': ' quoted; a key too long; a line break only YAML sees."""
    if mark is None:
        return _break_hint(front)
    row = rows.row(mark)
    found = _long_key(rows.rows, row)
    if found:
        return found
    if "mapping values" in reason:
        return _colon_hint(rows.rows, row)
    if UNENDED in reason:
        return _key_hint(rows.rows, row) or _break_hint(front)
    if UNSTARTABLE in reason:
        return _token_hint(rows, mark) or _break_hint(front)
    if "escape code" in reason:
        return _escape_hint(rows.rows[row] if row < len(rows.rows) else "")
    if "another document" in reason:
        return _document_hint(rows.rows[row] if row < len(rows.rows) else "")
    return _break_hint(front)


def _document_hint(line: str) -> str:
    """For a line of ``---`` with text after it (``--- # end``) inside the front matter: it closes nothing, since the
    front matter ends at a line of ``---`` alone, and YAML reads it as the start of a second document."""
    return (
        f"; expected the front matter to end at a line of '---' alone, found {line!r}, which YAML reads as the start "
        "of a second document: remove what follows the '---'"
    )


ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*+(\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})")  # not after an escaped backslash


def _escape_hint(line: str) -> str:
    """For an escape of no character in a double-quoted value: half of a UTF-16 pair (``\\ud83d\\ude00``, as JSON
    writes an emoji, which YAML does not join), or a code point past U+10FFFF. Named, with what to write instead."""
    escapes = [(found.group(1), int(found.group(1)[2:], 16)) for found in ESCAPE.finditer(line)]
    for at, (written, code) in enumerate(escapes):
        if 0xD800 <= code <= 0xDBFF and at + 1 < len(escapes) and 0xDC00 <= escapes[at + 1][1] <= 0xDFFF:
            joined = 0x10000 + ((code - 0xD800) << 10) + escapes[at + 1][1] - 0xDC00
            pair = written + escapes[at + 1][0]
            return (
                f"; expected the escape of a character, found {pair}, a UTF-16 pair, which YAML does not join: "
                f"write the character itself{f' ({chr(joined)})' if chr(joined).isprintable() else ''}, or "
                f"\\U{joined:08X}"
            )
        if 0xD800 <= code <= 0xDFFF:
            return f"; expected the escape of a character, found {written}, half of a UTF-16 pair, no character"
        if code > 0x10FFFF:
            return f"; expected the escape of a character, found {written}, past U+10FFFF, the last code point"
    return ""


def _token_hint(rows: Rows, mark: yaml.Mark) -> str:
    """For a character no YAML token starts with: a tab (YAML indents and separates with spaces only), or a
    character YAML reserves (``@``, a backtick) or keeps for directives (``%``) at the start of a plain value."""
    rest = rows.rest(mark)
    if not rest:
        return ""
    row = rows.row(mark)
    line = rows.rows[row]
    if rest[0] == "\t":
        spaced = line.replace("\t", "  ")
        fix = f": {spaced.strip()}" if _reads_past(rows.rows, row, spaced) else ""
        return f"; expected spaces, found a tab on this line, which YAML takes neither to indent nor between items{fix}"
    if rest[0] in RESERVED and line[: len(line) - len(rest)].rstrip().endswith((":", "-")):  # where a value starts
        mended = _quoted_value(rows.rows, row)
        fix = f": {mended.strip()}" if mended is not None else ""
        return f"; a plain value cannot start with {RESERVED[rest[0]]}, which YAML reserves: quote the value{fix}"
    return ""


def _quoted_value(rows: list[str], row: int) -> str | None:
    """``rows[row]`` with its field's value in double quotes, when YAML then reads past it; else None."""
    match = KEY_LINE.match(rows[row]) if row < len(rows) else None
    if match is None:
        return None
    value, comment = _uncommented(match.group(2))
    line = f"{match.group(1)} {in_quotes(value)}{comment}"
    return line if _reads_past(rows, row, line) else None


def _key_hint(rows: list[str], row: int) -> str:
    """For a line YAML began to read as a field's name and found no ':' ending it (reported on that line), when it
    has no ':' at all; a colon YAML does not take there is :func:`typo`'s to name."""
    line = rows[row] if 0 <= row < len(rows) else ""
    if any(char == ":" or char in COLONS for char in line):
        return ""
    return "; expected a field written 'name: value', found no ':' on this line"


KEYED = re.compile(r"\s*+(?:- +)?[\w.-]++")  # a line's field name, as far as its colon
TRIED = 3  # lines mended and read again, at most, for one error: the nearest before it first


def typo(rows: list[str], upto: int) -> tuple[int, str] | None:
    """The line (from 0), at or before ``upto`` where YAML gave up, whose field name is followed by a colon YAML does
    not take (another script's colon, ``title\uff1a Park``, as a Chinese input method types it; a ':' before a space
    other than a plain one, such as a no-break space, or before no space at all), with the hint naming it and the line
    mended; only when YAML, reading the mended line, reads past ``upto``. Such a line can make YAML give up lines
    later (its value runs on into the next field), so the error is said where it is."""
    found = 0
    for row in range(min(upto, len(rows) - 1), -1, -1):
        wrong = _colon_typo(rows[row])
        if wrong is None:
            continue
        what, mended = wrong
        if _reads_past(rows, row, mended, upto):
            return row, f"; expected ':' and a space after the field's name, found {what}: {mended.strip()}"
        found += 1
        if found == TRIED:
            break
    return None


def _colon_typo(line: str) -> tuple[str, str] | None:
    """(what was found, the line mended) when ``line``'s field name is followed by a colon YAML does not take."""
    name = KEYED.match(line)
    at = name.end() if name is not None and name.end() > len(line) - len(line.lstrip(" -")) else -1
    char = line[at] if 0 <= at < len(line) else ""
    if char in COLONS:
        spaced = "" if line[at + 1 : at + 2] in (" ", "") else " "
        return COLONS[char], line[:at] + ":" + spaced + line[at + 1 :]
    after = line[at + 1 : at + 2] if char == ":" else " "
    if after in (" ", ""):
        return None
    if after.isspace():
        what = f"U+{ord(after):04X} ({unicodedata.name(after, 'a space').lower()}) after ':', not a plain space"
        return what, line[: at + 1] + " " + line[at + 2 :]
    return "no space after ':'", line[: at + 1] + " " + line[at + 1 :]


def _long_key(rows: list[str], row: int) -> str:  # a key longer than YAML reads one: its ':' is never found
    key, colon, _ = rows[row].partition(":") if 0 <= row < len(rows) else ("", "", "")
    return f"; a key is at most 1,024 characters, and this one has {len(key):,}" if colon and len(key) > 1024 else ""


def _break_hint(front: str) -> str:
    """For front matter holding a character YAML takes for a line break (NEL, LS, PS), where the first is."""
    found = OTHER_BREAKS.search(front)
    if found is None:
        return ""
    line = front.count("\n", 0, found.start()) + 2
    return f"; line {line} holds U+{ord(found.group()):04X}, which YAML reads as a line break: remove it"


def _colon_hint(rows: list[str], row: int) -> str:
    """The hint for a ': ' YAML read where no field may start, on the front matter's ``row`` (from 0): the line
    mended, when a mending is found that YAML reads past it; nothing when none is (never a hint that loops)."""
    mended = colon_fix(rows, row)
    return "" if mended is None else f"; {mended[1]}: {mended[0].strip()}"


def colon_fix(rows: list[str], row: int) -> tuple[str, str] | None:
    """(the line mended, what was done) for ``rows[row]``, where YAML found ': ' where it takes no field: its value
    quoted when the value holds ': ' (``title: Jiading: a new park``); the field moved to the indentation of the
    one before it when it is indented under that one's plain value (``title: a`` then ``  slug: b``); or both.
    Only a mending after which YAML reads past the line is given."""
    match = KEY_LINE.match(rows[row]) if row < len(rows) else None
    if match is None:
        return None
    key, (value, comment) = match.group(1), _uncommented(match.group(2))
    quoted = f"{key} {in_quotes(value)}{comment}"
    holds = "a value holding ': '" if ": " in value else "a value ending in ':'" if value.endswith(":") else ""
    mendings = [(quoted, f"{holds} must be quoted")] if holds else []
    outer = _outer(rows, row)
    if outer is not None:
        moved = "a field indented more than the one before it continues that one's value; start it where that one does"
        mendings.append((outer + match.group(0).lstrip(), moved))
        if holds:
            mendings.append((outer + quoted.lstrip(), f"{moved}, and {holds} must be quoted"))
    return next(((line, what) for line, what in mendings if _reads_past(rows, row, line)), None)


def _uncommented(value: str) -> tuple[str, str]:
    """A plain value and the comment after it (`` # …``, which ends a plain value), apart."""
    at = value.find(" #")
    return (value, "") if at == -1 else (value[:at].rstrip(), "  " + value[at:].lstrip())


def _outer(rows: list[str], row: int) -> str | None:
    """The indentation of the field before ``row`` when ``row`` is indented more than it; else None."""
    indent = len(rows[row]) - len(rows[row].lstrip())
    for before in reversed(rows[:row]):  # past the lines that continue a value
        if KEY_LINE.match(before) is not None:
            outer = before[: len(before) - len(before.lstrip())]
            return outer if len(outer) < indent else None
    return None


def _reads_past(rows: list[str], row: int, line: str, past: int | None = None) -> bool:
    """Whether YAML, reading the front matter with ``line`` for ``rows[row]``, finds no error up to that line (or up
    to the line ``past``)."""
    from jiading_cli.content.safeyaml import CONSTRUCT_ERRORS, Rows, SafeLoader

    text = "\n".join([*rows[:row], line, *rows[row + 1 :]])
    try:
        yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and Rows(text).row(mark) > (row if past is None else past)
    except (yaml.reader.ReaderError, *CONSTRUCT_ERRORS):
        return False
    return True


def in_quotes(text: str) -> str:
    """``text`` in double quotes, as YAML reads it back: JSON's escapes, UTF-8 as written."""
    return json.dumps(text, ensure_ascii=False)


def field_of(rows: list[str], row: int) -> tuple[int, str]:
    """The row of the field whose value holds ``row`` (the nearest line at or before it that starts a field in its
    first column) and the field's name; ``row`` and no name when there is none (one flow mapping of fields)."""
    for at in range(min(row, len(rows) - 1), -1, -1):
        if (found := FIELD_LINE.match(rows[at])) is not None:
            return at, found.group(1)
    return row, ""
