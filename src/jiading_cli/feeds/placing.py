"""Putting a build's staged files in place as one: each rename is atomic, and when one of them fails (the file
system will not let a file be replaced: an immutable file, a folder made read-only meanwhile) those already made
are undone, so the output folder is as the last build left it.

Each file a rename replaces is first kept beside it by a hard link (``.{name}.jiading-XXXXXXXX-was.tmp``, a
temporary file's name, so a build killed meanwhile leaves nothing the next one does not remove) and put back by a
rename when the build fails; once every file is in place, the kept ones go. A new file is removed again. A file
system without hard links keeps nothing: a file replaced there stays new, and the error line says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path

from jiading_cli.base import tempnames
from jiading_cli.base.files import stat_of
from jiading_cli.base.together import keep_beside
from jiading_cli.feeds.manifest import FeedWriteError
from jiading_cli.model.errors import cannot

Placed = tuple[int, int, int, int]  # a file's size, mtime_ns, ctime_ns and inode
Moved = tuple[Path, Path | None, bool]  # a file put in place, the one it replaced kept beside it, whether one was


def place(
    staged: dict[str, Path],
    out: Path,
    shown: Callable[[Path], str],
    moved: list[Moved],
    placed: dict[str, Placed],
    fresh: Collection[str] = (),
) -> None:
    """Rename each of ``staged`` (relative path -> temporary file) into place, in order, noting each in ``moved``
    (to :func:`undo` or :func:`settle`) and its stat in ``placed``; a rename that fails raises ``FeedWriteError``,
    naming the file, with those before it in place. ``fresh``: folders the build made (full paths), where no file
    stood before it, so none is looked for to keep."""
    for name, temp in list(staged.items()):
        target = out / name
        made = fresh and os.path.dirname(target) in fresh  # noqa: PTH120 - a string: one for each file
        kept, existed = (None, False) if made else keep_beside(target, temp)
        try:
            _rename(temp, target)
        except OSError as exc:
            if kept is not None:
                tempnames.discard(kept)
            raise FeedWriteError(cannot(shown(target), exc, "replace")) from None
        del staged[name]
        moved.append((target, kept, existed))
        try:
            placed[name] = stat_of(target.stat())
        except OSError:
            placed.pop(name, None)  # a later look is taken instead


def _rename(temp: Path, target: Path) -> None:
    temp.replace(target)


def undo(moved: list[Moved], shown: Callable[[Path], str]) -> list[str]:
    """Put back each file :func:`place` replaced and remove each it added, the last first; a line for each that
    could not be."""
    failures: list[str] = []
    for target, kept, existed in reversed(moved):
        try:
            if kept is not None:
                kept.replace(target)
            elif not existed:
                target.unlink()
            else:
                failures.append(f"{shown(target)}: the new file stays: the old one could not be kept to put back")
        except OSError as exc:
            failures.append(cannot(shown(target), exc, "put back"))
    moved.clear()
    return failures


def settle(moved: list[Moved]) -> bool:
    """Every file is in place: the ones they replaced, kept to put back, go; whether every one is gone (one the disk
    would not let go stays a leftover, for the next build to remove)."""
    gone = [tempnames.discard(kept) for _, kept, _ in moved if kept is not None]
    moved.clear()
    return all(gone)
