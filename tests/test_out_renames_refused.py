"""`share --out` and `share --digest --out` write their files all or none, as the builds do, however the disk
fails: a rename the file system refuses as the files go in place (an immutable payload of the last run,
``chattr +i``; a folder made read-only meanwhile) undoes those made before it, so every payload is the last run's,
and a run that follows gives what a clean run gives."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import Site, tree

SECOND = "urn:uuid:00000000-0000-4000-8000-000000000002"


def _refusing_the(nth: int, monkeypatch: pytest.MonkeyPatch, under: Path) -> None:
    """The ``nth`` rename onto a payload's name under ``under`` is refused, as one onto an immutable file is."""
    real, calls, inside = os.replace, [0], os.fspath(under) + os.sep

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        name = os.path.abspath(os.fsdecode(target))
        if name.startswith(inside) and not name.endswith(".tmp"):
            calls[0] += 1
            if calls[0] == nth:
                raise OSError(errno.EPERM, os.strerror(errno.EPERM), name)
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def _retitle(site: Site) -> None:
    for name in ("a.md", "b.md"):
        article = site.root / "articles" / name
        article.write_text(article.read_text().replace("title: ", "title: New "))


@pytest.mark.parametrize("nth", [2, 4])
def test_a_payload_that_cannot_be_replaced_leaves_every_payload_as_it_was(
    site: Site, monkeypatch: pytest.MonkeyPatch, nth: int
) -> None:
    site.article("a.md")
    site.article("b.md", title="Second", id=SECOND)
    out = site.root / "out"
    assert site.run("share", "--out", "out").exit_code == 0
    before = tree(out)
    _retitle(site)
    with monkeypatch.context() as patched:
        _refusing_the(nth, patched, out)
        failed = site.run("share", "--out", "out")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("Error: out/en/")
    assert ": cannot write: Operation not permitted" in failed.stderr
    assert len(failed.stderr.splitlines()) == 1
    assert tree(out) == before  # every payload the last run's, no temporary file left
    assert site.run("share", "--out", "out").exit_code == 0
    again = tree(out)
    shutil.rmtree(out)
    assert site.run("share", "--out", "out").exit_code == 0
    assert tree(out) == again


def test_payloads_first_written_by_a_refused_run_are_all_removed(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Into a folder holding none of them: the ones put in place before the refused one go, and their folders."""
    site.article("a.md")
    site.article("b.md", title="Second", id=SECOND)
    (site.root / "out").mkdir()
    with monkeypatch.context() as patched:
        _refusing_the(4, patched, site.root / "out")
        assert site.run("share", "--out", "out").exit_code == 1
    assert list((site.root / "out").iterdir()) == []
