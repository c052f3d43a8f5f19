"""Incremental page builds: after the feeds' incremental build, `jiading build` reads only the changed articles
(and the articles whose pages show them) and writes exactly the files of a build made without any cache."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Site, tree
from jiading_cli.app import build as site_build
from jiading_cli.config import Config, load_config
from jiading_cli.incremental import pagedelta
from test_delta import INCREMENTAL, age, article, edit, random_edits, write_news
from tinyimages import png_bytes, write_image

LINKS = "\nSee [park 9](park-9.md).\n"
BASE, CHANGES = "pages-" + "?" * 16 + ".pickle", "pages-*.changes.pickle"  # the page store's files


@pytest.fixture
def full_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the builds that made the pages from every article, not from the page store's facts."""
    calls: list[int] = []
    report = site_build._report

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return report(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_build, "_report", counted)
    return calls


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    """The article files each incremental page build read (the others were taken from the facts)."""
    seen: list[frozenset[str]] = []
    plan = pagedelta.plan

    def watched(*args: object, **kwargs: object) -> pagedelta.Plan | None:
        found = plan(*args, **kwargs)  # type: ignore[arg-type]
        if found is not None:
            seen.append(frozenset(Path(name).name for name in found.read))
        return found

    monkeypatch.setattr(pagedelta, "plan", watched)
    return seen


@pytest.fixture
def news(site: Site) -> Site:
    """The feeds' tests' site (``test_delta.write_news``), one article linking another, built once, aged."""
    write_news(site)
    linking = site.root / "articles/en/park-7.md"
    linking.write_text(linking.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    age(site.root)
    build(site)
    return site


def build(site: Site) -> str:
    result = site.run("build")
    assert result.exit_code == 0, result.output
    return result.stdout


def cold(site: Site, tmp_path: Path) -> dict[str, bytes]:
    """The site built without any cache, in a copy."""
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    result = site.run("--config", str(copy / "jiading.toml"), "build", env={"JIADING_CACHE": "off"})
    assert result.exit_code == 0, result.output
    return tree(copy / "public")


PAGES: dict[str, Callable[[Site], object]] = {
    **INCREMENTAL,
    "a translation's title edited": lambda s: edit(s, 9, "title: Park 9 opens", "title: Park 9 opened"),
    "an article linked by another renamed": lambda s: edit(s, 9, "slug: park-9", "slug: park-nine"),
    "a new category": lambda s: edit(s, 3, "category: Investment", "category: Logistics"),
    "an added article with an image of its own": lambda s: [
        write_image(s.root / "articles/en/hall.png"),
        article(s, 16, extra="image: hall.png\nimage_alt: The hall\n"),
    ],
}


@pytest.mark.parametrize("change", PAGES, ids=list(PAGES))
def test_a_build_after_a_change_writes_a_cold_builds_files(
    news: Site, tmp_path: Path, change: str, full_pages: list[int]
) -> None:
    PAGES[change](news)
    build(news)
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_an_edited_article_is_the_only_one_read_for_the_pages(
    news: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    edit(news, 10, "Jiading opens", "Jiading has opened")
    assert "1 new" not in build(news)
    assert full_pages == []
    assert read == [{"park-10.md"}]
    assert "Jiading has opened park 10" in (news.root / "public/en/news/2021/05/park-10/index.html").read_text()
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_a_translated_article_edited_has_its_translation_read_too(
    news: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    english = news.root / "public/en/news/2021/05/park-9/index.html"
    before = english.stat().st_mtime_ns
    edit(news, 12, "Jiading opens", "Jiading has opened", "zh-CN")
    build(news)
    assert full_pages == []
    assert read == [{"park-9.md", "park-12.md"}]
    assert english.stat().st_mtime_ns == before  # read again, and made from the same inputs: left in place
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_an_added_article_makes_the_articles_that_may_link_one_read_too(
    news: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    article(news, 13)
    build(news)
    assert full_pages == []
    assert read == [{"park-13.md", "park-7.md"}]
    assert tree(news.root / "public") == cold(news, tmp_path)


def aged(site: Site, n: int) -> None:
    """An article file an hour old, as between two real runs."""
    past = time.time() - 3600
    os.utime(site.root / "articles/en" / f"park-{n}.md", (past, past))


def corrupt_changes(site: Site) -> None:
    """An incremental build's changes to the page store, then those changes damaged, then another edit."""
    edit(site, 10, "Jiading opens", "Jiading has opened")
    aged(site, 10)  # the next build trusts the edited file's stat: it does not read it again
    build(site)
    (changes,) = (site.root / ".jiading-cache").glob(CHANGES)
    changes.write_bytes(changes.read_bytes()[:-10])
    edit(site, 4, "Jiading opens", "Jiading has opened")


def test_a_site_with_templates_of_its_own_is_built_from_the_facts_too(
    news: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    news.write("templates/404.html", "<!doctype html><html lang=en><title>Gone</title><p>Nothing here.</p></html>\n")
    build(news)  # every page is made again for a new template, from every article
    full_pages.clear()
    edit(news, 10, "Jiading opens", "Jiading has opened")
    build(news)
    assert full_pages == []
    assert read == [{"park-10.md"}]
    assert (news.root / "public/404.html").read_text().startswith("<!doctype html><html lang=en><title>Gone")
    assert tree(news.root / "public") == cold(news, tmp_path)


FULL: dict[str, Callable[[Site], object]] = {
    "a page deleted by hand": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        (s.root / "public/en/news/2021/05/park-2/index.html").unlink(),
    ],
    "a page edited by hand": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        (s.root / "public/en/news/2021/05/park-2/index.html").write_text("<p>mine</p>"),
    ],
    "a corrupt page store": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        *(p.write_bytes(b"\x80junk") for p in (s.root / ".jiading-cache").glob("pages-*")),
    ],
    "no page store": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        *(p.unlink() for p in (s.root / ".jiading-cache").glob("pages-*")),
    ],
    "the page store's changes damaged": corrupt_changes,
    "an image replaced": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        (s.root / "articles/plan.png").write_bytes(png_bytes(3, 2)),
    ],
    "a feed build in between": lambda s: [
        edit(s, 10, "Jiading opens", "Jiading has opened"),
        aged(s, 10),  # the feeds' ledger then trusts the edited file's stat: it is not read again
        build_feeds(s),
        edit(s, 4, "Jiading opens", "Jiading has opened"),
    ],
}


def build_feeds(site: Site) -> None:
    assert site.run("feed", "build").exit_code == 0


@pytest.mark.parametrize("change", FULL, ids=list(FULL))
def test_what_the_facts_cannot_account_for_means_every_article_is_read(
    news: Site, tmp_path: Path, change: str, full_pages: list[int]
) -> None:
    FULL[change](news)
    full_pages.clear()
    build(news)
    assert full_pages == [1]
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_an_incremental_build_writes_only_its_changes_beside_the_page_store(
    news: Site, tmp_path: Path, full_pages: list[int]
) -> None:
    cache = news.root / ".jiading-cache"
    (base,) = cache.glob(BASE)
    before = base.read_bytes()
    for n in (10, 4, 6):
        edit(news, n, "Jiading opens", "Jiading has opened")
        build(news)
    assert full_pages == []
    assert base.read_bytes() == before  # the base is left as the full build wrote it
    assert len(list(cache.glob(CHANGES))) == 1
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_changes_past_the_limit_are_folded_into_a_new_base(
    news: Site, tmp_path: Path, full_pages: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.incremental import pagejournal

    monkeypatch.setattr(pagejournal, "CHANGES_MAX", 3)
    cache = news.root / ".jiading-cache"
    (base,) = cache.glob(BASE)
    before = base.read_bytes()
    edit(news, 10, "Jiading opens", "Jiading has opened")
    build(news)
    assert full_pages == []
    assert base.read_bytes() != before and list(cache.glob(CHANGES)) == []
    edit(news, 4, "Jiading opens", "Jiading has opened")
    build(news)
    assert full_pages == []
    assert tree(news.root / "public") == cold(news, tmp_path)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_random_edits_one_after_another_always_give_a_cold_builds_files(
    news: Site, tmp_path: Path, seed: int, full_pages: list[int]
) -> None:
    incremental = random_edits(news, seed, build, lambda: cold(news, tmp_path), full_pages)
    # Most edits are followed without reading every article; an edit to the article park 7 links, and the
    # changes the feeds' ledger cannot follow, are full builds.
    assert incremental >= 4


def test_a_skeleton_holds_every_field_lists_and_language_versions_show(news: Site) -> None:
    from jiading_cli.content.site import load_file
    from jiading_cli.model.article import held

    loaded = load_file(_config(news), news.root / "articles/zh-CN/park-12.md").article
    assert loaded is not None
    made = pagedelta.skeleton(pagedelta.fields_of(loaded))
    for name in ("path", "id", "title", "date", "updated", "summary", "tags", "category", "lang", "slug", "image"):
        assert getattr(made, name) == getattr(loaded, name), name
    assert made.image_alt == loaded.image_alt and made.draft == loaded.draft
    assert made.translations == loaded.translations
    assert isinstance(held(made), pagedelta.Unread)
    with pytest.raises(Exception, match="not at hand"):
        _ = made.body


def _config(site: Site) -> Config:
    return load_config(site.root)


def test_an_article_naming_a_site_path_that_is_no_file_keeps_the_next_build_incremental(
    news: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    """The page store keeps each file the articles name as the rules found it, one that is not there among them (a
    link to a page of the site, ``../../contact/``): the store written so is one it reads back, and the next build
    takes the pages from it; had it refused its own store, every build after it would make every page again,
    correct and many times slower."""
    linking = news.root / "articles/en/park-7.md"
    linking.write_text(linking.read_text(encoding="utf-8") + "\nSee the [contact page](/contact/).\n")
    age(news.root)
    build(news)
    full_pages.clear()
    edit(news, 10, "Jiading opens", "Jiading has opened")
    build(news)
    assert full_pages == []
    assert read[-1] == {"park-10.md"}
    assert tree(news.root / "public") == cold(news, tmp_path)


def test_a_site_whose_articles_name_no_file_is_built_from_the_facts_too(
    site: Site, tmp_path: Path, full_pages: list[int], read: list[frozenset[str]]
) -> None:
    """No image, no attachment, no link to an article's file: the page store keeps that none is named, which the
    next build trusts as it trusts any files named, rather than taking it for a store that says nothing."""
    for n in range(1, 5):
        site.write(
            f"articles/en/park-{n}.md",
            f"---\nid: urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}\ntitle: Park {n} opens\n"
            f"date: 2021-05-0{n}T09:30:00+08:00\nsummary: Park {n} opens in Jiading.\nlang: en\n---\nPark {n}.\n",
        )
    age(site.root)
    build(site)
    full_pages.clear()
    edit(site, 3, "Park 3.", "Park 3 has opened.")
    build(site)
    assert full_pages == []
    assert read == [{"park-3.md"}]
    assert tree(site.root / "public") == cold(site, tmp_path)
