"""Where each key of jiading.toml is written: the line a problem with it names."""

from __future__ import annotations

import re
import tomllib

_KEY = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_DOTTED = rf"{_KEY}(?:\s*+\.\s*+{_KEY})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]")  # a table, or a table of an array ([[name]])
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")


def _key_names(dotted: str) -> list[str]:
    """The names of a dotted TOML key as written (``site.title``, ``"site"."title"``, ``'site'.title``)."""
    names = []
    for part in re.findall(_KEY, dotted):
        if part.startswith('"'):
            try:
                names.append(str(tomllib.loads(f"k = {part}")["k"]))
            except tomllib.TOMLDecodeError:  # a line of a value spanning lines, not a key
                names.append(part.strip('"'))
        else:
            names.append(part.strip("'"))
    return names


def key_lines(text: str) -> dict[str, int]:
    """Map 'section.key' (and 'section', and every table holding a key) to the line that first names it, for error
    messages: keys bare, quoted or dotted, and an inline table's keys at the line of its own key."""
    lines: dict[str, int] = {}
    section: list[str] = []
    quoted = ""  # the quotes of a multi-line string the line is inside, whose lines name no key
    for number, line in enumerate(text.splitlines(), start=1):
        if quoted:
            if line.count(quoted) % 2:
                quoted = ""
            continue
        if match := _HEADER.match(line):
            section = _key_names(match.group(1))
            path = section
        elif match := _ASSIGN.match(line):
            path = [*section, *_key_names(match.group(1))]
            rest = line[match.end() :]
            quoted = next((q for q in ('"""', "'''") if rest.count(q) % 2), "")
        else:
            continue
        for end in range(1, len(path) + 1):
            lines.setdefault(".".join(path[:end]), number)
    return lines


def key_line(lines: dict[str, int], path: str) -> int:
    """The line of ``path``, else of the nearest table holding it (an inline table's), else 0."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return 0
