"""The site's own files lie where ``content.layout`` says they do, and no article's page may take one of their
places (JD125): a page of ``slug: en`` under ``permalink = '/{slug}/'`` would have been the English news list."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, untimed
from jiading_cli.base.tempnames import temp_prefix
from jiading_cli.content.layout import MANIFEST, PAGES_MANIFEST, page_file, site_file
from jiading_cli.feeds.mark import MARK
from pages.sample import make, run


def test_every_file_a_build_writes_is_the_sites_own_or_an_articles(tmp_path: Path) -> None:
    """Each file of a built site (two languages, translations, tags, a category, lists of several pages, feeds of
    every kind, copied files, the build's manifests) is one ``site_file`` names, or an article's page or file, or
    the page of a folder of their URLs (``en/news/2017/``, which sends to the news list): never both."""
    site = make(tmp_path)
    config = site / "jiading.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[feeds]\nper_language = true\nper_category = true\nper_tag = true\n",
        encoding="utf-8",
    )
    result = run(site, "build")
    assert result.exit_code == 0, result.output
    public = site / "public"
    pages = set(json.loads((public / ".jiading-pages.json").read_text(encoding="utf-8"))["files"])
    copied = {name for name in pages if (site / "articles" / name).is_file()}  # the files the articles name
    articles = {name for name in pages if re.fullmatch(r"(en|zh-cn)/news/\d{4}/\d\d/[^/]+/index\.html", name)}
    assert len(articles) == 3 and copied
    above = {f"{'/'.join(name.split('/')[:end])}/index.html" for name in articles for end in (2, 3, 4)}
    assert above <= pages and "en/news/2017/07/index.html" in above
    langs = {"en", "zh-cn"}
    for path in public.rglob("*"):
        name = path.relative_to(public).as_posix()
        if path.is_dir():
            continue
        own = site_file(name, langs)
        assert (own is None) == (name in articles or name in copied or name in above), (name, own)


OVER_INDEX = "its folder index.html/ would take the place of the site's file index.html"
OVER_FEED = "its folder feed.xml/ would take the place of the site's file feed.xml"
ALIKE = ", but for case or Unicode form, which Windows and macOS do not tell apart"
OWN = "a name jiading keeps for its own files (the build's manifests and marks, its temporary files)"
OVER_LANGUAGE_FEED = "its folder en/feed.xml/ would take the place of the site's file en/feed.xml"


def test_no_page_takes_a_file_or_folder_a_build_writes_unless_jd125_says_so(tmp_path: Path) -> None:
    """For any page path made of the names a full build writes (feeds of every kind and language, category and
    tag, list pages, sitemap, theme files), a page that would be one of the site's files, a folder on the way to
    one, or have one on its own way, is one ``site_file`` names: a file a build writes that the layout does not
    know is found here."""
    site = make(tmp_path)
    config = site / "jiading.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[feeds]\nper_language = true\nper_category = true\nper_tag = true\n",
        encoding="utf-8",
    )
    assert run(site, "build").exit_code == 0
    public = site / "public"
    pages = set(json.loads((public / ".jiading-pages.json").read_text(encoding="utf-8"))["files"])
    articles = {
        name for name in pages if re.fullmatch(r"(en|zh-cn)/news/.*", name) or (site / "articles" / name).is_file()
    }
    own = {
        name
        for path in public.rglob("*")
        if path.is_file() and (name := path.relative_to(public).as_posix()) not in articles
    }
    assert {"feed.xsl", "sitemap.xml", "en/feed.xml", "en/page/1/index.html", ".jiading-pages.json"} <= own
    # and what lies beside them while a build writes: the mark of a build writing, each file's staged copy
    own |= {f"{name}{MARK}" for name in (MANIFEST, PAGES_MANIFEST)}
    own |= {
        f"{(folder := name.rpartition('/'))[0]}{folder[1]}{temp_prefix(folder[2])}abcd1234.tmp" for name in set(own)
    }
    words = sorted({part for name in own | articles for part in name.split("/")} | {"x", "news"})
    langs = {"en", "zh-cn"}

    def collides(page: str) -> bool:
        return any(f == page or f.startswith(page + "/") or page.startswith(f + "/") for f in own)

    @settings(max_examples=400)
    @given(st.lists(st.sampled_from(words), min_size=1, max_size=4), st.booleans(), st.randoms())
    def search(parts: list[str], folder: bool, cases: random.Random) -> None:
        """And as Windows and macOS read names, whatever their case: ``Tags/x/`` is in ``tags/`` there."""
        page = page_file("/" + "/".join(parts) + ("/" if folder else ""))
        if collides(page):
            assert site_file(page, langs) is not None, page
            written = "".join(c.upper() if cases.random() < 0.5 else c for c in page)
            assert site_file(written, langs) is not None, written

    search()


@pytest.mark.parametrize(
    ("permalink", "slug", "path", "what"),
    [
        ("/{slug}/", "en", "/en/", "the en/ news list or its feeds"),
        ("/{lang}/{slug}/", "page", "/en/page/", "the en/ news list or its feeds"),
        ("/{slug}/", "tags", "/tags/", "in the site's tags/ folder"),
        ("/{slug}.html", "404", "/404.html", "a file of the site's own at the top of the output folder"),
        ("/{slug}.xml", "sitemap", "/sitemap.xml", "a file of the site's own at the top of the output folder"),
        ("/{slug}.xml", "sitemap-12", "/sitemap-12.xml", "a file of the site's own at the top of the output folder"),
        *(
            (
                f"/{name}/{{slug}}/",
                "x",
                f"/{name}/x/",
                f"its folder {name}/ would take the place of the site's file {name}",
            )
            for name in ("feed.xml", "atom.xml", "feed.json", "feed.xsl", "sitemap.xml", "robots.txt", "404.html")
        ),
        ("/index.html/{slug}/", "x", "/index.html/x/", OVER_INDEX),
        ("/{lang}/feed.xml/{slug}/", "x", "/en/feed.xml/x/", OVER_LANGUAGE_FEED),
        ("/{slug}", "en", "/en", "a file where the site's en/ folder must be, for the en/ news list and its feeds"),
        ("/{slug}", "assets", "/assets", "in the site's assets/ folder"),
        ("/Tags/{slug}/", "x", "/Tags/x/", "in the site's tags/ folder" + ALIKE),
        (
            "/Feed.XML/{slug}/",
            "x",
            "/Feed.XML/x/",
            "its folder feed.xml/ would take the place of the site's file feed.xml" + ALIKE,
        ),
        ("/{slug}.HTML", "index", "/index.HTML", "a file of the site's own at the top of the output folder" + ALIKE),
        ("/.jiading-{slug}.json", "manifest", "/.jiading-manifest.json", OWN),
        ("/.jiading-{slug}.json", "pages", "/.jiading-pages.json", OWN),
        ("/{lang}/.index.html.jiading-{slug}.tmp", "abcd1234", "/en/.index.html.jiading-abcd1234.tmp", OWN),
    ],
)
def test_an_article_whose_page_would_be_the_sites_own_is_one_error_and_nothing_is_built(
    site: Site, permalink: str, slug: str, path: str, what: str
) -> None:
    (site.root / "jiading.toml").write_text(CONFIG + f'permalink = "{permalink}"\n', encoding="utf-8")
    site.article(slug=slug, lang="en")
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.output).splitlines() == [
        f"articles/a.md:6: error JD125 slug: expected a page of the article's own, got {path!r}, {what}; change the "
        "slug or permalink",
        "",
        "1 error, 0 warnings, 0 notes in 1 file",
    ]
    assert site.run("build").exit_code == 1
    assert not (site.root / "public").exists()


@pytest.mark.parametrize(("kind", "found"), [("file", "a file"), ("broken link", "a link to nothing")])
def test_a_templates_folder_that_is_no_folder_is_one_error(site: Site, kind: str, found: str) -> None:
    """pages.templates_dir naming a file (or a link to nothing) left the site's templates out without a word."""
    site.article()
    if kind == "file":
        (site.root / "templates").write_text("{% block main %}{% endblock %}\n", encoding="utf-8")
    else:
        (site.root / "templates").symlink_to(site.root / "nowhere")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: templates: expected the folder of the site's templates (pages.templates_dir), found {found}; "
        "remove it or change pages.templates_dir\n"
    )
    assert not (site.root / "public").exists()
