"""Writing feeds: a failure midway never leaves a truncated or half-updated set behind."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site, tree
from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.base import files
from jiading_cli.feeds import manifest, placing, write

CHECKS = {"feed.xml": check_rss, "atom.xml": check_atom, "feed.json": check_json}


def fail_on_third(monkeypatch: pytest.MonkeyPatch, name: str, module: ModuleType | type = write) -> None:
    real = getattr(module, name)
    calls = []

    def flaky(*args: Path) -> object:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    monkeypatch.setattr(module, name, flaky)


def rebuild_with_new_title(site: Site) -> None:
    article = site.root / "articles" / "a.md"
    article.write_text(article.read_text().replace("title: Financial", "title: New"))


def test_a_write_error_on_the_third_file_leaves_the_previous_feeds_intact(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.article()
    site.run("feed", "build")
    before = tree(site.root / "public")
    rebuild_with_new_title(site)
    fail_on_third(monkeypatch, "stage", files.Stager)  # each file the writer stages
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert result.stderr == "Error: public/feed.json: cannot write: No space left on device\n"
    assert tree(site.root / "public") == before  # and no temporary file left behind


def test_a_rename_failing_midway_leaves_every_feed_as_it_was(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The renames made before it are undone: the feeds are the last build's, every one whole, none left over."""
    site.article()
    site.run("feed", "build")
    before = tree(site.root / "public")
    rebuild_with_new_title(site)
    real_rename = placing._rename
    fail_on_third(monkeypatch, "_rename", placing)
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert result.stderr == "Error: public/feed.json: cannot replace: No space left on device\n"
    assert tree(site.root / "public") == before  # and no temporary file left behind
    monkeypatch.setattr(placing, "_rename", real_rename)
    assert site.run("feed", "build").exit_code == 0
    assert b"New industry" in (site.root / "public" / "feed.json").read_bytes()


def test_a_corrupt_manifest_makes_the_build_remove_nothing(site: Site) -> None:
    """Nor write anything: it is one line saying what to do (tests/test_manifest_damage.py)."""
    article = site.article(tags="[finance]")
    site.run("feed", "build")
    (site.root / "public" / ".jiading-manifest.json").write_text("{not json")
    article.write_text(article.read_text().replace("tags: [finance]\n", ""))
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert (site.root / "public" / "tags" / "finance" / "feed.xml").exists()


def test_a_manifest_never_leads_outside_the_output_folder(site: Site) -> None:
    site.article()
    victim = site.root / "articles" / "a.md"
    digest = manifest.digest(victim.read_bytes())
    (site.root / "public").mkdir()
    (site.root / "public" / ".jiading-manifest.json").write_text(f'{{"files": {{"../articles/a.md": "{digest}"}}}}')
    assert site.run("feed", "build").exit_code == 0
    assert victim.exists()


def test_written_feeds_are_readable_by_everyone(site: Site) -> None:
    site.article()
    site.run("feed", "build")
    assert (site.root / "public" / "feed.xml").stat().st_mode & 0o777 == 0o644


NAMES = st.text(st.characters(blacklist_categories=("Cs",)))  # a name with a lone surrogate is no file's


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(NAMES, NAMES), st.booleans())
def test_a_manifest_is_what_json_writes_with_an_indent_of_two(files: dict[str, str], preview: bool) -> None:
    data = {"generator": "jiading", "preview": preview, "files": dict(sorted(files.items()))}
    assert manifest.manifest_bytes(files, preview) == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def test_a_page_that_cannot_be_replaced_leaves_the_whole_site_as_it_was(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jiading build` puts its feeds in place, then its pages: a page the file system will not let be replaced (an
    immutable file) undoes the feeds' renames too, and the next build puts everything as a build from scratch."""
    site.article()
    assert site.run("build").exit_code == 0
    before = tree(site.root / "public")
    rebuild_with_new_title(site)
    real_rename = placing._rename

    def refused(temp: Path, target: Path) -> None:
        if target.name == "index.html" and target.parent.name == "en":
            raise OSError(errno.EPERM, "Operation not permitted")
        real_rename(temp, target)

    monkeypatch.setattr(placing, "_rename", refused)
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: public/en/index.html: cannot replace: Operation not permitted\n")
    assert tree(site.root / "public") == before  # every feed and page the last build's, nothing left over
    monkeypatch.setattr(placing, "_rename", real_rename)
    assert site.run("build").exit_code == 0
    again = tree(site.root / "public")
    (site.root / ".jiading-cache").rename(site.root / "cache-was")
    (site.root / "public").rename(site.root / "public-was")
    assert site.run("build").exit_code == 0
    assert tree(site.root / "public") == again
