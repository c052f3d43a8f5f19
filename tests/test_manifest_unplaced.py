"""A build whose files went in place but whose manifest could not be put in place after them (an immutable
manifest, ``chattr +i``; an I/O error as it is renamed): the build fails in one line, and the next build still
knows those files for its own. A page it changed and no build makes any more (the article was deleted since) is
removed, never taken for a file changed by another hand and left published with a warning."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Site, cold_output, tree
from jiading_cli.content.layout import MANIFEST, PAGES_MANIFEST


def _refusing(monkeypatch: pytest.MonkeyPatch, names: set[str]) -> None:
    """The system refuses to rename anything onto a file called one of ``names``, as it refuses an immutable file."""
    real = os.replace

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.basename(os.fsdecode(target)) in names:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(target))
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize(
    ("command", "refused"),
    [
        (("build",), {MANIFEST}),
        (("build",), {PAGES_MANIFEST}),
        (("build",), {MANIFEST, PAGES_MANIFEST}),
        (("feed", "build"), {MANIFEST}),
    ],
)
def test_files_put_in_place_without_their_manifest_stay_the_builds_own(
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    command: tuple[str, ...],
    refused: set[str],
) -> None:
    site.article("a.md", tags="[finance]")
    site.article("b.md", title="Second", id="urn:uuid:00000000-0000-4000-8000-000000000002")
    assert site.run(*command).exit_code == 0
    article = site.root / "articles" / "a.md"
    article.write_text(article.read_text().replace("title: Financial", "title: New"))
    with monkeypatch.context() as patched:
        _refusing(patched, refused)
        failed = site.run(*command)
    assert failed.exit_code == 1
    first = sorted(refused)[0]
    assert f"Error: public/{first}: cannot replace: Operation not permitted\n" in failed.stderr
    assert "Traceback" not in failed.output
    article.unlink()  # its page and its tag's feeds, changed by the failed build, are no longer made
    again = site.run(*command)
    assert again.exit_code == 0, again.output
    assert "left in place" not in again.stderr
    assert again.stderr == ""
    got = tree(site.root / "public")
    assert not any(name.startswith("tags/finance/") for name in got)
    if command == ("build",):
        assert got == cold_output(site.root, tmp_path_factory.mktemp("cold") / "site")
    assert not [p for p in Path(site.root / "public").rglob("*") if p.name.endswith((".tmp", ".writing"))]


def test_a_file_first_put_by_a_build_without_its_manifest_is_made_again_by_the_next(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tag's page the failed build made first, which no manifest lists, is the build's own for the next build,
    never taken for a file of another hand in the way of the page it makes."""
    site.article("a.md")
    assert site.run("build").exit_code == 0
    article = site.root / "articles" / "a.md"
    article.write_text(article.read_text().replace("---\nBody", "tags: [parks]\n---\nBody"))
    with monkeypatch.context() as patched:
        _refusing(patched, {MANIFEST, PAGES_MANIFEST})
        assert site.run("build").exit_code == 1
    assert (site.root / "public" / "tags" / "parks" / "index.html").exists()
    article.write_text(article.read_text().replace("title: Financial", "title: New"))
    again = site.run("build")
    assert again.exit_code == 0, again.output
    assert again.stderr == ""
    assert b"New industry" in (site.root / "public" / "tags" / "parks" / "index.html").read_bytes()
