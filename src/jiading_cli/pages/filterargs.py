"""The arguments of the theme's own filters (``direction``, ``chrome_lang``, ``text_lang``, ``named``), checked as
a template gives them: each is written for text (a language tag, a message's key) or the page's catalogue ``t``,
and a value of another kind (``{{ 5 | direction }}``, ``{{ none | chrome_lang }}``, ``{{ "x" | named("k") }}``)
is the template's error saying what was expected and what it got, never Python's ``AttributeError`` from inside
the filter. What each parameter takes is read from the filter's own signature, so a filter added to the theme is
checked the same way."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from jinja2 import TemplateRuntimeError

_TEXT = {"str": (str,), "str | None": (str, type(None))}


def checked(name: str, made: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``made``, each argument its signature says is text (or none) or a function checked before it runs."""
    parameters = list(inspect.signature(made).parameters.values())

    @functools.wraps(made)
    def taking(*args: Any, **kwargs: Any) -> Any:
        given = [(parameter.name, value) for parameter, value in zip(parameters, args, strict=False)]
        given += [(key, value) for key, value in kwargs.items() if key in {each.name for each in parameters}]
        for key, value in given:
            _takes(name, key, _annotation(parameters, key), value)
        return made(*args, **kwargs)

    return taking


def _annotation(parameters: list[inspect.Parameter], key: str) -> str:
    found = next((parameter for parameter in parameters if parameter.name == key), None)
    if found is None or found.kind in (found.VAR_KEYWORD, found.VAR_POSITIONAL):
        return ""
    return found.annotation if isinstance(found.annotation, str) else getattr(found.annotation, "__name__", "")


def _takes(name: str, key: str, annotation: str, value: object) -> None:
    kinds = _TEXT.get(annotation)
    if kinds is not None and not isinstance(value, kinds):
        wanted = "text or none" if type(None) in kinds else "text"
        raise TemplateRuntimeError(f"the filter {name}: expected {wanted} for {key}, got {_kind(value)}")
    if annotation.startswith("Callable") and not callable(value):
        raise TemplateRuntimeError(f"the filter {name}: expected the page's catalogue t for {key}, got {_kind(value)}")


def _kind(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a truth value)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"[:80]
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    kinds: dict[type, str] = {list: "a list", tuple: "a tuple", dict: "a mapping"}
    return kinds.get(type(value), f"a {type(value).__name__}")
