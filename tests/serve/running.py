"""The preview server in this process, for a block: of the test site built once without a problem
(:func:`previewing`), or of any session (:func:`serving`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jiading_cli.app import preview_http
from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from serve.site import NOW, site


@dataclass(frozen=True)
class Preview:
    """A preview server answering on loopback: its session and where it answers."""

    session: Session
    running: preview_http.Running

    @property
    def url(self) -> str:
        return self.running.url

    @property
    def host(self) -> str:
        return self.url.split("/")[2].split(":")[0]

    @property
    def port(self) -> int:
        return int(self.url.split("/")[2].split(":")[1])

    @property
    def root(self) -> Path:
        return self.session.config.root


def session_of(root: Path, env: dict[str, str] | None = None) -> Session:
    """A session of the site at ``root`` at the tests' fixed time, built once without a problem."""
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {} if env is None else env)
    assert not session.rebuild().problems
    return session


@contextmanager
def serving(session: Session) -> Iterator[Preview]:
    """``session`` served on loopback, on any free port, until the block ends."""
    running = preview_http.start(session, 0)
    try:
        yield Preview(session, running)
    finally:
        running.stop()


@contextmanager
def previewing(folder: Path) -> Iterator[Preview]:
    """The test site written into ``folder``, built once without a problem and served on loopback."""
    with serving(session_of(site(folder))) as preview:
        yield preview
