"""Builds writing into one output folder whose files go in place together: ``jiading build``'s feeds, and its
pages and assets, each under a manifest of its own.

Each build's :class:`~jiading_cli.feeds.write.Writer` stages its files; only when every one of them is written,
and every manifest staged, are they all renamed into place (:meth:`Joint.commit`). A failure before then (a full
disk, a file-size limit, a template's error, an asset in a page's place) leaves the output folder as it was:
every staged file is removed and nothing the last build left is touched. So does a file the file system will not
let be replaced as they go in place: the renames already made are undone (:mod:`.placing`). What a build records of
its files once they are in place (its ledger, its stored answer) is recorded by the functions given to
:meth:`Joint.then`, after the commit, so that nothing recorded speaks of files that never went in place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from jiading_cli.base import stops
from jiading_cli.feeds import mark as marks
from jiading_cli.feeds import placing
from jiading_cli.feeds.manifest import FeedWriteError
from jiading_cli.feeds.write import Outcome, Writer, Written


class Joint:
    """The output folder ``out``, locked while the block runs; its writers' files go in place together."""

    def __init__(self, out: Path, shown: Callable[[Path], str], manifests: Iterable[str]) -> None:
        self.out = out
        self.shown = shown
        self.manifests = tuple(manifests)  # of every writer to come: a killed build's leftovers go first
        self.stack = contextlib.ExitStack()
        self.held: list[Writer] = []  # writers whose files are staged, waiting for the commit
        self.after: list[tuple[Writer, Callable[[Outcome], object]]] = []
        self.before: list[tuple[Writer, Callable[[Outcome], object]]] = []

    def __enter__(self) -> Joint:
        with contextlib.ExitStack() as stack:
            stack.enter_context(marks.locked(self.out, self.shown))
            for manifest in self.manifests:  # before any writer stages a file its cleaning would take
                marks.tidy_held(self.out, manifest)
            self.stack = stack.pop_all()
        return self

    @stops.whole  # each held writer's clean-up, never one of them left undone
    def __exit__(
        self, kind: type[BaseException] | None, failure: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stack.__exit__(kind, failure, trace)  # each held writer removes what it staged, told how the build ended

    def writer(self, how: Written) -> Writer:
        """A writer under this lock, to be used as a context manager and handed to :meth:`commit`."""
        return Writer(self.out, how, held=True)

    def hold(self, how: Written, files: Iterable[tuple[str, bytes]], kept: dict[str, str] | None = None) -> Writer:
        """Stage ``files`` (relative path, bytes) for the commit; ``kept``: as for ``write_all``. Its
        ``ready()`` outcome says what will happen to each file."""
        writer = self.stack.enter_context(self.writer(how))
        writer.keep(kept or {})
        for name, data in files:
            writer.put(name, data)
        writer.ready()
        self.held.append(writer)
        return writer

    def then(self, writer: Writer, record: Callable[[Outcome], object]) -> None:
        """Once ``writer``'s files are in place, call ``record`` with its outcome (never when the commit fails)."""
        self.after.append((writer, record))

    def first(self, writer: Writer, record: Callable[[Outcome], object]) -> None:
        """Once every writer's files are written and before any goes in place, call ``record`` with what
        ``writer``'s commit will do (its ``ready()`` outcome); an error it raises puts nothing in place."""
        self.before.append((writer, record))

    def commit(self, *writers: Writer) -> list[Outcome]:
        """Put the files of every held writer and of ``writers`` in place, once all of them are written; the
        outcomes of ``writers``. A file that cannot be put in place undoes every writer's renames (``placing``): the
        output folder is as it was. A file the last build wrote that could not be removed is an error line, after
        every file is in place, and nothing is recorded."""
        every = [*self.held, *writers]
        for writer in every:
            writer.ready()
        for writer, record in self.before:
            record(writer.ready())
        try:
            for writer in every:
                writer.place()
        except FeedWriteError as exc:  # one file could not be put in place: every writer's are undone
            undone = [line for writer in reversed(every) for line in writer.undo()]
            raise FeedWriteError(*exc.lines(), *undone) from None
        for writer in every:  # all in place: the files they replaced go, whatever a writer's finish then meets
            writer.left |= not placing.settle(writer.moved)
        outcomes: dict[int, Outcome] = {}
        failures: list[str] = []
        for writer in every:
            try:
                outcomes[id(writer)] = writer.finish()
            except FeedWriteError as exc:
                if not writer.committed:
                    raise
                failures += exc.lines()
        if failures:
            raise FeedWriteError(*failures)
        for writer, record in self.after:
            record(outcomes[id(writer)])
        return [outcomes[id(writer)] for writer in writers]
