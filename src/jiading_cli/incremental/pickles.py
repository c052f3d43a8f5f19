"""Reading what the stores pickled, safely: only jiading's records and dates are ever built.

A planted or damaged cache file cannot run code (:class:`SafeUnpickler` refuses every other class) and
is never used when a byte of it changed (:func:`sealed` ends a blob with its CRC-32, :func:`opened`
checks it), nor when what it holds is not of the shape its store declares (:func:`safe_loads` with a
``shape``, or :func:`checked`): each is :class:`Damaged`, one of ``UNREADABLE``, which every store's
reader takes as a miss.

Shapes are written as :mod:`.shapes` says.
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

from jiading_cli.incremental.shapes import checker

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


def checked(value: Any, shape: object) -> Any:
    """``value``, when it is of ``shape``; :class:`Damaged` when it is not."""
    if not checker(shape)(value):
        raise Damaged(f"not of the shape {shape!r}")
    return value


def safe_loads(data: bytes | memoryview, shape: object = Any) -> Any:
    """What ``data`` pickled, built by :class:`SafeUnpickler`; :class:`Damaged` when it is not of ``shape``."""
    return checked(SafeUnpickler(_Reader(memoryview(data))).load(), shape)


class _Reader:
    """A file reading ``view``, for the unpickler: a store of many megabytes is read a frame at a time from the
    bytes read from disk, never copied whole first (as ``io.BytesIO`` copies a view)."""

    __slots__ = ("at", "view")

    def __init__(self, view: memoryview) -> None:
        self.view, self.at = view, 0

    def read(self, size: int = -1) -> bytes:
        start = self.at
        self.at = len(self.view) if size < 0 else min(len(self.view), start + size)
        return self.view[start : self.at].tobytes()

    def readinto(self, buffer: memoryview) -> int:
        size = min(len(buffer), len(self.view) - self.at)
        buffer[:size] = self.view[self.at : self.at + size]
        self.at += size
        return size

    def readline(self) -> bytes:
        """To the next line end (what the text opcodes read), looked for a short piece at a time."""
        start = end = self.at
        while end < len(self.view):
            piece = self.view[end : end + 256].tobytes()
            found = piece.find(b"\n")
            end += len(piece) if found < 0 else found + 1
            if found >= 0:
                break
        self.at = end
        return self.view[start:end].tobytes()


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def sealed(data: bytes) -> bytes:
    """``data`` followed by its CRC-32, so that :func:`opened` can tell a damaged copy."""
    return data + zlib.crc32(data).to_bytes(CHECK, "big")


def opened(data: bytes | memoryview) -> bytes | memoryview:
    """What :func:`sealed` sealed; :class:`Damaged` when any byte differs."""
    view = memoryview(data)  # cut without a copy: a store may be many megabytes
    if len(view) < CHECK or zlib.crc32(view[:-CHECK]) != int.from_bytes(view[-CHECK:], "big"):
        raise Damaged
    return view[:-CHECK]
