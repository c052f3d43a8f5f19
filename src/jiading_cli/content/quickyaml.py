"""A fast reader for the common shape of front matter, giving exactly what the YAML path gives.

``read(front)`` returns ``(values, lines)`` equal to the values and lines ``yamlfront.read(front, path)``
returns for the same text (same values and types, same line numbers, field aliases applied), or
``None`` when the text is outside the subset read here or when the YAML path would report any problem.
On ``None`` the loader reads the text with PyYAML as before, so every message comes from one place.

The subset, one line per value:

- blank lines and ``#`` comment lines starting in column 0;
- ``key: value`` lines in column 0 whose key is a plain word (``image_alt``, ``zh-CN``) that YAML reads
  as a string, each key given once (``author`` counts as ``authors``);
- values: a plain scalar on one line, a single- or double-quoted string on one line, a flow list of
  plain or quoted items on one line (``[a, "b"]``), an empty value (null), a block list (``key:`` then
  ``- item`` lines at one indentation), a mapping of words to strings one level deep (``translations:``
  then ``  en: urn:…`` lines at one indentation), or a block scalar ``|``, ``|-``, ``>`` or ``>-`` whose
  lines share one indentation.

Plain scalars are resolved and built by :mod:`.yamlscalars`, as PyYAML resolves and builds them, so
``yes``, ``~``, ``0x1F`` or ``2017-07-03`` mean what they mean to the YAML path. The usual front matter
is thus read without importing PyYAML at all.
Anything else falls back: tabs, anchors, aliases, tags, ``{…}``, ``?`` keys, trailing comments,
multi-line scalars, ``syndication`` records, nested lists, a bare number for ``tags`` or ``authors``,
unusual characters and escapes.

``JIADING_FAST_FRONT=off`` in the environment turns the fast reader off (every file then goes through
PyYAML); results are the same either way, only slower.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jiading_cli.config import environment as env
from jiading_cli.content.yamlscalars import NUMBER_TAGS, STR, Outside, resolve, scalar
from jiading_cli.model.fields import ALIASES, LISTS

if TYPE_CHECKING:
    from collections.abc import Callable


SWITCH = "JIADING_FAST_FRONT"

# Characters YAML reads as plain text on a line: printable, no tab, no NEL/LS/PS line breaks, no BOM.
# UNUSUAL finds the others: [^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff],
# written as the set it leaves out, which compiles faster in every process that reads (see benchmarks/RESULTS.md).
UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
USUAL_ASCII = b"\n" + bytes(range(0x20, 0x7F))  # the ASCII characters UNUSUAL leaves alone
WORD = re.compile(r"\w[\w.\-/]*")
SUB_LINE = re.compile(r"( +)(" + WORD.pattern + r"): +(.*)$")
DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
SINGLE = re.compile(r"'((?:[^']|'')*)'")
ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
FLOW_SPECIAL = re.compile(r"[\[\]{}:#?'\"]")
FLOW_PLAIN = re.compile(r"[^,\[\]{}:?]+")
INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
BLOCK_HEADERS = frozenset({">", ">-", "|", "|-"})
LONGEST_KEY = 200  # YAML allows a key of at most 1024 characters before its colon; leave long ones to it


def enabled() -> bool:
    """Whether the fast reader is on (``JIADING_FAST_FRONT=off`` turns it off)."""
    return env.switch(SWITCH)


def read(front: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """(values, lines) exactly as the YAML path reads ``front``, or None to let the YAML path read it."""
    try:
        return _read(front)
    except Outside:
        return None


def _read(front: str) -> tuple[dict[str, Any], dict[str, int]]:
    if front.isascii():
        if front.encode("ascii").translate(None, USUAL_ASCII):  # what is left is unusual (a tab too)
            raise Outside
    elif "\t" in front or UNUSUAL.search(front):
        raise Outside
    rows = front.split("\n")
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    i, end = 0, len(rows)
    while i < end:
        row = rows[i]
        if not row or row[0] == "#" or (row[0] == " " and not row.strip(" ")):
            i += 1
            continue
        given, colon, rest = row.partition(":")
        if not colon or (rest and rest[0] != " ") or not _word(given):
            raise Outside
        rest = rest.strip(" ")
        name = ALIASES.get(given) or sys.intern(given)  # one string per field name, for all articles
        if name in lines or name == "syndication":
            raise Outside
        lines[name] = i + 2
        i += 1
        if rest[:1] in (">", "|"):
            values[name], i = _block(rest, rows, i)
        elif rest:
            if name in LISTS and rest[0] not in "\"'[" and resolve(rest) in NUMBER_TAGS:
                raise Outside  # a bare number where a list goes: the YAML path says so
            values[name] = _value(rest)
        elif i < end and rows[i].lstrip(" ")[:2] in ("- ", "-"):
            values[name], i = _block_list(rows, i)
        elif i < end and rows[i][:1] == " " and rows[i].strip(" "):
            values[name], i = _mapping(rows, i)
        else:
            values[name] = None
    if not lines:
        raise Outside
    return values, lines


@lru_cache(maxsize=512)
def _word(text: str) -> bool:
    """Whether ``text`` is a key read here: a short plain word that YAML reads as a string."""
    return len(text) <= LONGEST_KEY and WORD.fullmatch(text) is not None and resolve(text) == STR


def _value(text: str) -> Any:
    """A value written on one line in block context (after ``key: `` or ``- ``), trailing spaces removed."""
    first = text[0]
    if first == '"':
        body = text[1:-1]
        if text[-1] == '"' and len(text) > 1 and '"' not in body and "\\" not in body:
            return body
        return _whole(DOUBLE, text, _unescape)
    if first == "'":
        return _whole(SINGLE, text, _unquote)
    if first == "[":
        return _flow_list(text)
    return scalar(_plain(text))


def _plain(text: str) -> str:
    """``text`` if YAML reads all of it as one plain scalar in block context."""
    first = text[0]
    if first in "-?:":
        if len(text) == 1 or text[1] == " ":
            raise Outside
    elif first in INDICATORS:
        raise Outside
    if ": " in text or " #" in text or text[-1] == ":":
        raise Outside
    return text


def _whole(pattern: re.Pattern[str], text: str, decode: Callable[[str], str]) -> str:
    match = pattern.match(text)
    if match is None or match.end() != len(text):
        raise Outside
    return decode(match.group(1))


def _unquote(body: str) -> str:
    return body.replace("''", "'")


def _unescape(body: str) -> str:
    return ESCAPE.sub(_escaped, body) if "\\" in body else body


def _escaped(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2) or match.group(3)
    if digits is not None:
        code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise Outside
        return chr(code)
    found = ESCAPES.get(match.group(4))
    if found is None:
        raise Outside
    return found


def _flow_list(text: str) -> list[Any]:
    """A flow list of plain or quoted scalars, ``[a, "b", 'c']``, all of ``text``."""
    inner = text[1:-1]
    if text[-1] == "]" and not FLOW_SPECIAL.search(inner):
        if not inner.strip(" "):
            return []
        simple = [item.strip(" ") for item in inner.split(",")]
        if all(item and item[0] not in INDICATORS and item[0] != "-" for item in simple):
            return [scalar(item) for item in simple]
    items: list[Any] = []
    at, end = 1, len(text)
    at = _skip(text, at)
    if at < end and text[at] == "]":
        at += 1
    else:
        while True:
            at = _skip(text, at)
            if at >= end:
                raise Outside
            first = text[at]
            if first in "\"'":
                pattern, decode = (DOUBLE, _unescape) if first == '"' else (SINGLE, _unquote)
                quoted = pattern.match(text, at)
                if quoted is None:
                    raise Outside
                items.append(decode(quoted.group(1)))
                at = quoted.end()
            else:
                plain = FLOW_PLAIN.match(text, at)
                item = plain.group().rstrip(" ") if plain else ""
                if (
                    not item
                    or item[0] in INDICATORS
                    or (item[0] == "-" and (len(item) == 1 or item[1] == " "))
                    or " #" in item
                ):
                    raise Outside
                items.append(scalar(item))
                at += len(item)
            at = _skip(text, at)
            if at < end and text[at] == ",":
                at += 1
            elif at < end and text[at] == "]":
                at += 1
                break
            else:
                raise Outside
    if at != end:
        raise Outside
    return items


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _block_list(rows: list[str], i: int) -> tuple[list[Any], int]:
    """``- item`` lines at one indentation, each item on its own line."""
    indent = len(rows[i]) - len(rows[i].lstrip(" "))
    lead = " " * indent + "- "
    items: list[Any] = []
    while i < len(rows) and rows[i].startswith(lead):
        text = rows[i][len(lead) :].strip(" ")
        if not text:
            raise Outside
        items.append(_value(text))
        i += 1
    if not items:
        raise Outside
    return items, i


def _mapping(rows: list[str], i: int) -> tuple[dict[str, str], int]:
    """``word: text`` lines at one indentation: a mapping of strings one level deep."""
    first = SUB_LINE.match(rows[i])
    if first is None:
        raise Outside
    indent = first.group(1)
    result: dict[str, str] = {}
    while i < len(rows) and (match := SUB_LINE.match(rows[i])) is not None and match.group(1) == indent:
        key, text = match.group(2), match.group(3).rstrip(" ")
        if key in result or not text or not _word(key):
            raise Outside
        if text[0] == '"':
            result[key] = _whole(DOUBLE, text, _unescape)
        elif text[0] == "'":
            result[key] = _whole(SINGLE, text, _unquote)
        else:
            result[key] = scalar(_plain(text), numbers_as_text=False)
        i += 1
    return result, i


def _block(header: str, rows: list[str], i: int) -> tuple[str, int]:
    """A ``|``/``>`` block scalar (clip or strip) whose lines share one indentation."""
    if header not in BLOCK_HEADERS:
        raise Outside
    parts: list[str] = []
    while i < len(rows) and not rows[i]:
        parts.append("")
        i += 1
    stripped = rows[i].lstrip(" ") if i < len(rows) else ""
    indent = len(rows[i]) - len(stripped) if stripped else 0
    if not indent:
        raise Outside
    lead = " " * indent
    while i < len(rows):
        row = rows[i]
        if row.startswith(lead) and row[indent : indent + 1] not in (" ", ""):
            parts.append(row[indent:])
        elif row:
            if row[0] == " ":
                raise Outside
            break
        else:
            parts.append("")
        i += 1
    if i == len(rows) and rows[-1]:
        raise Outside  # the text ends inside the scalar, without a line break
    while parts[-1] == "":
        parts.pop()
    if header[0] == "|":
        text = "\n".join(parts)
    else:
        first = next(at for at, part in enumerate(parts) if part)
        text, blank = "\n" * first + parts[first], 0
        for part in parts[first + 1 :]:
            if not part:
                blank += 1
                continue
            text += ("\n" * blank if blank else " ") + part
            blank = 0
    return (text if header.endswith("-") else text + "\n"), i
