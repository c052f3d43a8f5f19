"""The shapes the stores declare for what they hold, and the check that what a file holds is of its shape.

A shape is written as a type: a class (``bytes``, a record), a union (``str | None``), a generic
(``tuple[str, int]``, ``tuple[str, ...]``, ``list[str]``, ``dict[str, bytes]``), ``Any``, or, where a part
is a record whose fields matter, with :class:`Record` (a record, or a dict, whose named fields have shapes
of their own), :class:`Mapped` (a dict of such values), :class:`Each` (a list, tuple or set of them) and
:class:`Fixed` (a tuple of so many items, each of its shape). Every item of a collection is looked at, so
a store declares the whole shape of what it decodes at once, and only the class of what it decodes later
(where that is decoded, with a shape of its own).

Each shape is made once into a function of a value (:func:`checker`): a check walks the value alone, never
the shape's type arguments again.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, cycle, repeat
from operator import attrgetter
from typing import Any

Check = Callable[[object], bool]
Plain = type | tuple[type, ...]  # what ``isinstance`` takes
MISSING = object()  # the value of a field a record does not have


def fits(value: object, shape: object) -> bool:
    """Whether ``value`` is of ``shape``."""
    return checker(shape)(value)


def checker(shape: object) -> Check:
    """The check of ``shape``, a function of a value."""
    if isinstance(shape, Shape):
        return shape.check
    plain = _plain(shape)
    if plain is not None:
        return _yes if plain is object else lambda value: isinstance(value, plain)
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return Each(tuple, args[0]).check
    if origin is tuple:
        return Fixed(*args).check
    if origin is dict:
        return Mapped(args[0], args[1]).check
    if origin in (list, set, frozenset):
        return Each(origin, args[0]).check
    if isinstance(shape, types.UnionType) or origin is typing.Union:
        return Either(*args).check
    raise TypeError(f"not a shape: {shape!r}")


def _yes(value: object) -> bool:
    return True


def _plain(shape: object) -> Plain | None:
    """``shape`` as ``isinstance`` takes it, when it is a class or a union of classes; else None."""
    if shape is Any:  # a class itself since Python 3.11, which ``isinstance`` refuses
        return object
    if shape is None:  # as in ``dict[str, None]``
        return type(None)
    if isinstance(shape, type):
        return shape
    if isinstance(shape, types.UnionType) or typing.get_origin(shape) is typing.Union:
        options = typing.get_args(shape)
        return options if all(isinstance(option, type) and option is not Any for option in options) else None
    return None


def _every(shape: object) -> Callable[[Iterable[object]], bool]:
    """The check that every one of some values is of ``shape``."""
    plain = _plain(shape)
    if plain is object:
        return lambda values: True
    if plain is not None:
        return lambda values: all(map(isinstance, values, repeat(plain)))
    items = _tuple_of(shape)
    if items is object:  # tuples of anything: their class alone
        return lambda values: all(map(isinstance, values, repeat(tuple)))
    sized = _fixed_of(shape)
    if sized is not None:  # tuples of so many plain items (by the ten thousand, as above), their classes in turn
        size, kinds = sized

        def fixed(values: Iterable[object]) -> bool:
            found: list[Any] = list(values)
            if not all(map(isinstance, found, repeat(tuple))) or not all(map(size.__eq__, map(len, found))):
                return False
            return all(map(isinstance, chain.from_iterable(found), cycle(kinds)))

        return fixed
    if items is not None:  # tuples of plain items, by the ten thousand: all their items at once, in one pass

        def every(values: Iterable[object]) -> bool:
            found = list(values)
            if not all(map(isinstance, found, repeat(tuple))):
                return False
            return all(map(isinstance, chain.from_iterable(found), repeat(items)))  # type: ignore[arg-type]

        return every
    check = checker(shape)
    return lambda values: all(map(check, values))


def _tuple_of(shape: object) -> Plain | None:
    """The items' class, when ``shape`` is ``tuple[X, ...]`` of a plain ``X`` (``object`` for ``Any``); else None."""
    args = typing.get_args(shape)
    if typing.get_origin(shape) is not tuple or len(args) != 2 or args[1] is not Ellipsis:
        return None
    return _plain(args[0])


def _fixed_of(shape: object) -> tuple[int, list[Plain]] | None:
    """The number of items and each one's class, when ``shape`` is ``tuple[A, B, ...]`` of plain classes (not
    ``Any``, not ``...``); else None."""
    args = typing.get_args(shape)
    if typing.get_origin(shape) is not tuple or not args or args[-1] is Ellipsis:
        return None
    plains = [_plain(arg) for arg in args]
    kinds = [plain for plain in plains if plain is not None and plain is not object]
    return (len(args), kinds) if len(kinds) == len(args) else None


class Shape:
    """A shape made of others; ``check`` is its check."""

    __slots__ = ("check",)
    check: Check


class Record(Shape):
    """A record of class ``kind`` (or a dict, by key) whose named ``fields`` have their shapes."""

    __slots__ = ("fields", "kind")

    def __init__(self, kind: type, /, **fields: object) -> None:
        self.kind, self.fields = kind, types.MappingProxyType(fields)
        plain = [(name, found) for name, field in fields.items() if (found := _plain(field)) is not None]
        nested = [(name, checker(field)) for name, field in fields.items() if _plain(field) is None]
        if issubclass(kind, Mapping):
            every = [(name, checker(field)) for name, field in fields.items()]
            self.check = lambda v: isinstance(v, kind) and all(n in v and c(v[n]) for n, c in every)
            return

        names, kinds = [name for name, _ in plain], tuple(found for _, found in plain)
        values: Callable[[object], Any] = attrgetter(*names) if len(names) > 1 else _getter(names)

        def check(value: object) -> bool:
            if not isinstance(value, kind):
                return False
            try:  # the fields of a class at once: one call, however many there are
                if not all(map(isinstance, values(value), kinds)):
                    return False
            except AttributeError:
                return False
            for name, test in nested:  # noqa: SIM110  # a loop: a generator per record costs a large load more
                if not test(getattr(value, name, MISSING)):
                    return False
            return True

        self.check = check


def _getter(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    """What ``attrgetter(*names)`` gives for one name or none: the values as a tuple."""
    return lambda value: tuple(getattr(value, name) for name in names)


class Mapped(Shape):
    """A dict whose keys and values have these shapes (``dict[K, V]`` where V is a :class:`Record`)."""

    __slots__ = ()

    def __init__(self, key: object, value: object) -> None:
        keys, values = _every(key), _every(value)
        self.check = lambda v: isinstance(v, dict) and keys(v.keys()) and values(v.values())


class Each(Shape):
    """A ``kind`` of collection (a list, a tuple, a set) whose items have the shape ``item``."""

    __slots__ = ()

    def __init__(self, kind: type, item: object) -> None:
        every = _every(item)
        self.check = lambda v: isinstance(v, kind) and every(v)  # type: ignore[arg-type]  # a collection


class Fixed(Shape):
    """A tuple of as many items as shapes given, each of its shape (``tuple[A, B]`` where one is a Record)."""

    __slots__ = ()

    def __init__(self, *shapes: object) -> None:
        size, plains = len(shapes), [_plain(shape) for shape in shapes]
        at = [i for i, plain in enumerate(plains) if plain is not None]
        kinds = tuple(plain for plain in plains if plain is not None)
        nested = [(i, checker(shape)) for i, shape in enumerate(shapes) if plains[i] is None]
        if not nested:
            self.check = lambda v: isinstance(v, tuple) and len(v) == size and all(map(isinstance, v, kinds))
            return

        def check(value: object) -> bool:
            if not isinstance(value, tuple) or len(value) != size:
                return False
            if not all(map(isinstance, map(value.__getitem__, at), kinds)):
                return False
            return all(test(value[i]) for i, test in nested)

        self.check = check


class Either(Shape):
    """A value of any of the shapes given (a union of which some are not classes)."""

    __slots__ = ()

    def __init__(self, *shapes: object) -> None:
        plain = tuple(k for s in shapes if (p := _plain(s)) is not None for k in (p if isinstance(p, tuple) else (p,)))
        others = [checker(shape) for shape in shapes if _plain(shape) is None]
        if len(others) == 1:
            (other,) = others
            self.check = lambda v: isinstance(v, plain) or other(v)
            return
        self.check = lambda v: isinstance(v, plain) or any(c(v) for c in others)
