"""A whole-site run reuses its last answer only while nothing it read has changed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import CONFIG, OTHER_ID, Site, front, settle, untimed


def age(root: Path) -> None:
    """Make every file look an hour old, as files are between two real runs."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        if ".jiading-cache" not in path.parts and path.is_file():
            os.utime(path, (past, past))


def build(site: Site, now: str = "2026-11-27T12:00:00+08:00") -> str:
    result = site.run("feed", "build", "--now", now)
    assert result.exit_code == 0, result.output
    return result.stdout


def feeds(root: Path) -> dict[str, bytes]:
    public = root / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}


def cold(site: Site, tmp_path: Path, now: str = "2026-11-27T12:00:00+08:00") -> dict[str, bytes]:
    """The feeds a fresh copy of the site builds, with no cache and no stored answer."""
    copy = tmp_path / "cold"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    result = site.run("--config", str(copy / "jiading.toml"), "feed", "build", "--now", now)
    assert result.exit_code == 0, result.output
    return feeds(copy)


def prepared(site: Site) -> None:
    site.article("a.md", slug="a", tags="[finance]", body="See [the report](report.pdf).\n")
    site.write("articles/report.pdf", "pdf")
    age(site.root)
    build(site)
    assert (site.root / ".jiading-cache/memo-feed-build.pickle").is_file()


def test_an_unchanged_site_is_answered_from_the_stored_build(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared(site)
    first = feeds(site.root)

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored answer should have been used")

    with monkeypatch.context() as patch:
        patch.setattr("jiading_cli.app.validate.validate", no_validation)
        output = build(site)
    assert "0 new, 0 changed, 9 unchanged, 0 removed" in output
    assert feeds(site.root) == first == cold(site, tmp_path)


def test_an_edited_article_is_built_again(site: Site, tmp_path: Path) -> None:
    prepared(site)
    site.article("a.md", slug="a", title="A new headline", tags="[finance]", body="See [the report](report.pdf).\n")
    assert "changed" in build(site).split("unchanged")[0]
    assert b"A new headline" in (site.root / "public/feed.xml").read_bytes()
    assert feeds(site.root) == cold(site, tmp_path)


def test_an_added_article_and_a_changed_config_are_built_again(site: Site, tmp_path: Path) -> None:
    prepared(site)
    site.article("b.md", id=OTHER_ID, slug="b", title="Second")
    age(site.root)
    assert b"Second" in (build(site) and (site.root / "public/feed.xml").read_bytes())
    site.write("jiading.toml", CONFIG.replace("Invest in Jiading", "Jiading News"))
    age(site.root)
    build(site)
    assert b"Jiading News" in (site.root / "public/feed.xml").read_bytes()
    assert feeds(site.root) == cold(site, tmp_path)


def test_a_deleted_or_edited_feed_file_is_written_again(site: Site) -> None:
    prepared(site)
    first = feeds(site.root)
    (site.root / "public/atom.xml").unlink()
    (site.root / "public/feed.json").write_text("{}", encoding="utf-8")
    output = build(site)
    assert "public/atom.xml" in output and "public/feed.json" in output
    assert feeds(site.root) == first


@pytest.mark.parametrize("edit", [False, True])
def test_a_feed_file_changed_by_another_hand_while_a_build_runs_is_written_again_by_the_next(
    site: Site, monkeypatch: pytest.MonkeyPatch, edit: bool
) -> None:
    """The stored answer holds each feed file's stat as the build wrote it or found it as it should be, not a
    later look: one changed after that (here, just before the answer is stored) is written by the next build."""
    from jiading_cli.incremental.avoidance import Memo

    prepared(site)
    first = feeds(site.root)
    article = site.root / "articles/a.md"
    if edit:  # the feeds are written again, else (the article's bytes the same) found as they should be
        article.write_text(front(slug="a", title="Edited title") + "Body.\n")
    else:
        article.write_bytes(article.read_bytes())
    age(site.root)
    remember = Memo.remember
    atom = site.root / "public/atom.xml"

    def meddled(self: Memo, *args: Any, **kwargs: Any) -> None:
        atom.write_text("<feed/>", encoding="utf-8")
        remember(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Memo, "remember", meddled)
        build(site)
    assert atom.read_text(encoding="utf-8") == "<feed/>"
    assert "public/atom.xml" in build(site)
    assert atom.read_bytes() != b"<feed/>" and (edit or feeds(site.root) == first)


def test_a_scheduled_article_appears_when_its_time_comes(site: Site, tmp_path: Path) -> None:
    site.article("a.md", slug="a")
    site.article("b.md", id=OTHER_ID, slug="b", title="Scheduled one", date="2026-12-01T09:00:00+08:00")
    age(site.root)
    build(site)
    build(site)
    assert b"Scheduled one" not in (site.root / "public/feed.xml").read_bytes()
    build(site, now="2026-12-02T00:00:00+08:00")
    assert b"Scheduled one" in (site.root / "public/feed.xml").read_bytes()
    assert feeds(site.root) == cold(site, tmp_path, now="2026-12-02T00:00:00+08:00")


def test_a_file_an_article_names_is_checked_even_when_nothing_else_changed(site: Site) -> None:
    prepared(site)
    stored = site.run("validate")
    assert untimed(site.run("validate").stdout) == untimed(stored.stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"
    (site.root / "articles/report.pdf").unlink()
    result = site.run("validate")
    assert result.exit_code == 1
    assert "JD162 body: expected the linked file to exist, got 'report.pdf'" in result.stdout


def test_files_changed_moments_ago_are_never_trusted_to_stat(site: Site) -> None:
    site.article("a.md", slug="a")
    build(site)
    assert not (site.root / ".jiading-cache/memo-feed-build.pickle").exists()


def test_a_corrupt_store_means_a_full_build(site: Site, tmp_path: Path) -> None:
    prepared(site)
    (site.root / ".jiading-cache/memo-feed-build.pickle").write_bytes(b"\x80\x05not a store")
    assert "9 unchanged" in build(site)
    assert feeds(site.root) == cold(site, tmp_path)


def test_a_store_with_one_letter_changed_means_a_full_build(site: Site, tmp_path: Path) -> None:
    prepared(site)
    store = site.root / ".jiading-cache/memo-feed-build.pickle"
    data = store.read_bytes()
    assert b"rss" in data
    store.write_bytes(data.replace(b"rss", b"rsS"))  # the format column: still unpickles, to a wrong table
    output = build(site)
    assert "rsS" not in output and "\trss\t" in output
    assert feeds(site.root) == cold(site, tmp_path)


def test_the_files_a_stored_answer_wrote_are_known_unchanged_one_by_one(site: Site, tmp_path: Path) -> None:
    """What an incremental page build takes as in place without a stat of its own: each output with the stat
    the stored answer recorded; a file changed since is left out, the others are still vouched for."""
    import datetime as dt

    from jiading_cli.config import load_config
    from jiading_cli.incremental.avoidance import Memo, inputs

    config = load_config(site.root)
    article = site.article()
    first, second = tmp_path / "one.html", tmp_path / "two.html"
    first.write_text("one")
    second.write_text("two")
    settle(site.root)  # nothing changed too recently for the answer to be stored
    assert article.exists()
    memo = Memo(config, "test", inputs(config, "test", (), [str(article)]))
    memo.remember(dt.datetime.now(dt.UTC), (None, None), [], [str(first), str(second)], "answer")
    found = memo.outputs_as_left()
    stats = {str(p): p.stat() for p in (first, second)}
    assert found == {p: (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino) for p, s in stats.items()}
    second.write_text("changed")
    assert set(memo.outputs_as_left()) == {str(first)}
    (site.root / ".jiading-cache" / "memo-test.pickle").write_bytes(b"\x80junk")
    assert Memo(config, "test", memo.state).outputs_as_left() == {}  # the next run's, which reads it again
