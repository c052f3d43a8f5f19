"""Writing files whole: a crash, a full disk or a kill leaves the old file or the new, never half of one.

Every temporary file jiading writes is named ``.{target}.jiading-XXXXXXXX.tmp`` beside its target, so
that a later run can recognise its own leftovers (``leftovers``) and never anyone else's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

TEMP_INFIX = ".jiading-"
TEMP_SUFFIX = ".tmp"

Data = bytes | Callable[[BinaryIO], object]


def _mkstemp(target: Path) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_INFIX}", suffix=TEMP_SUFFIX, dir=target.parent)
    return fd, Path(name)


def _fill(fd: int, data: Data, durable: bool) -> None:
    with os.fdopen(fd, "wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            data(handle)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` survive a power cut (where the file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stage(target: Path, data: Data, *, durable: bool = False, mode: int = 0o644) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` (its folder made if missing) and return its
    path; ``commit`` puts it in place. On any failure nothing is left behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _mkstemp(target)
    try:
        _fill(fd, data, durable)
        temp.chmod(mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def commit(temp: Path, target: Path, *, durable: bool = False) -> None:
    """Put a staged file in place in one step."""
    try:
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(target.parent)


def write_atomic(path: Path, data: Data, *, durable: bool = False, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step.

    ``durable``: the data and the rename reach the disk before this returns (for what losing would lose
    work: article files, posting records). ``mode``: the new file's permissions; by default those of the
    file replaced, or 0644 for a new one.
    """
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o644
    commit(stage(path, data, durable=durable, mode=mode), path, durable=durable)


def create_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, durably: complete or not at all, never over another file.

    Raises ``FileExistsError`` when ``path`` exists (nothing written), ``NotADirectoryError`` when a file
    stands where a folder of the path should be, and other ``OSError`` as they come.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = stage(path, data, durable=True)
    try:
        os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    sync_folder(path.parent)


def is_leftover(name: str) -> bool:
    """Whether a file name is one of jiading's temporary files."""
    return name.startswith(".") and TEMP_INFIX in name and name.endswith(TEMP_SUFFIX)


def leftovers(folder: Path) -> Iterator[Path]:
    """jiading's temporary files under ``folder`` (a killed run's; a running one's too, so call this only
    while holding the folder's lock or for files older than any run could be)."""
    with suppress(OSError):
        for parent, _, names in os.walk(folder):
            for name in names:
                if is_leftover(name):
                    yield Path(parent, name)
