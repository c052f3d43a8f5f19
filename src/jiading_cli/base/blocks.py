"""The bytes of files of any size (the files articles name: images, brochures, videos) compared, hashed and copied
a block at a time, so that no command holds a whole one in memory, whatever its size.

A file read here is one open descriptor (:func:`~jiading_cli.base.files.open_regular`: never a FIFO or a
device); a failed read of it raises :class:`SourceError`, so that a caller can tell it from a failed write of
the copy.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from jiading_cli.base.files import TooLarge, open_regular

BLOCK = 1 << 20  # bytes read at a time: large enough that a call costs nothing beside the disk, small to hold
SMALL = 1 << 16  # bytes read at a time at least, from a file whose size is known
WRITTEN_MAX = 1 << 20
"""Bytes of a file a person writes and jiading reads whole (``jiading.toml``, ``.gitignore``), at most: some
hundred times the largest real one, so that a file grown to gigabytes is named, never read into memory."""


class Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...


class SourceError(OSError):
    """The file being read (not the one being written) could not be read."""


class SourceChanged(Exception):
    """The file to be read is not as it was when it was checked."""


def blocks(fd: int, size: int | None = None) -> Iterator[bytes]:
    """The file open at ``fd`` from its start, a block at a time; ``size``: as its stat gave it, when known (a small
    file is then read in a step of its own size, not a block's)."""
    step = BLOCK if size is None else _step(size)
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        while chunk := os.read(fd, step):
            yield chunk
    except SourceError:
        raise
    except OSError as exc:
        raise SourceError(exc.errno, exc.strerror) from None


def whole(fd: int, size: int) -> bytes | None:
    """The bytes of the file open at ``fd``, whose stat gave fewer than ``SMALL`` bytes (``size``), in the one step
    :func:`blocks` reads it in (and the read that finds its end); None when it holds ``SMALL`` or more now (it has
    grown): read it a block at a time."""
    chunks = blocks(fd, size)
    first = next(chunks, b"")
    return None if len(first) >= SMALL or next(chunks, b"") else first


def same(fd: int, size: int, other: str | Path, hashed: Hash) -> tuple[bool | None, os.stat_result | None]:
    """Whether the regular file at ``other`` holds the bytes of the file open at ``fd`` (``size`` of them), and its
    stat as it was opened; (None, None) when nothing is there. Raises
    :class:`~jiading_cli.base.files.NotRegularFile` for a FIFO, a device or a folder there.

    When they are the same, ``hashed`` has been given every byte of the file at ``fd``, in order (else some
    of them: start again).
    """
    opened = open_regular(other)
    if opened is None:
        return None, None
    theirs, info = opened
    try:
        if info.st_size != size:
            return False, info
        for chunk in blocks(fd):
            if os.read(theirs, len(chunk)) != chunk:  # a regular file gives what is asked, to its end
                return False, info
            hashed.update(chunk)
        return os.read(theirs, 1) == b"", info
    finally:
        os.close(theirs)


def copier(fd: int, hashed: Hash) -> Callable[[BinaryIO], None]:
    """What writes the file open at ``fd`` into a new file (``base.files.stage``'s data), a block at a time,
    giving ``hashed`` every byte written."""

    def copy(handle: BinaryIO) -> None:
        for chunk in blocks(fd):
            hashed.update(chunk)
            handle.write(chunk)

    return copy


def at_most(handle: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of the open file ``handle``, from where it stands, a block at a time. ``read(limit)``
    asks the system for all of ``limit`` first, however small the file is: under a memory limit (``ulimit -v``)
    that fails where the file's own bytes would fit many times over."""
    try:  # a small file is read in one step of its own size: no more memory is asked for than it needs
        step = _step(os.fstat(handle.fileno()).st_size)
    except (OSError, ValueError):
        step = BLOCK
    parts: list[bytes] = []
    left = limit
    while left > 0 and (part := handle.read(min(left, step))):
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _step(size: int) -> int:
    """Bytes to read at a time from a file of ``size`` bytes: a small one in one step of its own size (and the read
    that finds its end), so that no more memory is asked for than it needs; a large one a block at a time."""
    return min(BLOCK, max(size + 1, SMALL))


def read_whole(path: str | Path, most: int = WRITTEN_MAX, what: str = "any such file needs") -> bytes | None:
    """The bytes of the regular file at ``path`` (None when nothing is there), for a file read whole:
    :class:`~jiading_cli.base.files.TooLarge` when it holds more than ``most`` bytes, known by its size before a
    byte is read, or as it grows past that while it is read (never more than ``most`` + 1 bytes held). A FIFO, a
    device or a folder there is :class:`~jiading_cli.base.files.NotRegularFile`, never a read that waits."""
    opened = open_regular(path)
    if opened is None:
        return None
    fd, info = opened
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > most:
            raise TooLarge(info.st_size, most, what)
        data = at_most(handle, most + 1)
        if len(data) > most:  # grown since it was looked at: its size now
            raise TooLarge(max(len(data), os.fstat(fd).st_size), most, what)
    return data
