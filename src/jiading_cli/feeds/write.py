"""Putting feed files in place: atomically, only when changed, and cleaning up only our own.

Every changed file is first written in full to a temporary file beside its target; only when all of them are
written are they renamed into place (a rename is atomic), so a full disk or a failed write leaves every previous
feed as it was, and a crash or kill never leaves a truncated one; a rename the file system refuses undoes those
made before it (:mod:`.placing`). A build hands its files to a :class:`Writer` one at a time: each is staged at
once (so a build holds only each file's path, digest and temporary file, not its bytes) and compared with the
file in place first, by size and then by bytes. A file whose bytes did not change is not touched (its mtime
stays). The manifest ``.jiading-manifest.json`` records each file jiading wrote with its SHA-256; a file a build
no longer produces is removed only if the manifest lists it and its content is still what jiading wrote: one
changed by another hand is left, and said (``Outcome.left``).

A build writes under the output folder's lock (:func:`~jiading_cli.base.folderlock.locked`), held from its
first file to its last rename, with its mark standing beside the manifest (:mod:`~jiading_cli.feeds.mark`; a
build with nothing to write does not put it). A FIFO, a device or a folder where a file or the manifest should
be is an error line, never a read that waits or never ends.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from jiading_cli.base import files as disk
from jiading_cli.base import stops, tempnames
from jiading_cli.base.files import stat_of
from jiading_cli.feeds import mark as marks
from jiading_cli.feeds import placing
from jiading_cli.feeds.manifest import (
    MANIFEST,
    FeedWriteError,
    digest,
    hashed_digest,
    in_place,
    listed,
    manifest_bytes,
    not_written,
    put_manifest,
    remove_stale,
    stage_manifest,
    staging,
    unstaged,
    write_manifest,
)
from jiading_cli.model.errors import cannot

Status = Literal["new", "changed", "unchanged"]
Placed = tuple[int, int, int, int]  # a file's size, mtime_ns, ctime_ns and inode
# files put: path, digest, status, temporary file (None: unchanged), the stat of an unchanged one as compared
Handed = list[tuple[str, str, Status, str | None, Placed | None]]
Compared = tuple[Path, bool | None]  # a file's target, whether the file in place holds it (None: nothing there)
LOOKED_PAST = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # no link there: as ``Path.is_symlink`` reads it


@dataclass(frozen=True)
class Outcome:
    status: dict[str, Status]  # relative path -> what happened to it
    removed: tuple[str, ...]
    digests: dict[str, str]  # relative path -> digest, of every file this build produced
    # relative path -> its stat (size, mtime_ns, ctime_ns, inode) the moment this build put it in place, of each
    # file it wrote: what a later look finds otherwise was changed by another hand
    placed: dict[str, Placed] = field(default_factory=dict)
    # files the last build wrote and this one does not, left in place: changed by another hand since
    left: tuple[str, ...] = ()


def _sudden(failure: object) -> bool:
    """Whether ``failure`` may have struck between any two steps of the build (Ctrl-C, a signal, memory running
    out): then a temporary file may have been made the instant before it was noted; a look at each folder finds it."""
    return isinstance(failure, BaseException) and (
        not isinstance(failure, Exception) or isinstance(failure, MemoryError)
    )


def _status(same: bool | None) -> Status:
    return "new" if same is None else "unchanged" if same else "changed"


def write_all(
    out: Path,
    files: Iterable[tuple[str, bytes]],
    *,
    preview: bool = False,
    shown: Callable[[Path], str] = str,
    kept: Mapping[str, str] | None = None,
    manifest: str = MANIFEST,
) -> Outcome:
    """Write ``files`` (relative path, bytes) under ``out``; remove what jiading wrote before and no longer does.
    ``kept``: files also produced, in place already (path -> digest); ``manifest``: one per kind of build."""
    with Writer(out, Written(preview, shown, manifest)) as writer:
        writer.keep(kept or {})
        for name, data in files:
            writer.put(name, data)
        return writer.commit()


@dataclass(frozen=True, slots=True)
class Written:
    """How a build's files are shown and recorded: a preview or not, paths as shown, the manifest's name."""

    preview: bool = False
    shown: Callable[[Path], str] = str
    manifest: str = MANIFEST


class Writer:
    """One build's files under ``out``, each staged as it is made and all put in place by :meth:`commit`.

    Used as a context manager: within it the output folder is locked and marked as being written (a killed
    build's temporary files removed first). Leaving it without :meth:`commit` (on an error) removes every staged
    file and every folder it made, forked processes' included (:meth:`expect`): the folder is left as it was.
    Leaving it after :meth:`commit` removes every folder it made that holds nothing.
    """

    def __init__(self, out: Path, how: Written, *, held: bool = False) -> None:
        self.out, self.how = out, how
        self.held = held  # the output folder's lock is held already (by a :class:`~jiading_cli.feeds.joint.Joint`)
        self.old: dict[str, str] = {}
        self.guarded = False  # whether a manifest of the last build is there: a file it does not list is not ours
        self.status: dict[str, Status] = {}
        self.produced: dict[str, str] = {}  # relative path -> digest, of every file the build produces
        self.staged: dict[str, Path] = {}  # relative path -> its temporary file, not yet in place
        self.placed: dict[str, Placed] = {}  # relative path -> its stat as found unchanged (``Outcome.placed``)
        self.moved: list[placing.Moved] = []  # the files put in place, until every writer's are (``placing``)
        self.stager = disk.Stager()
        self.lock = contextlib.ExitStack()
        self.mark = out / (how.manifest + marks.MARK)
        self.stopped = False  # whether the last build here was stopped while writing (its mark was there)
        self.marked = False  # whether this build has put its mark (before staging its first file)
        self.committed = False
        self.left = False  # whether a temporary file of this build could not be removed (the mark then stays)
        self.unlisted = False  # whether files of this build are in place that no manifest lists (the mark stays)
        self.manifest: Path | None = None  # the manifest, staged by :meth:`ready`
        self.notes = -1  # the mark, open to note the folders the build makes (-1: not open)
        self.inside = os.fspath(out).rstrip(os.sep) + os.sep  # of a folder's path, when it is in the output folder

    def __enter__(self) -> Writer:
        with contextlib.ExitStack() as lock:
            if not self.held:
                lock.enter_context(marks.locked(self.out, self.how.shown))
            self.stopped = marks.found(self.mark, self.how.shown)
            if self.stopped:  # else no folder is looked at: not even a path made for each
                marks.adopt_noted(self.out, self.mark, self.how.manifest, self.how.shown)
                found = marks.remove_leftovers(self.out)
                gone = marks.remove_noted(self.out, self.mark)
                for folder in found:
                    if folder not in gone:
                        self.stager.known(folder)
            self.old = listed(self.out, self.how.manifest, self.how.shown)
            self.guarded = os.path.lexists(self.out / self.how.manifest)
            self.stager.known(self.out)
            self.stager.note = self._note
            self.lock = lock.pop_all()
        return self

    @stops.whole  # a stop in its middle would leave the mark, or a staged file: raised once it is done
    def __exit__(self, *exc: object) -> None:
        try:
            if self.notes >= 0:
                os.close(self.notes)
                self.notes = -1
            self.unstage()
            if self.marked and _sudden(exc[1] if len(exc) > 1 else None):
                marks.remove_leftovers(self.out)  # one made in the instant before it was noted goes too
            # every folder the build made that holds nothing goes, whoever made it and however the build ended
            noted = [self.inside + name for name in marks.noted(self.mark)] if self.marked else []
            self.stager.discard(self.out, self.produced if self.committed else (), noted)
            if (self.committed or (self.marked and not self.stopped and not self.unlisted)) and not self.left:
                marks.remove(self.mark)  # else the next build looks again, and lists the files this one noted
        finally:
            self.lock.close()

    def unstage(self) -> None:
        """Remove every file staged and not yet put in place (the build failed)."""
        for temp in [*self.staged.values(), *([self.manifest] if self.manifest else [])]:
            self.left |= not tempnames.discard(temp)
        self.staged.clear()
        self.manifest = None

    def share(self) -> None:
        """Before processes are forked that stage this build's files with copies of this writer: the mark is put."""
        self._begin()

    def forked(self) -> None:
        """In such a forked process: no file put yet, no thread; what it puts is :meth:`handed` over."""
        self.status, self.produced, self.staged, self.placed = {}, {}, {}, {}

    def handed(self) -> Handed:
        """The files put since :meth:`forked` or the last call, once written, for the first process's writer
        to :meth:`adopt`; this one forgets them."""
        files = [(name, self.produced[name], self.status[name], self.staged.pop(name, None)) for name in self.produced]
        placed, self.status, self.produced, self.placed = self.placed, {}, {}, {}
        return [
            (name, known, status, None if temp is None else os.fspath(temp), placed.get(name))
            for name, known, status, temp in files
        ]

    def adopt(self, files: Handed) -> None:
        """Files a forked process put for this build (:meth:`handed`)."""
        for name, known, status, temp, placed in files:
            self.produced[name], self.status[name] = known, status
            if temp is not None:
                self.staged[name] = Path(temp)
            if placed is not None:
                self.placed[name] = placed

    def expect(self, names: Iterable[str]) -> None:
        """Before processes are forked that put ``names`` (relative paths): the folders they will stage them in
        are surveyed, so that any of them a forked process makes is known, however that process ends."""
        out = os.fspath(self.out)
        folders = {name.rpartition("/")[0] for name in names}
        self.stager.survey(os.path.join(out, f) if f else out for f in sorted(folders))  # noqa: PTH118 - many: strings

    def _begin(self) -> None:
        """Put the mark before the first file is staged: noted first, so a stop as it is made leaves none."""
        if not self.marked:
            self.marked = True
            marks.put(self.mark, self.how.shown)

    def _note(self, folders: list[str]) -> None:
        """Note in the mark (put first) the folders inside the output folder the build is about to make, so that
        the next build, should this one be killed, removes those it left empty."""
        self._begin()
        self._append([folder[len(self.inside) :] for folder in folders if folder.startswith(self.inside)])

    def _append(self, names: list[str]) -> None:
        """Append ``names`` to the mark (put first), each ended by a NUL."""
        if not names:
            return
        self._begin()
        if self.notes < 0:
            try:
                self.notes = os.open(self.mark, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError as exc:
                raise FeedWriteError(cannot(self.how.shown(self.mark), exc)) from None
        data = b"".join(os.fsencode(name.replace(os.sep, "/")) + b"\0" for name in names)
        try:
            view = memoryview(data)
            while view:  # a write cut short (a file-size limit) is followed by one that fails
                view = view[os.write(self.notes, view) :]
        except OSError as exc:
            raise FeedWriteError(cannot(self.how.shown(self.mark), exc)) from None

    def keep(self, kept: Mapping[str, str], looked: Mapping[str, Placed] | None = None) -> None:
        """Files the build also produces, known to be in place already (path -> digest); ``looked``: the stat of
        each as it was found so (``Outcome.placed``)."""
        for name, known in kept.items():
            self.status[name], self.produced[name] = "unchanged", known
            if looked and name in looked:
                self.placed[name] = looked[name]

    def put(self, name: str, data: bytes) -> None:
        """A file of the build: staged when the file in place is not already ``data``, else left as it is."""
        target, same = self._compare(name, partial(disk.holding, data=data))
        self.produced[name], self.status[name] = digest(data), _status(same)
        if same:
            return
        # Written here, as it is made: threads writing it cost more CPU than the write took (benchmarks/RESULTS.md).
        self._begin()
        try:
            self.staged[name] = self.stager.stage(target, data)
        except OSError as exc:
            raise FeedWriteError(unstaged(target, exc, self.how.shown)) from None

    def put_file(self, name: str, source: Path, checked: Collection[Placed] | None = None) -> None:
        """As :meth:`put`, copied from the regular file ``source`` a block at a time, while it has a stat of ``checked``
        (else ``SourceChanged``). ``OSError``: ``source`` cannot be read; a file in place, ``FeedWriteError``."""
        from jiading_cli.base import blocks

        opened = disk.open_regular(source)
        if opened is None:
            raise FileNotFoundError(2, "No such file or directory", os.fspath(source))
        fd, info = opened
        try:
            if checked is not None and stat_of(info) not in checked:
                raise blocks.SourceChanged(os.fspath(source))
            data = blocks.whole(fd, info.st_size) if info.st_size < blocks.SMALL else None
            if data is not None:  # read in one step anyway: put as :meth:`put` puts bytes
                return self.put(name, data)
            hashed = hashlib.sha256()
            target, same = self._compare(name, partial(blocks.same, fd, info.st_size, hashed=hashed))
            if not same:
                self._begin()
                hashed = hashlib.sha256()
                with staging(target, self.how.shown):
                    self.staged[name] = self.stager.stage(target, blocks.copier(fd, hashed))
            self.produced[name], self.status[name] = hashed_digest(hashed), _status(same)
        finally:
            os.close(fd)

    def _compare(self, name: str, holds: Callable[[Path], tuple[bool | None, os.stat_result | None]]) -> Compared:
        """The target of ``name``, and whether the file there holds what is put (``holds``; None: nothing there);
        what was put at ``name`` before in this build is forgotten."""
        target = self.out / name
        if self.manifest is not None:  # staged by ``ready`` before this file: it lists it not
            self.left |= not tempnames.discard(self.manifest)
            self.manifest = None
        same, info = (None, None) if self._own(target) else in_place(holds, target, self.how.shown)
        if same is False and self.guarded and name not in self.old:  # another hand's file: never replaced
            raise FeedWriteError(not_written(target, self.how.manifest, self.how.shown))
        self._forget(name)
        if same and info is not None:
            self.placed[name] = stat_of(info)
        return target, same

    def _forget(self, name: str) -> None:
        """Forget what was put at ``name`` before in this build (put again, or the build failed): its temporary
        file goes."""
        self.placed.pop(name, None)
        earlier = self.staged.pop(name, None)
        if earlier is not None:
            self.left |= not tempnames.discard(earlier)

    def _own(self, target: Path) -> bool:
        """Whether ``target``'s folder was made by this build (then nothing is in place there to compare)."""
        folder = target.parent
        made = self.stager.folders.get(folder)
        if made is None:  # neither made nor found yet: its links are looked at first
            with staging(target, self.how.shown):
                made = self.stager.own(folder, absent=self._unlinked(folder))
        return made

    def _unlinked(self, folder: Path) -> bool:
        """A symbolic link where a folder inside the output folder goes (``public/en``, a link to another folder)
        is in the way, as a file there is: through it the build would write, and remove its old files, outside
        the output folder, over files it did not make. (The output folder itself may be a link.) Whether
        ``folder`` itself is missing, so that making it needs no other look."""
        known = self.stager.folders
        absent = None
        while folder not in known and folder != self.out and folder.parent != folder:
            try:
                mode = os.lstat(folder).st_mode
            except OSError as exc:  # missing, or a file or a link to nothing on the way: said when staged
                if exc.errno not in LOOKED_PAST:
                    raise
                mode = 0
            if absent is None:
                absent = mode == 0
            if stat.S_ISLNK(mode) and os.path.isdir(folder):  # noqa: PTH112 - to nothing, in a loop: said when staged
                raise FeedWriteError(f"{self.how.shown(folder)}: cannot write: a link to a folder is in the way of it")
            folder = folder.parent
        return bool(absent)

    def ready(self) -> Outcome:
        """Stage :meth:`commit`'s manifest: every byte is on disk, nothing in place yet. What :meth:`commit` will
        say of each file, but what it removes and the stats of its renames."""
        if self.manifest is None:
            data = manifest_bytes(self.produced, self.how.preview)
            self.manifest = stage_manifest(self.out / self.how.manifest, data, self.how.shown, self.stager, self._begin)
        return Outcome(self.status, (), self.produced, self.placed)

    def commit(self) -> Outcome:
        """Put every staged file in place, remove what the last build wrote and this one does not, and
        record the files in the manifest; a file that cannot be put in place undoes the others (:meth:`place`)."""
        try:
            self.place()
        except FeedWriteError as exc:
            raise FeedWriteError(*exc.lines(), *self.undo()) from None
        return self.finish()

    def place(self) -> None:
        """Put every staged file in place, noted in the mark first (:func:`.mark.adopt_noted`) (:mod:`.placing`)."""
        self.ready()
        self._append(marks.file_notes(self.staged, self.produced, self.how.preview))
        placing.place(self.staged, self.out, self.how.shown, self.moved, self.placed, set(self.stager.made()))
        self.unlisted = bool(self.moved)  # until :meth:`finish` puts the manifest in place, or :meth:`undo` them

    def undo(self) -> list[str]:
        """Put back what :meth:`place` replaced, remove what it added and what is still staged; a line for each
        file that could not be."""
        failures, self.unlisted = placing.undo(self.moved, self.how.shown), False
        self.unstage()
        return failures

    def finish(self) -> Outcome:
        """Every writer's files are in place: remove what the last build wrote and this one does not, and record
        the files in the manifest."""
        self.left |= not placing.settle(self.moved)
        out, shown = self.out, self.how.shown
        swept = remove_stale(out, self.old, self.produced, shown)
        target, manifest, self.manifest = out / self.how.manifest, self.manifest, None
        if swept.kept:  # listed still: the next build removes them
            if manifest is not None:
                self.left |= not tempnames.discard(manifest)
            data = manifest_bytes({**self.produced, **swept.kept}, self.how.preview)
            write_manifest(target, data, shown, self.stager, self._begin)
        elif manifest is not None:
            put_manifest(target, manifest, shown)
        self.committed = True
        if swept.failures:
            raise FeedWriteError(*swept.failures)
        return Outcome(self.status, tuple(swept.removed), self.produced, self.placed, tuple(swept.left))
