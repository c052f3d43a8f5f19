"""Writing several files as one: all in place, or none.

Every file is first written in full to a temporary file beside its target (its missing folders made); only
when all of them are written are they renamed into place (a rename needs no room on the disk). A write that
fails (a full disk, a file-size limit, a folder that cannot be made) removes every temporary file and every
folder made for them, and leaves every target as it was: the caller is told which file, by ``failed``, and
raises what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from jiading_cli.base import files

Failed = Callable[[Path, OSError], BaseException]


def write_together(found: Sequence[tuple[Path, bytes]], failed: Failed, *, durable: bool = False) -> None:
    """Write each (target, bytes) pair whole, all of them or none; a target holding its bytes already is not
    touched. ``failed(target, error)``: what to raise for the target that could not be written."""
    made: list[Path] = []  # folders this call made, in the order it made them
    staged: list[tuple[Path, Path]] = []
    target = Path()
    try:
        try:
            for target, data in found:
                if files.holds(target, data):
                    continue
                files.make_folders(target.parent, made)
                staged.append((files.stage(target, data, durable=durable), target))
            for temp, target in staged:
                files.commit(temp, target, durable=durable)
        except OSError as exc:
            raise failed(target, exc) from None
    except BaseException:
        for temp, _ in staged:
            with suppress(OSError):
                temp.unlink(missing_ok=True)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise
