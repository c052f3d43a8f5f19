"""Rendering many articles' Markdown on two cores before a cold build of full-content feeds.

When at least :data:`PARALLEL_MIN` bodies are missing from the HTML cache, more than one process
is allowed (``cache.jobs()``: ``JIADING_JOBS``, default one per CPU) and the cache is on, one child is forked: it
renders every other missing body into the cache (``cache.render_cached``) and exits with
``os._exit``, never writing a feed file, never running exit handlers or flushing this process's
output. This process renders the rest meanwhile, then waits for the child. The feeds are then built
as usual: what the child rendered is a cache hit (each entry is checked), and whatever it did not
render, because it failed or was killed, is rendered then. A failure costs time, never a result.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from jiading_cli import cache
from jiading_cli.article import Article
from jiading_cli.config import Config
from jiading_cli.feeds.items import Renderer

PARALLEL_MIN = 64


def cached(config: Config, article: Article) -> bool:
    """Whether ``cache.render_cached`` has an entry for the article (where it keeps them: ``html/{key}.html``)."""
    return (cache.folder(config) / "html" / f"{cache.html_key(config, article)}.html").is_file()


def _store(config: Config, article: Article) -> None:
    """What the child does for each article: render it into the cache."""
    cache.render_cached(config, article)


def _child(config: Config, articles: Sequence[Article]) -> None:
    """In the forked process: fill the cache, then leave at once, whatever happened."""
    code = 1
    try:
        gc.disable()  # short-lived: the collector would only copy the parent's pages
        for article in articles:
            _store(config, article)
        code = 0
    finally:
        os._exit(code)  # no exit handlers, no second flush of the parent's buffers, no return into the build


def prerender(config: Config, articles: Sequence[Article]) -> Renderer | None:
    """Render the bodies ``articles`` need on two cores when it pays; the renderer to build with, or None.

    The renderer returned answers from what this process rendered and from the cache otherwise.
    """
    if not cache.enabled() or sys.platform != "linux" or not hasattr(os, "fork") or cache.jobs() < 2:
        return None
    unique = list({id(a): a for a in articles}.values())
    missing: list[Article] = []
    for seen, article in enumerate(unique):
        if len(missing) + len(unique) - seen < PARALLEL_MIN:
            return None  # the minimum is out of reach: a warm build stops checking early
        if not cached(config, article):
            missing.append(article)
    if len(missing) < PARALLEL_MIN:
        return None
    theirs, ours = missing[1::2], missing[0::2]  # interleaved: long and short bodies on both sides
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; coverage does not follow it
        _child(config, theirs)
    done: dict[int, str] = {}
    try:
        for article in ours:
            done[id(article)] = cache.render_cached(config, article)
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:  # failed or killed: render its part here (what it stored is a hit)
        for article in theirs:
            done[id(article)] = cache.render_cached(config, article)

    def render(config: Config, article: Article) -> str:
        html = done.get(id(article))
        return html if html is not None else cache.render_cached(config, article)

    return render
