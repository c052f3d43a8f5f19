"""Rendering a full build's articles at once: stored HTML first, the rest shared with a second process.

After a cold load of a large site, making the feeds runs in one process while the other core waits;
Markdown is most of that work. Within :func:`helper`, a forked process waits for Markdown to render:
:func:`render_many` sends it every other article whose HTML is not stored, renders the rest here, and
stores all of it. The process is forked before the articles are loaded, so it holds only what was
imported by then (the Markdown parser included), not the site's articles; each request
carries its articles whole.

A helper that cannot be had, fails, exits or answers with anything but one string per article
costs time, never a result: what it did not render is rendered here. The HTML is the same either
way (``render.render_html`` in both processes, with the same code and config).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from jiading_cli.incremental import articles as cache
from jiading_cli.incremental import htmlstore

if TYPE_CHECKING:
    from pathlib import Path

    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

HELPER_FILES = range(1_000, 30_001)  # sites a helper is forked for, by article files
# Below, the Markdown of a cold build is too quick to share. Above, memory is what a build runs short
# of first, and a second process adds to the peak (the figures: benchmarks/RESULTS.md).
SHARED_MIN = 8  # renders worth sending to the helper
LENGTH = 8  # bytes of each message's length, big-endian, before the message


class _Helper:
    """A forked process rendering the articles it is sent; talked to through two pipes."""

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid, self.requests, self.replies = pid, requests, replies

    def send(self, articles: Sequence[Article]) -> bool:
        blob = pickle.dumps(list(articles), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(self.requests, len(blob).to_bytes(LENGTH, "big") + blob)
        except OSError:
            return False
        return True

    def receive(self, count: int) -> list[str] | None:
        """The HTML of the ``count`` articles last sent, in their order; None if it did not come whole."""
        try:
            size = int.from_bytes(_read_exactly(self.replies, LENGTH), "big")
            found = cache.SafeUnpickler(io.BytesIO(_read_exactly(self.replies, size))).load()
        except (OSError, EOFError, *cache.UNREADABLE):
            return None
        if not isinstance(found, list) or len(found) != count or not all(isinstance(h, str) for h in found):
            return None
        return found

    def close(self) -> None:
        """Stop the helper (it keeps nothing: whatever it rendered was sent) and let go of its pipes."""
        for end in (self.requests, self.replies):
            with suppress(OSError):
                os.close(end)
        if self.pid:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


_helper: _Helper | None = None


@contextmanager
def helper(config: Config, files: int) -> Iterator[None]:
    """Within the block, :func:`render_many` shares its work with a forked process, when that helps.

    Only for a site of ``HELPER_FILES`` article files with full-content feeds, on more than one CPU,
    with the site's cache on (HTML is stored there).
    """
    global _helper  # one helper at a time, seen by render_many
    wanted = config.feeds.content == "full" and files in HELPER_FILES and cache.enabled() and cache.jobs() > 1
    if _helper is not None or not wanted or not hasattr(os, "fork"):
        yield
        return
    _helper = _start(config)
    try:
        yield
    finally:
        started, _helper = _helper, None
        if started is not None:
            started.close()


def _start(config: Config) -> _Helper | None:
    from jiading_cli.content.markdown import load_parser

    load_parser()  # needed here too: imported once, before the fork, not once in each process
    try:
        requests, asked = os.pipe()
    except OSError:
        return None
    try:
        answered, replies = os.pipe()
    except OSError:
        for end in (requests, asked):
            os.close(end)
        return None
    try:
        pid = os.fork()
    except OSError:
        for end in (requests, asked, answered, replies):
            os.close(end)
        return None
    if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
        try:
            os.close(asked)
            os.close(answered)
            _serve(config, requests, replies)
        finally:
            os._exit(0)
    os.close(requests)
    os.close(replies)
    return _Helper(pid, asked, answered)


def _serve(config: Config, requests: int, replies: int) -> None:  # pragma: no cover - in the child
    """Render each list of articles that comes, until the pipe closes."""
    from jiading_cli.content.markdown import render_html

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops this process
    while True:
        try:
            size = int.from_bytes(_read_exactly(requests, LENGTH), "big")
        except EOFError:
            return
        articles = pickle.loads(_read_exactly(requests, size))  # noqa: S301 - from the parent, on its own pipe
        blob = pickle.dumps([render_html(config, article) for article in articles], protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(replies, len(blob).to_bytes(LENGTH, "big") + blob)


def render_many(config: Config, articles: Sequence[Article]) -> dict[str, str]:
    """Each article's rendered HTML by its path, as ``htmlstore.render_cached`` gives it, rendered once."""
    from jiading_cli.content.markdown import render_html

    if not cache.enabled():
        return {article.path: render_html(config, article) for article in articles}
    found: dict[str, str] = {}
    missing: list[tuple[Article, Path]] = []
    for article in articles:
        path, html = htmlstore.stored_html(config, article)
        if html is None:
            missing.append((article, path))
        else:
            found[article.path] = html
    shared = missing[1::2] if _helper is not None and len(missing) >= SHARED_MIN else []
    sent = bool(shared) and _helper is not None and _helper.send([article for article, _ in shared])
    own = missing[0::2] if sent else missing
    for article, _ in own:
        found[article.path] = render_html(config, article)
    if sent and _helper is not None:
        answers = _helper.receive(len(shared))
        for index, (article, _) in enumerate(shared):
            found[article.path] = render_html(config, article) if answers is None else answers[index]
    htmlstore.store_many([(path, found[article.path]) for article, path in missing])
    return found


def _read_exactly(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``; EOFError if it ends first."""
    parts: list[bytes] = []
    left = size
    while left:
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
