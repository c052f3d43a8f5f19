"""Stable list pages: a list is cut from its oldest end, so an archive page keeps its articles when articles are
added, and one new article rewrites at most three files of each list it is on (its front page, and when that
overflows a new archive page and the one before it); each archive page is titled by its articles' dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from conftest import settle
from jiading_cli.config import Config, load_config
from jiading_cli.model.article import Article
from jiading_cli.pages.context import Pages
from jiading_cli.pages.listing import FRONT, Listing, Sheet, cuts, page_folder, sheet_page, sheets
from pages.sample import run

CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = "https://www.investinjiading.com"
language = "en"
timezone = "Asia/Shanghai"

[pages]
per_page = 10
"""
START = dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def article_text(n: int, lang: str = "en") -> str:
    """Article ``n`` of a language, dated ``n`` days after the first: the higher, the newer."""
    date = (START + dt.timedelta(days=n)).isoformat()
    code = 1 if lang == "en" else 2
    return f"""\
---
id: urn:uuid:00000000-0000-4000-8000-{code:04d}{n:08d}
title: Article {n} of {lang}
date: {date}
summary: Number {n}.
tags: [finance]
category: News
lang: {lang}
slug: article-{n}
---
Body {n}.
"""


def write(root: Path, n: int, lang: str = "en") -> None:
    path = root / "articles" / lang / f"a{n:03d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(n, lang), encoding="utf-8")


LISTS = ("en", "tags/finance", "categories/news")  # the English articles' lists (the category's and tag's alone)


def lists(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every list page of the English articles: its path, bytes and modification time."""
    found = {}
    for folder in LISTS:
        for path in [out / folder / "index.html", *(out / folder / "page").glob("*/index.html")]:
            found[path.relative_to(out).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def build(root: Path) -> dict[str, tuple[bytes, int]]:
    settle(root / "articles")  # the articles a minute old, as between two edits (the output folder as built)
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return lists(root / "public")


def changed(before: dict[str, tuple[bytes, int]], after: dict[str, tuple[bytes, int]]) -> set[str]:
    """The list files made, changed or gone between two builds (a file kept has its bytes and its time)."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def titles(page: Path) -> list[str]:
    return [str(text) for text in html.fromstring(page.read_bytes()).xpath("//li[@class='teaser']//h2/a/text()")]


@pytest.mark.parametrize("cache", ["on", "off"])
def test_an_added_article_rewrites_only_the_front_page_or_one_new_archive_page_and_its_neighbour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    monkeypatch.setenv("JIADING_CACHE", cache)
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(1, 46):
        write(tmp_path, n)
    settle(tmp_path)
    out = tmp_path / "public"
    first = build(tmp_path)
    assert sorted(first) == sorted(
        f"{folder}/{page}index.html" for folder in LISTS for page in ("", "page/1/", "page/2/", "page/3/")
    )
    assert titles(out / "en/index.html") == [f"Article {n} of en" for n in range(45, 30, -1)]  # the newest 15
    assert titles(out / "en/page/1/index.html") == [f"Article {n} of en" for n in range(10, 0, -1)]  # the oldest

    write(tmp_path, 46)  # 46 articles: the front page holds 16, no new archive page
    second = build(tmp_path)
    assert changed(first, second) == {f"{folder}/index.html" for folder in LISTS}
    for n in range(47, 50):
        write(tmp_path, n)
    third = build(tmp_path)
    assert changed(second, third) == {f"{folder}/index.html" for folder in LISTS}
    assert len(titles(out / "en/index.html")) == 19

    write(tmp_path, 50)  # 50 articles: the front page would hold 20, so its oldest 10 go to a new page/4/
    fourth = build(tmp_path)
    made = {f"{folder}/{page}index.html" for folder in LISTS for page in ("", "page/4/", "page/3/")}
    assert changed(third, fourth) == made  # page/3/ only for its link "Newer articles" to page/4/
    assert titles(out / "en/index.html") == [f"Article {n} of en" for n in range(50, 40, -1)]
    assert titles(out / "en/page/4/index.html") == [f"Article {n} of en" for n in range(40, 30, -1)]
    third_page = html.fromstring((out / "en/page/3/index.html").read_bytes())
    assert third_page.xpath("//a[@rel='prev']/@href") == ["/en/page/4/"]
    assert third_page.xpath("//a[@rel='next']/@href") == ["/en/page/2/"]

    write(tmp_path, 51)
    fifth = build(tmp_path)
    assert changed(fourth, fifth) == {f"{folder}/index.html" for folder in LISTS}
    (tmp_path / "articles/en/a035.md").unlink()  # on page/4/: it and the front page change, the older pages not
    sixth = build(tmp_path)
    assert changed(fifth, sixth) == {f"{folder}/{page}index.html" for folder in LISTS for page in ("", "page/4/")}
    assert titles(out / "en/page/4/index.html") == [f"Article {n} of en" for n in range(41, 30, -1) if n != 35]
    assert titles(out / "en/page/1/index.html") == [f"Article {n} of en" for n in range(10, 0, -1)]


def test_an_archive_page_is_titled_by_its_dates_and_links_its_neighbours(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(1, 26):
        write(tmp_path, n)
        write(tmp_path, n, "zh-CN")
    out = tmp_path / "public"
    build(tmp_path)
    front, older = (html.fromstring((out / f"en/{p}index.html").read_bytes()) for p in ("", "page/1/"))
    assert front.xpath("string(//h1)") == "News" and front.xpath("string(//title)") == "News | Invest in Jiading"
    assert older.xpath("string(//h1)") == "News (11 January 2020 – 2 January 2020)"
    assert older.xpath("string(//title)") == "News (11 January 2020 – 2 January 2020) | Invest in Jiading"
    links = [(a.get("rel"), a.get("href"), a.text) for a in front.xpath("//nav[@class='pagination']/a")]
    assert links == [("next", "/en/page/1/", "Older articles")]
    links = [(a.get("rel"), a.get("href"), a.text) for a in older.xpath("//nav[@class='pagination']/a")]
    assert links == [("prev", "/en/", "Newer articles")]
    chinese = html.fromstring((out / "zh-cn/page/1/index.html").read_bytes())
    assert chinese.xpath("string(//h1)") == "新闻（2020年1月11日—2020年1月2日）"
    links = [(a.get("rel"), a.get("href"), a.text) for a in chinese.xpath("//nav[@class='pagination']/a")]
    assert links == [("prev", "/zh-cn/", "较新的文章")]
    for page in (front, older, chinese):  # the links' words alone: no page number, no count of pages or articles
        assert len(page.xpath("//nav[@class='pagination']")) == 1
        assert [" ".join(nav.itertext()).split() for nav in page.xpath("//nav[@class='pagination']")] in (
            [["Older", "articles"]],
            [["Newer", "articles"]],
            [["较新的文章"]],
        )


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    return load_config(root)


def articles(count: int, hours: int = 24) -> list[Article]:
    """``count`` articles, newest first, ``hours`` apart."""
    step = dt.timedelta(hours=hours)
    base = Article(
        path="", id="", title="", date=START, updated=None, summary="", authors=(), tags=(), category=None,
        lang="en", slug="", image=None, image_alt=None, draft=False, canonical_url=None, translations={}, share={},
        syndication=(), body="", body_line=1,
    )  # fmt: skip
    made = [
        dataclasses.replace(base, path=f"a{n}.md", id=f"a{n}", title=f"A{n}", slug=f"a{n}", date=START + n * step)
        for n in range(count)
    ]  # fmt: skip
    return made[::-1]


def pages_of(config: Config, per_page: int) -> Pages:
    return Pages(dataclasses.replace(config, pages=dataclasses.replace(config.pages, per_page=per_page)), {"en": "en"})


@given(st.integers(0, 100), st.integers(1, 12))
@settings(max_examples=300, deadline=None)
def test_the_pages_hold_each_article_once_and_keep_their_articles_when_one_is_added(
    config: Config, size: int, per_page: int
) -> None:
    pages = pages_of(config, per_page)
    chosen = articles(size + 1)
    listing = Listing("en", "en", "News", "language", "English", chosen[1:])
    before = sheets(pages, listing)
    assert [a for sheet in before for a in sheet.articles] == list(listing.articles)  # each once, newest first
    numbers = [sheet.number for sheet in before]
    assert numbers == [FRONT, *range(len(before) - 1, 0, -1)]  # the front page, then the newest archive page on
    front = len(before[0].articles)
    assert per_page <= front < 2 * per_page if size >= per_page else front == size
    assert all(len(sheet.articles) == per_page for sheet in before[1:])
    assert [sheet.cut.older for sheet in before] == [*numbers[1:], None]  # "Older articles" walks them in order
    assert [sheet.cut.newer for sheet in before] == [None, *numbers[:-1]]
    assert [sheet.folder for sheet in before] == [page_folder("en", n) for n in numbers]

    def shown(made: list[Sheet]) -> dict[int, tuple[int | None, int | None, list[Article]]]:
        """What each page shows: its links and its articles (a page's range of indices moves; its content not)."""
        return {sheet.number: (sheet.cut.newer, sheet.cut.older, list(sheet.articles)) for sheet in made}

    kept = shown(before)
    now = shown(sheets(pages, Listing("en", "en", "News", "language", "English", chosen)))
    for number in kept.keys() & now.keys() - {FRONT}:
        assert now[number][2] == kept[number][2]  # an archive page keeps its articles
    moved = {number for number in kept.keys() | now.keys() if kept.get(number) != now.get(number)}
    newest = max(now)  # the newest archive page (FRONT when there is none)
    # the front page, and when one was made, the new archive page and the one before it (its "Newer articles")
    assert moved == ({FRONT} if len(now) == len(kept) else {FRONT, newest, newest - 1})


@given(st.integers(0, 100), st.integers(1, 12))
def test_cuts_give_the_pages_of_a_list_from_its_size_alone(size: int, per_page: int) -> None:
    found = cuts(size, per_page)
    assert [(c.start, c.stop) for c in found] == list(
        zip([0, *(c.stop for c in found[:-1])], (c.stop for c in found), strict=True)
    )
    assert found[-1].stop == size and found[0].start == 0
    assert len(found) == max(1, size // per_page)


def test_an_archive_page_of_one_day_names_that_day_once(config: Config) -> None:
    pages = pages_of(config, 2)
    listing = Listing("en", "en", "News", "language", "English", articles(5, hours=1))
    oldest = sheets(pages, listing)[-1]
    assert oldest.number == 1 and len(oldest.articles) == 2
    made = sheet_page(pages, oldest)
    assert made.context["heading"] == "News (1 January 2020)"
    assert made.path == "en/page/1"
