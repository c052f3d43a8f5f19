"""The size of a value shown as text, and of what a format string makes (``%`` and ``str.format``) from the widths
and precisions it holds and the values it shows: :mod:`jiading_cli.pages.sizes` models the operations of templates
with them.

A value's size as text (:func:`printed`) is counted item by item, stopping at the limit: a list holding another ten
million times prints as ten million copies, which the count says before ``str()`` would make them.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from jinja2.runtime import Undefined
from jinja2.utils import Namespace

ITEMS = 10_000_000  # characters or items one operation may make
HUGE = 10**12  # a size beyond any limit: a number too long to read, or a count that is not a number
CONTAINERS = (list, tuple, set, frozenset)
VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))
ADDRESS = re.compile(r"(?:<|&lt;|%3C)[^<>]{0,300}?[ +]at[ +]0x[0-9a-f]{4,}")
"""Python's text for an object that says where it is in memory, ``<code object f at 0x7f…>`` (escaped for HTML or
a URL too): a text of the page's own that names a number so (``at 0xbeef``) is none."""


def number(value: object) -> int:
    """A count or width given as an argument: an int as it is (at least 0), anything else none."""
    return max(value, 0) if isinstance(value, int) and not isinstance(value, bool) else 0


def printed(value: object, limit: int = ITEMS, indent: int = 0) -> int:
    """About how many characters ``str(value)`` (or ``repr``/JSON of it, ``indent`` spaces a level) makes; once
    past ``limit``, a number past it (the count stops there, so it costs at most ``limit`` steps). A list, mapping
    or namespace within itself counts as the few characters Python shows for it (``[...]``)."""
    if isinstance(value, str):
        return len(value)
    sizes: dict[int, int] = {}  # each object counted: a list held many times is walked once (without indent)
    within: set[int] = set()  # the containers being counted, whose end marker is still on the stack
    total = 0
    stack: list[tuple[object, int, int]] = [(value, 0, -1)]
    while stack and total <= limit:
        item, depth, started = stack.pop()
        if started >= 0:  # the end of a container: what it came to
            within.discard(id(item))
            if not indent:
                sizes[id(item)] = total - started
            continue
        total += 2 + indent * depth
        if isinstance(item, str):
            total += len(item) + 2 if item.isascii() and item.isprintable() else 12 * len(item) + 2
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, bytes | bytearray):
            total += 4 * len(item) + 3
        elif id(item) in within:
            total += 5
        elif id(item) in sizes:
            total += sizes[id(item)]
        elif isinstance(item, (Namespace, Mapping, *CONTAINERS, *VIEWS)):
            within.add(id(item))
            stack.append((item, depth, total))
            stack.extend((part, depth + 1, -1) for part in _parts(item))
        else:  # another object: its own repr (the site's values are bounded by the site's files)
            sizes[id(item)] = len(repr(item))
            total += sizes[id(item)]
    return total if not stack else max(total, limit + 1)


def textless(value: object, limit: int = 10_000) -> str | None:
    """What ``value`` is when its text would be Python's for a thing that has none of its own, or None: a generator
    or another iterator (what ``map``, ``select``, ``batch``, ``reverse`` give), a function, macro or method, an
    object with neither ``str`` nor ``repr`` of its own or whose text says where it is in memory (a code object's,
    a frame's: ``<code object … at 0x7f…>``), a record the pages are given (a ``Link``, a ``Picture``:
    a dataclass or named tuple, shown as Python writes it, ``Link(text='finance', href=…)``), as the value or held
    in it (at most ``limit`` items are looked at). Shown, each is Python's text for it, ``<generator object … at
    0x7f…>``: nothing a reader should see, and an address that changes at each build, so the page too."""
    seen: set[int] = set()
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack and len(seen) < limit:
        item, depth = stack.pop()
        if isinstance(item, str | bytes | int | float | range | Undefined) or item is None or id(item) in seen:
            continue
        seen.add(id(item))
        kind = type(item)
        if isinstance(item, Iterator):
            return "a generator (what map, select, reject, batch, slice and reverse give: add | list or | join)"
        if callable(item):
            name = getattr(item, "name", None) or getattr(item, "__name__", kind.__name__)
            return f"the function {name} (call it: {name}())"
        if (fields := _fields(item)) and kind.__str__ in (object.__str__, tuple.__str__):
            return f"a {kind.__name__} record (show one of its fields: {', '.join(fields)})"
        if isinstance(item, (Namespace, Mapping, *CONTAINERS, *VIEWS)):
            stack.extend((part, depth + 1) for part in _parts(item))
        elif kind.__repr__ is object.__repr__ and (depth or kind.__str__ is object.__str__):
            return f"a {kind.__name__} object, which has no text of its own"
        elif _addressed(item, depth):
            return f"a {kind.__name__} object, whose text is Python's, with its address in memory"
    return None


def _addressed(item: object, depth: int) -> bool:
    """Whether Python's text for ``item`` (``repr`` within a value, ``str`` too as the value) says where it is in
    memory; one whose text cannot be made is shown as its error, where it is shown."""
    try:
        return ADDRESS.search(repr(item)) is not None or (not depth and ADDRESS.search(str(item)) is not None)
    except Exception:  # noqa: BLE001 - the error is the template's, said where the value is made text
        return False


def _fields(item: object) -> tuple[str, ...]:
    """The fields of a record (a dataclass's or a named tuple's instance), none for any other value."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return tuple(field.name for field in dataclasses.fields(item))
    found = getattr(type(item), "_fields", None) if isinstance(item, tuple) else None
    return tuple(found) if isinstance(found, tuple) else ()


def _parts(item: object) -> Iterable[object]:
    if isinstance(item, Namespace):
        return [object.__getattribute__(item, "_Namespace__attrs")]
    if isinstance(item, Mapping):
        return [part for pair in item.items() for part in pair]
    return item if isinstance(item, Iterable) else ()


def _digits(text: str) -> int:
    return int(text) if len(text) <= 12 else HUGE


SPEC = re.compile(r"[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)


def _conversions(form: str) -> Iterator[tuple[str | None, str | None, str | None, str]]:
    """Each conversion of a ``%`` format: its mapping key (its parentheses nested as Python reads them), width,
    precision and type."""
    at = form.find("%")
    while at != -1:
        start, key = at + 1, None
        if form.startswith("(", start):
            depth, end = 1, start + 1
            while end < len(form) and depth:
                depth += {"(": 1, ")": -1}.get(form[end], 0)
                end += 1
            key, start = form[start + 1 : end - 1], end
        match = SPEC.match(form, start)
        assert match is not None  # every part of it may be empty
        yield key, match.group(1), match.group(2), match.group(3)
        at = form.find("%", max(match.end(), at + 1))


def printf(form: object, values: object = ()) -> int:
    """The size of ``form % values``: each conversion's width and precision, and the text of what it shows."""
    if not isinstance(form, str):
        return printed(form) + printed(values)
    given = list(values) if isinstance(values, tuple) else [values]
    mapping = values if isinstance(values, Mapping) else None
    total, at = len(form), 0
    for key, width, precision, kind in _conversions(form):
        if kind == "%":
            continue
        for part in (width, precision):
            if part == "*":
                total += number(given[at]) if at < len(given) else 0
                at += 1
            elif part:
                total += _digits(part)
        if key is not None and mapping is not None:
            shown = mapping.get(key)
        else:
            shown = given[at] if at < len(given) else None
            at += 1
        total += printed(shown, ITEMS - min(total, ITEMS)) + 32
        if total > ITEMS:
            break
    return total


def formatted(form: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> list[object]:
    """The values ``form.format(*args, **kwargs)`` shows, each field's (``{0.title}``: the title), as far as they
    can be found; format raises its own error for one that cannot."""
    formatter, values, auto = string.Formatter(), [], 0
    try:
        fields = [field for _, field, _, _ in formatter.parse(form) if field is not None]
    except ValueError:
        return []
    for field in fields:
        if field == "":
            field, auto = str(auto), auto + 1
        try:
            values.append(formatter.get_field(field, args, kwargs)[0])
        except Exception:  # noqa: BLE001, S112 - format raises it again, as the template's error
            continue
    return values


def _widths(text: str) -> int:
    """The numbers a format spec holds (its width and precision, and any other: more, never less)."""
    return sum(_digits(part) for part in re.findall(r"\d+", text))


def braces(form: object, args: tuple[Any, ...] = (), kwargs: Mapping[str, Any] | None = None) -> int:
    """The size of ``form.format(*args, **kwargs)``: the literal text, each field's value as text, and the widths
    and precisions of its format (a nested ``{}`` in one counts the number it names)."""
    if not isinstance(form, str):
        return 0
    formatter, named, auto = string.Formatter(), kwargs or {}, 0
    total = 0
    try:
        fields = list(formatter.parse(form))
    except ValueError:
        return len(form)  # format raises the same, having made nothing
    for literal, field, spec, _ in fields:
        total += len(literal)
        if field is None:
            continue
        if field == "":
            field, auto = str(auto), auto + 1
        try:
            value = formatter.get_field(field, args, named)[0]
        except (LookupError, AttributeError, ValueError, TypeError):
            value = None
        total += printed(value, ITEMS - min(total, ITEMS)) + 32
        total += _widths(spec or "")
        try:
            nested = [inner for _, inner, _, _ in formatter.parse(spec or "") if inner is not None]
        except ValueError:
            nested = []
        for inner in nested:  # '{:{}}': the spec's width is a value given, numbered as the fields are
            if inner == "":
                inner, auto = str(auto), auto + 1
            try:
                width = formatter.get_field(inner, args, named)[0]
            except (LookupError, AttributeError, ValueError, TypeError):
                continue
            total += number(width) + (_widths(width) if isinstance(width, str) and len(width) < 100 else 0)
            total += HUGE if isinstance(width, str) and len(width) >= 100 else 0
        if total > ITEMS:
            break
    return total
