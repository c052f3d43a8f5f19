"""Progress on long work: a live display on a terminal; on a pipe or in CI nothing, unless --verbose."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from jiading_cli.app.progress import SILENT, Progress
from jiading_cli.cli.tables import in_ci, is_terminal

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class Steps:
    """--verbose where no live display can be drawn: one line on stderr as each step ends."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.done = 0
        self.started = time.perf_counter()

    def step(self, name: str, total: int | None = None) -> None:
        self.end()
        self.name, self.done, self.started = name, 0, time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self.done += count

    def end(self) -> None:
        if self.name is not None:
            items = f" ({self.done})" if self.done else ""
            sys.stderr.write(f"{self.name}{items}: {time.perf_counter() - self.started:.2f} s\n")
            sys.stderr.flush()
        self.name = None


class Live:
    """A rich progress display on stderr: the step, a bar when its size is known, and the time taken."""

    def __init__(self, display: RichProgress) -> None:
        self.display = display
        self.task: TaskID | None = None

    def step(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            finished = next(task for task in self.display.tasks if task.id == self.task)
            self.display.update(self.task, completed=finished.total or finished.completed)
            self.display.stop_task(self.task)
        self.task = self.display.add_task(name, total=total)

    def advance(self, count: int = 1) -> None:
        if self.task is not None:
            self.display.advance(self.task, count)


def _display(keep: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=not keep)


@contextmanager
def watching(quiet: bool, verbose: bool) -> Iterator[Progress]:
    """The progress to pass to a use case for this run."""
    live = is_terminal(sys.stderr) and not in_ci()
    if verbose and not live:
        steps = Steps()
        try:
            yield steps
        finally:
            steps.end()
        return
    if quiet or not live:
        yield SILENT
        return
    with _display(keep=verbose) as display:
        yield Live(display)
