"""`jiading build`: article pages laid out like the seed page, news lists, sitemap, assets, and a minimal write."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from conftest import settle, tree
from pages.sample import EN_ID, built, make, run

EN_PAGE = "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
ZH_PAGE = "zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html"
BASE = "https://www.investinjiading.com"


def page(out: Path, path: str) -> html.HtmlElement:
    return html.fromstring((out / path).read_bytes())


def test_build_prints_what_it_wrote(tmp_path: Path) -> None:
    make(tmp_path)
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert "page files: " in result.output and "3 asset files: 3 new" in result.output
    assert result.output.splitlines()[-1].endswith("files in public/, 0 removed")


def test_article_page_has_the_seed_layout(tmp_path: Path) -> None:
    doc = page(built(tmp_path), EN_PAGE)
    assert doc.xpath("string(//h1)") == "Financial industry to boost Jiading"
    crumbs = [a.text_content() for a in doc.xpath("//nav[@aria-label='Breadcrumb']//li")]
    assert crumbs == ["Home", "News", "Financial industry to boost Jiading"]
    assert doc.xpath("string(//time)") == "3 July 2017"
    assert doc.xpath("//figure[@class='lead']/img/@alt") == ["The signing ceremony in Jiading"]
    assert doc.xpath("string(//p[@class='copyright'])") == "© Copyright 2017 Invest in Jiading"
    assert doc.xpath("//a[@rel='tag']/@href") == ["/tags/finance/", "/tags/innovation/"]
    assert doc.xpath("//footer[@class='terms']//a[not(@rel)]/@href") == ["/categories/news/"]


def test_share_bar_is_facebook_linkedin_email_tel_more(tmp_path: Path) -> None:
    doc = page(built(tmp_path), EN_PAGE)
    bar = doc.xpath("//nav[@class='sharebar']")[0]
    main = bar.xpath("./ul/li/a")
    assert [a.text for a in main] == ["facebook", "linkedin", "email", "tel"]
    assert (
        main[0].get("href").startswith("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.investinjiading")
    )
    assert main[1].get("href").startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert main[2].get("href").startswith("mailto:?subject=Financial%20industry%20to%20boost%20Jiading&body=")
    assert main[3].get("href") == "tel:+86-10-53270173"
    assert bar.xpath("string(.//summary)") == "more"
    more = [a.get("aria-label") for a in bar.xpath(".//details//a")]
    assert more == ["Share on X", "Share on Weibo", "Share on Telegram"]
    assert bar.xpath(".//details//svg[@role='img']/@aria-label") == ["WeChat QR code for this article"]
    assert all(a.get("aria-label") for a in bar.xpath(".//a"))


def test_head_has_canonical_alternates_open_graph_and_json_ld(tmp_path: Path) -> None:
    doc = page(built(tmp_path), EN_PAGE)
    url = f"{BASE}/en/news/2017/07/financial-industry-to-boost-jiading/"
    assert doc.xpath("//link[@rel='canonical']/@href") == [url]
    langs = doc.xpath("//link[@rel='alternate'][@hreflang]/@hreflang")
    assert langs == ["en", "zh-CN", "x-default"]
    assert doc.xpath("//meta[@property='og:url']/@content") == [url]
    assert doc.xpath("//meta[@property='og:image']/@content") == [f"{BASE}/en/2017/signing.png"]
    assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
    data = json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))
    assert data["@type"] == "NewsArticle" and data["headline"] == "Financial industry to boost Jiading"
    assert data["datePublished"] == "2017-07-03T18:00:00+08:00" and data["image"] == [f"{BASE}/en/2017/signing.png"]
    feeds = doc.xpath("//link[@type='application/rss+xml']/@href")
    assert feeds == ["/feed.xml", "/en/feed.xml"]


def test_chinese_page_has_chinese_dates_and_strings(tmp_path: Path) -> None:
    doc = page(built(tmp_path), ZH_PAGE)
    assert doc.get("lang") == "zh-CN"
    assert doc.xpath("string(//time)") == "2017年7月3日"
    crumbs = [a.text_content() for a in doc.xpath("//nav[@aria-label='当前位置']//li")]
    assert crumbs == ["首页", "新闻", "金融业助力嘉定发展"]
    assert doc.xpath("string(//details/summary)") == "更多"
    assert doc.xpath("//p[@class='translations']/a/@href") == ["/en/news/2017/07/financial-industry-to-boost-jiading/"]
    assert doc.xpath("//p[@class='translations']/a/span[@lang='en']/text()") == ["English"]


def test_body_links_point_at_published_files_and_pages(tmp_path: Path) -> None:
    out = built(tmp_path)
    doc = page(out, EN_PAGE)
    body = doc.xpath("//div[@class='body']")[0]
    assert body.xpath(".//img/@src") == ["/en/2017/hall.png"]
    assert body.xpath(".//a/@href") == ["/en/2017/agreement.pdf", "/en/news/2016/05/innovation-park/"]
    for name in ("en/2017/hall.png", "en/2017/signing.png", "en/2017/agreement.pdf"):
        assert (out / name).read_bytes() == (tmp_path / "articles" / name).read_bytes()
    assert not (out / "en/2016/park.md").exists()


def test_news_lists_are_newest_first_and_their_older_articles_on_dated_archive_pages(tmp_path: Path) -> None:
    out = built(tmp_path)  # one article to a page: the newest on the front page, the older one on page/1/
    front, archive = page(out, "en/index.html"), page(out, "en/page/1/index.html")
    assert front.xpath("//li[@class='teaser']//h2/a/text()") == ["Financial industry to boost Jiading"]
    assert archive.xpath("//li[@class='teaser']//h2/a/text()") == ["A new innovation park opens"]
    assert [(a.get("href"), a.text) for a in front.xpath("//nav[@class='pagination']/a")] == [
        ("/en/page/1/", "Older articles")
    ]
    assert front.xpath("//a[@rel='next']/@href") == ["/en/page/1/"] and not front.xpath("//a[@rel='prev']")
    assert [(a.get("href"), a.text) for a in archive.xpath("//nav[@class='pagination']/a")] == [
        ("/en/", "Newer articles")
    ]
    assert archive.xpath("//a[@rel='prev']/@href") == ["/en/"] and not archive.xpath("//a[@rel='next']")
    assert front.xpath("string(//title)") == "News | Invest in Jiading" and front.xpath("string(//h1)") == "News"
    assert archive.xpath("string(//title)") == "News (1 May 2016) | Invest in Jiading"
    assert archive.xpath("string(//h1)") == "News (1 May 2016)"
    assert "Page" not in archive.xpath("string(//main)") and not (out / "en/page/2").exists()
    assert page(out, "tags/innovation/page/1/index.html").xpath("string(//h1)") == "Tag: innovation (1 May 2016)"
    assert page(out, "tags/jin-rong/index.html").xpath("string(//h1)") == "标签：金融"
    assert page(out, "categories/news/index.html").xpath("string(//h1)") == "Category: News"
    root = page(out, "index.html")
    assert root.xpath("//section/h2/a/@href") == ["/en/", "/zh-cn/"]
    assert root.xpath("//section/h2/a/text()") == ["English", "简体中文"]


def test_sitemap_robots_and_404(tmp_path: Path) -> None:
    out = built(tmp_path)
    sitemap = etree.parse(str(out / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = sitemap.xpath("//s:loc/text()", namespaces=ns)
    assert f"{BASE}/zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/" in locs and f"{BASE}/" in locs
    zh = sitemap.xpath("//s:url[s:loc[contains(., 'jin-rong-ye')]]/x:link/@hreflang", namespaces=ns)
    assert zh == ["zh-CN", "en", "x-default"]
    assert (out / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n"
    assert page(out, "404.html").xpath("string(//h1)") == "Page not found"


def test_a_second_build_touches_nothing_and_a_removed_article_goes(tmp_path: Path) -> None:
    out = built(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = run(tmp_path, "build")
    assert "0 new, 0 changed" in again.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    (out / "en/notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "articles/en/2016/park.md").unlink()
    english = tmp_path / "articles/en/2017/finance.md"
    english.write_text(english.read_text(encoding="utf-8").replace(" or [an earlier article](../2016/park.md)", ""))
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert not (out / "en/news/2016/05/innovation-park/index.html").exists()
    assert not (out / "en/page/1/index.html").exists()
    assert (out / "en/notes.txt").read_text(encoding="utf-8") == "mine"


def test_pages_can_be_turned_off(tmp_path: Path) -> None:
    make(tmp_path)
    with open(tmp_path / "jiading.toml", "a", encoding="utf-8") as config:
        config.write("enabled = false\n")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    out = tmp_path / "public"
    assert (out / "feed.xml").is_file() and (out / "en/2017/signing.png").is_file()
    assert not (out / "index.html").exists() and not (out / EN_PAGE).exists()


def test_a_site_template_replaces_the_theme_file_by_file(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ t("not_found_title") }}!</h1>{% endblock %}', encoding="utf-8"
    )
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    assert page(out, "404.html").xpath("string(//h1)") == "Page not found!"
    assert page(out, EN_PAGE).xpath("string(//h1)") == "Financial industry to boost Jiading"


def test_a_broken_template_names_its_file_and_line(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/404.html").write_text("<h1>\n{% if %}</h1>", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "404.html:2: template: " in result.stderr
    assert "Traceback" not in result.output


def test_an_invalid_article_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "articles/en/2017/bad.md").write_text(f"---\nid: {EN_ID}\ntitle: x\n---\n", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert "Error: nothing written" in result.stderr
    assert not (tmp_path / "public").exists()


def test_outside_a_site_the_error_names_jiading_init(tmp_path: Path) -> None:
    result = run(tmp_path, "build")
    assert result.exit_code == 2
    assert "run `jiading init`" in result.stderr
    assert os.listdir(tmp_path) == []


def test_a_reused_build_still_sees_a_new_template(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    assert (tmp_path / ".jiading-cache/memo-site-build.pickle").is_file()  # the answer the next build reuses
    again = run(tmp_path, "build")
    assert "0 new, 0 changed" in again.output
    (tmp_path / "templates/404.html").write_text('{% extends "base.html" %}{% block main %}<h1>Gone</h1>{% endblock %}')
    third = run(tmp_path, "build")
    assert third.exit_code == 0, third.output
    assert page(tmp_path / "public", "404.html").xpath("string(//h1)") == "Gone"


def test_text_from_articles_is_escaped(tmp_path: Path) -> None:
    make(tmp_path)
    english = tmp_path / "articles/en/2017/finance.md"
    title = 'A <b>bold</b> & "quoted" title'
    english.write_text(english.read_text(encoding="utf-8").replace("Financial industry to boost Jiading", f"'{title}'"))
    assert run(tmp_path, "build").exit_code == 0
    doc = page(tmp_path / "public", EN_PAGE)
    assert doc.xpath("string(//h1)") == title and doc.xpath("//h1/b") == []
    assert doc.xpath("//meta[@property='og:title']/@content") == [title]
    assert json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))["headline"] == title


def test_an_edit_remakes_only_the_pages_it_changes_and_gives_a_cold_builds_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.pages import article as article_pages

    make(tmp_path)
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    made: list[str] = []
    making = article_pages.article_context

    def counted(pages: Any, article: Any, *rest: Any) -> Any:
        made.append(article.slug)
        return making(pages, article, *rest)

    monkeypatch.setattr("jiading_cli.pages.build.article_context", counted)
    english = tmp_path / "articles/en/2017/finance.md"
    english.write_text(english.read_text(encoding="utf-8").replace("signed a memorandum on July 3", "signed on 3 July"))
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert made == ["financial-industry-to-boost-jiading"]
    assert "signed on 3 July" in (tmp_path / "public" / EN_PAGE).read_text(encoding="utf-8")
    assert run(tmp_path, "build", "--out", "cold").exit_code == 0
    assert tree(tmp_path / "public") == tree(tmp_path / "cold")
    every = ["financial-industry-to-boost-jiading", "innovation-park", "jin-rong-ye-zhu-li-jia-ding"]
    assert sorted(made[1:]) == every  # a folder of its own: every page made


def test_a_page_changed_by_hand_is_made_again(tmp_path: Path) -> None:
    make(tmp_path)
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    (tmp_path / "public" / ZH_PAGE).write_text("changed by hand", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert "金融业助力嘉定发展" in (tmp_path / "public" / ZH_PAGE).read_text(encoding="utf-8")


def test_a_preview_has_the_drafts_pages_and_shuts_crawlers_out(tmp_path: Path) -> None:
    make(tmp_path)
    park = tmp_path / "articles/en/2016/park.md"
    text = park.read_text(encoding="utf-8")
    park.write_text(text.replace("slug: innovation-park\n", "slug: innovation-park\ndraft: true\n"), encoding="utf-8")
    assert "JD168" in run(tmp_path, "build").output  # the published finance.md links it: its page would be missing
    finance = tmp_path / "articles/en/2017/finance.md"
    finance.write_text(finance.read_text(encoding="utf-8").replace("../2016/park.md", "#top"), encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    assert not (tmp_path / "public/en/news/2016/05/innovation-park/index.html").exists()
    result = run(tmp_path, "build", "--include-drafts")
    assert result.exit_code == 0, result.output
    preview = tmp_path / "public-preview"
    assert (preview / "en/news/2016/05/innovation-park/index.html").is_file()
    assert (preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert result.output.splitlines()[-1].endswith("files in public-preview/, 0 removed")


def test_quiet_prints_only_the_closing_line(tmp_path: Path) -> None:
    make(tmp_path)
    result = run(tmp_path, "build", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [result.output.splitlines()[-1]]
    assert result.output.endswith("files in public/, 0 removed\n")


def test_a_page_linking_another_article_follows_that_article_s_new_url(tmp_path: Path) -> None:
    make(tmp_path)
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    park = tmp_path / "articles/en/2016/park.md"
    park.write_text(park.read_text(encoding="utf-8").replace("slug: innovation-park", "slug: the-park"))
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    links = page(tmp_path / "public", EN_PAGE).xpath("//a[text()='an earlier article']/@href")
    assert len(links) == 1 and links[0].endswith("/the-park/")
    assert run(tmp_path, "build", "--out", "cold").exit_code == 0
    assert tree(tmp_path / "public") == tree(tmp_path / "cold")
