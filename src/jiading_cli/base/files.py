"""Writing files whole: a crash, a full disk or a kill leaves the old file or the new, never half of one.

Every temporary file jiading writes is named ``.{target}.jiading-XXXXXXXX.tmp`` beside its target, so
that a later run can recognise its own leftovers (``leftovers``) and never anyone else's.
"""

from __future__ import annotations

import errno
import os
import random
import stat
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from jiading_cli.base import stops
from jiading_cli.base.filekinds import kind
from jiading_cli.base.tempnames import create_own, create_temp, discard, temp_prefix

Data = bytes | Callable[[BinaryIO], object]
NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})  # a hard link refused
OWN_MAX = 512 * 1024 * 1024  # bytes of a file jiading writes for its own use (a store, a manifest), at most


class NotRegularFile(OSError):
    """A path that should hold a file holds a FIFO, a device, a socket or a folder (through a link or not)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file but {kind}")
        self.strerror = str(self)
        self.kind = kind


class TooLarge(OSError):
    """A file jiading writes for its own use (a store of the cache, a manifest, a record) that is larger than any
    it writes (:data:`OWN_MAX`): not one of its own, and never read whole (a file grown to gigabytes, sparse or
    not, would take the memory and the time of reading it all before a byte of it was found wrong)."""

    def __init__(self, size: int, most: int = OWN_MAX, what: str = "any jiading writes") -> None:
        super().__init__(errno.EFBIG, f"a file of {size:,} bytes, larger than {what} ({most >> 20} MiB)")
        self.size, self.most = size, most


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``, None when nothing is there.

    Opened without blocking and checked before reading, so that a FIFO, or a link to ``/dev/zero`` or a
    terminal, raises :class:`NotRegularFile` at once instead of waiting for a writer or reading forever.
    """
    opened = open_regular(path)
    if opened is None:
        return None
    with os.fdopen(opened[0], "rb") as handle:
        return handle.read()


def open_own(path: Path | str) -> tuple[int, os.stat_result] | None:
    """:func:`open_regular` for a file jiading writes for its own use: :class:`TooLarge` when it is larger than
    any such file, before a byte of it is read."""
    opened = open_regular(path)
    if opened is not None and opened[1].st_size > OWN_MAX:
        os.close(opened[0])
        raise TooLarge(opened[1].st_size)
    return opened


def read_own(path: Path) -> bytes | None:
    """:func:`read_regular` for a file jiading writes for its own use (:func:`open_own`)."""
    opened = open_own(path)
    if opened is None:
        return None
    with os.fdopen(opened[0], "rb") as handle:
        return handle.read()


def holds(path: Path, data: bytes) -> bool | None:
    """Whether the regular file at ``path`` holds exactly ``data``, None when nothing is there.

    Its size is compared first: its bytes are read only when that is the same. Raises
    :class:`NotRegularFile` as :func:`read_regular` does.
    """
    return holding(path, data)[0]


def holding(path: Path, data: bytes) -> tuple[bool | None, os.stat_result | None]:
    """:func:`holds`, and the file's stat as it was opened to be compared (None when nothing is there): a file
    changed after that look has another stat."""
    opened = open_regular(path)
    if opened is None:
        return None, None
    fd, info = opened
    try:
        if info.st_size != len(data):
            return False, info
        read, left = [], len(data) + 1  # its bytes, and the read that finds its end: no file object around them
        while left > 0 and (chunk := os.read(fd, left)):
            read.append(chunk)
            left -= len(chunk)
        return b"".join(read) == data, info
    finally:
        os.close(fd)


def stat_of(info: os.stat_result) -> tuple[int, int, int, int]:
    """What build avoidance and the stores know a file's state by: its size, mtime_ns, ctime_ns and inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def open_regular(path: Path | str) -> tuple[int, os.stat_result] | None:
    """A descriptor of the regular file at ``path`` and its stat, None when nothing is there."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotRegularFile("a folder") from None
    try:
        found = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not stat.S_ISREG(found.st_mode):
        os.close(fd)
        raise NotRegularFile(kind(found.st_mode))
    return fd, found


def _fill(fd: int, data: Data, durable: bool, mode: int) -> None:
    """Write ``data`` to the new file ``fd``, give it ``mode`` and close it."""
    if isinstance(data, bytes):
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        return
    with os.fdopen(fd, "wb") as handle:
        data(handle)
        os.fchmod(fd, mode)
        if durable:
            handle.flush()
            os.fsync(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` survive a power cut (where the file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stage(target: Path, data: Data, *, durable: bool = False, mode: int = 0o644) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` (its folder made if missing) and return its
    path; ``commit`` puts it in place. On any failure nothing is left behind."""
    make_folders(target.parent)
    return _staged(target, data, durable, mode, random.Random())


def _staged(target: Path, data: Data, durable: bool, mode: int, names: random.Random) -> Path:
    fd, temp = create_temp(target, temp_prefix(target.name), names)
    try:
        _fill(fd, data, durable, mode)
    except BaseException:
        discard(temp)
        raise
    return temp


class Stager:
    """Stages the many files of one run: each folder is made (or found) once, not once for each file.

    It knows every folder the run made, whichever process made it: its own (:meth:`own`), and those that
    were missing when processes sharing its work were forked (:meth:`survey`) and are there afterwards. Once
    the run ends, :meth:`discard` removes each of them that holds nothing.
    """

    def __init__(self) -> None:
        self.folders: dict[Path, bool] = {}  # each folder made or found: whether this run made it
        self.missing: set[str] = set()  # folders not there before forked processes began staging (as strings: many)
        self.names = random.Random()
        self.note: Callable[[list[str]], object] | None = None  # told of the folders it may make, before it does

    def known(self, folder: Path) -> None:
        """``folder`` is there already (and its leftovers dealt with)."""
        self.folders.setdefault(folder, False)

    def own(self, folder: Path, absent: bool = False) -> bool:
        """Whether ``folder`` is one this stager made, so that no file but those it staged can be in it; the
        folder is made now, with its missing parents, when it is neither made nor found yet. ``absent``: the
        caller has just found nothing at ``folder`` (so it is not looked at again before it is made).

        Something other than a folder in the way is not looked at here: staging a file in it fails.
        """
        made = self.folders.get(folder)
        if made is None:
            made = self._make(folder, absent)
        return made

    def stage(self, target: Path, data: Data, *, mode: int = 0o644) -> Path:
        """As :func:`stage`, the folder made only when this stager has not made or found it yet."""
        self.own(target.parent)
        return _staged(target, data, False, mode, self.names)

    def survey(self, folders: Iterable[str]) -> None:
        """Before processes are forked that stage files in ``folders`` (with copies of this stager): note each
        of them, and of their parents, that is not there now. One that is there afterwards was made by the run
        (the caller holds the output folder's lock), however the process that made it ended."""
        known = {os.fspath(folder) for folder in self.folders}
        seen: set[str] = set()
        new: list[str] = []
        for folder in folders:
            current = os.fspath(folder)
            while current not in known and current not in seen and current not in self.missing:
                if os.path.isdir(current):  # noqa: PTH112 - False, never an error
                    known.add(current)
                    break
                seen.add(current)
                new.append(current)
                parent = os.path.dirname(current)  # noqa: PTH120 - strings, not Paths: one for each page folder
                if parent == current:
                    break
                current = parent
        if self.note is None:
            self.missing.update(new)
        elif new:  # kept where it is told (a build's mark) and handed back to discard: not held while pages are made
            self.note(new)

    def made(self, noted: Iterable[str] = ()) -> list[str]:
        """Every folder the run made, or may have made in a forked process (``noted``: those surveyed and told to
        :attr:`note`), the deepest first."""
        found = {os.fspath(f) for f, made in self.folders.items() if made} | self.missing | set(noted)
        return sorted(found, key=lambda f: -f.count(os.sep))

    def discard(self, out: Path | None = None, holding: Iterable[str] = (), noted: Iterable[str] = ()) -> None:
        """Remove each folder the run made that holds nothing, the deepest first. ``holding``: files known to be
        in place, relative to ``out`` (``/`` between names), whose folders are not looked at; ``noted``: the
        folders told to :attr:`note`, as full paths."""
        made = self.made(noted)
        if not made:
            return
        full: set[str] = set()
        for name in holding:
            parent = name.rpartition("/")[0]
            while parent and parent not in full:
                full.add(parent)
                parent = parent.rpartition("/")[0]
        base = "" if out is None else os.fspath(out) + os.sep
        for folder in made:
            if not (base and folder.startswith(base) and folder[len(base) :].replace(os.sep, "/") in full):
                with suppress(OSError):
                    os.rmdir(folder)  # noqa: PTH106 - as above

    def _make(self, folder: Path, absent: bool = False) -> bool:
        """Make ``folder``, and its missing parents first (in a loop, however deep the path); ``absent``: as
        :meth:`own` takes it."""
        pending = [folder]
        while pending:
            current = pending[-1]
            passed_through(current)
            if self.note is not None and ((absent and current is folder) or not os.path.isdir(current)):  # noqa: PTH112
                self.note([os.fspath(current)])  # told first: a run killed after making it still names it
            try:
                made = _mkdir(current)
            except FileNotFoundError:
                if current.parent == current or current.parent in self.folders:
                    raise  # no parent to make, or one made or found and gone since
                pending.append(current.parent)
                continue
            self.folders[current] = made or os.fspath(current) in self.missing  # made by a forked process then
            pending.pop()
        return self.folders[folder]


def make_folders(folder: Path, made: list[Path] | None = None) -> None:
    """Make ``folder`` and its missing parents, as ``mkdir -p`` does, in a loop however deep the path is (Python's
    own ``mkdir(parents=True)`` recurses once a level, and a deep enough path a user names ends in an error of
    the interpreter rather than of the file system). ``FileExistsError`` when a file is in the way. ``made``: each
    folder this call made is added to it, parents first. A ``..`` that steps back out of a missing folder is the
    system's error (:func:`passed_through`): no folder is made only to be passed through."""
    missing: list[Path] = []
    current = folder
    while not os.path.isdir(current) and current.parent != current:  # noqa: PTH112 - False, never an error
        passed_through(current)
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            each.mkdir()
        except FileExistsError:
            if not os.path.isdir(each):  # noqa: PTH112 - as above
                raise
            continue
        if made is not None:
            made.append(each)


def passed_through(folder: Path) -> None:
    """Raise the system's error for ``folder`` when it ends in ``..`` and is not there: ``x/..`` while ``x`` is
    missing (or a file). A folder maker that made ``x`` for it would leave ``x`` behind, made only to be passed
    through; a path a user names is settled first (``base.realpath.settled``), so that none such reaches a maker."""
    if folder.name == "..":
        os.stat(folder)  # noqa: PTH116 - ENOENT or ENOTDIR when it is not there, as opening a file under it would be


def _mkdir(folder: Path) -> bool:
    """Make ``folder`` in its existing parent; whether it was made (False: something is there already)."""
    try:
        folder.mkdir()
    except FileExistsError:
        return False
    return True


def commit(temp: Path, target: Path, *, durable: bool = False) -> None:
    """Put a staged file in place in one step."""
    try:
        temp.replace(target)
    except BaseException:
        discard(temp)
        raise
    if durable:
        sync_folder(target.parent)


@stops.whole  # a stop between making its temporary file and taking charge of it would leave that file
def write_atomic(path: Path, data: Data, *, durable: bool = False, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step.

    ``durable``: the data and the rename reach the disk before this returns (for what losing would lose
    work: article files, posting records). ``mode``: the new file's permissions; by default those of the
    file replaced, or 0644 for a new one.
    """
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o644
    temp = stage(path, data, durable=durable, mode=mode)
    try:  # an interrupt between the two is the temporary file's too
        commit(temp, path, durable=durable)
    except BaseException:
        discard(temp)
        raise


def linked_on_the_way(top: Path, path: Path) -> Path | None:
    """``top``, or a folder between it and the file ``path``, that is a symbolic link (the first), or None: a file
    written at ``path`` would land wherever that link leads."""
    step = top
    for part in ("", *path.relative_to(top).parts[:-1]):
        step = step / part
        if os.path.islink(step):  # noqa: PTH114 - False for what cannot be looked at, never an error
            return step
    return None


@stops.whole  # a stop between making its temporary file and taking charge of it would leave that file
def create_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, durably: complete or not at all, never over another file.

    Raises ``FileExistsError`` when ``path`` exists (nothing written), ``NotADirectoryError`` when a file
    stands where a folder of the path should be, and other ``OSError`` as they come. On a file system without
    hard links (sshfs, a virtual machine's shared folder) the file is made where it goes, only while nothing is
    there, and removed again when it cannot be written whole.
    """
    make_folders(path.parent)
    temp = stage(path, data, durable=True)
    try:
        try:
            os.link(temp, path)
        except OSError as exc:
            if exc.errno not in NO_LINKS:
                raise
            fd = create_own(path, 0o644)
            try:
                _fill(fd, data, True, 0o644)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    finally:
        discard(temp)
    sync_folder(path.parent)
