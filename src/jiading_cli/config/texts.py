"""JD006: the strings of jiading.toml that no page or feed can carry, found wherever they are in the file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jiading_cli.base.bidi import trouble
from jiading_cli.base.xmlchars import NOT_OUTPUT, unwanted_kind
from jiading_cli.config.lines import key_line
from jiading_cli.model.errors import Problem


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a TOML value with its key path (a list's items under the list's key)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for name, inner in value.items():
            yield from _strings(inner, f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, path)


def unwritable(data: dict[str, Any], where: str, lines: dict[str, int]) -> list[Problem]:
    """JD006: a string holding a character no page or feed may carry (``NOT_OUTPUT``), as JD140 refuses it in an
    article (a control character, or a noncharacter), or bidirectional controls that are not closed within it, as
    JD143 refuses them in an article."""
    problems: list[Problem] = []
    for path, text in _strings(data, ""):
        if match := NOT_OUTPUT.search(text):
            found = f"found U+{ord(match.group()):04X} at character {match.start() + 1}"
            message = f"expected text without {unwanted_kind(match.group())} (no page or feed can carry them), {found}"
            problems.append(Problem(where, key_line(lines, path), "JD006", "error", path, message))
        elif (wrong := trouble(text)) is not None:
            problems.append(Problem(where, key_line(lines, path), "JD006", "error", path, wrong))
    return problems
