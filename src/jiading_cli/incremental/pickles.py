"""Reading what the stores pickled, safely: only jiading's records and dates are ever built.

A planted or damaged cache file cannot run code (:class:`SafeUnpickler` refuses every other class) and
is never used when a byte of it changed (:func:`sealed` ends a blob with its CRC-32, :func:`opened`
checks it), nor when what it holds is not of the shape its store declares (:func:`safe_loads` with a
``shape``, or :func:`checked`): each is :class:`Damaged`, one of ``UNREADABLE``, which every store's
reader takes as a miss.

A shape is written as a type: a class (``bytes``, a record), a union (``str | None``), a generic
(``tuple[str, int]``, ``tuple[str, ...]``, ``list[str]``, ``dict[str, Entry]``), ``Any``, a
:class:`Record` (a record, or a dict, whose named fields have shapes of their own), or a :class:`Mapped`
(a dict of records of such a shape), an :class:`Each` (a list, tuple or set of them) or a :class:`Fixed`
(a tuple of so many items, each of its shape). A generic's items are
all looked at: declare the whole shape of what is decoded at once, and the class alone of what is
decoded later (where it is decoded, with its own shape).
"""

from __future__ import annotations

import io
import pickle
import types
import typing
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CHECK = 4  # bytes of the CRC-32 that ends a sealed blob

SAFE_GLOBALS = frozenset(
    {
        ("jiading_cli.model.article", "Article"),
        ("jiading_cli.model.article", "Loaded"),
        ("jiading_cli.model.errors", "Problem"),
        ("jiading_cli.content.source", "Kept"),
        ("jiading_cli.validate.single", "Checked"),
        ("jiading_cli.validate.single", "Found"),
        ("jiading_cli.feeds.model", "Item"),
        ("jiading_cli.feeds.model", "Enclosure"),
        ("jiading_cli.incremental.shards", "Entry"),
        ("jiading_cli.incremental.parallel", "Parsed"),
        ("jiading_cli.incremental.ledger.model", "Brief"),
        ("jiading_cli.incremental.ledger.model", "Kept"),
        ("jiading_cli.incremental.ledger.model", "Feed"),
        ("jiading_cli.incremental.ledger.model", "Candidates"),
        ("jiading_cli.incremental.ledger.model", "Ranked"),
        ("jiading_cli.incremental.ledger.model", "Made"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("zoneinfo", "ZoneInfo"),
    }
)
UNREADABLE = (
    OSError,
    EOFError,
    MemoryError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


class Damaged(ValueError):
    """Bytes that are not the bytes written: what holds them is not used."""


def _zone_getattr(obj: object, name: str) -> object:
    """The one ``getattr`` a pickled ZoneInfo needs; anything else is refused."""
    from zoneinfo import ZoneInfo

    if obj is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]  # private, but what ZoneInfo.__reduce__ names
    raise pickle.UnpicklingError(f"refused attribute {name!r}")


class SafeUnpickler(pickle.Unpickler):
    """Builds only jiading's records, problems and dates: a planted cache file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        if (module, name) not in SAFE_GLOBALS:
            raise pickle.UnpicklingError(f"refused {module}.{name}")
        return super().find_class(module, name)


Plain = type | tuple[type, ...]  # what ``isinstance`` takes
MISSING = object()  # the value of a field a record does not have


def _plain(shape: object) -> Plain | None:
    """``shape`` as ``isinstance`` takes it, when it is a class or a union of classes; else None."""
    if shape is Any:
        return object
    if isinstance(shape, type):
        return shape
    if isinstance(shape, types.UnionType) or typing.get_origin(shape) is typing.Union:
        options = typing.get_args(shape)
        return options if all(isinstance(option, type) and option is not Any for option in options) else None
    return None


@dataclass(frozen=True, slots=True)
class Record:
    """The shape of a record of class ``kind`` (or of a dict, by key) whose named ``fields`` have their shapes."""

    kind: type
    fields: Mapping[str, object]
    plain: tuple[tuple[str, Plain], ...]  # the fields whose shape is a class or a union of classes
    nested: tuple[tuple[str, object], ...]  # the others

    def __init__(self, kind: type, /, **fields: object) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "fields", types.MappingProxyType(fields))
        plain = {name: _plain(field) for name, field in fields.items()}
        object.__setattr__(self, "plain", tuple((name, found) for name, found in plain.items() if found is not None))
        nested = tuple((name, compiled(field)) for name, field in fields.items() if plain[name] is None)
        object.__setattr__(self, "nested", nested)


@dataclass(frozen=True, slots=True)
class Mapped:
    """The shape of a dict whose keys and values have these shapes (``dict[K, V]`` where V is a :class:`Record`)."""

    key: object
    value: object


@dataclass(frozen=True, slots=True)
class Each:
    """The shape of a ``kind`` of collection (a list, a tuple, a set) whose items have the shape ``item``."""

    kind: type
    item: object
    plain: Plain | None = field(init=False)  # ``item`` as ``isinstance`` takes it, when it can

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", _plain(self.item))


class Fixed(tuple[object, ...]):
    """The shape of a tuple of as many items as shapes given, each of its shape (``tuple[A, B]`` where one is
    a :class:`Record`)."""

    def __new__(cls, *shapes: object) -> Fixed:
        return super().__new__(cls, shapes)


def compiled(shape: object) -> object:
    """``shape`` with its generics made :class:`Each`, :class:`Mapped` and :class:`Fixed`: the same shape, checked
    without looking into the generics' arguments for every value."""
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return Each(tuple, compiled(args[0]))
    if origin is tuple:
        return Fixed(*map(compiled, args))
    if origin is dict:
        return Mapped(compiled(args[0]), compiled(args[1]))
    if origin in (list, set, frozenset):
        return Each(origin, compiled(args[0]))
    return shape


def fits(value: object, shape: object) -> bool:
    """Whether ``value`` is of ``shape`` (see the module's docstring)."""
    if shape is Any:  # a class itself since Python 3.11, which ``isinstance`` refuses
        return True
    if isinstance(shape, type):
        return isinstance(value, shape)
    if isinstance(shape, Record):
        return _record(value, shape)
    if isinstance(shape, Mapped):
        return isinstance(value, dict) and _items(value.keys(), shape.key) and _items(value.values(), shape.value)
    if isinstance(shape, Fixed):
        return isinstance(value, tuple) and len(value) == len(shape) and all(map(fits, value, shape))
    if isinstance(shape, Each):
        if not isinstance(value, shape.kind) or not isinstance(value, Iterable):
            return False
        plain = shape.plain
        return all(fits(item, shape.item) for item in value) if plain is None else _all(value, plain)
    plain = _plain(shape)
    if plain is not None:
        return isinstance(value, plain)
    if isinstance(shape, types.UnionType) or typing.get_origin(shape) is typing.Union:
        return any(fits(value, option) for option in typing.get_args(shape))
    return _generic(value, shape)


def _generic(value: object, shape: object) -> bool:
    """Whether ``value`` is of a generic ``shape``: ``tuple[...]``, ``list[X]``, ``set[X]``, ``dict[K, V]``."""
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if not (isinstance(origin, type) and isinstance(value, origin)):
        return False
    if isinstance(value, tuple):
        if len(args) == 2 and args[1] is Ellipsis:
            return _items(value, args[0])
        return len(value) == len(args) and all(map(fits, value, args))
    if isinstance(value, Mapping):
        return _items(value.keys(), args[0]) and _items(value.values(), args[1])
    return isinstance(value, Iterable) and _items(value, args[0])  # a list, a set


def _items(values: Iterable[object], shape: object) -> bool:
    """Whether every one of ``values`` is of ``shape``."""
    plain = _plain(shape)
    return all(fits(value, shape) for value in values) if plain is None else _all(values, plain)


def _all(values: Iterable[object], plain: Plain) -> bool:
    return plain is object or all(isinstance(value, plain) for value in values)


def _record(value: object, shape: Record) -> bool:
    if not isinstance(value, shape.kind):
        return False
    if isinstance(value, Mapping):
        return all(name in value and fits(value[name], field) for name, field in shape.fields.items())
    for name, plain in shape.plain:
        if not isinstance(getattr(value, name, MISSING), plain):
            return False
    for name, nested in shape.nested:
        found = getattr(value, name, MISSING)
        if not (_record(found, nested) if type(nested) is Record else fits(found, nested)):
            return False
    return True


def checked(value: Any, shape: object) -> Any:
    """``value``, when it is of ``shape``; :class:`Damaged` when it is not."""
    if not fits(value, compiled(shape)):
        raise Damaged(f"not of the shape {shape!r}")
    return value


def safe_loads(data: bytes | memoryview, shape: object = Any) -> Any:
    """What ``data`` pickled, built by :class:`SafeUnpickler`; :class:`Damaged` when it is not of ``shape``."""
    return checked(SafeUnpickler(io.BytesIO(data)).load(), shape)


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def sealed(data: bytes) -> bytes:
    """``data`` followed by its CRC-32, so that :func:`opened` can tell a damaged copy."""
    return data + zlib.crc32(data).to_bytes(CHECK, "big")


def opened(data: bytes | memoryview) -> bytes | memoryview:
    """What :func:`sealed` sealed; :class:`Damaged` when any byte differs."""
    if len(data) < CHECK or zlib.crc32(data[:-CHECK]) != int.from_bytes(data[-CHECK:], "big"):
        raise Damaged
    return data[:-CHECK]
