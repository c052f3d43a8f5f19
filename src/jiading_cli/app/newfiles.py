"""What `init` and `new-article` check before they write a new file, and how they write one.

Text from the command line goes into a file that must load and validate: a one-line value (a title, a tag, a
category, an author) holds no line break, no value holds a character the file could not carry, and a language
tag is written in the case BCP 47 recommends. A new file goes only through real folders: a file, a symbolic
link or anything else where a folder of its path should be is named before anything is written, so that
nothing lands outside the folder it was meant for, nor where `jiading validate` never looks. Several files are
written all or none: a failure removes what the run had made.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from jiading_cli.base import filekinds, stops
from jiading_cli.base.alike import folded
from jiading_cli.base.files import create_new, holds, passed_through
from jiading_cli.base.xmlchars import NOT_OUTPUT, unwanted_kind
from jiading_cli.content.portable import unportable
from jiading_cli.model import kinds
from jiading_cli.model.errors import FileExistsProblem, JiadingError, UsageError, cannot, describe


def no_control(option: str, value: str) -> None:
    """Refuse text the new file could not carry: control characters fail `validate` (JD140, JD006)."""
    if match := NOT_OUTPUT.search(value):
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # how Python hands over a byte of an argument that is not UTF-8
            found = f"the byte 0x{code - 0xDC00:02x}, which is not UTF-8 (the terminal's or the script's encoding)"
            raise UsageError(f"{option}: expected UTF-8 text, found {found}")
        raise UsageError(f"{option}: expected text without {unwanted_kind(match.group())}, found U+{code:04X}")


def one_line(option: str, value: str) -> None:
    """Refuse a value that names or heads something (a title, a tag, a category, an author) unless it is one
    line of text: a line break of any kind, a tab or another control character is refused."""
    if kinds.LINE_BREAK.search(value):  # the other ends of a line str.splitlines knows are control characters
        raise UsageError(f"{option}: expected one line of text, got {describe(value)}")
    if "\t" in value:  # allowed in the text of a summary, never in a name or a heading (a paste, most likely)
        raise UsageError(f"{option}: expected one line of text without a tab, got {describe(value)}; use a space")
    no_control(option, value)


def listed(option: str, value: str, what: str) -> list[str]:
    """The entries of one value of an option that takes a comma-separated list (``--tag``, ``--author``,
    ``--language``), each stripped, split where front matter splits such a list (',', or the Chinese '，' and '、').
    An empty entry (``en,``, ``a,,b``) is refused, naming it: a stray comma is a slip, and what the user meant is
    not known; a value with no entry at all (an unset variable in a script, ``,``) is refused as ``what`` missing."""
    entries = [entry.strip() for entry in kinds.LIST_SEPARATOR.split(value)]
    if all(kinds.blank(entry) for entry in entries):
        raise UsageError(f"{option}: expected {what}, got {describe(value)}")
    for number, entry in enumerate(entries, 1):
        if kinds.blank(entry):
            raise UsageError(
                f"{option}: expected {what} between each two commas, found entry {number} of {describe(value)} empty"
            )
    return entries


def kind_of(path: Path) -> str | None:
    """What is at ``path`` itself (a link is not followed): "a file", "a folder", "a symbolic link"...; None
    when nothing is there (or nothing can be: a name too long for the file system)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    return filekinds.kind(mode)


def in_the_way(root: Path, target: Path) -> Path | None:
    """The first of ``target``'s folders below ``root`` that is there but is not a real folder (a file, a
    symbolic link, a FIFO...); None when each is a folder or missing (to be made). ``root`` itself is not
    looked at."""
    current = root
    for name in target.relative_to(root).parts[:-1]:
        current = current / name
        found = kind_of(current)
        if found is None:
            return None  # missing: it and the folders below it are made
        if found != "a folder":
            return current
    return None


def language_folder(option: str, tag: str) -> None:
    """Refuse a language whose folder of articles (its tag in lower case, ``articles/aux``) a checkout on Windows
    cannot hold (``JD117``): ISO 639-3 gives ``aux``, ``con``, ``nul`` and ``prn``, which Windows keeps for devices."""
    if (why := unportable(tag.lower())) is not None:
        raise UsageError(
            f"{option}: expected a language whose folder of articles every system's checkout can hold, got "
            f"{describe(tag)}: {why}"
        )


def alike_there(root: Path, target: Path) -> tuple[Path, str] | None:
    """The first name of ``target``'s path below ``root`` that is not there yet (a folder to make, or the file)
    while its folder holds a name that differs from it only in case or Unicode form (``en`` to make beside ``EN``),
    with that name; None when there is none. Windows and macOS take the two for one name, so a checkout there keeps
    one of them (``JD117``, which `validate` would say of the new name)."""
    current = root
    for name in target.relative_to(root).parts:
        folder, current = current, current / name
        if kind_of(current) is not None:
            continue  # there already: not a name this run makes
        try:
            names = os.listdir(folder)  # noqa: PTH208 - names alone
        except OSError:  # no folder yet (made, with nothing in it), or one that cannot be listed (refused on writing)
            return None
        mine = folded(name)
        alike = sorted(other for other in names if folded(other) == mine)
        return (current, alike[0]) if alike else None
    return None


def alike(where: str, made: Path, there: str, shown: Callable[[Path], str], hint: str = "") -> JiadingError:
    """The error for a new name that differs from one of its folder only in case or Unicode form (see
    :func:`alike_there`): a folder is best renamed to the name jiading makes, a file to another."""
    suffix = "" if made.suffix == ".md" else f" to '{made.name}'"
    return JiadingError(
        f"{where}: cannot write: {shown(made)} would be made beside '{there}', which differs from it only in case or "
        f"Unicode form: Windows and macOS do not tell the two apart, and a checkout there keeps one of them (JD117); "
        f"rename '{there}'{suffix}{hint}"
    )


def blocked(where: str, blocker: Path, shown: Callable[[Path], str], hint: str = "") -> JiadingError:
    """The error for a file whose folder has something else in the way: it is named, with what it is."""
    what = kind_of(blocker) or "something"
    return JiadingError(f"{where}: cannot write: {shown(blocker)} is {what}, not a folder{hint}")


def taken(where: str, target: Path, hint: str) -> FileExistsProblem | None:
    """The error for a file whose place is taken: by a file, or by a folder, a link or a FIFO (said); None when
    nothing is there."""
    found = kind_of(target)
    if found is None:
        return None
    what = "" if found == "a file" else f" ({found})"
    return FileExistsProblem(f"{where}: already exists{what}; not overwritten{hint}")


NOTHING = " (nothing was written)"


def create_all(
    paths: Sequence[Path], texts: Sequence[str], shown: Callable[[Path], str], hint: str = NOTHING, last: bool = True
) -> None:
    """Write each text to its path, which must not exist yet (its missing folders made): all of them or, when
    one cannot be written, none: the files and folders this call made are removed before the error is raised.
    ``hint`` ends the error's line when something is at a path already (what to do about a name taken); a
    file that could not be written (a full disk, no permission) says so and that nothing was written. ``last``:
    the files are the command's last work, so that once all are in place a stop ends nothing (``stops.settle``):
    a stop writes all of them and exits 0, or none and says it was stopped."""
    made: list[tuple[Path, int]] = []  # folders, then files, in the order this call made them, with their inodes
    try:
        for path, text in zip(paths, texts, strict=True):
            try:
                _make_folders(path.parent, made)
                data = text.encode("utf-8")
                try:
                    create_new(path, data)
                    _note(path, made)
                except KeyboardInterrupt:  # a stop as the file went in place, or just after: this call's to remove
                    with suppress(OSError):
                        if holds(path, data) and all(path != each for each, _ in made):
                            _note(path, made)
                    raise
            except FileExistsError:
                raise taken(shown(path), path, hint) or FileExistsProblem(
                    f"{shown(path)}: already exists; not overwritten{hint}"
                ) from None
            except OSError as exc:
                raise JiadingError(cannot(shown(path), exc) + NOTHING) from None
        if last:
            stops.settle()
    except BaseException:
        _remove(made)
        raise


def _make_folders(folder: Path, made: list[tuple[Path, int]]) -> None:
    """Make ``folder`` and its missing parents, each noted in ``made``; never one that a ``..`` of the path steps
    back out of (the system's error instead, :func:`passed_through`)."""
    missing: list[Path] = []
    current = folder
    while kind_of(current) is None and current.parent != current:
        passed_through(current)
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            each.mkdir()
        except FileExistsError:
            continue  # made by another process meanwhile: not this call's to remove
        _note(each, made)


def _note(path: Path, made: list[tuple[Path, int]]) -> None:
    with suppress(OSError):
        made.append((path, path.lstat().st_ino))


def _remove(made: Sequence[tuple[Path, int]]) -> None:
    """Remove the files and (empty) folders this call made, the last made first; one that another process has
    put in its place since is left alone."""
    for path, inode in reversed(made):
        with suppress(OSError):
            found = path.lstat()
            if found.st_ino != inode:
                continue
            if stat.S_ISDIR(found.st_mode):
                path.rmdir()
            else:
                path.unlink()
