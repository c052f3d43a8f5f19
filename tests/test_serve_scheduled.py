"""The preview shows a scheduled article as out once its time comes, with no file changed.

`serve` rebuilt only when a file changed: an article scheduled for 09:00 stayed "[scheduled]" in the preview's feeds
and marked so in its pages for as long as nothing was edited, while `build` run then would publish it. The session
now knows between which moments what it shows holds (`incremental.avoidance.window`) and rebuilds once the clock
leaves them, once: a rebuild after it shows the moment's state, and the next turn is the one after.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from jiading_cli.app.serve import Rebuilt, Session, watch
from jiading_cli.app.settings import load
from serve.site import NOW, SCHEDULED_PAGE, site

DUE = "2026-12-20T09:00:00+08:00"  # the forum's date


def _until(condition: object, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_a_scheduled_article_is_shown_out_once_its_time_comes_and_rebuilt_once(tmp_path: Path) -> None:
    root = site(tmp_path)
    now = [dt.datetime.fromisoformat(NOW)]
    session = Session(load(root), lambda: now[0], {})
    batches = [0]

    def quiet(*_: object, stop_event: threading.Event, **__: object) -> Iterator[set[tuple[object, str]]]:
        """The system's watcher with nothing to tell: an empty batch now and then, as watchfiles yields one."""
        while not stop_event.is_set():
            batches[0] += 1
            yield set()
            time.sleep(0.01)

    told: list[Rebuilt] = []
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(session, told.append, ready.set, stop, print, quiet), daemon=True)
    thread.start()
    try:
        assert ready.wait(60)
        first = len(told)  # the first build, told when it wrote files
        feed = session.folder / "feed.xml"
        assert "[scheduled] Investment forum" in feed.read_text(encoding="utf-8")
        assert "scheduled" in session.index.marks.values()
        seen = batches[0]
        assert _until(lambda: batches[0] > seen + 5)
        assert len(told) == first  # nothing changed, and no time came: no rebuild
        now[0] = dt.datetime.fromisoformat(DUE)
        assert _until(lambda: len(told) == first + 1)
        assert not told[-1].problems and told[-1].changed
        assert "[scheduled]" not in feed.read_text(encoding="utf-8")
        assert "<title>Investment forum</title>" in feed.read_text(encoding="utf-8")
        page = next(p for p in session.index.pages.values() if p.href and p.article.slug == "forum")
        assert page.status == "published" and "scheduled" not in session.index.marks.values()
        assert (session.folder / SCHEDULED_PAGE.strip("/") / "index.html").is_file()
        seen = batches[0]
        assert _until(lambda: batches[0] > seen + 5)
        assert len(told) == first + 1  # once: the time that came is behind the rebuild's own moment
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
