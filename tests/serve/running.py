"""The preview server of the test site, running in this process for a block: its port."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jiading_cli.app import preview_http
from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from serve.site import NOW, site


@contextmanager
def previewing(folder: Path) -> Iterator[int]:
    """The test site written into ``folder``, built once without a problem and served on loopback; its port."""
    session = Session(load(site(folder)), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    running = preview_http.start(session, 0)
    try:
        yield int(running.url.split("/")[2].split(":")[1])
    finally:
        running.stop()
