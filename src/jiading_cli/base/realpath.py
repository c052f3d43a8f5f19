"""Where a path a user names leads: ``Path.resolve()`` that never raises, whatever links stand on the way."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def real(path: Path) -> Path:
    """The absolute path ``path`` leads to, through every link that leads somewhere; a loop of links or a link to
    nothing is kept as it stands (what then reads or writes there finds it, one line), never an error here:
    ``Path.resolve()`` raises ``RuntimeError`` on a loop (Python 3.11, 3.12), which no caller expects."""
    return Path(os.path.realpath(path.absolute()))


def standing(path: Path) -> str | None:
    """What stands at ``path`` where a folder is expected, in words (``a file``, ``a loop of links``, ``a link to
    nothing``, ``a loop of links on the way``…); None when nothing does, or a folder (or a link to one) is there.
    Never an error: whatever stops the look is what it names."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:  # something on the way to it: a loop, a file where a folder goes, a folder shut
        return f"{_words(exc)} on the way"
    if stat.S_ISLNK(found.st_mode):
        try:
            found = path.stat()
        except OSError as exc:
            return "a loop of links" if exc.errno == errno.ELOOP else "a link to nothing"
    return None if stat.S_ISDIR(found.st_mode) else KINDS.get(stat.S_IFMT(found.st_mode), "something else")


KINDS = {
    stat.S_IFREG: "a file",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _words(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of links"
    if exc.errno == errno.ENOTDIR:
        return "a file"
    return (exc.strerror or "something unreadable").lower()
