"""Where each key of jiading.toml is written: the line a problem with it names.

The file is read as TOML reads it, not line by line: a line is what ends in a line feed (``\\n``) alone, as TOML
and its parser count them, so a U+2028 or U+0085 in a comment or a string starts no line; and a key or a table is
read only where a statement starts, never inside a string (one of many lines holding ``[feeds]`` or
``title = 1``) or inside an array whose items stand on lines of their own (``[1],`` is no table).
"""

from __future__ import annotations

import re
import tomllib

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


def key_lines(text: str) -> dict[str, int]:
    """Map 'section.key' (and 'section', and every table holding a key) to the line that first names it, for error
    messages: keys bare, quoted or dotted, and an inline table's keys at the line of its own key.

    ``text`` is TOML its parser read: each statement (a table's header, or a key and its value) starts a line
    outside any value, and its value ends where the next line starts outside a string and the brackets of an
    array or an inline table; time linear in the text."""
    lines: dict[str, int] = {}
    section: list[str] = []
    number, depth, at, starts = 1, 0, 0, True
    while at < len(text):
        if starts:
            starts = False
            if match := _HEADER.match(text, at):
                section = path = _key_names(match.group(1))
            elif match := _ASSIGN.match(text, at):
                path = [*section, *_key_names(match.group(1))]
            else:
                continue
            for end in range(1, len(path) + 1):
                lines.setdefault(".".join(path[:end]), number)
            at = match.end()
            continue
        token = _TOKEN.match(text, at)
        if token is None:  # never for text TOML read: a quote no string closes; the rest is one value
            break
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
    return lines


def key_line(lines: dict[str, int], path: str) -> int:
    """The line of ``path``, else of the nearest table holding it (an inline table's), else 0."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return 0
