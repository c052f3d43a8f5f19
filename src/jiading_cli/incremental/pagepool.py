"""Making a large build's article pages in two processes: every other page is made by a forked helper.

A cold ``jiading build`` spends most of its time making article pages (Markdown, the page's parts, the
template), one CPU busy while the other waits. Within :func:`helping`, a process forked before the
articles are loaded (so that it holds none of them, and a small share of the memory) waits for work:
the build hands it every other article page to make, in small batches, with the article and its
language versions, and takes each batch's pages back as it goes on with its own, writing them itself.

A helper that cannot be had, fails, exits or answers with anything but one page (or None) for each
article sent costs time, never a result: each page it did not make is made by the build. The bytes
are the same either way (``pages.build.article_page`` in both processes, with the same code, config
and Markdown renderer, ``markdown.render_html``).
"""

from __future__ import annotations

import pickle
import select
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jiading_cli.incremental import forks, keys
from jiading_cli.incremental.pickles import UNREADABLE, dumps, safe_loads

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.pages.build import Job, Shared

HELPER_FILES = range(1_000, 30_001)  # sites a helper is forked for, by article files
# Below, a first build is short. Above, memory is what a build runs short of first, and a second
# process adds to the peak.
MOST_WAITING = 32  # pages given and not sent yet: past that, the build makes its pages itself


class Pool:
    """The helper of one build, and the article pages given to it and not taken back yet.

    One batch is with the helper at a time: the pages given meanwhile wait, and go as the next batch as
    soon as the last one's pages are taken back. So the build never writes to the helper while the helper
    may be waiting to write to the build.
    """

    def __init__(self, helper: forks.Child) -> None:
        self.helper: forks.Child | None = helper
        self.waiting: list[Job] = []  # given, not sent yet
        self.sent: list[Job] = []  # sent, not answered yet
        self.turn = False

    def begin(self, shared: Shared) -> None:
        if not self._send(("site", shared)):
            self._stop()

    def give(self, job: Job) -> bool:
        """Every other page, while the helper is there and not too far behind."""
        self.turn = not self.turn
        if self.helper is None or not self.turn or len(self.waiting) >= MOST_WAITING:
            return False
        self.waiting.append(job)
        if not self.sent:
            self._flush()
        return True

    def made(self, wait: bool) -> list[tuple[Job, bytes | None]]:
        found: list[tuple[Job, bytes | None]] = []
        while self.helper is not None and self.sent and (wait or _ready(self.helper.hears)):
            found += self._take()
            if self.waiting:
                self._flush()
        if self.helper is None or wait:
            found += [(job, None) for job in [*self.sent, *self.waiting]]
            self.sent, self.waiting = [], []
        return found

    def _flush(self) -> None:
        self.sent, self.waiting = self.waiting, []
        if not self._send(("pages", self.sent)):
            self._stop()

    def _take(self) -> list[tuple[Job, bytes | None]]:
        """The batch's pages, as the helper answered (None for each when it did not answer whole)."""
        batch, self.sent = self.sent, []
        pages = _receive(self.helper, len(batch)) if self.helper is not None else None
        if pages is None:
            self._stop()
            return [(job, None) for job in batch]
        return list(zip(batch, pages, strict=True))

    def _send(self, message: tuple[str, object]) -> bool:
        if self.helper is None or self.helper.tells is None:
            return False
        try:
            forks.send(self.helper.tells, dumps(message))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):  # gone, or a value that cannot go
            return False
        return True

    def _stop(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None


def _ready(fd: int) -> bool:
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return True  # the read that follows finds out what is wrong


def _receive(helper: forks.Child, count: int) -> list[bytes | None] | None:
    try:
        found = safe_loads(forks.receive(helper.hears))
    except UNREADABLE:
        return None
    if not isinstance(found, list) or len(found) != count:
        return None
    if not all(page is None or isinstance(page, bytes) for page in found):
        return None
    return found


@contextmanager
def helping(config: Config, files: int) -> Iterator[Pool | None]:
    """A helper for the block, forked now (before the articles are loaded), when it can help: for a site
    of ``HELPER_FILES`` article files with pages, on more than one CPU."""
    wanted = config.pages.enabled and files in HELPER_FILES and keys.jobs() > 1 and forks.available()
    child = _start(config) if wanted else None
    pool = Pool(child) if child is not None else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool._stop()


def _start(config: Config) -> forks.Child | None:
    return forks.start(lambda says, hears: _serve(config, hears, says), told=True)


def _serve(config: Config, requests: int | None, replies: int) -> None:  # pragma: no cover - in the child
    """Make each batch of article pages that comes, until the pipe closes."""
    from jiading_cli.content.markdown import render_html
    from jiading_cli.pages.build import article_page
    from jiading_cli.pages.theme import theme

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops this process
    look = theme(config.root / config.pages.templates_dir)
    shared: Shared | None = None
    while requests is not None:
        try:
            kind, body = pickle.loads(forks.receive(requests))  # noqa: S301 - from the parent, on its own pipe
        except EOFError:
            return
        if kind == "site":
            shared = body
            continue
        made: list[bytes | None] = []
        for job in body:
            try:
                made.append(None if shared is None else article_page(shared, look, job, render_html))
            except Exception:  # noqa: BLE001 - the build makes this page itself, and reports what fails
                made.append(None)
        forks.send(replies, dumps(made))
