"""The preview folder as `jiading serve` serves it: held open by a descriptor once the session made or found it as a
folder, so that a symbolic link put in its place since (to ``/etc``, say) is never served through; the last good
preview is served wherever its folder has gone, and nothing once it is gone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PROC_FDS = Path("/proc/self/fd")  # a folder held open, reached by its descriptor wherever it has gone


class Held:
    """The folders held open, the last one served. One held before is kept open: a request may be reading it, and
    its descriptor's number taken by another file meanwhile would serve that file's folder."""

    def __init__(self) -> None:
        self.folders: list[tuple[int, int, int]] = []  # descriptor, device, inode

    def hold(self, folder: Path) -> None:
        """Hold ``folder`` open when a folder (not a link) stands there and is not the one held already. A link or
        anything else there leaves the last one held."""
        try:
            number = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except (OSError, ValueError):
            return
        info = os.fstat(number)
        if self.folders and self.folders[-1][1:] == (info.st_dev, info.st_ino):
            os.close(number)
            return
        self.folders.append((number, info.st_dev, info.st_ino))

    def served(self, folder: Path) -> Path | None:
        """The path the last folder held is served by: by its descriptor where the system names one so, else
        ``folder`` while that very folder stands there, not a link; None when there is none."""
        if not self.folders:
            return None
        number, device, inode = self.folders[-1]
        if PROC_FDS.is_dir():
            return PROC_FDS / str(number)
        try:
            found = folder.lstat()
        except (OSError, ValueError):
            return None
        same = stat.S_ISDIR(found.st_mode) and (found.st_dev, found.st_ino) == (device, inode)
        return folder if same else None
