"""One posting run per site at a time: an exclusive ``flock`` on ``.jiading-cache/share.lock`` (git-ignored)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jiading_cli.base.files import make_folders
from jiading_cli.model.errors import writing
from jiading_cli.share.request import ShareError

LOCK_NAME = Path(".jiading-cache") / "share.lock"


@contextmanager
def site_lock(root: Path) -> Iterator[Path]:
    """Hold the site's share lock, or raise ShareError at once if another run holds it.

    The kernel drops a ``flock`` when its process dies, so a killed run never leaves the site locked.
    """
    import fcntl

    path = root / LOCK_NAME
    try:
        make_folders(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ShareError(f"{LOCK_NAME}: cannot create the lock file: {exc.strerror}") from None
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
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
