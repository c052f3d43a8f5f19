"""`jiading feed build`: what it writes, where, for which articles, and what it prints."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conftest import GOOD_ID, OTHER_ID, Site, untimed
from feeds.checks import check_atom, check_json, read
from jiading_cli.model.article import Article

THIRD_ID = "urn:uuid:3c0f8a52-9d1e-4b7a-8c2d-5e6f7a8b9c0d"


def ids(path: Path) -> list[str]:
    return [item["id"] for item in check_json(path.read_bytes())["items"]]


def squeeze(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_build_prints_a_row_per_file_and_a_count(site: Site) -> None:
    site.article()
    result = site.run("feed", "build")
    assert result.exit_code == 0
    lines = squeeze(untimed(result.stdout))
    assert lines[0:3] == [
        "site rss 1 public/feed.xml new",
        "site atom 1 public/atom.xml new",
        "site json 1 public/feed.json new",
    ]
    assert lines[-1] == "6 feed files in public/: 6 new, 0 changed, 0 unchanged, 0 removed"


def test_json_gives_the_same_summary_as_data(site: Site) -> None:
    site.article(lang="zh-CN")
    data = json.loads(site.run("feed", "build", "--json").stdout)
    assert data["out"] == "public" and data["preview"] is False and data["removed"] == []
    assert data["files"][3] == {
        "feed": "language zh-CN",
        "kind": "language",
        "name": "zh-CN",
        "format": "rss",
        "items": 1,
        "path": "public/zh-cn/feed.xml",
        "url": "https://news.example.com/zh-cn/feed.xml",
        "status": "new",
    }


def test_a_second_build_rewrites_nothing(site: Site) -> None:
    site.article()
    site.run("feed", "build")
    feed = site.root / "public" / "feed.xml"
    before = feed.stat().st_mtime_ns
    result = site.run("feed", "build", "--json")
    assert {row["status"] for row in json.loads(result.stdout)["files"]} == {"unchanged"}
    assert feed.stat().st_mtime_ns == before


def test_drafts_and_future_articles_never_enter_a_feed(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", id=OTHER_ID, draft="true")
    site.article("c.md", id=THIRD_ID, date="2030-01-01T00:00:00+08:00")
    assert site.run("feed", "build").exit_code == 0
    assert ids(site.root / "public" / "feed.json") == [GOOD_ID]


def test_items_are_newest_first_and_limited_to_feeds_limit(site: Site) -> None:
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + "\n[feeds]\nlimit = 2\n")
    site.article("a.md", date="2017-01-01T00:00:00+08:00")
    site.article("b.md", id=OTHER_ID, date="2019-01-01T00:00:00+08:00")
    site.article("c.md", id=THIRD_ID, date="2018-01-01T00:00:00+08:00")
    site.run("feed", "build")
    assert ids(site.root / "public" / "feed.json") == [OTHER_ID, THIRD_ID]


def test_a_preview_includes_drafts_marks_them_and_stays_out_of_the_output_folder(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", id=OTHER_ID, draft="true", title="Coming soon")
    result = site.run("feed", "build", "--include-drafts")
    assert result.exit_code == 0
    assert squeeze(result.stdout)[-1].startswith("6 preview feed files in public-preview/: 6 new")
    feed = read((site.root / "public-preview" / "atom.xml").read_bytes())
    assert feed.feed.title == "Invest in Jiading (preview)"
    assert [e.title for e in feed.entries] == ["Financial industry to boost Jiading", "[draft] Coming soon"]
    assert not (site.root / "public").exists()
    manifest = json.loads((site.root / "public-preview" / ".jiading-manifest.json").read_text())
    assert manifest["preview"] is True


def test_a_preview_is_never_written_into_the_deployed_folder(site: Site) -> None:
    """Nor into it in another case or Unicode form (``PUBLIC``, ``Public/x``), which Windows and macOS take for it."""
    site.article()
    for folder in ("public", "public/preview", "PUBLIC", "Public/preview"):
        result = site.run("feed", "build", "--include-drafts", "--out", folder)
        assert result.exit_code == 2
        alike = "" if folder.startswith("public") else ", but for case or Unicode form, which Windows and macOS do not"
        alike += " tell apart" if alike else ""
        assert result.stderr == (
            f"Error: --include-drafts: a preview never goes into public/, which is deployed{alike}; pass another --out "
            "or leave it out\n"
        )
    assert [path.name for path in site.root.iterdir() if path.name.lower().startswith("public")] == []


def test_errors_are_all_reported_and_nothing_is_written(site: Site) -> None:
    site.article("a.md", id="nope")
    site.article("b.md", id=OTHER_ID, date="yesterday")
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert "articles/a.md:2: error JD120 id:" in result.stdout
    assert "articles/b.md:4: error JD104 date:" in result.stdout
    assert "2 errors, 0 warnings, 0 notes in 2 files" in result.stdout
    assert "Error: no feed written; fix the errors above and build again" in result.stderr
    assert not (site.root / "public").exists()


def test_warnings_do_not_stop_a_build(site: Site) -> None:
    site.article(summary=None)
    result = site.run("feed", "build")
    assert result.exit_code == 0
    assert result.stderr == "Warning: 1 warning in articles; run `jiading validate`\n"


def test_now_without_an_offset_is_a_usage_error(site: Site) -> None:
    site.article()
    result = site.run("feed", "build", "--now", "2026-01-01T00:00:00")
    assert result.exit_code == 2
    assert "Error: --now: expected a UTC offset" in result.stderr


def test_now_decides_what_is_published(site: Site) -> None:
    site.article(date="2026-06-01T00:00:00+08:00")
    site.run("feed", "build", "--now", "2026-01-01T00:00:00+08:00")
    assert ids(site.root / "public" / "feed.json") == []
    site.run("feed", "build", "--now", "2026-06-02T00:00:00+08:00")
    assert ids(site.root / "public" / "feed.json") == [GOOD_ID]


def test_languages_categories_and_tags_get_stable_folders(site: Site) -> None:
    site.article("a.md", lang="zh-CN", category="新闻", tags="[Finance, C]")
    site.article("b.md", id=OTHER_ID, date="2018-01-01T00:00:00+08:00", tags="[finance, C++]")
    site.run("feed", "build")
    public = site.root / "public"
    assert ids(public / "zh-cn" / "feed.json") == [GOOD_ID]
    assert ids(public / "categories" / "xin-wen" / "feed.json") == [GOOD_ID]
    assert ids(public / "tags" / "finance" / "feed.json") == [OTHER_ID, GOOD_ID]
    assert ids(public / "tags" / "c" / "feed.json") == [GOOD_ID]  # first used keeps the plain slug
    (hashed,) = [p.name for p in (public / "tags").iterdir() if p.name.startswith("c-")]
    assert ids(public / "tags" / hashed / "feed.json") == [OTHER_ID]


def test_language_category_and_tag_feeds_can_be_switched_off(site: Site) -> None:
    extra = "\n[feeds]\nper_language = false\nper_category = false\nper_tag = false\n"
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + extra)
    site.article(category="News", tags="[finance]")
    site.run("feed", "build")
    found = sorted(p.relative_to(site.root / "public").as_posix() for p in (site.root / "public").rglob("*"))
    assert found == [".jiading-manifest.json", "atom.xml", "feed.json", "feed.xml", "feed.xsl"]


def test_summary_only_feeds_carry_no_html(site: Site) -> None:
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + '\n[feeds]\ncontent = "summary"\n')
    site.article(body="Secret *body*.\n")
    site.run("feed", "build")
    public = site.root / "public"
    assert b"Secret" not in (public / "feed.xml").read_bytes() + (public / "atom.xml").read_bytes()
    item = check_json((public / "feed.json").read_bytes())["items"][0]
    assert "content_html" not in item
    assert item["content_text"] == "Jiading signed a memorandum of strategic cooperation on finance."


def test_feeds_that_are_no_longer_produced_are_removed_but_other_files_stay(site: Site) -> None:
    article = site.article(tags="[finance]")
    site.run("feed", "build")
    (site.root / "public" / "index.html").write_text("mine")
    article.write_text(article.read_text().replace("tags: [finance]\n", ""))
    result = site.run("feed", "build", "--json")
    assert json.loads(result.stdout)["removed"] == [
        "public/tags/finance/atom.xml",
        "public/tags/finance/feed.json",
        "public/tags/finance/feed.xml",
    ]
    assert not (site.root / "public" / "tags").exists()
    assert (site.root / "public" / "index.html").read_text() == "mine"


def test_a_stale_feed_someone_edited_is_left_alone(site: Site) -> None:
    article = site.article(tags="[finance]")
    site.run("feed", "build")
    edited = site.root / "public" / "tags" / "finance" / "feed.xml"
    edited.write_text("edited by hand")
    article.write_text(article.read_text().replace("tags: [finance]\n", ""))
    site.run("feed", "build")
    assert edited.read_text() == "edited by hand"


def test_the_same_articles_give_byte_identical_feeds_whenever_built(site: Site) -> None:
    site.article(updated="2018-02-03T04:05:06+08:00")
    site.run("feed", "build", "--out", "one", "--now", "2020-01-01T00:00:00Z")
    site.run("feed", "build", "--out", "two", "--now", "2030-01-01T00:00:00Z")
    for path in sorted((site.root / "one").rglob("*.*")):
        assert path.read_bytes() == (site.root / "two" / path.relative_to(site.root / "one")).read_bytes()
    assert check_json((site.root / "one" / "feed.json").read_bytes())["items"][0]["date_modified"] == (
        "2018-02-03T04:05:06+08:00"
    )


def test_translations_are_linked_only_once_published(site: Site) -> None:
    site.article("en.md", translations=f"{{zh-CN: {OTHER_ID}}}")
    site.article("zh.md", id=OTHER_ID, lang="zh-CN", slug="zh", draft="true", translations=f"{{en: {GOOD_ID}}}")
    site.run("feed", "build")
    assert "_jiading" not in check_json((site.root / "public" / "feed.json").read_bytes())["items"][0]
    zh = site.root / "articles" / "zh.md"
    zh.write_text(zh.read_text().replace("draft: true\n", ""))
    site.run("feed", "build")
    entry = read((site.root / "public" / "en" / "atom.xml").read_bytes()).entries[0]
    assert entry.link == "https://news.example.com/en/news/2017/07/en/"
    related = [(ln.rel, ln.hreflang, ln.href) for ln in entry.links if ln.rel == "related"]
    assert related == [("related", "zh-CN", "https://news.example.com/zh-cn/news/2017/07/zh/")]


def test_only_articles_that_enter_a_full_content_feed_are_rendered_once_each(site: Site) -> None:
    import datetime as dt

    from jiading_cli.app.validate import validate
    from jiading_cli.config import load_config
    from jiading_cli.feeds.build import build_feeds

    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + "\n[feeds]\nlimit = 1\n")
    site.article("a.md", date="2017-01-01T00:00:00+08:00", tags="[x]")
    site.article("b.md", id=OTHER_ID, date="2019-01-01T00:00:00+08:00")
    site.article("c.md", id=THIRD_ID, date="2018-01-01T00:00:00+08:00", draft="true")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    config = load_config(site.root)
    rendered: list[str] = []

    def counting(config: object, article: Article) -> str:
        rendered.append(article.id)
        return "<p>body</p>"

    outputs = build_feeds(config, validate(config, now).articles, now, render=counting).outputs
    assert sorted(rendered) == sorted([OTHER_ID, GOOD_ID])  # the newest, and the only one tagged x
    assert b"<p>body</p>" in outputs[2].data
    summary_only = replace(config, feeds=replace(config.feeds, content="summary"))
    rendered.clear()
    build_feeds(summary_only, validate(config, now).articles, now, render=counting)
    assert rendered == []


def test_a_summary_only_item_without_a_summary_still_has_text(site: Site) -> None:
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + '\n[feeds]\ncontent = "summary"\n')
    site.article(summary=None)
    site.run("feed", "build")
    public = site.root / "public"
    assert read((public / "atom.xml").read_bytes()).entries[0].summary == "Financial industry to boost Jiading"
    check_atom((public / "atom.xml").read_bytes())


def test_the_feeds_stylesheet_is_written_with_them_by_either_build_and_counted_in_the_manifest(site: Site) -> None:
    site.article(lang="zh-CN")
    data = json.loads(site.run("feed", "build", "--json").stdout)
    public = site.root / "public"
    assert all(not row["path"].endswith(".xsl") for row in data["files"])  # not a row of the summary
    manifest = json.loads((public / ".jiading-manifest.json").read_text(encoding="utf-8"))["files"]
    assert "feed.xsl" in manifest and (public / "feed.xsl").read_bytes().startswith(b"<?xml")
    for name in ("feed.xml", "atom.xml", "zh-cn/feed.xml", "zh-cn/atom.xml"):
        assert (public / name).read_text(encoding="utf-8").split("\n")[
            1
        ] == '<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'
    feeds = {p: p.read_bytes() for p in public.rglob("*") if p.suffix in (".xml", ".xsl", ".json")}
    stamp = (public / "feed.xsl").stat().st_mtime_ns
    assert site.run("build").exit_code == 0  # the site build writes the same feed bytes into the same folder
    assert {p: p.read_bytes() for p in feeds} == feeds and (public / "feed.xsl").stat().st_mtime_ns == stamp
    preview = site.run("feed", "build", "--include-drafts")
    assert preview.exit_code == 0
    nested = (site.root / "public-preview" / "zh-cn" / "atom.xml").read_text(encoding="utf-8").split("\n")[1]
    assert nested == '<?xml-stylesheet type="text/xsl" href="../feed.xsl"?>'  # works wherever the preview is opened
    assert (site.root / "public-preview" / "feed.xsl").is_file()


def test_a_file_an_article_names_at_the_stylesheets_url_is_refused(site: Site) -> None:
    site.write("articles/feed.xsl", "<x/>\n")
    site.article(body="See [the file](feed.xsl).\n")
    result = site.run("build")
    assert result.exit_code != 0
    assert (
        "articles/a.md:7: error JD169 body: expected a file published at a path of its own, got 'feed.xsl', "
        "articles/feed.xsl, published at feed.xsl: a file of the site's own at the top of the output folder; "
        "rename the file" in result.output
    )


def test_no_item_s_text_is_held_once_the_feeds_are_made(site: Site) -> None:
    """Each item's HTML and JSON text is made once for all the feeds carrying it; once the feeds are made, none is
    held (while a build's pages are made, bodies tens of kilobytes long would otherwise stay in memory)."""
    import datetime as dt
    import gc
    import types

    from jiading_cli.config import load_config
    from jiading_cli.feeds.build import build_feeds
    from jiading_cli.validate.site import validate

    body = "A body long enough to be told from anything else. " * 40
    site.article("a.md", tags="[x, y]", body=body)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    config = load_config(site.root)
    outputs = build_feeds(config, validate(config, now).articles, now).outputs
    text = body.strip()
    assert text in outputs[2].data.decode()  # the JSON Feed's
    del outputs
    gc.collect()
    held = []
    for found in gc.get_objects():  # the test's own closures' cells aside
        if not isinstance(found, types.CellType):
            held += [type(found).__name__ for part in gc.get_referents(found) if isinstance(part, str) and text in part]
    assert held == []
