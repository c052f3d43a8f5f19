"""A failed rebuild says "the preview shows the last good build" exactly when that build's folder stands: the
folder's identity is its place, its inode and the manifest the build renamed into it, never its change time,
which the failed rebuild's own traces (its mark of writing, made and removed on a full disk) or a chmod move
while the last good build stands whole; a folder made anew in its place, or its manifest gone, is no good build."""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from serve.site import NOW, site


@contextmanager
def _file_size_limit(most: int) -> Iterator[None]:
    """Every write of this process past ``most`` bytes of a file fails (EFBIG), as on a full disk."""
    before = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (most, before[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)
        signal.signal(signal.SIGXFSZ, handler)


def _session(root: Path) -> tuple[Session, Path, str]:
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    article = next((root / "articles").rglob("park2.md"))
    return session, article, article.read_text(encoding="utf-8")


def _chmod(folder: Path) -> None:
    folder.chmod(0o700)


def _folder_made_anew(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.mkdir()


def _manifest_gone(folder: Path) -> None:
    (folder / ".jiading-manifest.json").unlink()


# What is done to the preview folder before a rebuild that fails, and whether the last good build then stands.
DONE: dict[str, tuple[Callable[[Path], None], bool]] = {
    "nothing": (lambda folder: None, True),
    "its mode changed": (_chmod, True),
    "a file put in it and removed": (lambda folder: (folder / "x").touch() or (folder / "x").unlink(), True),
    "made anew": (_folder_made_anew, False),
    "its manifest removed": (_manifest_gone, False),
}


@pytest.mark.parametrize("done", sorted(DONE))
def test_a_failed_rebuild_says_the_last_good_build_exactly_when_it_stands(tmp_path: Path, done: str) -> None:
    session, article, good = _session(site(tmp_path))
    action, stands = DONE[done]
    action(session.folder)
    article.write_text(good.replace("date: 2017", "date: May 2017"), encoding="utf-8")
    failed = session.rebuild()
    assert failed.problems and failed.built == stands
    assert not failed.built or (session.folder / "index.html").is_file()  # what it says is what is served


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="no file-size limit here")
def test_a_rebuild_that_cannot_write_keeps_the_last_good_build(tmp_path: Path) -> None:
    """The full disk's case: the rebuild makes its mark of writing in the folder, cannot write it, removes it."""
    session, article, good = _session(site(tmp_path))
    before = {path: path.read_bytes() for path in session.folder.rglob("*") if path.is_file()}
    article.write_text(good + "\nOne more line.\n", encoding="utf-8")
    with _file_size_limit(1):
        failed = session.rebuild()
    assert failed.problems and "cannot write" in failed.problems[0], failed.problems
    assert failed.built  # "the preview shows the last good build", which it does
    assert {path: path.read_bytes() for path in session.folder.rglob("*") if path.is_file()} == before
    assert not session.rebuild().problems and os.path.isdir(session.folder)
