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
from typing import Any

from jiading_cli import cache as store
from jiading_cli.config import Config
from jiading_cli.errors import Problem
from jiading_cli.rules import Reference

FILE_NAME = "checks.pickle"

# path -> (file digest, problems from the content rules, local references, public URL)
Entry = tuple[bytes, tuple[Problem, ...], tuple[Reference, ...], str]


@cache
def code_digest() -> bytes:
    """A digest of every module of the package: any code change may change a rule's answer."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        with suppress(OSError):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def key(config: Config) -> bytes:
    sections = (
        config.site,
        config.validate,
        config.feeds,
        config.share,
        config.facebook,
        config.linkedin,
        config.email,
    )
    # pypinyin's install: a URL may hold a romanised category
    text = repr((sections, store.pinyin_key())).encode("utf-8", "surrogatepass")
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
        try:
            data = self.path.read_bytes()
            found: Any = store.SafeUnpickler(io.BytesIO(data)).load()
        except store.UNREADABLE:
            return {}
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == self.key and isinstance(found[1], dict)):
            return {}
        entries: dict[str, Entry] = found[1]
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
        data = pickle.dumps((self.key, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
        with suppress(OSError):
            store.write_atomic(self.path, data)
