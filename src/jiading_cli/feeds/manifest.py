"""The manifest of the files a build wrote into an output folder, and reading what is in place there.

``.jiading-manifest.json`` (the feeds') and ``.jiading-pages.json`` (the pages' and assets') list each file a
build wrote with its SHA-256; only a file a manifest lists, still as written, is ever removed. Something other
than a regular file where a file or a manifest goes is one error line, never a read that waits or never ends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from json.encoder import encode_basestring as quoted  # JSON's quoting, ensure_ascii=False
from pathlib import Path
from typing import TypeVar

from jiading_cli.base import files as disk
from jiading_cli.base import jsontext
from jiading_cli.base.blocks import SourceError
from jiading_cli.model.errors import JiadingError

MANIFEST = ".jiading-manifest.json"
T = TypeVar("T")


class FeedWriteError(JiadingError):
    """A feed file could not be written or removed (exit 1); one line per file."""

    def lines(self) -> list[str]:
        return str(self).splitlines()


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def hashed_digest(hashed: hashlib._Hash) -> str:
    """:func:`digest` of the bytes given to a SHA-256 hash, a block at a time."""
    return "sha256:" + hashed.hexdigest()


def safe_name(name: str) -> bool:
    """A name a manifest may hold: relative, never climbing out of the folder (``..``), not the manifest."""
    return bool(name) and not name.startswith("/") and ".." not in name.split("/") and name != MANIFEST


def read_manifest(out: Path, manifest: str = MANIFEST, shown: Callable[[Path], str] = str) -> dict[str, str]:
    """Files a previous build wrote, with their digests; empty when missing or unreadable.

    Raises :class:`FeedWriteError` when something other than a file stands where the manifest goes.
    """
    raw = current(out / manifest, shown)
    try:
        data = jsontext.loads(raw or b"{}")
    except ValueError:
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and safe_name(k)}


def manifest_bytes(files: dict[str, str], preview: bool) -> bytes:
    """The manifest as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it, the files sorted by name.

    Written line by line with the JSON module's own string quoting: ``indent`` makes ``json`` use its encoder
    written in Python, which took a twentieth of a second for the 22,000 files of a large site.
    """
    rows = ",\n".join([f"    {quoted(name)}: {quoted(value)}" for name, value in sorted(files.items())])
    listed = "{\n" + rows + "\n  }" if rows else "{}"
    head = f'{{\n  "generator": "jiading",\n  "preview": {"true" if preview else "false"},\n  "files": '
    return (head + listed + "\n}\n").encode("utf-8")


def current(path: Path, shown: Callable[[Path], str] = str) -> bytes | None:
    return checked(disk.read_regular, path, shown)


def checked(read: Callable[[Path], T], path: Path, shown: Callable[[Path], str]) -> T:
    """``read(path)``, something other than a file at ``path`` or a failed read being one error line."""
    try:
        return read(path)
    except SourceError:  # the file copied from, not the one at ``path``
        raise
    except disk.NotRegularFile as exc:
        if exc.strerror == "not a regular file but a folder":
            raise FeedWriteError(f"{shown(path)}: cannot write: a folder is in the way") from None
        raise FeedWriteError(f"{shown(path)}: cannot write: {exc.strerror}; remove it") from None
    except OSError as exc:
        raise FeedWriteError(f"{shown(path)}: cannot read: {exc.strerror}") from None
