"""Where each file an article names is, looked at once per run: inside the articles folder or not, a file, a
folder or missing, what its header holds, and the file's stat as the look found it.

That stat is what every later step takes the check as having been made on (:attr:`Probe.stats`): the stores
that spare a later build the check record it (so a file changed after its check, however soon, is checked
again by the next build), and a build copies a named file only while it still has it (so no build publishes
bytes it did not check).
"""

from __future__ import annotations

import os
import stat
from typing import Literal

from jiading_cli.base.files import stat_of
from jiading_cli.base.imagesize import Header
from jiading_cli.base.realpath import names_nothing
from jiading_cli.validate.images import looked

Place = Literal["file", "folder", "other", "missing", "outside", "unreadable"]
Stat = tuple[int, int, int, int]  # a file's size, mtime_ns, ctime_ns and inode, as build avoidance takes them
Size = tuple[int, int]  # an image's width and height
UNREAD: tuple[()] = ()  # the size of an image whose header was not read


class Probe:
    """Where each named file is (inside the articles folder or not; a file, a folder, missing), each path
    looked at once: for one run over many articles."""

    def __init__(self) -> None:
        self.places: dict[tuple[str, str], tuple[Place, str]] = {}
        self.folders: dict[str, str] = {}
        self.headers: dict[str, Header] = {}
        self.stats: dict[str, Stat | None] = {}  # each named path looked at: its stat as then found (None: nothing)
        self.refused: dict[str, str] = {}  # each real path whose look the system refused, and why (EACCES, EIO)
        # each named path whose header was read, with the image's width and height it gives (None: not given)
        self.sizes: dict[str, Size | None] = {}

    def header(self, path: str) -> Header:
        """What the file at ``path`` holds, from its header (JD166, JD167)."""
        found = self.headers.get(path)
        if found is None:
            found = self.headers[path] = looked(path)
        return found

    def image(self, path: str, real: str) -> Header:
        """:meth:`header` of the file named at ``path``, found at ``real``; its size kept by ``path`` (the pages
        show it, as of the look whose stat every later step holds the file to)."""
        found = self.header(real)
        self.sizes[path] = found.size
        return found

    def real(self, folder: str) -> str:
        found = self.folders.get(folder)
        if found is None:
            found = self.folders[folder] = os.path.realpath(folder)
        return found

    def found(self, path: str, base: str) -> tuple[Place, str]:
        """What ``path`` is, where ``base`` is the real path of the folder every named file must be in, and the
        real path it was found at (``images/../a.png`` is ``a.png`` whether or not a
        folder ``images`` is there, as a URL's path reads it): every later look at the file is at that path."""
        key = (path, base)
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = self._place(path, base)
        return found

    def _place(self, path: str, base: str) -> tuple[Place, str]:
        folder, name = os.path.split(path)
        real = os.path.realpath(path) if name in ("", ".", "..") else os.path.join(self.real(folder), name)
        info = self._lstat(real)
        if info is not None and stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(real)
            info = self._lstat(real)
        self.stats[path] = None if info is None else stat_of(info)
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            return "outside", real
        if info is None:
            return ("unreadable" if real in self.refused else "missing"), real
        if stat.S_ISREG(info.st_mode):
            return "file", real
        return ("folder" if stat.S_ISDIR(info.st_mode) else "other"), real

    def _lstat(self, path: str) -> os.stat_result | None:
        """The look at ``path``; None when nothing is there, or when the look is refused (then noted, with why:
        never taken for nothing there)."""
        try:
            return os.lstat(path)
        except ValueError:
            return None
        except OSError as exc:
            if not names_nothing(exc):
                self.refused[path] = exc.strerror or str(exc)
            return None
