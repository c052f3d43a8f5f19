"""The manifest of the files a build wrote into an output folder, and reading what is in place there.

``.jiading-manifest.json`` (the feeds') and ``.jiading-pages.json`` (the pages' and assets') list each file a
build wrote with its SHA-256; only a file a manifest lists, still as written, is ever removed. Something other
than a regular file where a file or a manifest goes is one error line, never a read that waits or never ends;
something other than a folder where a folder goes is one line naming it where it stands (:func:`blocked`), whether
it is met reading what is in place or staging a file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as quoted  # JSON's quoting, ensure_ascii=False
from pathlib import Path
from typing import TypeVar

from jiading_cli.base import files as disk
from jiading_cli.base import jsontext, tempnames
from jiading_cli.base.blocks import SourceError
from jiading_cli.base.realpath import standing
from jiading_cli.content.layout import MANIFEST as MANIFEST  # the feeds' manifest, named with the site's layout
from jiading_cli.model.errors import JiadingError, cannot

T = TypeVar("T")
# What the system says of a path when something other than a folder stands where one of its folders goes: not a
# folder, a link to nothing, a loop of links, a name taken
OBSTRUCTED = {errno.ENOTDIR, errno.ENOENT, errno.ELOOP, errno.EEXIST}


class FeedWriteError(JiadingError):
    """A feed file could not be written or removed (exit 1); one line per file."""

    def lines(self) -> list[str]:
        return str(self).splitlines()


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def hashed_digest(hashed: hashlib._Hash) -> str:
    """:func:`digest` of the bytes given to a SHA-256 hash, a block at a time."""
    return "sha256:" + hashed.hexdigest()


def safe_name(name: str) -> bool:
    """A name a manifest may hold, as a build writes them: names of folders and a file joined by ``/``, none of
    them empty, ``.`` or ``..`` (so never absolute, never climbing out of the folder), no NUL, every character
    one a file's name can have; not the manifest."""
    if name == MANIFEST or "\0" in name or any(part in ("", ".", "..") for part in name.split("/")):
        return False
    try:
        os.fsencode(name)
    except UnicodeError:  # a lone surrogate no file's name holds
        return False
    return True


def all_safe(names: Collection[str]) -> bool:
    """Whether every name is one :func:`safe_name` takes, told from all of them joined (a manifest of a large site
    lists 20,000 names; looked at one by one they took a build a fiftieth of a second): between two slashes, no
    part is empty, ``.`` or ``..``; the names encode as a whole only if each does. False: look at each."""
    if MANIFEST in names:
        return False
    joined = "/\0/".join(names)  # a NUL between two names, none in one
    if joined.count("\0") != max(len(names) - 1, 0):
        return False
    joined = f"/{joined}/"
    if "//" in joined or "/./" in joined or "/../" in joined:
        return False
    try:
        os.fsencode(joined)
    except UnicodeError:
        return False
    return True


def read_manifest(out: Path, manifest: str = MANIFEST, shown: Callable[[Path], str] = str) -> dict[str, str]:
    """Files a previous build wrote, with their digests; empty when missing, or when it is not a manifest
    (:func:`listed` says so instead).

    Raises :class:`FeedWriteError` when something other than a file stands where the manifest goes.
    """
    found = contents(out / manifest, shown)
    return {} if found is None else found[0]


def listed(out: Path, manifest: str, shown: Callable[[Path], str]) -> dict[str, str]:
    """:func:`read_manifest` for a build about to write: a manifest that is there but is not one a build writes (not
    JSON, or JSON without its list of files: a merge conflict, a hand's edit, a file cut short) is one error line
    saying what to do, for without it the files the last build wrote could never be told from others and removed:
    an article deleted since would stay published. Names no build writes (``../a``) are not read, as ever."""
    path = out / manifest
    found = contents(path, shown)
    if found is None:
        return {}
    files, wrong = found
    if wrong is not None:
        raise FeedWriteError(
            f"{shown(path)}: expected the manifest of the files the last build wrote, found {wrong}; "
            f"without it none of them is removed when no longer made: remove {shown(out)}/ and build again, "
            "or remove the manifest to keep them (nothing was written)"
        )
    return files


def contents(path: Path, shown: Callable[[Path], str]) -> tuple[dict[str, str], str | None] | None:
    """What :func:`parsed` makes of the manifest at ``path``, None when none is there: a file larger than any
    manifest a build writes is none, and is never read (:class:`~jiading_cli.base.files.TooLarge`)."""
    try:
        raw = current(path, shown)
    except disk.TooLarge as exc:
        return {}, exc.strerror
    return None if raw is None else parsed(raw)


def parsed(raw: bytes) -> tuple[dict[str, str], str | None]:
    """The files a manifest's bytes list (those with names a build writes, :func:`safe_name`), and what makes them
    no manifest a build writes (None: they are one)."""
    try:
        data = jsontext.loads(raw)
    except UnicodeDecodeError:
        return {}, "bytes that are not UTF-8 text"
    except json.JSONDecodeError as exc:
        return {}, f"text that is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    except ValueError as exc:
        return {}, f"text that is not JSON ({exc})"
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}, 'JSON without its "files" object'
    wrong = [name for name, value in files.items() if not isinstance(value, str)]
    if wrong:
        return {}, f"a file listed without its digest, as {quoted(wrong[0])} is"
    if all_safe(files):
        return files, None
    return {name: value for name, value in files.items() if safe_name(name)}, None


def manifest_bytes(files: dict[str, str], preview: bool) -> bytes:
    """The manifest as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it, the files sorted by name.

    ``indent`` makes ``json`` use its encoder written in Python, which took a twentieth of a second for the 22,000
    files of a large site: the files are written by its encoder written in C instead, a line's end and the indent
    being the separator between two of them (a name or a digest, quoted, holds no line's end).
    """
    rows = json.dumps(files, ensure_ascii=False, sort_keys=True, separators=(",\n    ", ": "))[1:-1]
    listed = "{\n    " + rows + "\n  }" if rows else "{}"
    head = f'{{\n  "generator": "jiading",\n  "preview": {"true" if preview else "false"},\n  "files": '
    return (head + listed + "\n}\n").encode("utf-8")


def current(path: Path, shown: Callable[[Path], str] = str) -> bytes | None:
    """The bytes of the file jiading wrote for itself at ``path`` (:func:`~jiading_cli.base.files.read_own`),
    :func:`checked`; :class:`~jiading_cli.base.files.TooLarge` when it is larger than any it writes."""
    return checked(disk.read_own, path, shown)


def checked(read: Callable[[Path], T], path: Path, shown: Callable[[Path], str]) -> T:
    """``read(path)``, something other than a file at ``path`` or a failed read being one error line."""
    try:
        return read(path)
    except (SourceError, disk.TooLarge):  # the file copied from, not the one at ``path``; the caller's to say
        raise
    except NotADirectoryError:
        raise FeedWriteError(blocked(path, shown)) from None
    except disk.NotRegularFile as exc:
        if exc.strerror == "not a regular file but a folder":
            raise FeedWriteError(f"{shown(path)}: cannot write: a folder is in the way") from None
        raise FeedWriteError(f"{shown(path)}: cannot write: {exc.strerror}; remove it") from None
    except OSError as exc:
        if exc.errno in OBSTRUCTED and obstacle(path) is not None:  # a loop of links in a folder's way, say
            raise FeedWriteError(blocked(path, shown)) from None
        raise FeedWriteError(f"{shown(path)}: cannot read: {exc.strerror}") from None


def in_place(
    holds: Callable[[Path], tuple[bool | None, T]], path: Path, shown: Callable[[Path], str]
) -> tuple[bool | None, T | None]:
    """Whether the file at ``path`` holds what a build puts there (``holds``, as :func:`checked` reads it), and what
    ``holds`` gave with it. A symbolic link there never holds it, whatever it leads to: the build's file replaces
    the link (by rename, never written through it), so that no file of the output folder leads out of it."""
    same, info = checked(holds, path, shown)
    if same and os.path.islink(path):  # noqa: PTH114 - False for what cannot be looked at, never an error
        return False, None
    return same, info


def in_the_way(path: Path) -> str:
    """What stands where a folder should be, in words (:func:`~jiading_cli.base.realpath.standing`): a link to
    nothing, a loop of links, a file, a FIFO, a socket, a device; what cannot be looked at is said as a file."""
    found = standing(path)
    return found if found is not None and not found.endswith(" on the way") else "a file"


def obstacle(path: Path) -> Path | None:
    """What stands where one of the folders of ``path`` should be and is not a folder (a file, a FIFO, a link to
    nothing, to a file or in a loop), as it stands, no link followed: the one nearest the root; None when each is a
    folder or missing."""
    found, folder = None, path.parent
    while not os.path.isdir(folder) and folder.parent != folder:  # noqa: PTH112 - False, never an error
        if os.path.lexists(folder):
            found = folder
        folder = folder.parent
    return found


def blocked(path: Path, shown: Callable[[Path], str]) -> str:
    """The line for a file whose folder cannot be there: something other than a folder stands where one of
    the folders of ``path`` should be, named where it stands (the one nearest the output folder)."""
    where = obstacle(path) or path.parent
    return f"{shown(where)}: cannot write: {in_the_way(where)} is in the way of the folder"


@contextlib.contextmanager
def staging(target: Path, shown: Callable[[Path], str]) -> Iterator[None]:
    """Within the block a file is staged for ``target``: an ``OSError`` is one line (:func:`unstaged`), a
    :class:`SourceError` (of the file copied from) passes."""
    try:
        yield
    except SourceError:
        raise
    except OSError as exc:
        raise FeedWriteError(unstaged(target, exc, shown)) from None


def not_written(target: Path, manifest: str, shown: Callable[[Path], str]) -> str:
    """The line for a file at ``target`` that holds other bytes than the build's and that the last build's manifest
    (there) does not list: another hand's (a page of yours at a tag's new page), which a build never replaces,
    since the next one that no longer made it would then remove it as its own."""
    return (
        f"{shown(target)}: cannot write: a file no build wrote is there (the last build's {manifest} does not "
        "list it); move it away, or remove it, and build again"
    )


def unstaged(target: Path, exc: OSError, shown: Callable[[Path], str]) -> str:
    """The line for a file that could not be staged for ``target``: whatever stands in the way of one of its
    folders, named where it stands (:func:`blocked`), however the system met it (not a folder, a link to nothing,
    a loop, a name taken); else the file, and why."""
    if exc.errno in OBSTRUCTED and obstacle(target) is not None:
        return blocked(target, shown)
    return cannot(shown(target), exc)


def stage_manifest(
    target: Path, data: bytes, shown: Callable[[Path], str], stager: disk.Stager, begin: Callable[[], None]
) -> Path | None:
    """The manifest ``data`` staged beside ``target`` (``begin``: told first); None when ``target`` holds it."""
    if in_place(lambda path: (disk.holds(path, data), None), target, shown)[0]:  # its size first
        return None
    begin()
    with staging(target, shown):
        return stager.stage(target, data)


def put_manifest(target: Path, temp: Path, shown: Callable[[Path], str]) -> None:
    """Put a staged manifest in place (the temporary file is gone however it ends)."""
    try:
        temp.replace(target)
    except OSError as exc:
        raise FeedWriteError(cannot(shown(target), exc, "replace")) from None
    finally:
        tempnames.discard(temp)


def write_manifest(
    target: Path, data: bytes, shown: Callable[[Path], str], stager: disk.Stager, begin: Callable[[], None]
) -> None:
    """Replace the manifest ``target`` with ``data``, when it holds something else."""
    temp = stage_manifest(target, data, shown, stager, begin)
    if temp is not None:
        put_manifest(target, temp, shown)


FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
BLOCK = 1 << 20  # bytes hashed at a time: a stale file of any size costs a removal no more memory


@contextlib.contextmanager
def folders_inside(out: Path, names: Sequence[str]) -> Iterator[list[int] | None]:
    """Descriptors of ``out`` and of each folder ``names`` leads to below it, each opened in the one before
    without following a link; None when one of them is missing, a link or not a folder. Whatever is removed
    through them is inside ``out``, whatever links stand in it, and stays so while it is removed."""
    fds: list[int] = []
    try:
        try:
            fds.append(os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
            for name in names:
                fds.append(os.open(name, FOLDER_FLAGS, dir_fd=fds[-1]))
        except OSError:
            yield None
            return
        yield fds
    finally:
        for fd in fds:
            os.close(fd)


def digest_in(folder: int, name: str) -> str | None:
    """:func:`digest` of the regular file ``name`` in ``folder``, read a block at a time; None when nothing, a
    link, or something other than a regular file is there, or it cannot be read: none of them a file jiading
    wrote."""
    try:
        fd = os.open(name, FILE_FLAGS, dir_fd=folder)
    except OSError:
        return None
    hashed = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        while block := os.read(fd, BLOCK):
            hashed.update(block)
    except OSError:
        return None
    finally:
        os.close(fd)
    return hashed_digest(hashed)


@dataclass(frozen=True, slots=True)
class Swept:
    """What :func:`remove_stale` did with the files the last build wrote and this one does not (names relative to
    the output folder): those it removed; an error line for each it could not remove, and those (still listed in the
    manifest, for the next build to remove); and those ``left`` in place because they are not as the last build
    wrote them (edited by hand, or something else put there): no longer the build's, said once."""

    removed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)


def remove_stale(out: Path, old: dict[str, str], produced: dict[str, str], shown: Callable[[Path], str]) -> Swept:
    """Remove the files the last build wrote (``old``) and this one does not, when they are still as written; say
    those that are not (:class:`Swept`).

    Only a regular file reached from ``out`` through folders, never through a link, is looked at: a link in the
    output folder (put there since, or by a manifest's names) never leads a removal outside it."""
    swept = Swept()
    for name in sorted(set(old) - set(produced)):
        *parents, leaf = name.split("/")
        with folders_inside(out, parents) as fds:
            if fds is None:
                continue  # gone already, or reached through a link: nothing of the build's there
            if digest_in(fds[-1], leaf) != old[name]:
                if _there(fds[-1], leaf):  # changed by another hand: theirs now, left, and said
                    swept.left.append(name)
                continue
            try:
                os.unlink(leaf, dir_fd=fds[-1])
            except OSError as exc:
                swept.failures.append(cannot(shown(out / name), exc, "remove"))
                swept.kept[name] = old[name]
                continue
            swept.removed.append(name)
            for depth in range(len(parents), 0, -1):  # folders left empty, up to the output folder
                try:
                    os.rmdir(parents[depth - 1], dir_fd=fds[depth - 1])
                except OSError:
                    break
    return swept


def _there(folder: int, name: str) -> bool:
    """Whether anything is at ``name`` in ``folder`` (a link is not followed); a look that fails otherwise than
    finding nothing is taken for something there."""
    try:
        os.lstat(name, dir_fd=folder)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True
