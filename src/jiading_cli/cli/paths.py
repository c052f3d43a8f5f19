"""Paths as people read them: relative to the current folder, as git prints them."""

from __future__ import annotations

import os
from pathlib import Path

from jiading_cli.base.realpath import real


class Here:
    """Turns a site-relative path (as the core reports it) into one relative to the current folder.

    A path outside the site (an absolute one) is made relative too when it is on the same drive.
    """

    def __init__(self, root: Path, cwd: Path | None = None) -> None:
        self.root = str(real(Path(root)))
        self.cwd = str(real(cwd or Path.cwd()))
        self.same = self.root == self.cwd

    def __call__(self, path: str) -> str:
        if not path:
            return path
        if self.same and not Path(path).is_absolute():
            return path
        full = Path(self.root, path)
        if not (full.is_relative_to(self.root) or full.is_relative_to(self.cwd)):
            return full.as_posix()  # outside the site and the current folder: where it is
        try:
            shown = os.path.relpath(full, self.cwd)
        except ValueError:  # another drive
            return path
        return shown.replace(os.sep, "/")

    def folder(self, path: str) -> str:
        """A folder, written with a trailing slash (``./`` for the current one)."""
        shown = self(path)
        return "./" if shown == "." else f"{shown.rstrip('/')}/"


def repository_top(root: Path) -> Path | None:
    """The top folder of the git repository that holds the site at ``root``: the nearest folder, from the site's
    own up, with a ``.git`` (a folder, or the file of a worktree or a submodule). None when none has: the site is
    in no repository."""
    folder = real(Path(root))
    for each in (folder, *folder.parents):
        if os.path.lexists(each / ".git"):
            return each
    return None
