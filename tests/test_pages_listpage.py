"""List pages written directly are the shipped templates' pages, byte for byte, and a site's own ``list.html``
or ``base.html`` is still used: generated sites (titles with & < > " ', Chinese, images or none, summaries,
categories and tags, lists with archive pages and their links) with every list page made both ways; and a
build after an article is added and another edited writes a cold build's list pages, making only those two
articles' teasers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import settle, tree
from jiading_cli.config import Config, load_config
from jiading_cli.model.article import Article
from jiading_cli.pages import listpage
from jiading_cli.pages.build import _listings, _site
from jiading_cli.pages.listing import Listing, sheet_page, sheets
from jiading_cli.pages.listpage import TEMPLATES, WRITTEN_FOR, ListPage
from jiading_cli.pages.shipped import digest
from jiading_cli.pages.theme import SHIPPED, TemplateError, theme
from jiading_cli.validate.site import validate
from pages.sample import make, run, site_configs

SITES = {
    "plain": 'title = "Invest in Jiading"\nbase_url = "https://www.investinjiading.com"\n\n[pages]\nper_page = 2\n',
    "everything": """\
[site]
title = "A & B <News> \\"Jiading\\" 's"
base_url = "https://example.com/news/"
description = "News & <views> of \\"Jiading\\""
language = "zh-CN"
timezone = "Asia/Shanghai"

[pages]
per_page = 3

[feeds]
per_category = true
per_tag = true
""",
    "one page": '[site]\ntitle = "嘉定投资"\nbase_url = "https://www.investinjiading.com"\n',
}
SAMPLES = ["Jiading & Shanghai", '<b>"quoted"</b>', "l'usine", "金融业助力嘉定发展", "x", "a" * 90]
TEXT = st.sampled_from(SAMPLES) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
TERMS = st.sampled_from(["finance", "金融", "R&D <lab>", "l'usine", '"new"'])  # a few, so lists have several
IMAGES = st.sampled_from([None, "lead.png", "https://cdn.example.com/a.jpg?w=1&h=<2>", "missing.png"])


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Config]:
    return site_configs(tmp_path_factory, SITES)


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    made = []
    for n in range(draw(st.integers(1, 9))):
        date = dt.datetime(2017, 7, 3, 18, tzinfo=dt.UTC) + dt.timedelta(days=draw(st.integers(0, 3000)))
        made.append(
            Article(
                path=f"articles/en/a{n}.md",
                id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                title=draw(TEXT),
                date=date,
                updated=None,
                summary=draw(st.sampled_from(["", "A summary & more."]) | TEXT),
                authors=(),
                tags=tuple(draw(st.lists(TERMS, max_size=3, unique=True))),
                category=draw(st.none() | TERMS),
                lang=draw(st.sampled_from(["en", "zh-CN", "fr", "en-GB", "ar", "fa"])),
                slug=f"article-{n}",
                image=draw(IMAGES),
                image_alt=draw(st.none() | TEXT),
                draft=False,
                canonical_url=None,
                translations={},
                share={},
                syndication=(),
                body="<p>Body</p>",
                body_line=1,
            )
        )
    return made


@given(st.sampled_from(sorted(SITES)), articles())
@settings(max_examples=120, deadline=None)
def test_every_list_page_is_the_one_the_templates_render(
    configs: dict[str, Config], site: str, chosen: list[Article]
) -> None:
    config = configs[site]
    pages, folders, found = _site(config, chosen)
    look = theme(config.root / "templates")
    page = ListPage(look, pages)
    lists = _listings(pages, found, folders)
    lists.append(Listing("en/empty", "en", "Nothing <yet>", "language", "English", ()))  # "no articles"
    for listing in lists:
        for sheet in sheets(pages, listing):
            text = page.render(sheet)
            assert text == look.render("list.html", sheet_page(pages, sheet).context)
            assert ('rel="prev">' in text) == (sheet.cut.newer is not None)  # "Newer articles"
            assert ('rel="next">' in text) == (sheet.cut.older is not None)  # "Older articles"
    assert page.chrome is not None  # written directly, not by the templates


def test_the_direct_list_page_is_written_for_the_shipped_templates() -> None:
    """Changing base.html or list.html means changing ListPage to match, then WRITTEN_FOR."""
    assert digest([(SHIPPED / name).read_text(encoding="utf-8") for name in TEMPLATES]) == WRITTEN_FOR


def _lists(out: Path) -> list[Path]:
    """The list pages of the sample site's output folder."""
    found = [p.relative_to(out) for p in out.rglob("index.html")]
    lists = [p for p in found if p.parts[0] in ("categories", "tags") or p.parts[1:2] in (("index.html",), ("page",))]
    return sorted(lists)  # not the folders above the articles' pages (en/news/2017/), which send to a list


@pytest.mark.parametrize(
    ("name", "shipped", "mine"),
    [
        ("list.html", "<h1>", '<h1 class="mine">'),
        ("base.html", '<main id="content"', '<main data-mine="1" id="content"'),
    ],
)
def test_a_sites_own_list_or_base_template_makes_its_list_pages(
    tmp_path: Path, name: str, shipped: str, mine: str
) -> None:
    make(tmp_path)
    assert run(tmp_path, "build", "--out", "shipped").exit_code == 0
    (tmp_path / "templates").mkdir()
    text = (SHIPPED / name).read_text(encoding="utf-8")
    assert text.count(shipped) == 1
    (tmp_path / "templates" / name).write_text(text.replace(shipped, mine), encoding="utf-8")
    result = run(tmp_path, "build", "--out", "own")
    assert result.exit_code == 0, result.output
    lists = _lists(tmp_path / "shipped")
    assert len(lists) > 8 and any("page" in p.parts for p in lists)
    for path in lists:
        page = (tmp_path / "shipped" / path).read_text(encoding="utf-8")
        assert page.count(shipped) == 1
        expected = page.replace(shipped, mine)
        assert (tmp_path / "own" / path).read_text(encoding="utf-8") == expected, path


def test_a_sites_list_template_that_fails_is_the_templates_error(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    broken = '{% extends "base.html" %}\n{% block main %}\n{{ 1 / 0 }}\n{% endblock %}\n'
    (tmp_path / "templates/list.html").write_text(broken, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: templates/list.html:3: template: ZeroDivisionError"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_masthead_that_fails_on_a_list_page_is_the_templates_error(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/masthead.html").write_text("<header>\n{{ 1 / 0 }}</header>\n", encoding="utf-8")
    config = load_config(tmp_path)
    chosen = list(validate(config, dt.datetime(2026, 11, 27, tzinfo=dt.UTC)).articles)
    pages, folders, found = _site(config, chosen)
    look = theme(tmp_path / "templates", tmp_path)
    sheet = sheets(pages, _listings(pages, found, folders)[0])[0]
    with pytest.raises(TemplateError) as templates:
        look.render("list.html", sheet_page(pages, sheet).context)
    with pytest.raises(TemplateError) as direct:
        ListPage(look, pages).render(sheet)
    assert str(direct.value) == str(templates.value)
    assert str(direct.value).startswith("templates/masthead.html:2: template: ZeroDivisionError")


ADDED = """\
---
id: urn:uuid:5b2e3f74-9c6d-4e4f-a0b1-2c3d4e5f6a7b
title: A <new> research & development centre
date: 2018-01-15T10:00:00+08:00
summary: "Jiading's \\"newest\\" centre."
tags: [finance, innovation]
category: News
lang: en
slug: research-centre
---
It opens in January.
"""


def test_an_added_article_moves_the_lists_and_only_new_teasers_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path)
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    made: list[str] = []
    making = listpage.teaser_text

    def counted(item: Any) -> tuple[str, str]:
        made.append(item.title)
        return making(item)

    monkeypatch.setattr(listpage, "teaser_text", counted)
    (tmp_path / "articles/en/2018/centre.md").parent.mkdir()
    (tmp_path / "articles/en/2018/centre.md").write_text(ADDED, encoding="utf-8")
    park = tmp_path / "articles/en/2016/park.md"
    park.write_text(park.read_text(encoding="utf-8").replace("A new innovation park", "An innovation park"))
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert sorted(made) == ["A <new> research & development centre", "An innovation park opens"]
    out = tmp_path / "public"
    pages = [(out / f"en/{p}index.html").read_text(encoding="utf-8") for p in ("", "page/2/", "page/1/")]
    assert [p.count('<li class="teaser"') for p in pages] == [1, 1, 1]
    assert "A &lt;new&gt; research &amp; development centre</a></h2>" in pages[0]
    assert "Financial industry to boost Jiading</a></h2>" in pages[1]  # a new archive page, the newest
    assert "An innovation park opens</a></h2>" in pages[2] and 'rel="prev"' in pages[2]  # the oldest, where it was
    monkeypatch.undo()
    assert run(tmp_path, "build", "--out", "cold").exit_code == 0
    assert tree(out) == tree(tmp_path / "cold")
