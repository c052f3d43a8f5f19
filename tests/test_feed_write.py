"""Writing feeds: a failure midway never leaves a truncated or half-updated set behind."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site, tree
from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.feeds import manifest, write

CHECKS = {"feed.xml": check_rss, "atom.xml": check_atom, "feed.json": check_json}


def fail_on_third(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = getattr(write, name)
    calls = []

    def flaky(*args: Path) -> object:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    monkeypatch.setattr(write, name, flaky)


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
    fail_on_third(monkeypatch, "_stage")
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert result.stderr == "Error: public/feed.json: cannot write: No space left on device\n"
    assert tree(site.root / "public") == before  # and no temporary file left behind


def test_a_rename_failing_midway_leaves_every_feed_whole(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.article()
    site.run("feed", "build")
    rebuild_with_new_title(site)
    real_commit = write._commit
    fail_on_third(monkeypatch, "_commit")
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert result.stderr == "Error: public/feed.json: cannot replace: No space left on device\n"
    after = tree(site.root / "public")
    assert not [name for name in after if name.endswith(".tmp")]
    for name, data in after.items():
        CHECKS.get(Path(name).name, lambda data: data)(data)
    assert b"New industry" in after["feed.xml"] and b"Financial industry" in after["feed.json"]
    monkeypatch.setattr(write, "_commit", real_commit)
    assert site.run("feed", "build").exit_code == 0
    assert b"New industry" in (site.root / "public" / "feed.json").read_bytes()


def test_a_corrupt_manifest_makes_the_build_remove_nothing(site: Site) -> None:
    article = site.article(tags="[finance]")
    site.run("feed", "build")
    (site.root / "public" / ".jiading-manifest.json").write_text("{not json")
    article.write_text(article.read_text().replace("tags: [finance]\n", ""))
    result = site.run("feed", "build")
    assert result.exit_code == 0
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
