"""jiading's temporary files: ``.{target}.jiading-XXXXXXXX.tmp`` beside their target (:mod:`jiading_cli.base.files`
writes them), named within the 255 bytes a file system gives a name, and made; and those a killed run left,
recognised by their names and removed."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path

TEMP_INFIX = ".jiading-"
TEMP_SUFFIX = ".tmp"
NAME_MAX = 255  # bytes of a file's name, on the file systems a site lives on
TEMP_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
TEMP_TRIES = 100


def temp_prefix(name: str) -> str:
    """What the temporary files staged for a file named ``name`` start with: ``.{name}.jiading-``, a name cut
    short (and told apart by a digest of the whole) where the temporary file's name would be longer than a file
    system's name may be (255 bytes), so that any file name a folder can hold can be written whole."""
    whole = name.encode("utf-8", "surrogateescape")
    if len(whole) + len(TEMP_INFIX) + len(TEMP_SUFFIX) + 9 <= NAME_MAX:
        return f".{name}{TEMP_INFIX}"
    cut = whole[: NAME_MAX - 31].decode("utf-8", "ignore")  # '.' + cut + '~' + 8 + '.jiading-' + 8 + '.tmp'
    return f".{cut}~{hashlib.sha256(whole).hexdigest()[:8]}{TEMP_INFIX}"


def create_temp(target: Path, prefix: str, names: random.Random) -> tuple[int, Path]:
    """A new, empty temporary file beside ``target``, its name starting with ``prefix`` (:func:`temp_prefix`), only
    this process's (created with O_EXCL). Ctrl-C or a signal that ends the run the moment it is made (its handler
    runs as ``os.open`` returns) takes it away again: no caller has its name yet to remove it."""
    for _ in range(TEMP_TRIES):
        random_part = "".join(names.choices(TEMP_CHARACTERS, k=8))
        temp = target.with_name(f"{prefix}{random_part}{TEMP_SUFFIX}")
        try:
            return create_own(temp, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"{target.parent}: no free temporary file name")


def create_own(path: Path, mode: int) -> int:
    """A descriptor of a new file at ``path`` (``FileExistsError`` when something is there), only this process's
    (created with O_EXCL), reached through no symbolic link at its place. Ctrl-C or a signal that ends the run the
    moment it is made (its handler runs as ``os.open`` returns) takes it away again: no caller has it yet to remove."""
    try:
        return os.open(path, TEMP_FLAGS, mode)
    except OSError:
        raise  # no file made
    except BaseException:  # made, or not yet: O_EXCL, so no one else's
        with suppress(OSError):
            path.unlink()
        raise


def discard(path: Path) -> bool:
    """Remove a temporary file of this run's, if there; whether it is gone. A removal the disk refuses (an I/O
    error) is no failure of the run: the file is a leftover, which the next run that looks removes."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def is_leftover(name: str) -> bool:
    """Whether a file name is one of jiading's temporary files."""
    return name.startswith(".") and TEMP_INFIX in name and name.endswith(TEMP_SUFFIX)


def remove_leftovers_of(target: Path) -> None:
    """Remove the temporary files staged for ``target`` by a run killed before it put them in place.

    Only for a file every writer of which holds the same lock as the caller (a staged file of a run
    still going would be taken from under it), or whose writes may fail harmlessly (the site's cache).
    """
    prefix = temp_prefix(target.name)
    found: list[str] = []
    with suppress(OSError), os.scandir(target.parent) as entries:
        found = [e.path for e in entries if e.name.startswith(prefix) and is_leftover(e.name)]
    for path in found:
        with suppress(OSError):
            Path(path).unlink()


def remove_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove jiading's temporary files directly in each folder (call while holding the folders' lock).

    Only names :func:`is_leftover` recognises and only files or links, never a folder; a folder that
    cannot be read is passed over. Returns what was removed.
    """
    return [path for folder in folders for path in remove_leftovers_in(folder) or []]


def remove_leftovers_in(folder: Path) -> list[Path] | None:
    """As :func:`remove_leftovers` for one folder; None when it is not a folder that can be read."""
    try:
        with os.scandir(folder) as entries:
            found = [e for e in entries if is_leftover(e.name) and not e.is_dir(follow_symlinks=False)]
    except OSError:
        return None
    removed: list[Path] = []
    for entry in found:
        with suppress(OSError):
            Path(entry.path).unlink()
            removed.append(Path(entry.path))
    return removed


def leftovers(folder: Path) -> Iterator[Path]:
    """jiading's temporary files under ``folder`` (a killed run's; a running one's too, so call this only
    while holding the folder's lock or for files older than any run could be)."""
    with suppress(OSError):
        for parent, _, names in os.walk(folder):
            for name in names:
                if is_leftover(name):
                    yield Path(parent, name)
