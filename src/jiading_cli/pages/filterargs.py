"""The arguments of the theme's own filters (``direction``, ``chrome_lang``, ``text_lang``, ``named``) and
functions (the catalogue ``t``), checked as a template gives them: each is written for text (a language tag, a
message's key) or the page's catalogue ``t``, and a value of another kind (``{{ 5 | direction }}``,
``{{ none | chrome_lang }}``, ``{{ "x" | named("k") }}``) is the template's error saying what was expected and
what it got, never Python's ``AttributeError`` from inside the filter; so is a call with arguments the function
does not take (``t()``, ``t("share_on", 1)``). What each parameter takes is read from the function's own
signature, so a filter or function added to the theme is checked the same way."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, NamedTuple

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


def called(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A call a template makes of a function of jiading's own (the catalogue ``t``): its arguments held to its
    signature, as Python would bind them, and each checked as a filter's are, before it runs; another function
    is left to itself."""
    own = getattr(function, "__func__", function)
    module = getattr(own, "__module__", None) or ""
    if not module.startswith("jiading_cli.") or module in _MACHINERY or not inspect.isfunction(own):
        return  # another's function, or the templates' own machinery (a loop's counter, an extension's tag)
    kwargs = {key: value for key, value in kwargs.items() if not key.startswith("_")}  # Jinja's own, as it passes
    name, shape = _NAMES.get(own.__qualname__, own.__name__), _shape(own, own is not function)
    if not _fits(shape, args, kwargs):
        given = [_kind(value) for value in args] + [f"{key}={_kind(value)}" for key, value in kwargs.items()]
        raise TemplateRuntimeError(f"{name}: expected ({', '.join(shape.shown)}), got ({', '.join(given)})")
    for key, value in [*zip(shape.positional, args, strict=False), *kwargs.items()]:
        _takes_value(name, key, dict(shape.annotations).get(key, ""), value)


class _Shape(NamedTuple):
    """What a function takes: its positional parameters' names, those without a default, the most arguments by
    position, the names it takes by keyword (None: any), each positional one's annotation, and how it is shown."""

    positional: tuple[str, ...]
    required: tuple[str, ...]
    most: int
    named: frozenset[str] | None
    annotations: tuple[tuple[str, str], ...]
    shown: tuple[str, ...]


def _fits(shape: _Shape, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether ``args`` and ``kwargs`` are arguments a function of ``shape`` takes, as Python would bind them."""
    by_position = shape.positional[: len(args)]
    return (
        len(args) <= shape.most
        and not any(key in by_position for key in kwargs)
        and all(key in by_position or key in kwargs for key in shape.required)
        and (shape.named is None or all(key in shape.named for key in kwargs))
    )


@functools.lru_cache(maxsize=256)
def _shape(function: Callable[..., Any], bound: bool) -> _Shape:
    """What ``function`` takes, its first parameter left out for a method bound to its value."""
    parameters = list(inspect.signature(function).parameters.values())[1 if bound else 0 :]
    positional = [each for each in parameters if each.kind in (each.POSITIONAL_ONLY, each.POSITIONAL_OR_KEYWORD)]
    kinds = {each.kind for each in parameters}
    return _Shape(
        positional=tuple(each.name for each in positional),
        required=tuple(each.name for each in parameters if each.default is each.empty and each.kind not in VARIADIC),
        most=10**9 if inspect.Parameter.VAR_POSITIONAL in kinds else len(positional),
        named=None
        if inspect.Parameter.VAR_KEYWORD in kinds
        else frozenset(each.name for each in parameters if each.kind != each.POSITIONAL_ONLY),
        annotations=tuple((each.name, _annotation(parameters, each.name)) for each in parameters),
        shown=tuple(str(each).split(":")[0].split("=")[0] for each in parameters),
    )


VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
_MACHINERY = {"jiading_cli.pages.guard", "jiading_cli.pages.once", "jiading_cli.pages.chrome"}
_NAMES = {"Messages.text": "t"}  # the name a template calls a function by, where it is not the function's own


def _annotation(parameters: list[inspect.Parameter], key: str) -> str:
    found = next((parameter for parameter in parameters if parameter.name == key), None)
    if found is None or found.kind in (found.VAR_KEYWORD, found.VAR_POSITIONAL):
        return ""
    return found.annotation if isinstance(found.annotation, str) else getattr(found.annotation, "__name__", "")


def _takes(name: str, key: str, annotation: str, value: object) -> None:
    _takes_value(f"the filter {name}", key, annotation, value)


def _takes_value(name: str, key: str, annotation: str, value: object) -> None:
    kinds = _TEXT.get(annotation)
    if kinds is not None and not isinstance(value, kinds):
        wanted = "text or none" if type(None) in kinds else "text"
        raise TemplateRuntimeError(f"{name}: expected {wanted} for {key}, got {_kind(value)}")
    if annotation.startswith("Callable") and not callable(value):
        raise TemplateRuntimeError(f"{name}: expected the page's catalogue t for {key}, got {_kind(value)}")


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
