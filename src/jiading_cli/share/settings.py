"""Checkers for the share settings in ``jiading.toml`` (``[share]``, ``[facebook]``, ``[linkedin]``, ``[email]``)."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from jiading_cli.model import kinds

PLACEHOLDERS = ("title", "summary", "url", "hashtags", "site", "author", "date", "category")
"""What a share template may name, e.g. ``"{title}\\n\\n{summary}\\n\\n{hashtags}"``."""


def seconds(value: Any) -> float:
    """A duration in seconds: a number above 0 and at most an hour."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
        raise kinds.Expected("a number of seconds above 0 and at most 3600, such as 10 or 0.5")
    return float(value)


def template_names(text: str) -> list[str]:
    """The placeholder names in a template; raises ValueError for a malformed one."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(name)
        names.append(name)
    return names


def template(*extra: str) -> Callable[[Any], str]:
    """A text template using only known placeholders (``{{`` and ``}}`` for literal braces)."""
    allowed = (*PLACEHOLDERS, *extra)
    expected = "a text using only the placeholders " + ", ".join("{" + n + "}" for n in allowed)

    def check(value: Any) -> str:
        text = kinds.text(value)
        try:
            names = template_names(text)
        except ValueError as exc:
            raise kinds.Expected(expected) from exc
        if any(name not in allowed for name in names):
            raise kinds.Expected(expected)
        return text

    return check


def networks(value: Any) -> tuple[str, ...]:
    from jiading_cli.share import NETWORKS

    chosen = kinds.string_list(value)
    if any(name not in NETWORKS for name in chosen):
        raise kinds.Expected("a list of networks among " + ", ".join(repr(n) for n in NETWORKS))
    return tuple(dict.fromkeys(chosen))
