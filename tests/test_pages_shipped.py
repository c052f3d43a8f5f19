"""Article pages written directly are the shipped templates' pages, byte for byte, and a site's own
templates are still used: generated articles (titles with & < > " ', Chinese, no phone, translations,
images, updates, share overrides) on sites of several settings, each page made both ways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from jiading_cli.config import Config
from jiading_cli.model.article import Article
from jiading_cli.pages.article import Folders, article_context, parts
from jiading_cli.pages.build import _site
from jiading_cli.pages.shipped import TEMPLATES, WRITTEN_FOR, ArticlePage, _e, digest
from jiading_cli.pages.theme import SHIPPED, theme
from pages.sample import built, site_configs

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
SITES = {
    "plain": 'title = "Invest in Jiading"\nbase_url = "https://www.investinjiading.com"\n',
    "everything": """\
title = "A & B <News> \\"Jiading\\" 's"
base_url = "https://example.com/news/"
language = "zh-CN"
timezone = "Asia/Shanghai"
email = "news@example.com"
phone = "+86 10 5327 0173"
copyright = "© <Jiading> & co"

[share]
utm_source = "{network}"
utm_medium = "so&cial"
utm_campaign = "新闻 {network}"
x_via = "@jiading"
x_template = "{title} {hashtags}"
mailto_template = "{summary}\\n\\n{url}\\n{author}"

[feeds]
per_category = true
per_tag = true
""",
    "no utm": """\
title = "嘉定投资"
base_url = "https://www.investinjiading.com"

[share]
utm_medium = ""
""",
}
SAMPLES = ["Jiading & Shanghai", '<b>"quoted"</b>', "l'usine", "金融业助力嘉定发展", "x", "a" * 90]
TEXT = st.sampled_from(SAMPLES) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
LANGS = st.sampled_from(["en", "zh-CN", "fr", "en-GB", "ar", "he", "az-Arab"])
IMAGES = st.sampled_from([None, "lead.png", "https://cdn.example.com/a.jpg?w=1&h=<2>", "missing.png"])


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Config]:
    return site_configs(tmp_path_factory, SITES)


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    count = draw(st.integers(1, 3))
    made = []
    for n in range(count):
        date = dt.datetime(2017, 7, 3, 18, tzinfo=dt.UTC) + dt.timedelta(days=draw(st.integers(0, 3000)))
        updated = draw(st.sampled_from([None, date, date + dt.timedelta(hours=1), date + dt.timedelta(days=40)]))
        made.append(
            Article(
                path=f"articles/en/a{n}.md",
                id=f"urn:uuid:00000000-0000-4000-8000-00000000000{n}",
                title=draw(TEXT),
                date=date,
                updated=updated,
                summary=draw(st.sampled_from(["", "A summary & more."]) | TEXT),
                authors=tuple(draw(st.lists(TEXT, max_size=2))),
                tags=tuple(draw(st.lists(TEXT, max_size=3, unique=True))),
                category=draw(st.none() | TEXT),
                lang=draw(LANGS),
                slug=f"article-{n}",
                image=draw(IMAGES),
                image_alt=draw(st.none() | TEXT),
                draft=False,
                canonical_url=draw(st.sampled_from([None, "https://elsewhere.example.com/a?b=1&c=<d>"])),
                translations={},
                share=draw(st.sampled_from([{}, {"x": "<X> & text"}, {"weibo": "微博 #标签#"}])),
                syndication=(),
                body=draw(st.sampled_from(["<p>Body &amp; more</p>", "", "<p>正文</p>\n<pre>a < b</pre>"])),
                body_line=1,
            )
        )
    if count > 1 and draw(st.booleans()):  # the first article's versions in the others' languages
        others = {a.lang: a.id for a in made[1:] if a.lang != made[0].lang}
        made[0] = replace(made[0], translations=others)
    return made


def contexts(config: Config, chosen: list[Article]) -> Iterator[dict[str, Any]]:
    """The variables of each article's page, made as a build makes them."""
    pages, _, found = _site(config, chosen)
    folders = Folders(
        {key: f"categories/c{n}" for n, key in enumerate(sorted(found["category"]))},
        {key: f"tags/t{n}" for n, key in enumerate(sorted(found["tag"]))},
    )
    by_id = {a.id: a for a in chosen}
    for article in chosen:
        yield article_context(pages, article, article.body, {}, parts(pages, article, folders, by_id))


@given(st.sampled_from(sorted(SITES)), articles())
@settings(max_examples=150, deadline=None)
def test_every_article_page_is_the_one_the_templates_render(
    configs: dict[str, Config], site: str, chosen: list[Article]
) -> None:
    config = configs[site]
    look = theme(config.root / "templates")
    page = ArticlePage(look)
    for context in contexts(config, chosen):
        assert page.render(context) == look.render("article.html", context)
    assert page.chrome is not None  # written directly, not by the templates


def test_the_direct_page_is_written_for_the_shipped_templates() -> None:
    """Changing base.html, article.html or share.html means changing ArticlePage to match, then WRITTEN_FOR."""
    assert digest([(SHIPPED / name).read_text(encoding="utf-8") for name in TEMPLATES]) == WRITTEN_FOR


@given(st.text(max_size=40) | st.sampled_from(["&<>\"'", "&amp;", "a'b\"c"]))
def test_values_are_escaped_as_autoescaping_escapes_them(text: str) -> None:
    assert _e(text) == str(escape(text))


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_sites_own_template_is_used_for_article_pages(tmp_path: Path, name: str) -> None:
    from pages.sample import make, run

    make(tmp_path)
    (tmp_path / "templates").mkdir()
    shipped = (SHIPPED / name).read_text(encoding="utf-8")
    mine = shipped.replace("</nav>", "</nav><!-- mine -->") if name == "share.html" else shipped
    mine = mine.replace("<h1>", '<h1 class="mine">').replace('<main id="content"', '<main data-mine="1" id="content"')
    assert mine != shipped
    (tmp_path / "templates" / name).write_text(mine, encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    page = (tmp_path / "public/en/news/2017/07/financial-industry-to-boost-jiading/index.html").read_text()
    assert {"base.html": 'data-mine="1"', "article.html": '<h1 class="mine">', "share.html": "<!-- mine -->"}[
        name
    ] in page
    assert "Financial industry to boost Jiading" in page


def test_a_copy_of_the_shipped_templates_gives_the_same_site(tmp_path: Path) -> None:
    """A site whose article.html is the shipped one with a comment renders through Jinja: the same bytes."""
    (tmp_path / "shipped").mkdir()
    shipped = built(tmp_path / "shipped")
    templates = tmp_path / "copy/templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(
        (SHIPPED / "article.html").read_text(encoding="utf-8") + "{# a site's copy #}\n", encoding="utf-8"
    )
    copied = built(tmp_path / "copy")
    files = sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file())
    assert len(files) > 10 and files == sorted(p.relative_to(copied) for p in copied.rglob("*") if p.is_file())
    assert [f for f in files if (shipped / f).read_bytes() != (copied / f).read_bytes()] == []


@pytest.mark.parametrize("templates", [[], ["--templates"]])
def test_the_article_pages_benchmark_times_the_pages_both_ways(tmp_path: Path, templates: list[str]) -> None:
    import subprocess
    import sys

    bench = Path(__file__).resolve().parent.parent / "benchmarks"
    subprocess.run(
        [sys.executable, str(bench / "corpus.py"), "--count", "30", "--out", str(tmp_path), "--only", "jiading"],
        check=True,
        capture_output=True,
    )
    site = str(tmp_path / "jiading")
    result = subprocess.run(
        [sys.executable, str(bench / "article_pages.py"), site, "--runs", "2", "--profile", "5", *templates],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0].endswith(" files, 30 articles")
    assert [line[:7] for line in lines[1:3]] == ["run 1: ", "run 2: "] and "QR code" in lines[1]
    jinja = int(lines[3].removeprefix("article pages rendered by Jinja in the last run: "))
    assert (jinja > 20) if templates else (jinja == 0)
    assert "function calls" in result.stdout


@pytest.mark.parametrize(
    ("name", "wrong", "error"),
    [
        ("masthead.html", "<header>\n{{ 1 / 0 }}</header>\n", "templates/masthead.html:2: template: ZeroDivisionError"),
        ("footer.html", "<footer>\n\n{{ head.title }}</footer>\n", "templates/footer.html:3: template: 'head' is"),
    ],
)
def test_a_sites_masthead_or_footer_that_fails_is_the_templates_error(
    tmp_path: Path, name: str, wrong: str, error: str
) -> None:
    from pages.sample import make, run

    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / name).write_text(wrong, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {error}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
