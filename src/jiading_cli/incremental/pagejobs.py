"""A large build's article pages made by forked processes and this one, side by side.

Once the build knows every article page it must make (a cold build, or one after the theme changed: not
the few pages of an incremental build), the pages are put in consecutive batches and the batches' numbers
into one pipe. When no page was recorded before, every one is made whatever its key: the processes are then
forked as soon as each page's path is known (:meth:`PageJobs.begin`), making pages while this one keys them,
and this one joins them once it has (a build stopped meanwhile stops them: :meth:`PageJobs.stop`).
This process and each forked one take a number off the pipe, make that batch's pages and
stage each with their copy of the build's writer (making its folders there too: their cost is shared as
well), then take the next, until none is left. What a forked process staged (each file's path, digest,
status and temporary file) comes back batch by batch through a temporary file, and the build's writer adopts
it as if it had staged it itself. The folders a forked process may make are not sent back: the writer notes
before the fork which of the pages' folders are missing (:meth:`~jiading_cli.feeds.write.Writer.expect`), so
it knows each one a forked process made even when that process is killed, and removes any left empty. This
process goes on with the list pages only once the article pages are made: a forked process's memory counts
as well as this one's, and the list pages are where this one's grows.

A batch no process finished, for whatever reason (it failed, was killed, or could not be started), is made
here afterwards, in the pages' order, so that the files, or the first error, are those one process gives.
A forked process removes what it staged and did not hand over before it ends; one whose parent is gone
stops at its next batch and removes everything it staged.
"""

from __future__ import annotations

import ctypes
import gc
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jiading_cli.base import tempnames
from jiading_cli.config import environment
from jiading_cli.incremental import forks
from jiading_cli.incremental.pickles import UNREADABLE, SafeUnpickler, dumps
from jiading_cli.model.errors import JiadingError

if TYPE_CHECKING:
    from jiading_cli.feeds.write import Writer

PER_PROCESS = 200  # article pages to make per process, at least
BATCH = 8  # pages per batch, at least
TOKENS = 1024  # batches at most: their numbers fit in a pipe's smallest buffer, written before any is read
TOKEN = 4  # bytes of a batch's number in the pipe
MAX_JOBS = environment.MAX_JOBS  # JIADING_JOBS is at most this

Job = tuple[int, str]  # an article's index among those shown, the path of its page


@dataclass(slots=True)
class Helper:
    """A forked process making batches, and the file it records what it staged in."""

    child: forks.Child
    records: BinaryIO

    def close(self) -> None:
        self.child.close()
        self.records.close()


def batches(todo: list[Job]) -> list[list[Job]]:
    """``todo`` in consecutive batches, at most ``TOKENS`` of them."""
    size = max(BATCH, -(-len(todo) // TOKENS))
    return [todo[at : at + size] for at in range(0, len(todo), size)]


def processes(pages: int, jobs: int) -> int:
    """Processes to make ``pages`` with (this one among them): one per ``PER_PROCESS`` pages, at most ``jobs``."""
    if not forks.available():
        return 1
    return max(1, min(jobs, MAX_JOBS, pages // PER_PROCESS))


class PageJobs:
    """The article pages of one build, shared with forked processes (:class:`~jiading_cli.pages.build.Makers`)."""

    def __init__(self, writer: Writer, jobs: int) -> None:
        self.writer = writer
        self.jobs = jobs
        self.todo: list[Job] = []
        self.batches: list[list[Job]] = []
        self.make: Callable[[int], bytes] | None = None
        self.queue: int | None = None  # the pipe's reading end: the numbers of the batches not yet taken
        self.helpers: list[Helper] = []
        self.parent = os.getpid()
        self.done: set[int] = set()  # batches made and handed to the writer
        self.mine: set[int] = set()  # batches this process took off the pipe
        self.begun: frozenset[int] | None = None  # the articles whose pages were handed over at once (``begin``)

    def begin(self, jobs: Sequence[Job], make: Callable[[int], bytes]) -> bool:
        """Fork the processes now, on every page of ``jobs``, while this one keys the pages (their batches and the
        pipe made, as :meth:`start` makes them); this one joins in at :meth:`start`. False when the pages are too
        few to share, or no pipe can be had."""
        count = processes(len(jobs), self.jobs)
        if count < 2:
            return False
        self.todo, self.make = list(jobs), make
        self.batches = batches(self.todo)
        if not self._fill():
            self.todo, self.batches = [], []
            return False
        self.begun = frozenset(index for index, _ in self.todo)
        try:
            self._fork(count - 1)
        except BaseException:
            self.stop()
            raise
        return True

    def later(self, index: int, path: str) -> bool:
        if self.begun is not None:
            return index in self.begun  # any other page is made where it comes
        self.todo.append((index, path))
        return True

    def stop(self) -> None:
        try:
            self._join(wait=False)
        finally:
            self._close()

    def start(self, make: Callable[[int], bytes]) -> None:
        """Make every page left: shared with forked processes when there are enough, else here, in order.

        A page that cannot be made raises the first such error in the pages' order, as one process does.
        """
        if self.begun is None:
            self.make = make
            self.batches = batches(self.todo)
        count = 1 if self.begun is not None else processes(len(self.todo), self.jobs)
        try:
            if count > 1 and self._fill():
                self._fork(count - 1)
            self._take_all()
        except BaseException:
            self._join(wait=False)
            raise
        finally:
            self._close()
        self._join(wait=True)
        for number in sorted(set(range(len(self.batches))) - self.done):  # all of them when none was shared
            self._make(number)
            self.done.add(number)
        # Every page made: what making them needed (``make`` holds the build's page context) is let go here, not
        # when the last reference to this object goes: a caller that keeps it would hold it past the pages, at the
        # build's peak (benchmarks/RESULTS.md, "An eleventh round").
        self.make, self.todo, self.batches = None, [], []

    def _close(self) -> None:
        if self.queue is not None:
            os.close(self.queue)
            self.queue = None

    def _fill(self) -> bool:
        """The pipe of the batches' numbers, written whole and closed for writing; False when none can be had."""
        try:
            reading, writing = os.pipe()
        except OSError:
            return False
        try:
            forks.write_all(writing, b"".join(n.to_bytes(TOKEN, "big") for n in range(len(self.batches))))
        finally:
            os.close(writing)
        self.queue = reading
        return True

    def _fork(self, count: int) -> None:
        self.writer.share()
        self.writer.expect(path for _, path in self.todo)  # the folders a forked process makes are known here
        _trim()  # memory freed and kept by the C heap is not handed down to be counted twice
        # The objects there are now are left out of the forked processes' collections, which would otherwise
        # write to each and so copy the memory they share with this process.
        gc.freeze()
        try:
            for _ in range(count):
                helper = self._helper()
                if helper is None:
                    return
                self.helpers.append(helper)
        finally:
            gc.unfreeze()

    def _helper(self) -> Helper | None:
        """A forked process making batches; None when one cannot be had."""
        try:
            records: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - kept by the Helper, which closes it
        except OSError:
            return None
        child = forks.start(lambda _says, _hears: self._child(records), told=False)
        if child is None:
            records.close()
            return None
        return Helper(child, records)

    def _take(self) -> int | None:
        """The number of the next batch no process has taken; None when none is left."""
        if self.queue is None:
            return None
        try:
            return int.from_bytes(forks.read_exactly(self.queue, TOKEN), "big")
        except EOFError:
            return None

    def _take_all(self) -> None:
        """Make batches here until none is left, or one fails (then it is made again after the others)."""
        try:
            while (number := self._take()) is not None:
                self.mine.add(number)
                self._make(number)
                self.done.add(number)
        except JiadingError:
            return

    def _make(self, number: int) -> None:
        assert self.make is not None  # set by start, before any batch
        for index, path in self.batches[number]:
            self.writer.put(path, self.make(index))

    def _child(self, records: BinaryIO) -> None:  # pragma: no cover - runs in a forked process
        """In a forked process: make batches until none is left, recording what each staged."""
        writer = self.writer
        writer.forked()
        handed: list[str] = []  # every temporary file handed over: removed if the parent is gone
        try:
            while (number := self._take()) is not None:
                if os.getppid() != self.parent:  # the build was stopped: nobody will put these files in place
                    for temp in handed:
                        with suppress(OSError):
                            Path(temp).unlink()
                    return
                self._make(number)
                files = writer.handed()
                handed += [temp for _, _, _, temp, _ in files if temp is not None]
                _record(records, (number, files))
        finally:
            writer.unstage()

    def _join(self, wait: bool) -> None:
        """Wait for each forked process (``wait``), else stop it; adopt what it handed over, and remove what it
        may have staged and not handed over when it did not finish."""
        failed = False
        for helper in self.helpers:
            try:
                if wait:
                    failed |= helper.child.wait() != 0
                else:
                    helper.child.close()
                    failed = True
                for number, files in _records(helper.records):
                    self.writer.adopt(files)
                    self.done.add(number)
            finally:
                helper.close()
        self.helpers.clear()
        if failed:
            for number in set(range(len(self.batches))) - self.done - self.mine:
                for _, path in self.batches[number]:
                    tempnames.remove_leftovers_of(self.writer.out / path)


def _trim() -> None:
    """Give back to the system the C heap's free memory at its top and in its free pages (glibc only)."""
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return


def _record(records: BinaryIO, record: tuple[int, object]) -> None:  # pragma: no cover - in a forked process
    data = dumps(record)
    records.write(len(data).to_bytes(8, "big") + data)
    records.flush()


def _records(records: BinaryIO) -> list[tuple[int, Any]]:
    """The whole records a forked process wrote, in order; a last one cut short is left out."""
    size = os.fstat(records.fileno()).st_size
    data = os.pread(records.fileno(), size, 0)
    found: list[tuple[int, Any]] = []
    at = 0
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 8], "big")
        if at + 8 + length > len(data):
            break
        try:
            number, files = SafeUnpickler(io.BytesIO(data[at + 8 : at + 8 + length])).load()
        except UNREADABLE:
            break
        found.append((number, files))
        at += 8 + length
    return found
