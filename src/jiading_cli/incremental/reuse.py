"""Reusing feed files whose inputs did not change, instead of making them again.

The bytes of a feed file are a function of its :class:`~.model.FeedMeta` and items and jiading's
code (with Python and the libraries of ``keys.environment``). A feed's *key* is a hash of them; the
store ``.jiading-cache/feeds.json`` remembers, per output folder, each file's key and the SHA-256
of the bytes written for it, and their length. A file is reused only when its key is the recorded one *and* the
file in the output folder still holds exactly the recorded bytes (it is read and hashed; a stat is never
trusted), so a hand-edited, deleted or replaced file is written again. A file of another length is not read at all:
one grown to gigabytes since costs a build no memory and no time.

The store is replaced whole by rename: two builds at once only cost each other misses. A missing,
damaged or foreign store is ignored. A :class:`Reuse` is what ``feeds.build`` sees as its ``Stored``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import fields, is_dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from jiading_cli.base import jsontext
from jiading_cli.base.files import open_regular
from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.feeds.manifest import digest as file_digest
from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.incremental import keys

FILE_NAME = "feeds.json"
FORMAT = 4  # 3: keyed by the one environment fingerprint; 4: each file's length kept

# path -> (feed key, "sha256:..." of the bytes written, their length)
Files = dict[str, tuple[str, str, int]]


def canonical(value: object) -> Any:
    """A JSON-ready, unambiguous form of a feed record; anything unexpected is an error, never a guess."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, dt.datetime):  # the offset (in isoformat) and the zone name, as RSS and Atom write them
        return {"datetime": value.isoformat(), "tzname": value.tzname()}
    if isinstance(value, tuple | list):
        return [canonical(part) for part in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: canonical(v) for k, v in sorted(value.items())}}
    if is_dataclass(value) and not isinstance(value, type):
        return {type(value).__name__: {f.name: canonical(getattr(value, f.name)) for f in fields(value)}}
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def environment() -> str:
    """Everything besides a feed's data that decides its bytes (:func:`.keys.environment`)."""
    return _hash(f"{FORMAT}\0{keys.environment().hex()}")


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


class Reuse:
    """The store for one build into one output folder: look up, note, and save once after the write."""

    def __init__(self, config: Config, out: Path) -> None:
        self.path = keys.folder(config) / FILE_NAME
        self.out = out
        self.folder = os.fspath(real(out))
        self.known: Files = self._read().get(self.folder, {})
        self.items: dict[int, tuple[Item, str]] = {}  # by identity: equal datetimes may differ in offset
        self.keys: dict[str, str] = {}  # path -> key, for every file of this build
        self.hashes: dict[str, str] = {}  # path -> sha256, for the files reused
        self.kept: list[str] = []  # files left in place without being made or read

    def _read(self) -> dict[str, Files]:
        try:
            data = jsontext.loads(keys.read_store(self.path))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("folders"), dict):
            return {}
        folders: dict[str, Files] = {}
        for folder, files in data["folders"].items():
            if isinstance(folder, str) and isinstance(files, dict):
                folders[folder] = {
                    name: (entry[0], entry[1], entry[2])
                    for name, entry in files.items()
                    if isinstance(name, str)
                    and _safe(name)
                    and isinstance(entry, list)
                    and len(entry) == 3
                    and isinstance(entry[0], str)
                    and isinstance(entry[1], str)
                    and type(entry[2]) is int
                }
        return folders

    def digest(self, item: Item) -> str:
        """The hash of one item's canonical form, made once per build."""
        known = self.items.get(id(item))
        if known is None:
            known = self.items[id(item)] = (item, _hash(json.dumps(canonical(item), ensure_ascii=True)))
        return known[1]

    def let_go(self) -> None:
        """Forget the items digested so far (and the bodies they hold), once none will be asked for again."""
        self.items = {}

    def add(self, item: Item, digest: str) -> None:
        """Take the digest :meth:`digest` gave the same item before."""
        self.items[id(item)] = (item, digest)

    def key(self, meta: FeedMeta, items: Sequence[Item]) -> str:
        """The hash of everything the feed's files are made from (each item is serialised once per build)."""
        digests = [self.digest(item) for item in items]
        return _hash(json.dumps([environment(), canonical(meta), digests], ensure_ascii=True))

    def get(self, name: str, key: str) -> bytes | None:
        """The bytes of ``name`` as the last build wrote them for ``key``, or None when they must be made."""
        self.keys[name] = key
        entry = self.known.get(name)
        if entry is None or entry[0] != key:
            return None
        try:
            opened = open_regular(self.out / name)
        except OSError:  # a FIFO or a device among them: the writer reports it
            return None
        if opened is None:
            return None
        with os.fdopen(opened[0], "rb") as handle:
            # another length than the bytes written: not them, and never read (a file grown to gigabytes since)
            data = handle.read() if opened[1].st_size == entry[2] else b""
        if opened[1].st_size != entry[2] or file_digest(data) != entry[1]:
            return None
        self.hashes[name] = entry[1]
        return data

    def keep(self, name: str, key: str, digest: str) -> None:
        """Note a file left in place because its inputs are known not to have changed."""
        self.keys[name] = key
        self.hashes[name] = digest
        self.kept.append(name)

    def save(self, written: Iterable[str], digests: Mapping[str, str]) -> None:
        """Record the keys of the files now in the output folder (call only after they were all written):
        ``written``, by path, and the SHA-256 of each (as :func:`.manifest.digest` gives it)."""
        files: Files = {}
        for name in [*(name for name in written if name in self.keys), *self.kept]:
            with suppress(OSError):  # a file gone or changed since is not recorded: made again next time
                size = (self.out / name).stat().st_size
                files[name] = (self.keys[name], self.hashes.get(name) or digests[name], size)
        folders = self._read()  # again: another build may have saved another folder meanwhile
        if folders.get(self.folder) == files:
            return
        folders = {folder: entries for folder, entries in folders.items() if os.path.isdir(folder)}  # noqa: PTH112
        folders[self.folder] = files
        # ASCII: a folder named with a byte that is not UTF-8 is held as its escape, and read back as the same name
        text = json.dumps({"format": FORMAT, "folders": folders}, ensure_ascii=True, sort_keys=True)
        with suppress(OSError):
            keys.write_atomic(self.path, text.encode("utf-8"))
