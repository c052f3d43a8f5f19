"""Where a path a user names leads: ``Path.resolve()`` that never raises, whatever links stand on the way."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from jiading_cli.base import filekinds

GONE = frozenset({errno.ENOENT, errno.ENOTDIR})
"""The errors that mean nothing is at a path: nothing of that name (``ENOENT``), or a file where one of its folders
was (``ENOTDIR``). Any other error of a look at a path (``EACCES``, ``ENAMETOOLONG``, ``EIO``, ``ELOOP``…) means
something may be there that cannot be looked at, which is never taken for nothing."""


UNNAMED = GONE | {errno.ENAMETOOLONG}
"""The errors that say no file has a name as it is given: :data:`GONE`, or a name longer than the system takes. A
look at a name a user or an article gives (a file named, a template, the config file) reads these as nothing there,
and any other error (``EACCES``, ``EIO``, ``ELOOP``) as a look refused, to be said with its reason, never taken for
nothing there; where listing a folder found a name, the path too long is an error of its own (``JD118``)."""


def names_nothing(exc: OSError) -> bool:
    """Whether ``exc``, raised by a look at a name as given, says no file has it (:data:`UNNAMED`)."""
    return exc.errno in UNNAMED


def is_gone(exc: OSError) -> bool:
    """Whether ``exc``, raised by a look at a path (stat, lstat, scandir, open), says nothing is there."""
    return exc.errno in GONE


def exists(path: str | os.PathLike[str]) -> bool:
    """``os.path.exists`` that tells an error from nothing: False only when nothing is there (:data:`GONE`); any other
    error of the look is raised (what is there cannot be looked at: a folder on the way shut, a path too long)."""
    try:
        os.stat(path)  # noqa: PTH116 - a string as often as a Path
    except OSError as exc:
        if is_gone(exc):
            return False
        raise
    return True


def real(path: Path) -> Path:
    """The absolute path ``path`` leads to, through every link that leads somewhere; a loop of links or a link to
    nothing is kept as it stands (what then reads or writes there finds it, one line), never an error here:
    ``Path.resolve()`` raises ``RuntimeError`` on a loop (Python 3.11, 3.12), which no caller expects."""
    return Path(os.path.realpath(path.absolute()))


def settled(path: Path) -> Path:
    """``path`` with each ``..`` that steps back out of a folder not there yet taken out, with that folder:
    ``x/../site`` is ``site`` while ``x`` is missing. The system finds no such path (``x/..`` is nothing while ``x``
    is missing), and a command that made its folders as written would make ``x`` only to pass through it, and leave
    it behind. A ``..`` after a name that is there is left as it is, for the system to follow (after a link, it
    leads out of the link's target, not back to where the link stands). Every path a user names for a command to
    make folders at is settled first (``init``'s folder, ``--out``); the folder makers of ``base/files.py`` and
    ``app/newfiles.py`` refuse a path that is not (``FileNotFoundError``, as the system would)."""
    if ".." not in path.parts:
        return path
    anchor = path.anchor
    kept: list[str] = []
    missing: int | None = None  # where in ``kept`` the names not there yet begin
    for name in path.parts[1:] if anchor else path.parts:
        if name == ".." and missing is not None:
            kept.pop()  # a name not there yet, and the ``..`` that steps back out of it
            if len(kept) == missing:
                missing = None
            continue
        kept.append(name)
        if missing is None and name != ".." and not _there(Path(anchor, *kept)):
            missing = len(kept) - 1
    return Path(anchor, *kept)


def _there(path: Path) -> bool:
    """Whether anything is at ``path`` (a link is not followed); an error other than nothing there (``EACCES``,
    ``ENAMETOOLONG``) is taken for something there, left for the system to say where the path is used."""
    try:
        os.lstat(path)
    except OSError as exc:
        return not is_gone(exc)
    return True


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
    return None if stat.S_ISDIR(found.st_mode) else filekinds.kind(found.st_mode)


def _words(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of links"
    if exc.errno == errno.ENOTDIR:
        return "a file"
    return (exc.strerror or "something unreadable").lower()


FOLDER_ENDINGS = ("/", "/.", "/..")


def not_the_folder(given: str, shown: Callable[[str], str] | None = None) -> str | None:
    """Why ``given``, a path asking for a folder by how it ends (``a.md/``, ``a.md/.``, ``a.md/..``), as the system
    reads it ("Not a directory"), names none: something else stands there, and a :class:`Path` drops the ending, so
    the file would be taken for the folder asked (``a.md/: expected a folder, as the '/' it ends in says; found a
    file (leave out the '/' to name it)``). None when it ends otherwise, or a folder or nothing stands there, or
    something on the way stops the look (the path's use says that). ``shown``: how the line names the path
    without its ending (default: as given)."""
    ending = next((end for end in FOLDER_ENDINGS if given.endswith(end)), None)
    if ending is None:
        return None
    found = standing(Path(given.removesuffix(ending) or "/"))
    if found is None or found.endswith(" on the way"):
        return None
    leave = f" (leave out the {ending!r} to name it)" if found == "a file" else ""
    name = given.removesuffix(ending)
    name = name if shown is None else shown(name)
    return f"{name}{ending}: expected a folder, as the {ending!r} it ends in says; found {found}{leave}"
