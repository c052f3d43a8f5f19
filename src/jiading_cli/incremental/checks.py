"""Cached results of the per-article rules that depend only on an article and the config.

Each entry also keeps the article's local references and its public URL. An entry is used only
for the same path *and* the same file digest (``Loaded.digest``), under a store key made of every
source file of jiading, the whole loaded configuration and the installed pypinyin (a URL may hold
a romanised category): a change to any of them empties the store. Rules that look outside the
article (the clock, other files, other articles) are never cached; see ``validation.validate``.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from jiading_cli.config import Config
from jiading_cli.incremental import articles as store
from jiading_cli.model.errors import Problem
from jiading_cli.validate.rules import Reference

FILE_NAME = "checks.pickle"
PART = 2000  # entries pickled at a time

# path -> (file digest, problems from the content rules, local references, public URL)
Entry = tuple[bytes, tuple[Problem, ...], tuple[Reference, ...], str]


@cache
def code_digest() -> bytes:
    """A digest of every module of the package: any code change may change a rule's answer."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        with suppress(OSError):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def key(config: Config) -> bytes:
    sections = (config.site, config.validate, config.feeds, sorted(config.sections.items()))  # every network's
    # pypinyin's install: a URL may hold a romanised category
    text = repr((sections, store.installed("pypinyin"))).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(code_digest() + text, digest_size=16).digest()


class Checks:
    """The store for one run: look up, record, and write back once if anything changed."""

    def __init__(self, config: Config) -> None:
        self.enabled = store.enabled()
        self.path = store.folder(config) / FILE_NAME
        self.key = key(config)
        self.entries: dict[str, Entry] = self._read() if self.enabled else {}
        self.dirty = False

    def _read(self) -> dict[str, Entry]:
        """The entries: the store is (key, number of parts) followed by that many dicts of entries."""
        entries: dict[str, Entry] = {}
        try:
            stream = io.BytesIO(self.path.read_bytes())
            head: Any = store.SafeUnpickler(stream).load()
            if not (isinstance(head, tuple) and len(head) == 2 and head[0] == self.key and isinstance(head[1], int)):
                return {}
            for _ in range(head[1]):
                part: Any = store.SafeUnpickler(stream).load()
                if not isinstance(part, dict):
                    return {}
                entries.update(part)
        except store.UNREADABLE:
            return {}
        return entries

    def get(self, path: str, digest: bytes) -> Entry | None:
        entry = self.entries.get(path)
        if entry is None or not digest or entry[0] != digest:
            return None
        return entry

    def put(self, path: str, entry: Entry) -> None:
        if entry[0]:
            self.entries[path] = entry
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the store back, without entries for files that are gone (``keep``: the paths seen)."""
        stale = [path for path in self.entries if path not in keep]
        for path in stale:
            del self.entries[path]
        if not self.enabled or not (self.dirty or stale):
            return

        items = list(self.entries.items())
        parts = [dict(items[i : i + PART]) for i in range(0, len(items), PART)]

        def write(out: BinaryIO) -> None:
            # In parts, each pickled on its own: a pickler remembers every object it wrote, which for
            # 100,000 entries at once took more memory (about 60 MB) than the entries themselves.
            pickle.dump((self.key, len(parts)), out, protocol=pickle.HIGHEST_PROTOCOL)
            for part in parts:
                pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)

        with suppress(OSError):
            store.write_atomic(self.path, write)
