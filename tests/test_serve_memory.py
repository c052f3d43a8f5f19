"""A long `jiading serve` holds what one build does: its memory does not grow with the number of rebuilds."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from functools import cache, lru_cache
from pathlib import Path

from jiading_cli.app import serve
from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from serve.site import NOW, site

WARM = 20  # rebuilds before the first measure: every memo and store of a build in use
MEASURED = 40
BOUND = 48 * 1024  # bytes a session may gain over MEASURED rebuilds: what no build keeps is well under it


def traced_after_rebuilds(session: Session, article: Path, text: str, start: int, count: int) -> int:
    for n in range(start, start + count):
        article.write_text(text.replace("Text.", f"Text, edited {n} times: " + "word " * 200), encoding="utf-8")
        rebuilt = session.rebuild([article.name])
        assert not rebuilt.problems and rebuilt.changed, rebuilt
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_memory_does_not_grow_with_rebuilds(tmp_path: Path) -> None:
    """Measured over two runs of rebuilds one after the other: what is kept for each rebuild grows in both, a
    table of the interpreter's that doubles its size once (its interned strings) in one of them."""
    root = site(tmp_path)
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    article = next((root / "articles").rglob("park2.md"))
    text = article.read_text(encoding="utf-8")
    tracemalloc.start(1)
    try:
        first = traced_after_rebuilds(session, article, text, 0, WARM)
        second = traced_after_rebuilds(session, article, text, WARM, MEASURED)
        third = traced_after_rebuilds(session, article, text, WARM + MEASURED, MEASURED)
    finally:
        tracemalloc.stop()
    growth = min(second - first, third - second)
    assert growth < BOUND, f"{growth} bytes more after {MEASURED} rebuilds"


def test_release_forgets_bounded_memos_and_keeps_the_others() -> None:
    @lru_cache(maxsize=4)
    def bounded(n: int) -> int:
        return n

    @cache
    def constant(n: int) -> int:
        return n

    serve.bounded, serve.constant = bounded, constant  # type: ignore[attr-defined]  # as if defined there
    bounded.__module__ = constant.__module__ = serve.__name__
    try:
        bounded(1), constant(1)
        serve.release()
        assert (bounded.cache_info().currsize, constant.cache_info().currsize) == (0, 1)
    finally:
        del serve.bounded, serve.constant  # type: ignore[attr-defined]


def test_what_a_rebuild_kept_is_let_go_once_idle_or_before_the_next(tmp_path: Path) -> None:
    root = site(tmp_path)
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    assert session.held
    session.settle()
    assert not session.held and gc.get_freeze_count() == 0
    session.settle()  # nothing left to let go
    assert not session.rebuild().problems and session.held
