"""Putting feed files in place: atomically, only when changed, and cleaning up only our own.

Every changed file is first written in full to a temporary file beside its target; only when
all of them are written are they renamed into place (a rename is atomic), so a full disk or
a failed write leaves every previous feed as it was, and a crash or kill never leaves a
truncated one. A file whose bytes did not change is not touched (its mtime stays). The
manifest ``.jiading-manifest.json`` records each file jiading wrote with its SHA-256; a file
a build no longer produces is removed only if the manifest lists it and its content is still
what jiading wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from jiading_cli.base import files
from jiading_cli.model.errors import JiadingError

MANIFEST = ".jiading-manifest.json"
Status = Literal["new", "changed", "unchanged"]


class FeedWriteError(JiadingError):
    """A feed file could not be written or removed (exit 1); one line per file."""

    def lines(self) -> list[str]:
        return str(self).splitlines()


@dataclass(frozen=True)
class Outcome:
    status: dict[str, Status]  # relative path -> what happened to it
    removed: tuple[str, ...]
    digests: dict[str, str]  # relative path -> digest, of every file this build produced


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and name != MANIFEST


def read_manifest(out: Path, manifest: str = MANIFEST) -> dict[str, str]:
    """Files a previous build wrote, with their digests; empty when missing or unreadable."""
    try:
        data = json.loads((out / manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _safe(k)}


def manifest_bytes(files: dict[str, str], preview: bool) -> bytes:
    data = {"generator": "jiading", "preview": preview, "files": dict(sorted(files.items()))}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _current(path: Path, shown: Callable[[Path], str] = str) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise FeedWriteError(f"{shown(path)}: cannot write: a folder is in the way") from None
    except OSError as exc:
        raise FeedWriteError(f"{shown(path)}: cannot read: {exc.strerror}") from None


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` and return its path."""
    return files.stage(target, data)


def _commit(temp: Path, target: Path) -> None:
    temp.replace(target)


def _prune(out: Path, folder: Path) -> None:
    """Remove folders left empty by a removed feed, up to the output folder."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def write_all(
    out: Path,
    files: Sequence[tuple[str, bytes]],
    *,
    preview: bool = False,
    shown: Callable[[Path], str] = str,
    kept: Mapping[str, str] | None = None,
    manifest: str = MANIFEST,
) -> Outcome:
    """Write ``files`` (relative path, bytes) under ``out``; remove what jiading wrote before and no longer does.

    ``kept``: files this build also produces that are known to be in place already (path -> digest).
    ``manifest``: the name of the manifest, one for each kind of build writing into the same folder.
    """
    old = read_manifest(out, manifest)
    status: dict[str, Status] = dict.fromkeys(kept or {}, "unchanged")
    pending: list[tuple[Path, bytes]] = []
    produced: dict[str, str] = {**(kept or {})}
    for name, data in files:
        target = out / name
        before = _current(target, shown)
        produced[name] = digest(data)
        status[name] = "new" if before is None else "unchanged" if before == data else "changed"
        if status[name] != "unchanged":
            pending.append((target, data))
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in pending:
            try:
                staged.append((_stage(target, data), target))
            except OSError as exc:
                raise FeedWriteError(f"{shown(target)}: cannot write: {exc.strerror or exc}") from None
        committed: dict[str, str] = {}
        for temp, target in staged:
            try:
                _commit(temp, target)
            except OSError as exc:
                kept = {**old, **committed}
                _write_manifest(out, kept, preview, shown, manifest)
                raise FeedWriteError(f"{shown(target)}: cannot replace: {exc.strerror or exc}") from None
            name = target.relative_to(out).as_posix()
            committed[name] = produced[name]
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    removed: list[str] = []
    failures: list[str] = []
    kept_stale: dict[str, str] = {}
    for name in sorted(set(old) - set(produced)):
        path = out / name
        try:
            current = _current(path)
        except FeedWriteError:
            continue  # a folder or an unreadable file now: not what jiading wrote
        if current is None or digest(current) != old[name]:
            continue  # gone already, or changed by someone else: not ours to remove
        try:
            path.unlink()
        except OSError as exc:
            failures.append(f"{shown(path)}: cannot remove: {exc.strerror or exc}")
            kept_stale[name] = old[name]
            continue
        removed.append(name)
        _prune(out, path.parent)
    _write_manifest(out, {**produced, **kept_stale}, preview, shown, manifest)
    if failures:
        raise FeedWriteError("\n".join(failures))
    return Outcome(status, tuple(removed), produced)


def _write_manifest(
    out: Path, files: dict[str, str], preview: bool, shown: Callable[[Path], str], manifest: str = MANIFEST
) -> None:
    target = out / manifest
    data = manifest_bytes(files, preview)
    if _current(target, shown) == data:
        return
    try:
        temp = _stage(target, data)
    except OSError as exc:
        raise FeedWriteError(f"{shown(target)}: cannot write: {exc.strerror or exc}") from None
    try:
        _commit(temp, target)
    except OSError as exc:
        raise FeedWriteError(f"{shown(target)}: cannot replace: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
