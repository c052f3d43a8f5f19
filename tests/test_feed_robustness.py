"""`jiading feed build` against odd files and odd output folders."""

from __future__ import annotations

import datetime as dt

from conftest import Site
from feeds.checks import check_json
from tinyimages import GIF, write_image


def test_a_local_image_named_with_hash_and_query_marks_keeps_its_type(site: Site) -> None:
    write_image(site.root / "articles/img/a b#c?.gif")
    site.article(image="'img/a b%23c%3F.gif'", image_alt="A chart")
    assert site.run("feed", "build").exit_code == 0
    item = check_json((site.root / "public/feed.json").read_bytes())["items"][0]
    assert item["image"] == "https://news.example.com/img/a%20b%23c%3F.gif"
    assert f'<enclosure url="https://news.example.com/img/a%20b%23c%3F.gif" length="{len(GIF)}" type="image/gif"/>' in (
        site.root / "public/feed.xml"
    ).read_text(encoding="utf-8")


def test_a_folder_where_a_feed_goes_stops_the_build_before_any_file_changes(site: Site) -> None:
    site.article(tags="[finance]")
    (site.root / "public/tags/finance/feed.xml").mkdir(parents=True)
    result = site.run("feed", "build")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: public/tags/finance/feed.xml: cannot write: a folder is in the way\n",
    )
    assert sorted(p.name for p in (site.root / "public").rglob("*") if p.is_file()) == []


def test_an_output_folder_that_is_a_file_is_one_line(site: Site) -> None:
    site.article()
    site.write("out", "a file")
    result = site.run("feed", "build", "--out", "out")
    assert (result.exit_code, result.stderr) == (1, "Error: out: cannot write: a file is in the way of the folder\n")


ZH_ID = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"
LINKED = "[Chinese version](../../zh-cn/2017/jin-rong.md#top) and [notes](../../notes.txt)\n"


def test_a_link_to_another_articles_markdown_file_becomes_its_public_url(site: Site) -> None:
    site.article("en/2017/financial.md", body=LINKED, lang="en")
    site.article("zh-cn/2017/jin-rong.md", id=ZH_ID, lang="zh-CN", slug="jin-rong-ye")
    site.write("articles/notes.txt", "x")
    assert site.run("feed", "build").exit_code == 0
    items = check_json((site.root / "public/en/feed.json").read_bytes())["items"]
    html = items[0]["content_html"]
    assert 'href="https://news.example.com/zh-cn/news/2017/07/jin-rong-ye/#top"' in html
    assert 'href="https://news.example.com/notes.txt"' in html


def test_a_cached_body_follows_the_linked_articles_new_url(site: Site) -> None:
    from jiading_cli.config import load_config
    from jiading_cli.content.site import article_files, load_all
    from jiading_cli.feeds.build import build_feeds

    def feed(slug: str) -> str:
        site.article("zh-cn/2017/jin-rong.md", id=ZH_ID, lang="zh-CN", slug=slug)
        config = load_config(site.root)
        articles = [item.article for item in load_all(config, article_files(config)) if item.article]
        outputs = build_feeds(config, articles, config_now()).outputs
        return next(o.data for o in outputs if o.path == "en/feed.json").decode("utf-8")

    site.article("en/2017/financial.md", body="[Chinese version](../../zh-cn/2017/jin-rong.md#top)\n", lang="en")
    assert "/zh-cn/news/2017/07/jin-rong-ye/#top" in feed("jin-rong-ye")
    assert "/zh-cn/news/2017/07/renamed/#top" in feed("renamed")


def config_now() -> dt.datetime:
    return dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def test_the_build_table_shows_brackets_in_tags_and_folders_as_written(site: Site) -> None:
    site.article(tags="['[/]']")
    result = site.run("feed", "build", "--out", "[b]out")
    assert result.exit_code == 0
    assert "tag [/]" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("9 feed files in [b]out/:")
