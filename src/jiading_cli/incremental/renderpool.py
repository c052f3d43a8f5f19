"""Rendering a full build's articles at once: stored HTML first, the rest shared with a second process.

After a cold load of a large site, making the feeds runs in one process while the other core waits;
Markdown is most of that work. Within :meth:`Pool.helping`, a forked process waits for Markdown to
render: :meth:`Pool.many` sends it every other article whose HTML is not stored, renders the rest
here, and stores all of it. The process is forked before the articles are loaded, so it holds only
what was imported by then (the Markdown parser included), not the site's articles; each request
carries its articles whole.

A helper that cannot be had, fails, exits or answers with anything but one string per article
costs time, never a result: what it did not render is rendered here. The HTML is the same either
way (``markdown.render_html`` in both processes, with the same code and config).
"""

from __future__ import annotations

import pickle
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jiading_cli.incremental import forks, keys
from jiading_cli.incremental.htmlstore import HtmlStore
from jiading_cli.incremental.pickles import UNREADABLE, dumps, safe_loads

if TYPE_CHECKING:
    from pathlib import Path

    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

HELPER_FILES = range(1_000, 30_001)  # sites a helper is forked for, by article files
# Below, the Markdown of a cold build is short. Above, memory is what a build runs short of first,
# and a second process adds to the peak.
SHARED_MIN = 8  # renders worth sending to the helper


class Pool:
    """Rendered bodies for one run: from the HTML store, else rendered (shared with a helper when there is one)."""

    def __init__(self, config: Config, store: HtmlStore) -> None:
        self.config = config
        self.store = store
        self.helper: forks.Child | None = None

    def one(self, config: Config, article: Article) -> str:
        return self.store.render(config, article)

    @contextmanager
    def helping(self, files: int) -> Iterator[None]:
        """Within the block, :meth:`many` shares its work with a forked process, when that helps.

        Only for a site of ``HELPER_FILES`` article files with full-content feeds, on more than one CPU.
        """
        wanted = self.config.feeds.content == "full" and files in HELPER_FILES and keys.jobs() > 1
        if self.helper is not None or not wanted or not forks.available():
            yield
            return
        self.helper = _start(self.config)
        try:
            yield
        finally:
            started, self.helper = self.helper, None
            if started is not None:
                started.close()

    def many(self, config: Config, articles: Sequence[Article]) -> dict[str, str]:
        """Each article's rendered HTML by its path, as :meth:`one` gives it, rendered once."""
        from jiading_cli.content.markdown import render_html

        found: dict[str, str] = {}
        missing: list[tuple[Article, Path]] = []
        for article in articles:
            path, html = self.store.stored(article)
            if html is None:
                missing.append((article, path))
            else:
                found[article.path] = html
        shared = missing[1::2] if self.helper is not None and len(missing) >= SHARED_MIN else []
        sent = bool(shared) and self.helper is not None and _send(self.helper, [article for article, _ in shared])
        own = missing[0::2] if sent else missing
        for article, _ in own:
            found[article.path] = render_html(config, article)
        if sent and self.helper is not None:
            answers = _receive(self.helper, len(shared))
            for index, (article, _) in enumerate(shared):
                found[article.path] = render_html(config, article) if answers is None else answers[index]
        self.store.store_many([(path, found[article.path]) for article, path in missing])
        return found


def _send(helper: forks.Child, articles: Sequence[Article]) -> bool:
    if helper.tells is None:
        return False
    try:
        forks.send(helper.tells, dumps(list(articles)))
    except OSError:
        return False
    return True


def _receive(helper: forks.Child, count: int) -> list[str] | None:
    """The HTML of the ``count`` articles last sent, in their order; None if it did not come whole."""
    try:
        found = safe_loads(forks.receive(helper.hears))
    except UNREADABLE:
        return None
    if not isinstance(found, list) or len(found) != count or not all(isinstance(h, str) for h in found):
        return None
    return found


def _start(config: Config) -> forks.Child | None:
    from jiading_cli.content.markdown import load_parser

    load_parser()  # needed here too: imported once, before the fork, not once in each process
    return forks.start(lambda says, hears: _serve(config, hears, says), told=True)


def _serve(config: Config, requests: int | None, replies: int) -> None:  # pragma: no cover - in the child
    """Render each list of articles that comes, until the pipe closes."""
    from jiading_cli.content.markdown import render_html

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops this process
    while requests is not None:
        try:
            articles = pickle.loads(forks.receive(requests))  # noqa: S301 - from the parent, on its own pipe
        except EOFError:
            return
        forks.send(replies, dumps([render_html(config, article) for article in articles]))
