"""One posting run per site at a time: an exclusive ``flock`` on ``.jiading-cache/share.lock`` (git-ignored).

The cache folder may be deleted at any time (docs/caching.md); with it goes the lock file a run holds, and a run
started then takes a new one. So a run looks, before each article it may post and before a digest, that the lock
file there is still the one it holds (:func:`still_held`), and stops when it is not: the two runs never both go on
posting, and what one posted the other finds in the records (or as a pending intent) before it posts.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from jiading_cli.base import files
from jiading_cli.model.errors import writing
from jiading_cli.share.request import ShareError

LOCK_NAME = Path(".jiading-cache") / "share.lock"


_HELD: ContextVar[tuple[int, Path] | None] = ContextVar("share_lock", default=None)  # the lock this run holds
FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _opened(root: Path) -> int:
    """A descriptor of the lock file, a regular file reached through no symbolic link: a link where the cache
    folder or the lock goes may lead anywhere (to an article), and the process id written there would overwrite it.
    Anything else where they go is one line naming it, nothing written."""
    path = root / LOCK_NAME
    linked = files.linked_on_the_way(root / LOCK_NAME.parent, path) or (path if path.is_symlink() else None)
    if linked is not None:
        raise ShareError(_unexpected(linked.relative_to(root), "a symbolic link"))
    try:
        files.make_folders(path.parent)
        fd = os.open(path, FLAGS, 0o644)
    except (FileExistsError, NotADirectoryError):
        raise ShareError(_unexpected(LOCK_NAME.parent, "a file")) from None
    except IsADirectoryError:
        raise ShareError(_unexpected(LOCK_NAME, "a folder")) from None
    except OSError as exc:
        raise ShareError(f"{LOCK_NAME}: cannot create the lock file: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ShareError(_unexpected(LOCK_NAME, "a FIFO or a device"))
    return fd


def _unexpected(where: Path, found: str) -> str:
    expected = "the lock file jiading makes" if where == LOCK_NAME else "the folder of jiading's cache and lock"
    return f"{where}: expected {expected}, found {found}; remove it, and jiading makes it again"


@contextmanager
def site_lock(root: Path) -> Iterator[Path]:
    """Hold the site's share lock, or raise ShareError at once if another run holds it.

    The kernel drops a ``flock`` when its process dies, so a killed run never leaves the site locked.
    """
    import fcntl

    path = root / LOCK_NAME
    fd = _opened(root)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ShareError(
                f"another `jiading share` run is posting for this site (it holds {LOCK_NAME}); "
                "wait for it to finish, then run again"
            ) from None
        with writing(str(LOCK_NAME), ShareError):  # the run's process id, for a person looking: a full disk is one line
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        held = _HELD.set((fd, path))
        try:
            yield path
        finally:
            _HELD.reset(held)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def still_held() -> None:
    """Before a post: the lock file this run holds is still the one at its place (ShareError when it was removed or
    replaced, the cache folder deleted with it, so that another run may hold a new one and be posting too)."""
    held = _HELD.get()
    if held is None:
        return
    fd, path = held
    try:
        there = os.stat(path)  # noqa: PTH116 - compared with the descriptor's stat
    except OSError:
        there = None
    mine = os.fstat(fd)
    if there is None or (there.st_dev, there.st_ino) != (mine.st_dev, mine.st_ino):
        raise ShareError(
            f"{LOCK_NAME}: removed while this run held it (the cache folder deleted?), so another run may be posting "
            "now; stopped before the next post: run again, and the records say what was posted"
        )
