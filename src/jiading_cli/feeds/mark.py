"""The mark of a build writing in an output folder: ``{manifest}.writing``, put before its first file is staged
and removed once every temporary file is renamed or removed. A build that finds it follows one that was killed:
it removes the temporary files that one left in every folder under the output folder, and each folder that one
noted in the mark before making it and left holding nothing (a folder that was there already is never noted);
each file it noted before putting it in place, still as it noted it, its manifest lists (:func:`adopt_noted`).
:func:`tidy` does that alone, under the output folder's lock (:func:`locked`), for a build whose files are in
place already."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from jiading_cli.base import blocks, stops, tempnames
from jiading_cli.base import files as disk
from jiading_cli.base.folderlock import locked as folder_lock
from jiading_cli.feeds.manifest import (
    MANIFEST,
    FeedWriteError,
    contents,
    digest_in,
    folders_inside,
    in_the_way,
    manifest_bytes,
    safe_name,
)
from jiading_cli.model.errors import cannot

MARK = ".writing"  # beside the manifest, while a build writes: ``.jiading-manifest.json.writing``
MARK_TEXT = b"jiading is writing in this folder, or was stopped while writing; its next build tidies up\n"
NOTED_MAX = 64 * 1024 * 1024  # bytes of folder names read back from a mark, at most
FILE_NOTE = "//"  # a file's note begins so: no folder's name does (its first part would be empty)


def put(mark: Path, shown: Callable[[Path], str]) -> None:
    """Put the mark of a build writing, unless something is there already."""
    try:
        fd = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        return
    except OSError as exc:
        raise FeedWriteError(cannot(shown(mark), exc)) from None
    try:
        view = memoryview(MARK_TEXT)
        while view:  # a write cut short (a file-size limit) is followed by one that fails
            view = view[os.write(fd, view) :]
    except BaseException as exc:  # a full disk, or a stop: no mark of a half-written build is left behind
        os.close(fd)
        remove(mark)
        if isinstance(exc, OSError):
            raise FeedWriteError(cannot(shown(mark), exc)) from None
        raise
    os.close(fd)


def found(mark: Path, shown: Callable[[Path], str]) -> bool:
    """Whether a build's mark is there: a killed build's, whose leftovers are to go. A folder at its name is in
    the way (one error line): no build could remove it, and each would take every temporary file in the output
    folder, those staged by the build itself included, for a killed one's."""
    try:
        info = os.lstat(mark)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise FeedWriteError(cannot(shown(mark), exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FeedWriteError(f"{shown(mark)}: cannot write: a folder is in the way; remove it")
    return True


def _entries(mark: Path) -> list[str]:
    """What a build wrote in its mark after its text; none when the mark is not a regular file of ours."""
    try:
        fd = os.open(mark, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return []
    try:  # its kind before a file object is made of it: that of a folder cannot be made
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        return []
    with os.fdopen(fd, "rb") as handle:
        data = blocks.at_most(handle, NOTED_MAX)
    if not data.startswith(MARK_TEXT):
        return []
    return [os.fsdecode(name) for name in data[len(MARK_TEXT) :].split(b"\0") if name]


def noted(mark: Path) -> list[str]:
    """The folders a build wrote in its mark before it made them (relative to the output folder); none when the
    mark is not a regular file of ours. A file's note (:func:`file_notes`) is no folder's name."""
    names = {name for name in _entries(mark) if safe_name(name)}
    return _through_folders(mark.parent, sorted(names))


def file_notes(names: Iterable[str], digests: Mapping[str, str], preview: bool) -> list[str]:
    """The notes of files about to go in place (``FILE_NOTE``, whether the build is a preview, the digest, the
    name): a build killed before its manifest is in place leaves files no manifest lists, which the next build
    would never remove once it no longer makes them."""
    kind = "1" if preview else "0"
    return [f"{FILE_NOTE}{kind}{digests[name]}/{name}" for name in names]


def adopt_noted(out: Path, mark: Path, manifest: str, shown: Callable[[Path], str]) -> None:
    """List in the manifest each file a killed build noted (:func:`file_notes`) and put in place, still holding
    the bytes it noted: the build's own, to be removed or kept as any file the manifest lists."""
    notes = [entry[len(FILE_NOTE) :] for entry in _entries(mark) if entry.startswith(FILE_NOTE)]
    if not notes:
        return
    found: tuple[dict[str, str], str | None] = contents(out / manifest, shown) or ({}, None)
    listed, wrong = found
    if wrong is not None:  # not one a build writes: the build says so, and it is left as it is for the user
        return
    preview, adopted = notes[-1][:1] == "1", dict(listed)
    for note in notes:
        known, _, name = note[1:].partition("/")
        if not safe_name(name) or listed.get(name) == known:
            continue
        *parents, leaf = name.split("/")
        with folders_inside(out, parents) as fds:
            if fds is not None and digest_in(fds[-1], leaf) == known:
                adopted[name] = known
    if adopted != listed:
        with contextlib.suppress(OSError):  # not listed, the file stays; a manifest in the way is said by the build
            disk.write_atomic(out / manifest, manifest_bytes(adopted, preview))


def _through_folders(out: Path, names: list[str]) -> list[str]:
    """Those of ``names`` (of folders inside ``out``) whose every parent is a folder, none a link: a mark whose
    names lead elsewhere through a link never makes a build remove a folder there. Each parent is looked at
    once, however many names share it."""
    real: dict[str, bool] = {}
    kept: list[str] = []
    for name in names:
        parts, prefix, through = name.split("/")[:-1], "", True
        for part in parts:
            prefix = f"{prefix}/{part}" if prefix else part
            found = real.get(prefix)
            if found is None:
                try:
                    found = stat.S_ISDIR(os.lstat(out / prefix).st_mode)
                except OSError:
                    found = False
                real[prefix] = found
            if not found:
                through = False
                break
        if through:
            kept.append(name)
    return kept


def remove_noted(out: Path, mark: Path) -> set[Path]:
    """Remove each folder a killed build noted in its mark that holds nothing, the deepest first: it made it, and
    no one else has put anything in it since. Only folders inside ``out`` are looked at, reached through folders,
    never through a link. Returns those removed."""
    gone: set[Path] = set()
    for name in sorted(noted(mark), key=lambda n: -n.count("/")):
        *parents, leaf = name.split("/")
        with folders_inside(out, parents) as fds:
            if fds is None:
                continue
            with contextlib.suppress(OSError):
                os.rmdir(leaf, dir_fd=fds[-1])  # a link there is no folder: never removed
                gone.add(out / name)
    return gone


def remove(mark: Path) -> None:
    """Remove the mark: every temporary file of the build is gone. One that cannot be removed (a folder put
    in its place) only costs the next build a look at every folder."""
    with contextlib.suppress(OSError):
        mark.unlink(missing_ok=True)


def remove_leftovers(out: Path) -> list[Path]:
    """Remove jiading's temporary files from every folder under ``out`` (links not followed): a killed build
    may have staged a file in any folder it made or found. Returns the folders that could be read."""
    found = [Path(parent) for parent, _, _ in os.walk(out)]
    tempnames.remove_leftovers(found)
    return found


def tidy(out: Path, shown: Callable[[Path], str] = str, manifest: str = MANIFEST) -> None:
    """Remove a killed build's temporary files from every folder under ``out``, writing nothing else: for a
    build whose files are already in place. Nothing to do unless a build's mark is there."""
    if not os.path.lexists(out / (manifest + MARK)):
        return
    with locked(out, shown):
        tidy_held(out, manifest)


def tidy_held(out: Path, manifest: str = MANIFEST) -> None:
    """As :func:`tidy`, for a caller holding the output folder's lock."""
    mark = out / (manifest + MARK)
    if os.path.lexists(mark):
        adopt_noted(out, mark, manifest, str)
        remove_leftovers(out)
        remove_noted(out, mark)
        remove(mark)


@contextlib.contextmanager
def locked(out: Path, shown: Callable[[Path], str]) -> Iterator[None]:
    """The output folder's lock, a folder that cannot be made or opened being one error line. The output folder
    and its parents are made when missing; each of them left holding nothing (a build that failed) is removed."""
    current = out
    while not os.path.lexists(current) and current.parent != current:
        current = current.parent
    made: list[Path] = []  # parents first: each made for the lock, however many times (another run removed it)
    lock = folder_lock(out, made)
    try:
        lock.__enter__()
    except (FileExistsError, NotADirectoryError):
        _remove_empty(_deepest_first(made))
        raise FeedWriteError(
            f"{shown(current)}: cannot write: {in_the_way(current)} is in the way of the folder"
        ) from None
    except OSError as exc:
        _remove_empty(_deepest_first(made))
        raise FeedWriteError(cannot(shown(out), exc)) from None
    try:
        yield
    finally:
        _let_go(made, lock)


@stops.whole
def _let_go(made: list[Path], lock: contextlib.AbstractContextManager[None]) -> None:
    """Remove each folder made for the lock that holds nothing, then let go of the lock."""
    _remove_empty(_deepest_first(made))
    lock.__exit__(None, None, None)


def _deepest_first(made: list[Path]) -> list[Path]:
    """The folders made, each once, the deepest first."""
    return sorted(set(made), key=lambda folder: len(folder.parts), reverse=True)


def _remove_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (the deepest first) that holds nothing."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return
