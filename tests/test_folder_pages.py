"""The folders of the articles' URLs (/en/news/, /en/news/2017/, /en/news/2017/07/ above /en/news/2017/07/a/): each
is a page sending the reader on to the page of the language's news list holding its newest article, never a 404,
never in the sitemap, in the pages' manifest while a published article is below it and removed after."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import Site, cold_output, front, settle, tree
from jiading_cli.pages.folders import sheet_of
from jiading_cli.pages.listing import cuts

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')


def _article(site: Site, n: int, day: str, lang: str = "en", draft: bool = False) -> None:
    fields = {"id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "title": f"Park {n}", "date": day, "lang": lang}
    site.write(
        f"articles/{lang.lower()}/p{n}.md", front(**fields, slug=f"p{n}", draft="true" if draft else None) + "Body.\n"
    )


def _build(site: Site) -> Path:
    result = site.run("build")
    assert result.exit_code == 0, result.output
    return site.root / "public"


def _sent(public: Path, folder: str) -> str:
    """Where the page of ``folder`` sends the reader, checked to say it alike in its refresh, canonical and link."""
    text = (public / folder / "index.html").read_text(encoding="utf-8")
    found = REFRESH.search(text)
    assert found is not None, text
    target = found[1]
    assert f'<link rel="canonical" href="https://news.example.com{target}">' in text
    assert f'<a href="{target}">' in text and '<meta name="robots" content="noindex">' in text
    return target


def _manifest(public: Path) -> set[str]:
    return set(json.loads((public / ".jiading-pages.json").read_text(encoding="utf-8"))["files"])


def test_each_folder_above_an_article_sends_to_its_languages_news(site: Site) -> None:
    _article(site, 1, "2017-07-03T18:00:00+08:00")
    _article(site, 2, "2017-08-03T18:00:00+08:00", lang="zh-CN")
    public = _build(site)
    for folder in ("en/news", "en/news/2017", "en/news/2017/07"):
        assert _sent(public, folder) == "/en/"
        assert f"{folder}/index.html" in _manifest(public)
    for folder in ("zh-cn/news", "zh-cn/news/2017", "zh-cn/news/2017/08"):
        assert _sent(public, folder) == "/zh-cn/"
        assert "其中的文章列在这里" in (public / folder / "index.html").read_text(encoding="utf-8")
    assert not (public / "en/news/2017/08").exists()  # no article there
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "/news/2017/</loc>" not in sitemap and "/en/news/</loc>" not in sitemap
    assert "/en/news/2017/07/p1/</loc>" in sitemap


def test_a_folder_sends_to_the_list_page_holding_its_newest_article(site: Site) -> None:
    """With two articles to a page, July's articles are on an archive page once newer ones push them there."""
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + "\n[pages]\nper_page = 2\n")
    for n in range(1, 4):
        _article(site, n, f"2017-07-0{n}T18:00:00+08:00")
    for n in range(4, 10):
        _article(site, n, f"2018-01-0{n}T18:00:00+08:00")
    public = _build(site)
    assert _sent(public, "en/news/2018/01") == "/en/" == _sent(public, "en/news")
    target = _sent(public, "en/news/2017/07")
    assert target == "/en/page/2/"
    assert "p3/" in (public / target.strip("/") / "index.html").read_text(encoding="utf-8")  # its newest is shown


def test_a_folder_that_is_a_page_or_a_named_file_is_left_to_it(site: Site) -> None:
    """The language's news list at /en/, and a page of the site's own that an article names at /en/2017/."""
    text = (site.root / "jiading.toml").read_text()
    site.write("jiading.toml", text.replace("[site]\n", '[site]\npermalink = "/{lang}/{year}/{month}/{slug}/"\n'))
    site.write("articles/en/2017/index.html", "<!DOCTYPE html><title>Our 2017</title>\n")
    site.write("articles/en/p1.md", front(lang="en", slug="p1") + "See [our year](2017/index.html).\n")
    public = _build(site)
    assert "<title>News | Invest in Jiading</title>" in (public / "en/index.html").read_text(encoding="utf-8")
    assert REFRESH.search((public / "en/index.html").read_text(encoding="utf-8")) is None
    assert (public / "en/2017/index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html><title>Our 2017")
    assert _sent(public, "en/2017/07") == "/en/"


def test_folder_pages_go_when_no_published_article_is_below_them(site: Site, tmp_path: Path) -> None:
    _article(site, 1, "2017-07-03T18:00:00+08:00")
    _article(site, 2, "2018-07-03T18:00:00+08:00")
    public = _build(site)
    assert (public / "en/news/2017/07/index.html").exists()
    settle(site.root)
    _article(site, 1, "2017-07-03T18:00:00+08:00", draft=True)
    public = _build(site)
    assert not (public / "en/news/2017").exists()
    assert "en/news/2017/index.html" not in _manifest(public)
    assert _sent(public, "en/news/2018/07") == "/en/"
    assert tree(public) == cold_output(site.root, tmp_path / "cold")


def test_without_the_language_in_the_permalink_a_folder_of_several_sends_to_the_sites_language(site: Site) -> None:
    text = (site.root / "jiading.toml").read_text().replace("[site]\n", '[site]\npermalink = "/news/{year}/{slug}/"\n')
    site.write("jiading.toml", text)
    _article(site, 1, "2017-07-03T18:00:00+08:00", lang="zh-CN")
    _article(site, 2, "2017-06-03T18:00:00+08:00")
    _article(site, 3, "2018-06-03T18:00:00+08:00", lang="zh-CN")
    public = _build(site)
    assert _sent(public, "news") == _sent(public, "news/2017") == "/en/"
    assert _sent(public, "news/2018") == "/zh-cn/"


@given(st.integers(1, 60), st.integers(1, 7), st.data())
def test_a_folder_sends_to_the_page_its_article_is_cut_into(size: int, per: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    holding = [cut.number for cut in cuts(size, per) if cut.start <= index < cut.stop]
    assert holding == [sheet_of(size, per, index)]


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["en", "zh-cn", "news", "2017", "07", "a", "b"]), min_size=0, max_size=4),
            st.sampled_from(["index.html", "a.html"]),
            st.sampled_from(["en", "zh-CN", "EN"]),
        ),
        max_size=30,
    )
)
def test_each_folders_newest_article_of_each_language_is_the_first_found_below_it(
    drawn: list[tuple[list[str], str, str]],
) -> None:
    """Each folder above a page holds, for each language, the first article (the newest) whose page is below it,
    however many of its pages share folders: as found by looking at every folder of every page."""
    from types import SimpleNamespace

    from jiading_cli.pages.folders import folders

    placed = [("/".join([*parts, name]), SimpleNamespace(lang=lang)) for parts, name, lang in drawn]
    expected: dict[str, dict[str, object]] = {}
    for path, article in placed:
        parts = path.split("/")[:-1]
        if parts and path.endswith("/index.html"):
            parts.pop()
        for end in range(1, len(parts) + 1):
            expected.setdefault("/".join(parts[:end]), {}).setdefault(article.lang.lower(), article)
    assert folders(placed) == expected  # type: ignore[arg-type]
