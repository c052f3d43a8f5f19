"""Writing several files as one: all in place, or none.

Every file is first written in full to a temporary file beside its target (its missing folders made); only
when all of them are written are they renamed into place (a rename needs no room on the disk). A write that
fails (a full disk, a file-size limit, a folder that cannot be made) removes every temporary file and every
folder made for them, and leaves every target as it was: the caller is told which file, by ``failed``, and
raises what it returns. So does a rename the file system refuses (an immutable file, a folder made read-only
meanwhile): each file a rename replaces is first kept beside it by a hard link (:func:`keep_beside`, the rule the
builds' renames go by too), and the renames made before the refused one are undone.

Given the folder they are written under (``root``, an output folder), no file is written through a symbolic link
below it: a link, a file or anything else where one of a target's folders should be is the target's error, before
anything is written, as the builds refuse it (a link to a folder elsewhere would have the files written there).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from jiading_cli.base import filekinds, files, stops, tempnames
from jiading_cli.base.tempnames import TEMP_SUFFIX

Failed = Callable[[Path, OSError], BaseException]


def in_the_way(root: Path, target: Path) -> OSError | None:
    """What stands where one of ``target``'s folders below ``root`` should be and is not a real folder (a symbolic
    link, whatever it leads to, a file, a FIFO), or where ``root`` or a folder holding it should be and is no folder
    (``root`` may be a link to a folder: it is the one named), as an error naming it; None when each is a folder or
    missing (to be made)."""
    above = root
    while not os.path.isdir(above) and above.parent != above:  # noqa: PTH112 - False, never an error
        if os.path.lexists(above):
            return _not_a_folder(above, os.lstat(above).st_mode)
        above = above.parent
    current = root
    for name in target.relative_to(root).parts[:-1]:
        current = current / name
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None  # missing: it and the folders below it are made
        except OSError as exc:
            return exc
        if not stat.S_ISDIR(mode):
            return _not_a_folder(current, mode)
    return None


def _not_a_folder(path: Path, mode: int) -> OSError:
    return OSError(errno.ENOTDIR, f"{os.fsdecode(path)} is {filekinds.kind(mode)}, not a folder")


def keep_beside(target: Path, temp: Path) -> tuple[Path | None, bool]:
    """The file at ``target``, about to be replaced by the staged ``temp``, kept by a hard link beside it (named
    after ``temp``, a temporary file's name that a killed run's leftovers are removed by), to be put back should a
    later rename fail; whether a file was there (kept or not: a file system without hard links keeps none)."""
    kept = temp.with_name(temp.name.removesuffix(TEMP_SUFFIX) + "-was" + TEMP_SUFFIX)
    try:
        os.link(target, kept, follow_symlinks=False)
    except FileNotFoundError:
        return None, False
    except OSError:  # no hard link to be had (the file system has none, or the file may not be linked)
        return None, True
    return kept, True


def _put_back(moved: Sequence[tuple[Path, Path | None, bool]]) -> None:
    """Undo the renames of ``moved`` (target, the file it replaced kept beside it, whether one was), the last first:
    each file kept goes back, each new one goes."""
    for target, kept, existed in reversed(moved):
        with suppress(OSError):
            if kept is not None:
                kept.replace(target)
            elif not existed:
                target.unlink()


@stops.whole  # a stop as a staged file is handed back, before it is listed, would leave it
def write_together(
    found: Sequence[tuple[Path, bytes]], failed: Failed, *, durable: bool = False, root: Path | None = None
) -> None:
    """Write each (target, bytes) pair whole, all of them or none; a target holding its bytes already is not
    touched. ``failed(target, error)``: what to raise for the target that could not be written. ``root``: the
    folder each target is under, below which no link is followed (:func:`in_the_way`)."""
    for target, _ in found:
        if root is not None and (blocker := in_the_way(root, target)) is not None:
            raise failed(target, blocker)
    made: list[Path] = []  # folders this call made, in the order it made them
    staged: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path | None, bool]] = []  # each target renamed onto, with the file it replaced kept
    target = Path()
    try:
        try:
            for target, data in found:
                if files.holds(target, data):
                    continue
                files.make_folders(target.parent, made)
                staged.append((files.stage(target, data, durable=durable), target))
            for temp, target in staged:
                kept, existed = keep_beside(target, temp)
                try:
                    files.commit(temp, target, durable=durable)
                except BaseException:
                    if kept is not None:
                        tempnames.discard(kept)
                    raise
                moved.append((target, kept, existed))
        except OSError as exc:
            raise failed(target, exc) from None
    except BaseException:
        _put_back(moved)
        moved.clear()
        for temp, _ in staged:
            with suppress(OSError):
                temp.unlink(missing_ok=True)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise
    finally:
        for _, kept, _ in moved:  # every file in place: the ones they replaced go
            if kept is not None:
                tempnames.discard(kept)
