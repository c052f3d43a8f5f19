"""A ``.gitignore`` that is there already when ``jiading init`` starts a site in a repository: the lines it needs
are added to it, as ``cargo init`` adds its own, where every other file ``init`` writes must be new.

Only a regular file is taken so (a link, a folder or a FIFO at that name is refused as any file in the way is).
Each line the site needs that the file does not hold, as a line of its own, is added at its end, under
``init``'s comment; a file holding them all is left untouched. The file is replaced in one rename with its mode,
and put back as it was when the site's other files cannot be written: ``init`` writes all or nothing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from jiading_cli.base.blocks import read_whole
from jiading_cli.base.files import TooLarge, write_atomic
from jiading_cli.model.errors import JiadingError, cannot

NAME = ".gitignore"


@dataclass(frozen=True, slots=True)
class Kept:
    """The ``.gitignore`` there, as it was, and the lines ``init`` adds to it (none: it is left as it is)."""

    path: Path
    before: bytes
    added: tuple[str, ...]


def found(folder: Path, wanted: str) -> Kept | None:
    """The ``.gitignore`` of ``folder`` when it is a regular file, with the lines of ``wanted`` (the file ``init``
    writes: a comment, then a pattern a line) it does not hold; None when there is none, or something other than
    a regular file is there (then ``init`` refuses it as it refuses any name taken)."""
    path = folder / NAME
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JiadingError(cannot(path.as_posix(), exc) + " (nothing was written)") from None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        before = read_whole(path)  # a file of gigabytes named, never read
    except TooLarge as exc:
        found = f"expected an ignore file of at most {exc.most >> 20} MiB, found {exc.size:,} bytes"
        raise JiadingError(f"{path.as_posix()}: {found} (nothing was written)") from None
    except OSError as exc:
        raise JiadingError(cannot(path.as_posix(), exc) + " (nothing was written)") from None
    if before is None:  # gone since the look
        return None
    held = {line.strip() for line in before.splitlines()}
    patterns = [line for line in wanted.splitlines() if line and not line.startswith("#")]
    return Kept(path, before, tuple(line for line in patterns if line.encode("utf-8") not in held))


def add(kept: Kept, wanted: str) -> None:
    """Add ``kept.added`` to the file, under the comment of ``wanted``, in one rename."""
    if not kept.added:
        return
    comment = next(line for line in wanted.splitlines() if line.startswith("#"))
    before = kept.before
    ending = b"" if not before or before.endswith((b"\n", b"\r")) else b"\n"
    gap = b"\n" if before.strip() else b""
    lines = "".join(f"{line}\n" for line in (comment, *kept.added)).encode("utf-8")
    _write(kept.path, before + ending + gap + lines)


def restore(kept: Kept) -> None:
    """Put the file back as it was (the site's other files could not be written)."""
    if kept.added:
        _write(kept.path, kept.before)


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise JiadingError(cannot(path.as_posix(), exc) + " (nothing was written)") from None
