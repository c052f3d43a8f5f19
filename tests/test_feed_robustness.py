"""`jiading feed build` against odd files and odd output folders."""

from __future__ import annotations

from conftest import Site
from feeds.checks import check_json


def test_a_local_image_named_with_hash_and_query_marks_keeps_its_type(site: Site) -> None:
    site.write("articles/img/a b#c?.gif", "GIF89a")
    site.article(image="'img/a b%23c%3F.gif'", image_alt="A chart")
    assert site.run("feed", "build").exit_code == 0
    item = check_json((site.root / "public/feed.json").read_bytes())["items"][0]
    assert item["image"] == "https://news.example.com/img/a%20b%23c%3F.gif"
    assert '<enclosure url="https://news.example.com/img/a%20b%23c%3F.gif" length="6" type="image/gif"/>' in (
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
    assert (result.exit_code, result.stderr) == (1, "Error: out/feed.xml: cannot read: Not a directory\n")
