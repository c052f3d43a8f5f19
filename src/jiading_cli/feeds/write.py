"""Putting feed files in place: atomically, only when changed, and cleaning up only our own.

Every changed file is first written in full to a temporary file beside its target; only when
all of them are written are they renamed into place (a rename is atomic), so a full disk or
a failed write leaves every previous feed as it was, and a crash or kill never leaves a
truncated one. A file whose bytes did not change is not touched (its mtime stays). The
manifest ``.jiading-manifest.json`` records each file jiading wrote with its SHA-256; a file
a build no longer produces is removed only if the manifest lists it and its content is still
what jiading wrote.

A build writes under the output folder's lock (:func:`~jiading_cli.base.files.locked`), and first
removes the temporary files a killed build left in the folders it writes (only jiading's own names,
see :mod:`jiading_cli.base.files`). A FIFO, a device or a folder where a feed file or the manifest
should be is an error line, never a read that waits or never ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from jiading_cli.base import files as disk
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


def read_manifest(out: Path, manifest: str = MANIFEST, shown: Callable[[Path], str] = str) -> dict[str, str]:
    """Files a previous build wrote, with their digests; empty when missing or unreadable.

    Raises :class:`FeedWriteError` when something other than a file stands where the manifest goes.
    """
    raw = _current(out / manifest, shown)
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
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
        return disk.read_regular(path)
    except disk.NotRegularFile as exc:
        if exc.strerror == "not a regular file but a folder":
            raise FeedWriteError(f"{shown(path)}: cannot write: a folder is in the way") from None
        raise FeedWriteError(f"{shown(path)}: cannot write: {exc.strerror}; remove it") from None
    except OSError as exc:
        raise FeedWriteError(f"{shown(path)}: cannot read: {exc.strerror}") from None


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` and return its path."""
    return disk.stage(target, data)


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
    with _locked(out, shown):
        old = read_manifest(out, manifest, shown)
        _remove_leftovers(out, [*old, *(kept or {}), *(name for name, _ in files)])
        return _write_all(out, files, old, Written(preview, shown, manifest), kept)


def tidy(out: Path, shown: Callable[[Path], str] = str, manifest: str = MANIFEST) -> None:
    """Remove a killed build's temporary files from the folders its manifest names, writing nothing else:
    for a build whose files are already in place."""
    if not out.is_dir():
        return
    with _locked(out, shown):
        _remove_leftovers(out, read_manifest(out, manifest, shown))


def _remove_leftovers(out: Path, names: Iterable[str]) -> None:
    disk.remove_leftovers({out, *((out / name).parent for name in names)})


@contextlib.contextmanager
def _locked(out: Path, shown: Callable[[Path], str]) -> Iterator[None]:
    """The output folder's lock, a folder that cannot be made or opened being one error line."""
    lock = disk.locked(out)
    try:
        lock.__enter__()
    except (FileExistsError, NotADirectoryError):
        raise FeedWriteError(f"{shown(out)}: cannot write: a file is in the way of the folder") from None
    except OSError as exc:
        raise FeedWriteError(f"{shown(out)}: cannot write: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


@dataclass(frozen=True, slots=True)
class Written:
    """How a build's files are shown and recorded: a preview or not, paths as shown, the manifest's name."""

    preview: bool
    shown: Callable[[Path], str]
    manifest: str


def _write_all(
    out: Path, files: Sequence[tuple[str, bytes]], old: dict[str, str], how: Written, kept: Mapping[str, str] | None
) -> Outcome:
    preview, shown, manifest = how.preview, how.shown, how.manifest
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
