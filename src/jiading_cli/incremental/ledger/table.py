"""Tables of text lines looked up where they lie: the ledger's ids and URLs, read without unpickling them."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping

from jiading_cli.incremental.pickles import CHECK, opened

TABLE_PART = 2_000  # entries a table is written in at a time

Buffer = bytes | memoryview


class Table:
    """Lines of text looked up where they lie, instead of unpickling ten thousand strings to find two.

    The blob is a newline, then one line per entry, each ended by a newline: a key, a tab and its
    value (:func:`pair_table`), or a key alone (:func:`key_table`); then the CRC-32 of all that, checked
    when the table is read (:class:`Damaged`). A tab, newline or backslash inside a key or value is
    written as a backslash and ``t``, ``n`` or another backslash. A lookup is a byte search of the blob.
    """

    def __init__(self, data: Buffer) -> None:
        self.data = bytes(opened(data))

    def get(self, key: str) -> str | None:
        needle = b"\n" + _encode(key) + b"\t"
        at = self.data.find(needle)
        if at < 0:
            return None
        start = at + len(needle)
        return _decode(self.data[start : self.data.index(b"\n", start)])

    def __contains__(self, key: str) -> bool:
        return self.data.find(b"\n" + _encode(key) + b"\n") >= 0

    def keys(self) -> Iterator[str]:
        return (_decode(line) for line in self.data[1:-1].split(b"\n") if line)

    def pairs(self) -> Iterator[tuple[str, str]]:
        for line in self.data[1:-1].split(b"\n"):
            if line:
                key, _, value = line.partition(b"\t")
                yield _decode(key), _decode(value)


ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n"}
UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n"}


def _escape(text: str) -> str:
    return "".join(ESCAPES.get(c, c) for c in text) if "\\" in text or "\t" in text or "\n" in text else text


def _encode(text: str) -> bytes:
    return _escape(text).encode("utf-8", "surrogatepass")


def _decode(data: bytes) -> str:
    text = data.decode("utf-8", "surrogatepass")
    if "\\" not in text:
        return text
    out, chars = [], iter(text)
    for c in chars:
        out.append(UNESCAPES[next(chars)] if c == "\\" else c)
    return "".join(out)


def pair_table(entries: Mapping[str, str]) -> Iterator[bytes]:
    """A :class:`Table` of ``entries``, in parts (a large site's never whole in memory)."""
    return _sealed_parts(_part(part) for part in _parts(list(entries.items())))


def key_table(keys: Iterable[str]) -> Iterator[bytes]:
    """A :class:`Table` of ``keys``, without values, in parts."""
    return _sealed_parts(_part(part) for part in _parts([(key,) for key in keys]))


def _parts(rows: list[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    return (rows[start : start + TABLE_PART] for start in range(0, len(rows), TABLE_PART))


def _part(rows: list[tuple[str, ...]]) -> bytes:
    """Rows as lines of tab-separated fields, each field escaped only when one of them needs it."""
    text = "".join("\t".join(row) + "\n" for row in rows)
    tabs = sum(len(row) - 1 for row in rows)
    if "\\" in text or text.count("\t") != tabs or text.count("\n") != len(rows):
        text = "".join("\t".join(map(_escape, row)) + "\n" for row in rows)
    return text.encode("utf-8", "surrogatepass")


def _sealed_parts(parts: Iterable[bytes]) -> Iterator[bytes]:
    """A newline, the parts, then the CRC-32 of everything before it."""
    crc = zlib.crc32(b"\n")
    yield b"\n"
    for part in parts:
        crc = zlib.crc32(part, crc)
        yield part
    yield crc.to_bytes(CHECK, "big")
