"""One posting run per site at a time: an exclusive ``flock`` on ``.jiading-cache/share.lock`` (git-ignored).

Two sites may share article files through symbolic links (a site's articles folder, or one article, a link to
another site's); each has a lock file of its own. So a run also holds a ``flock`` on each folder its articles
really lie in (links followed): any two runs that may write one article file, from one site or from two, exclude
each other, and the second stops at once, as it does at the site's lock (:func:`site_lock`).

The cache folder may be deleted at any time (docs/caching.md); with it goes the lock file a run holds, and a run
started then takes a new one. So a run looks, before each article it may post and before a digest, that the lock
file there is still the one it holds (:func:`still_held`), and stops when it is not: the two runs never both go on
posting, and what one posted the other finds in the records (or as a pending intent) before it posts.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from pathlib import Path

from jiading_cli.base import filekinds, files
from jiading_cli.model.errors import writing
from jiading_cli.share.request import ShareError

LOCK_NAME = Path(".jiading-cache") / "share.lock"


_HELD: ContextVar[tuple[int, Path] | None] = ContextVar("share_lock", default=None)  # the lock this run holds
# the folders this process's run holds the locks of: the process's, not a context's, as a record may be written from
# another thread of the run (an email sent in several transactions)
_FOLDERS: list[frozenset[str]] = [frozenset()]
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
        raise ShareError(_unexpected(LOCK_NAME.parent, _found(root / LOCK_NAME.parent))) from None
    except IsADirectoryError:
        raise ShareError(_unexpected(LOCK_NAME, "a folder")) from None
    except OSError as exc:
        raise ShareError(f"{LOCK_NAME}: cannot create the lock file: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ShareError(_unexpected(LOCK_NAME, filekinds.kind(mode)))
    return fd


def _found(path: Path) -> str:
    """What stands at ``path`` in the words every message uses (a FIFO, a socket, a device: :mod:`.filekinds`)."""
    try:
        return filekinds.kind(os.lstat(path).st_mode)
    except OSError:
        return "a file"


def _unexpected(where: Path, found: str) -> str:
    expected = "the lock file jiading makes" if where == LOCK_NAME else "the folder of jiading's cache and lock"
    return f"{where}: expected {expected}, found {found}; remove it, and jiading makes it again"


@contextmanager
def site_lock(root: Path, articles: Iterable[Path] = ()) -> Iterator[Path]:
    """Hold the site's share lock and the lock of each folder the ``articles`` the run may write really lie in, or
    raise ShareError at once if another run holds one.

    The kernel drops a ``flock`` when its process dies, so a killed run never leaves the site locked.
    """
    import fcntl

    path = root / LOCK_NAME
    fd = _opened(root)
    try:
        _take(fd, f"for this site (it holds {LOCK_NAME})")
        with writing(str(LOCK_NAME), ShareError):  # the run's process id, for a person looking: a full disk is one line
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        held = _HELD.set((fd, path))
        try:
            with ExitStack() as folders:
                found = real_folders(articles)
                for folder in found:
                    folders.enter_context(_folder_held(root, folder))
                _FOLDERS.append(frozenset(found))
                try:
                    yield path
                finally:
                    _FOLDERS.pop()
        finally:
            _HELD.reset(held)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def holds(real: str, where: str) -> None:
    """Before an article file is written (``real``: its real path; ``where``: as a line shows it): this run holds
    the lock of the folder it lies in, which any run that may write the file takes (:func:`site_lock`). A file
    written without it could be written by two runs at once (one's temporary file taken for a killed run's and
    removed, one's post recorded over the other's); it is left as it is, in one line."""
    if os.path.dirname(real) not in _FOLDERS[-1]:  # noqa: PTH120 - a string, as the folders are kept
        raise ShareError(f"{where}: not written: its folder is not locked by this run (it lies in {real}); run again")


def real_folders(articles: Iterable[Path]) -> list[str]:
    """The folders the article files really lie in, each once, in order: a file that is a symbolic link lies where
    it leads; any other, in its folder's real path (looked up once per folder)."""
    folders: set[str] = set()
    for article in articles:
        name = os.fspath(article)
        try:
            linked = stat.S_ISLNK(os.lstat(name).st_mode)
        except (OSError, ValueError):  # gone, or no file can have the name: the run says so where it reads it
            continue
        real = os.path.realpath(name) if linked else os.path.abspath(name)  # noqa: PTH100 - strings, for every article
        folders.add(os.path.dirname(real))  # noqa: PTH120
    return sorted({os.path.realpath(folder) for folder in folders})


@contextmanager
def _folder_held(root: Path, folder: str) -> Iterator[None]:
    """Hold the lock of an articles' ``folder`` (a real path): a ``flock`` on the folder itself, so no lock file is
    left among the articles; ShareError at once when another run holds it."""
    shown = _shown(root, folder)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:  # removed since: the run finds its articles gone where it reads them
        yield
        return
    except OSError as exc:
        raise ShareError(f"{shown}: cannot lock the articles' folder: {exc.strerror}; nothing was posted") from None
    try:
        _take(fd, f"articles of {shown} (another site's, which shares them through a symbolic link?)")
        yield
    finally:
        os.close(fd)  # the lock goes with the descriptor


def _take(fd: int, posting: str) -> None:
    """The descriptor's exclusive ``flock``; ShareError at once, saying what the other run is ``posting``, when another
    run holds it."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ShareError(
            f"another `jiading share` run is posting {posting}; wait for it to finish, then run again"
        ) from None


def _shown(root: Path, folder: str) -> str:
    """``folder`` as a line shows it: below the site, from there; else its full real path."""
    base = os.path.realpath(root)
    inside = os.path.relpath(folder, base)
    return folder if inside == os.pardir or inside.startswith(os.pardir + os.sep) else inside


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
