"""Every wrong part of a list or a mapping, as one error's line names them: the first few, the rest counted.

One value's problems are said at once, so one run says all that is wrong with it: ``tags: [2026-01-01, null]`` names
both items, ``translations: {zh-CN: 5, fr: [1]}`` both entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SHOWN = 5  # wrong parts a line names, at most; the rest are counted


def item_of(items: list[Any] | tuple[Any, ...], number: int) -> str:
    """Item ``number`` (from 1) of a list, as an error shows what it found: the item, and where it stands."""
    from jiading_cli.model.errors import describe

    return f"{describe(items[number - 1])} (item {number} of {len(items)})"


def items_of(items: list[Any] | tuple[Any, ...], numbers: list[int]) -> str:
    """Every wrong item (``numbers``, from 1) as one error shows them."""
    return joined([item_of(items, number) for number in numbers])


def entries_of(mapping: Mapping[Any, Any], names: list[Any]) -> str:
    """Every wrong entry of a mapping (by ``names``, its keys) as one error shows them: ``'zh-CN': int 5``."""
    from jiading_cli.model.errors import describe

    return joined([f"{describe(name)}: {describe(mapping[name])}" for name in names])


def joined(parts: list[str]) -> str:
    """``parts`` as one line: 'a, b and c', past :data:`SHOWN` of them 'a, …, e and 3 more'."""
    shown, rest = parts[:SHOWN], len(parts) - SHOWN
    last = f"{rest} more" if rest > 0 else shown.pop()
    return ", ".join(shown) + " and " + last if shown else last
