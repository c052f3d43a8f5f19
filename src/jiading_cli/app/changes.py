"""What a batch of changes `jiading serve`'s watcher gives names, as its rebuild's line shows it: the files, or the
folders when it names no file; and which of its paths were folders, though removed since.

A folder moved out of the site (to the desktop's bin, say) is one removal in the system watcher's batch, with
nothing in it to show it was a folder: the watcher says nothing of what it held. :class:`Folders` keeps the site's
folders (those the watcher watches), taken once as the watcher starts and kept up to date from each batch, so that
such a removal is named as the folder it was (``templates/``), never as a file.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from jiading_cli.base.realpath import real


class Folders:
    """The folders below the site's folder, by their names relative to it (``articles/en``), the ones
    ``unwatched`` names and those ``skipped`` leaves out not entered."""

    def __init__(self, root: Path, unwatched: Callable[[], Iterable[Path]], skipped: Callable[[str], bool]) -> None:
        self.root = real(root)
        self.unwatched = unwatched
        self.skipped = skipped
        self.known: set[str] = set()
        self._walk(self.root)

    def _walk(self, top: Path) -> None:
        """Each folder below ``top`` (itself included, unless it is the site's folder) into :attr:`known`."""
        from jiading_cli.app.polling import snapshot

        unwatched = tuple(self.unwatched())
        left_out = {str(folder) for folder in unwatched}
        if top != self.root:
            self.known.add(top.relative_to(self.root).as_posix())
        for path, (kind, *_) in snapshot(top, unwatched, self.skipped).items():
            if stat.S_ISDIR(kind) and not self.skipped(Path(path).name) and path not in left_out:
                self.known.add(Path(path).relative_to(self.root).as_posix())

    def was(self, name: str) -> bool:
        """Whether ``name`` (relative to the site) was a folder when last seen."""
        return name in self.known

    def update(self, batch: Iterable[tuple[object, str]]) -> None:
        """What ``batch`` changed: a folder that stands now is known, with the folders it holds (one moved in holds
        its own); anything else at a path is no folder, nor anything below it."""
        for _, path in batch:
            name = shown(self.root, path)
            here = Path(path)
            if here.is_dir() and not here.is_symlink():
                if name not in self.known and not name.startswith("/"):
                    self._walk(self.root / name)
            elif name in self.known:
                below = name + "/"
                self.known = {known for known in self.known if known != name and not known.startswith(below)}


def named(root: Path, batch: Iterable[tuple[object, str]], folders: Folders | None = None) -> list[str]:
    """The files a batch of changes names, as the user sees them, without files that came and went within
    it (an editor's or a tool's temporary files); its folders (``templates/``: one it names anything in, too, though
    removed with what it held; one ``folders`` knew, though removed alone) only when it names no file."""
    from watchfiles import Change

    seen: dict[str, set[object]] = {}
    for change, path in batch:
        seen.setdefault(path, set()).add(change)
    holding = {str(folder) for path in seen for folder in Path(path).parents}  # folders, though removed since
    files, folders_named = [], []
    for path, kinds in seen.items():
        here = Path(path)
        name = shown(root, path)
        if here.is_dir() or path in holding or (folders is not None and folders.was(name)):
            folders_named.append(name + "/")
        elif Change.added not in kinds or here.exists():
            files.append(name)
    return sorted(files or folders_named)


def shown(root: Path, path: str) -> str:
    """``path`` relative to the site's folder, as the user sees it; as given when outside it."""
    try:
        return real(Path(path)).relative_to(real(root)).as_posix()
    except ValueError:
        return path
