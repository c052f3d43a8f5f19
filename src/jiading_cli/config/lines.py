"""Where each key of jiading.toml is written: the line a problem with it names.

The file is read as TOML reads it, not line by line: a line is what ends in a line feed (``\\n``) alone, as TOML
and its parser count them, so a U+2028 or U+0085 in a comment or a string starts no line; and a key or a table is
read only where a statement starts, never inside a string (one of many lines holding ``[feeds]`` or
``title = 1``) or inside an array whose items stand on lines of their own (``[1],`` is no table).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

_KEY = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_DOTTED = rf"{_KEY}(?:[ \t]*+\.[ \t]*+{_KEY})*"
_HEADER = re.compile(rf"[ \t]*+\[\[?[ \t]*+({_DOTTED})[ \t]*+\]\]?")  # a table, or a table of an array ([[name]])
_ASSIGN = re.compile(rf"[ \t]*+({_DOTTED})[ \t]*+=")
_TOKEN = re.compile(
    r'''"""(?:[^"\\]|\\.|"{1,2}(?!"))*+"{3,5}'''  # a multi-line string, its last quotes included
    r"""|'''(?:[^']|'{1,2}(?!'))*+'{3,5}"""
    r'''|"(?:[^"\\\n]|\\.)*+"'''  # a string of one line
    r"|'[^'\n]*+'"
    r"|\#[^\n]*+"  # a comment
    r"|[\[{]|[\]}]|\n"
    r"""|[^"'\#\[\]{}\n]++""",  # anything else, up to the next of the above
    re.DOTALL,
)


def _key_names(dotted: str) -> list[str]:
    """The names of a dotted TOML key as written (``site.title``, ``"site"."title"``, ``'site'.title``)."""
    names = []
    for part in re.findall(_KEY, dotted):
        if part.startswith('"'):
            try:
                names.append(str(tomllib.loads(f"k = {part}")["k"]))
            except tomllib.TOMLDecodeError:  # never for a key TOML read; kept as written
                names.append(part.strip('"'))
        else:
            names.append(part.strip("'"))
    return names


DEEPEST = 100
"""Names a key's path holds at most (``site.title``: two), tables, dotted keys and arrays alike: far more than any
key jiading reads, and few enough that no reader of the file follows them too deep or for too long."""


def statements(text: str) -> Iterator[tuple[int, bool, str]]:
    """Each statement of ``text``: its line, whether it is a table's header, and its key as written. Time linear in
    the text: each statement starts a line outside any value, and a value ends where the next line starts outside a
    string and the brackets of an array or an inline table."""
    for number, header, found in _walk(text):
        if header is not None:
            yield number, header, found


def bare_values(text: str) -> Iterator[tuple[int, str, str]]:
    """Each stretch of a value written outside strings, comments and brackets (numbers, booleans, dates, an inline
    table's keys and commas): its line, the path of its statement's key (``feeds.limit``) and its text, in the order
    of ``text``, read as :func:`statements` reads it."""
    section: list[str] = []
    path = ""
    for number, header, found in _walk(text):
        if header is None:
            yield number, path, found
            continue
        names = _key_names(found)
        path = ".".join(names if header else [*section, *names])
        section = names if header else section


def _walk(text: str) -> Iterator[tuple[int, bool | None, str]]:
    """The statements of ``text`` (a header flag) and, between them, the bare stretches of their values (None)."""
    number, depth, at, starts = 1, 0, 0, True
    while at < len(text):
        if starts:
            starts = False
            if match := _HEADER.match(text, at):
                yield number, True, match.group(1)
            elif match := _ASSIGN.match(text, at):
                yield number, False, match.group(1)
            else:
                continue
            at = match.end()
            continue
        token = _TOKEN.match(text, at)
        if token is None:  # a quote no string closes (never in text TOML read): the rest is one value
            return
        found = token.group()
        at = token.end()
        if found == "\n":
            number += 1
            starts = depth == 0
        elif found in "[{":
            depth += 1
        elif found in "]}":
            depth = max(depth - 1, 0)
        elif found[0] in "\"'":
            number += found.count("\n")
        elif found[0] != "#":
            yield number, None, found


def names_in(dotted: str) -> int:
    """How many names a dotted key as written holds, none of them read."""
    return len(re.findall(_KEY, dotted))


def key_lines(text: str) -> dict[str, int]:
    """Map 'section.key' (and 'section', and every table holding a key) to the line that first names it, for error
    messages: keys bare, quoted or dotted, and an inline table's keys at the line of its own key; a path only to its
    first ``DEEPEST`` + 1 names (a path deeper is refused, at the line of those).

    ``text`` is TOML its parser read (see :func:`statements`)."""
    lines: dict[str, int] = {}
    section: list[str] = []
    for number, header, dotted in statements(text):
        names = _key_names(dotted)
        path = names if header else [*section, *names]
        section = names if header else section
        for end in range(1, min(len(path), DEEPEST + 1) + 1):
            lines.setdefault(".".join(path[:end]), number)
    return lines


def key_line(lines: dict[str, int], path: str) -> int:
    """The line of ``path``, else of the nearest table holding it (an inline table's), else 0."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return 0
