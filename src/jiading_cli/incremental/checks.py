"""Kept results of the per-article rules that depend only on an article and the config.

Each entry (:class:`~jiading_cli.validate.single.Found`) also keeps the article's local references
and its public URL. An entry is used only for the same path *and* the same file digest
(``Loaded.digest``), under a store key made of :func:`.keys.environment` and the whole loaded
configuration: a change to either empties the store. Rules that look outside the article (the clock,
other files, other articles) are never kept; see :mod:`jiading_cli.validate.site`.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from contextlib import suppress
from typing import TYPE_CHECKING, Any, BinaryIO

from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import CHECK, UNREADABLE, SafeUnpickler, checked, dumps, opened
from jiading_cli.incremental.shapes import Mapped, Record

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.validate.single import Found

FILE_NAME = "checks.pickle"
FORMAT = 4  # 2: entries are records (Found), keyed by the whole config; 3: references tell images from links;
# 4: whether a body may link an article's Markdown file
PART = 2000  # entries pickled at a time


def key(config: Config) -> bytes:
    text = repr((FORMAT, config)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(keys.environment() + text, digest_size=16).digest()


def _found() -> Record:
    """The shape of an entry."""
    from jiading_cli.model.errors import Problem
    from jiading_cli.validate.single import Found

    return Record(
        Found, digest=bytes, problems=tuple[Problem, ...], references=tuple[Any, ...], url=str, markdown_links=bool
    )


class Checks:
    """The store for one run: look up, record, and write back once if anything changed."""

    def __init__(self, config: Config) -> None:
        self.path = keys.folder(config) / FILE_NAME
        self.key = key(config)
        self.entries: dict[str, Found] = self._read()
        self.dirty = False

    def _read(self) -> dict[str, Found]:
        """The entries: the store is (key, number of parts), that many dicts of entries, then its CRC-32."""
        entries: dict[str, Found] = {}
        try:
            stream = io.BytesIO(opened(keys.read_store(self.path)))
            head: Any = SafeUnpickler(stream).load()
            if not (isinstance(head, tuple) and len(head) == 2 and head[0] == self.key and isinstance(head[1], int)):
                return {}
            shape = Mapped(str, _found())
            for _ in range(head[1]):
                entries.update(checked(SafeUnpickler(stream).load(), shape))
        except UNREADABLE:
            return {}
        return entries

    def get(self, path: str, digest: bytes) -> Found | None:
        found = self.entries.get(path)
        if found is None or not digest or found.digest != digest:
            return None
        return found

    def put(self, path: str, found: Found) -> None:
        if found.digest:
            self.entries[path] = found
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the store back, without entries for files that are gone (``keep``: the paths seen)."""
        stale = [path for path in self.entries if path not in keep]
        for path in stale:
            del self.entries[path]
        if not (self.dirty or stale):
            return
        items = list(self.entries.items())
        parts = [dict(items[i : i + PART]) for i in range(0, len(items), PART)]

        def write(out: BinaryIO) -> None:
            # In parts, each pickled on its own: a pickler remembers every object it wrote, which for
            # a very large site took more memory than the entries themselves.
            crc = 0
            for blob in (dumps((self.key, len(parts))), *(dumps(part) for part in parts)):
                out.write(blob)
                crc = zlib.crc32(blob, crc)
            out.write(crc.to_bytes(CHECK, "big"))

        with suppress(OSError):
            keys.write_atomic(self.path, write)
