"""Incremental feed builds: starting from the ledger, a build writes exactly the files of a cold build."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.app import feeds as run
from jiading_cli.incremental.ledger import delta, table
from jiading_cli.incremental.ledger import store as record
from jiading_cli.incremental.ledger.table import Table, key_table, pair_table
from tinyimages import png_bytes, write_image

NOW = "2026-11-27T12:00:00+08:00"
CONFIG_EXTRA = '\n[feeds]\nlimit = 3\ncontent = "full"\n'
ID = "urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"


def article(site: Site, n: int, *, tags: str = "[finance, parks]", extra: str = "", lang: str = "en") -> Path:
    day = f"2021-{5 + (n - 1) // 28:02d}-{1 + (n - 1) % 28:02d}"
    front = (
        f"---\nid: {ID.format(n=n)}\ntitle: Park {n} opens\ndate: {day}T09:30:00+08:00\n"
        f"summary: Park {n} opens in Jiading.\ntags: {tags}\ncategory: {'Investment' if n % 2 else 'Industry'}\n"
        f"lang: {lang}\nslug: park-{n}\n{extra}---\n"
    )
    return site.write(f"articles/{lang}/park-{n}.md", front + f"Jiading opens park {n}.\n\n![Plan](../plan.png)\n")


def age(root: Path) -> None:
    """Every file an hour old, as files are between two real runs."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        if ".jiading-cache" not in path.parts and path.is_file():
            os.utime(path, (past, past))


@pytest.fixture
def full_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the builds that validated every article instead of starting from the ledger."""
    calls: list[int] = []
    full = run._full

    def counted(*args: object, **kwargs: object) -> run.Result:
        calls.append(1)
        return full(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "_full", counted)
    return calls


def write_news(site: Site) -> None:
    """Twelve articles in two languages, one a draft, one translated."""
    (site.root / "jiading.toml").write_text((site.root / "jiading.toml").read_text() + CONFIG_EXTRA)
    write_image(site.root / "articles/plan.png")
    for n in range(1, 11):
        article(site, n, tags="[finance, talent]" if n in (6, 9) else "[finance, parks]")
    article(site, 11, extra="draft: true\n")
    article(site, 12, lang="zh-CN", extra=f"translations: {{en: '{ID.format(n=9)}'}}\n")


@pytest.fixture
def news(site: Site) -> Site:
    """:func:`write_news`'s site, built once, then aged."""
    write_news(site)
    age(site.root)
    assert site.run("feed", "build", "--now", NOW).exit_code == 0
    return site


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(site: Site, tmp_path: Path, now: str = NOW) -> dict[str, bytes]:
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    off = {"JIADING_CACHE": "off"}
    result = site.run("--config", str(copy / "jiading.toml"), "feed", "build", "--now", now, env=off)
    assert result.exit_code == 0, result.output
    return files(copy / "public")


def build(site: Site, now: str = NOW) -> str:
    result = site.run("feed", "build", "--now", now)
    assert result.exit_code == 0, result.output
    return result.stdout


def edit(site: Site, n: int, old: str, new: str, lang: str = "en") -> None:
    path = site.root / "articles" / lang / f"park-{n}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


INCREMENTAL: dict[str, Callable[[Site], object]] = {
    "an edited body": lambda s: edit(s, 10, "Jiading opens", "Jiading has opened"),
    "an edited title": lambda s: edit(s, 9, "title: Park 9 opens", "title: Park nine opens"),
    "an added newest article": lambda s: article(s, 13),
    "an added article too old for any feed": lambda s: edit_date(article(s, 14), "2019-01-01"),
    "a deleted article in the feeds": lambda s: (s.root / "articles/en/park-8.md").unlink(),
    "a renamed article": lambda s: (s.root / "articles/en/park-3.md").rename(s.root / "articles/en/three.md"),
    "a new tag": lambda s: edit(s, 7, "tags: [finance, parks]", "tags: [finance, parks, Metro Line]"),
    "a tag dropped": lambda s: edit(s, 10, "tags: [finance, parks]", "tags: [finance]"),
    "an article made a draft": lambda s: edit(s, 10, "slug: park-10\n", "slug: park-10\ndraft: true\n"),
    "a draft published": lambda s: edit(s, 11, "draft: true\n", ""),
    "an article moved to the front": lambda s: edit(s, 6, "2021-05-06", "2021-06-30"),
    "the oldest of a group edited": lambda s: edit(s, 1, "Jiading opens", "Jiading has opened"),
    "a changed id": lambda s: edit(s, 2, ID.format(n=2), ID.format(n=40)),
    "a changed slug": lambda s: edit(s, 5, "slug: park-5", "slug: park-five"),
    "a translated article edited": lambda s: edit(s, 12, "Jiading opens", "Jiading has opened", "zh-CN"),
    "a touched, unchanged article": lambda s: (s.root / "articles/en/park-5.md").touch(),
    "a new spelling of a tag": lambda s: edit(s, 4, "tags: [finance, parks]", "tags: [Finance, parks]"),
    "a Chinese tag": lambda s: edit(s, 12, "tags: [finance, parks]", "tags: [finance, 金融]", "zh-CN"),
    "a translated-to article's body edited": lambda s: edit(s, 9, "Jiading opens", "Jiading has opened"),
}


def edit_date(path: Path, day: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("2021-05-14", day), encoding="utf-8")


@pytest.mark.parametrize("change", INCREMENTAL, ids=list(INCREMENTAL))
def test_a_build_after_a_change_starts_from_the_ledger_and_writes_a_cold_builds_files(
    news: Site, tmp_path: Path, full_builds: list[int], change: str
) -> None:
    INCREMENTAL[change](news)
    build(news)
    assert full_builds == []
    assert files(news.root / "public") == cold(news, tmp_path)


def test_changes_one_after_another_keep_matching_a_cold_build(
    news: Site, tmp_path: Path, full_builds: list[int]
) -> None:
    for name, change in INCREMENTAL.items():
        change(news)
        build(news)
        assert full_builds == [], name
        assert files(news.root / "public") == cold(news, tmp_path), name
        full_builds.clear()  # the cold build just counted


FULL: dict[str, Callable[[Site], object]] = {
    "the oldest of a group deleted": lambda s: (s.root / "articles/en/park-1.md").unlink(),
    "a translated-to article given another URL": lambda s: edit(s, 9, "slug: park-9", "slug: park-nine"),
    "an image changed": lambda s: (s.root / "articles/plan.png").write_bytes(png_bytes(2, 2)),
    "a changed config": lambda s: (s.root / "jiading.toml").write_text(
        (s.root / "jiading.toml").read_text().replace("limit = 3", "limit = 2")
    ),
    "a deleted feed file": lambda s: (s.root / "public/feed.xml").unlink(),
    "a hand-edited feed file": lambda s: (s.root / "public/atom.xml").write_text("<feed/>"),
    "a corrupt ledger": lambda s: [edit_body(s), *(p.write_bytes(b"\x80junk") for p in ledgers(s))],
    "no ledger": lambda s: [edit_body(s), *(p.unlink() for p in ledgers(s))],
    "a truncated ledger": lambda s: [edit_body(s), *(p.write_bytes(p.read_bytes()[:-100]) for p in ledgers(s))],
    "a letter changed in the ledger's file names": lambda s: [
        edit_body(s),
        *(changed(p, b"park-", b"pork-") for p in ledgers(s)),
    ],
    "a letter changed in a ledger's item": lambda s: [
        edit_body(s),
        *(changed(p, b"Jiading", b"Jiadinh") for p in ledgers(s)),
    ],
    "four in five articles deleted": lambda s: delete_most(s),
    # the article it names lists it as its version in that language: that article's item changes too
    "an added translation into another language than its key": lambda s: article(
        s, 15, lang="zh-CN", extra=f"translations: {{fr: '{ID.format(n=4)}'}}\n"
    ),
    "a translation dropped": lambda s: edit(s, 12, f"translations: {{en: '{ID.format(n=9)}'}}\n", "", "zh-CN"),
}


def edit_body(site: Site) -> None:
    edit(site, 10, "Jiading opens", "Jiading has opened")


def changed(path: Path, old: bytes, new: bytes) -> None:
    """A letter changed where a pickle or table still reads: only the ledger's checks can tell."""
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def ledgers(site: Site) -> list[Path]:
    return sorted((site.root / ".jiading-cache").glob("ledger-*"))


def delete_most(site: Site) -> None:
    for path in sorted((site.root / "articles/en").glob("park-*.md"))[:8]:
        path.unlink()
    (site.root / "articles/zh-CN/park-12.md").unlink()


@pytest.mark.parametrize("change", FULL, ids=list(FULL))
def test_a_change_the_ledger_cannot_follow_means_a_full_build_with_the_same_files(
    news: Site, tmp_path: Path, full_builds: list[int], change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if change == "four in five articles deleted":
        monkeypatch.setattr(delta, "MAX_CHANGES", 5)
    FULL[change](news)
    build(news)
    assert full_builds == [1]
    assert files(news.root / "public") == cold(news, tmp_path)


def test_an_error_in_a_changed_article_is_reported_by_a_full_validation(news: Site, full_builds: list[int]) -> None:
    edit(news, 10, "date: 2021-05-10T09:30:00+08:00", "date: 10/05/2021")
    result = news.run("feed", "build", "--now", NOW)
    assert result.exit_code == 1
    assert "articles/en/park-10.md:4: error JD" in result.output
    assert full_builds == [1]


def test_a_deleted_article_a_translation_points_at_is_reported(news: Site, full_builds: list[int]) -> None:
    (news.root / "articles/en/park-9.md").unlink()
    result = news.run("feed", "build", "--now", NOW)
    assert result.exit_code == 1
    assert "articles/zh-CN/park-12.md:10: error JD131" in result.output
    assert full_builds == [1]


def test_an_added_article_with_a_taken_id_is_reported_by_a_full_validation(news: Site, full_builds: list[int]) -> None:
    news.write("articles/en/copy.md", (news.root / "articles/en/park-3.md").read_text().replace("park-3", "copy"))
    result = news.run("feed", "build", "--now", NOW)
    assert result.exit_code == 1
    assert "JD121" in result.output
    assert full_builds == [1]


def test_when_a_scheduled_article_falls_due_the_build_is_full(
    news: Site, tmp_path: Path, full_builds: list[int]
) -> None:
    article(news, 16)
    edit(news, 16, "2021-05-16T09:30:00+08:00", "2027-01-01T09:30:00+08:00")
    build(news)
    assert full_builds == []
    later = "2027-02-01T12:00:00+08:00"
    build(news, later)
    assert full_builds == [1]
    assert files(news.root / "public") == cold(news, tmp_path, later)


def test_the_warning_count_follows_the_changed_articles(news: Site) -> None:
    long = "x" * 400
    edit(news, 10, "summary: Park 10 opens in Jiading.", f"summary: {long}")
    first = news.run("feed", "build", "--now", NOW)
    edit(news, 9, "summary: Park 9 opens in Jiading.", f"summary: {long}")
    second = news.run("feed", "build", "--now", NOW)
    assert "Warning: 1 warning in articles" in first.stderr
    assert "Warning: 2 warnings in articles" in second.stderr


def test_an_incremental_build_does_not_count_suppressed_warnings(news: Site, full_builds: list[int]) -> None:
    long = "x" * 400
    edit(news, 10, "summary: Park 10 opens in Jiading.", f"summary: {long}\njiading: {{ignore: [JD151]}}")
    edit(news, 9, "T09:30:00+08:00", "T09:30:00  # jiading: ignore JD110")
    result = news.run("feed", "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert full_builds == []
    assert "Warning" not in result.stderr


def test_an_added_article_that_may_suppress_a_cross_article_warning_is_left_to_a_full_build(
    news: Site, full_builds: list[int]
) -> None:
    extra = f"translations: {{fr: '{ID.format(n=4)}'}}\njiading: {{ignore: [JD132]}}\n"
    article(news, 15, lang="zh-CN", extra=extra)
    result = news.run("feed", "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert full_builds == [1]
    assert "Warning" not in result.stderr


def test_an_incremental_build_counts_drafts_and_scheduled_articles_apart(news: Site, full_builds: list[int]) -> None:
    assert "Left out 1 draft; jiading list shows them" in build(news)
    article(news, 13, extra="draft: true\n")
    assert "Left out 2 drafts; jiading list shows them" in build(news)
    article(news, 16)
    edit(news, 16, "2021-05-16T09:30:00+08:00", "2027-01-01T09:30:00+08:00")
    assert "Left out 2 drafts and 1 scheduled article; jiading list shows them" in build(news)
    edit(news, 13, "draft: true\n", "")
    edit(news, 11, "draft: true\n", "")
    assert "Left out 1 scheduled article; jiading list shows them" in build(news)
    assert full_builds == []


def test_a_preview_keeps_its_own_ledger(news: Site, tmp_path: Path, full_builds: list[int]) -> None:
    assert news.run("feed", "build", "--now", NOW, "--include-drafts").exit_code == 0
    edit(news, 11, "Jiading opens", "Jiading has opened")
    assert news.run("feed", "build", "--now", NOW, "--include-drafts").exit_code == 0
    build(news)
    assert full_builds == [1]  # the first preview; the edit was followed in both ledgers
    assert files(news.root / "public") == cold(news, tmp_path)


def test_changes_kept_beside_the_base_are_folded_into_a_new_base_now_and_then(
    news: Site, tmp_path: Path, full_builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "COMPACT", 2)
    bases = set()
    for change in list(INCREMENTAL.values())[:8]:
        change(news)
        build(news)
        base = next(p for p in ledgers(news) if not p.name.endswith("-changes.pickle"))
        bases.add(record._read_base(base)[0]["base"])  # type: ignore[index]
        assert files(news.root / "public") == cold(news, tmp_path)
        full_builds.clear()
    assert len(bases) > 2  # a new base was written more than once, by incremental builds


def test_changes_written_against_a_replaced_base_are_ignored(
    news: Site, tmp_path: Path, full_builds: list[int]
) -> None:
    edit_body(news)
    build(news)
    changes = next(news.root.glob(".jiading-cache/ledger-*-changes.pickle"))
    stale = changes.read_bytes()
    (news.root / "jiading.toml").write_text((news.root / "jiading.toml").read_text() + "\n")  # a full build
    build(news)
    changes.write_bytes(stale)
    edit(news, 9, "Jiading opens", "Jiading has opened")
    build(news)
    assert full_builds == [1]
    assert files(news.root / "public") == cold(news, tmp_path)


def test_a_corrupt_changes_file_leaves_the_base_alone_and_the_files_right(news: Site, tmp_path: Path) -> None:
    edit_body(news)
    build(news)
    next(news.root.glob(".jiading-cache/ledger-*-changes.pickle")).write_bytes(b"\x80\x05junk")
    edit(news, 9, "Jiading opens", "Jiading has opened")
    build(news)
    assert files(news.root / "public") == cold(news, tmp_path)


def _random_change(site: Site, rng: random.Random, step: int) -> None:
    """One of the edits an editor makes: write, retag, redate, draft, delete or add an article."""
    existing = sorted((site.root / "articles" / "en").glob("*.md"))
    path = rng.choice(existing)
    text = path.read_text(encoding="utf-8")
    action = rng.choice(["body", "tags", "date", "draft", "delete", "add", "add", "category"])
    if action == "body":
        path.write_text(text + f"\nMore news {step}.\n", encoding="utf-8")
    elif action == "tags":
        tags = rng.sample(["finance", "parks", "talent", "Metro Line", "Finance", "trade"], rng.randint(0, 3))
        path.write_text(re.sub(r"tags: .*", f"tags: [{', '.join(tags)}]", text), encoding="utf-8")
    elif action == "date":
        day = f"2021-{rng.randint(4, 7):02d}-{rng.randint(1, 28):02d}"
        path.write_text(re.sub(r"date: \d{4}-\d\d-\d\d", f"date: {day}", text), encoding="utf-8")
    elif action == "draft" and "park-9.md" not in path.name:  # park 7 links it: as a draft, JD168
        flipped = (
            text.replace("draft: true\n", "") if "draft: true" in text else text.replace("lang:", "draft: true\nlang:")
        )
        path.write_text(flipped, encoding="utf-8")
    elif action == "category":
        path.write_text(re.sub(r"category: .*", f"category: {rng.choice(['Trade', 'Industry', 'Investment'])}", text))
    elif action == "delete" and len(existing) > 3 and "park-9.md" not in path.name:
        path.unlink()
    else:
        article(site, 20 + step)


def random_edits(
    site: Site, seed: int, make: Callable[[Site], object], cold: Callable[[], dict[str, bytes]], full: list[int]
) -> int:
    """Twelve random edits, each followed by ``make`` and the output compared with ``cold()``'s; how many of the
    builds were incremental (``full``: counts the others)."""
    rng = random.Random(seed)
    incremental = 0
    for step in range(12):
        _random_change(site, rng, step)
        make(site)
        incremental += not full
        assert files(site.root / "public") == cold(), f"step {step}"
        full.clear()
    return incremental


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_edits_one_after_another_always_give_a_cold_builds_files(
    news: Site, tmp_path: Path, seed: int, full_builds: list[int]
) -> None:
    made = random_edits(news, seed, build, lambda: cold(news, tmp_path), full_builds)
    assert made >= 6  # most edits are followed without a full build


def test_files_changed_moments_before_a_full_build_do_not_cost_the_next_build_a_full_one(
    site: Site, tmp_path: Path, full_builds: list[int]
) -> None:
    (site.root / "jiading.toml").write_text((site.root / "jiading.toml").read_text() + CONFIG_EXTRA)
    write_image(site.root / "articles/plan.png")
    for n in range(1, 6):
        article(site, n)
    build(site)  # every file was written moments ago
    edit(site, 3, "Jiading opens", "Jiading has opened")
    build(site)
    assert full_builds == [1]
    assert files(site.root / "public") == cold(site, tmp_path)


def test_an_article_store_that_moved_on_since_the_ledger_is_not_taken_for_the_old_version(
    news: Site, tmp_path: Path, full_builds: list[int]
) -> None:
    edit(news, 10, "tags: [finance, parks]", "tags: [trade]")
    assert news.run("validate").exit_code == 0  # the article store now holds the edited article
    build(news)
    assert full_builds == [1]
    assert files(news.root / "public") == cold(news, tmp_path)


def test_two_builds_at_once_leave_a_cold_builds_files_and_a_ledger_that_still_holds(news: Site, tmp_path: Path) -> None:
    edit_body(news)
    article(news, 13)
    command = [sys.executable, "-m", "jiading_cli", "feed", "build", "--now", NOW]
    runs = [subprocess.Popen(command, cwd=news.root, stdout=subprocess.DEVNULL) for _ in range(2)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert files(news.root / "public") == cold(news, tmp_path)
    edit(news, 9, "Jiading opens", "Jiading has opened")
    build(news)
    assert files(news.root / "public") == cold(news, tmp_path)
    assert not list((news.root / ".jiading-cache").glob("*.tmp"))


def in_parts_of_three(make: Callable[[Any], Any], entries: Any) -> list[bytes]:
    """A table written three entries at a time, as a large one is written."""
    wanted, table.TABLE_PART = table.TABLE_PART, 3
    try:
        return list(make(entries))
    finally:
        table.TABLE_PART = wanted


strings = st.text(st.one_of(st.sampled_from(list("ab\t\n\\ é金")), st.characters()), max_size=8)


@settings(max_examples=300, deadline=None)
@given(entries=st.dictionaries(strings, strings, max_size=12), other=strings)
def test_a_table_of_ids_finds_each_entry_and_nothing_else(entries: dict[str, str], other: str) -> None:
    whole = b"".join(pair_table(entries))
    table = Table(whole)
    assert b"".join(in_parts_of_three(pair_table, entries)) == whole
    assert all(table.get(key) == value for key, value in entries.items())
    assert dict(table.pairs()) == entries
    assert table.get(other) == entries.get(other)


@settings(max_examples=300, deadline=None)
@given(keys=st.sets(strings.filter(bool), max_size=12), other=strings.filter(bool))
def test_a_table_of_urls_holds_each_key_and_nothing_else(keys: set[str], other: str) -> None:
    whole = b"".join(key_table(keys))
    table = Table(whole)
    assert b"".join(in_parts_of_three(key_table, keys)) == whole
    assert all(key in table for key in keys)
    assert set(table.keys()) == keys
    assert (other in table) == (other in keys)
