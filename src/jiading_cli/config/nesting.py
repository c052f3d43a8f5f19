"""How deep jiading.toml may nest: a key's path holds at most ``DEEPEST`` names, tables, dotted keys, arrays and
inline tables alike (``site.title`` is two deep, ``email.site_titles.zh-CN`` three).

TOML sets no limit, and its readers pay for depth: Python's follows arrays and inline tables by recursion (a
``RecursionError`` some hundreds deep) and reads a dotted key in time growing as the square of its names, and the
config's own checks walk every key. So the file is looked at twice: its text before it is parsed, for a statement's
key too deep (:func:`in_text`), and its values after, for the rest (:func:`in_data`); each is one JD001 line at the
line of the key, never a traceback or a wait.
"""

from __future__ import annotations

from typing import Any

from jiading_cli.config.lines import DEEPEST, key_line, names_in, statements


def expected(depth: int | None, under: str) -> str:
    """The one message of nesting too deep: ``depth`` as found (None: too deep to tell), ``under`` the top key."""
    found = "deeper" if depth is None else f"{depth:,} deep"
    return (
        f"expected keys nested at most {DEEPEST} deep (tables, dotted keys, arrays and inline tables), found {found}"
        + (f" under {under!r}" if under else "")
    )


def in_text(text: str) -> tuple[int, str] | None:
    """The line and message of the first statement whose key lies deeper than ``DEEPEST`` (its table's names and its
    own), found before the text is parsed; None when there is none."""
    section = 0
    for number, header, dotted in statements(text):
        count = names_in(dotted)
        depth = count if header else section + count
        section = count if header else section
        if depth > DEEPEST:
            return number, expected(depth, "")
    return None


def in_data(data: dict[str, Any], lines: dict[str, int]) -> tuple[int, str] | None:
    """The line and message of the deepest value of ``data`` when it lies deeper than ``DEEPEST`` (each table and
    each array a level), walked without recursion; None when every value is within it."""
    deepest = 0
    path: tuple[str, ...] = ()
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(data, 0, ())]
    while stack:
        value, depth, names = stack.pop()
        if depth > deepest:
            deepest, path = depth, names
        if isinstance(value, dict):
            stack.extend(
                (inner, depth + 1, (*names, key) if len(names) <= DEEPEST else names) for key, inner in value.items()
            )
        elif isinstance(value, list):
            stack.extend((inner, depth + 1, names) for inner in value)
    if deepest <= DEEPEST:
        return None
    return key_line(lines, ".".join(path)), expected(deepest, path[0] if path else "")


def by_recursion(text: str) -> int:
    """The line where brackets and braces are first nested deepest, for nesting too deep for the parser to follow
    (quotes and comments not told apart: a guess good enough to point at it)."""
    depth, deepest, line, found = 0, 0, 1, 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, found = depth, line
        elif char in "]}":
            depth -= 1
    return found
