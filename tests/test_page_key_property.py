"""The quick page keys against the obvious ones: whenever two states of a site give a page the same quick
key (composed from its articles' sources), they give it the same obvious key (the records it shows), so a
page kept by its quick key is the page the obvious key would keep. And the quick key is stable: the same
site gives the same keys."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.config import Config, load_config
from jiading_cli.content.site import article_files, load_all, public_url
from jiading_cli.feeds.sets import select
from jiading_cli.model.article import Article
from jiading_cli.pages.article import alternates, article_key, parts, quick_article_key
from jiading_cli.pages.build import _listings, _site, _variables_key
from jiading_cli.pages.listing import quick_sheet_keys, sheet_page, sheets
from jiading_cli.pages.reuse import Digests, Inputs
from jiading_cli.pages.urls import output_file
from pages.sample import CONFIG, EN, OLD, ZH, png

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
FR = """\
---
id: urn:uuid:7e1f4a52-0c1a-4f55-9d0b-6b1f0a2c3d4e
title: Un parc pour l'innovation
date: 2016-06-01T09:00:00+08:00
summary: Un parc ouvre à Jiading.
tags: [innovation]
category: Actualités
lang: fr
slug: parc
---
Le parc ouvre en juin.
"""


@dataclass(frozen=True)
class State:
    """One state of the sample site: each input a page shows, in one of a few values."""

    en_title: str
    zh_title: str
    zh_slug: str
    zh_draft: bool
    en_category: str
    park_tags: str
    en_image: str
    signing: str  # what the image file signing.png holds
    french: bool

    def write(self, root: Path) -> None:
        articles = root / "articles"
        if articles.exists():
            shutil.rmtree(articles)
        en = EN.replace("title: Financial industry to boost Jiading", f"title: {self.en_title}")
        en = en.replace("category: News", f"category: {self.en_category}")
        en = en.replace("image: signing.png", f"image: {self.en_image}")
        zh = ZH.replace("title: 金融业助力嘉定发展", f"title: {self.zh_title}")
        zh = zh.replace("slug: jin-rong-ye-zhu-li-jia-ding", f"slug: {self.zh_slug}")
        zh = zh.replace("lang: zh-CN\n", "lang: zh-CN\ndraft: true\n" if self.zh_draft else "lang: zh-CN\n")
        old = OLD.replace("tags: [innovation]", f"tags: [{self.park_tags}]")
        files = {"en/2017/finance.md": en, "zh-cn/2017/finance.md": zh, "en/2016/park.md": old}
        if self.french:
            files["fr/2016/parc.md"] = FR
        for name, text in files.items():
            (articles / name).parent.mkdir(parents=True, exist_ok=True)
            (articles / name).write_text(text, encoding="utf-8")
        png(articles / "en/2017/signing.png", self.signing)
        png(articles / "en/2017/hall.png", "hall")


VALUES = {
    "en_title": st.sampled_from(["Financial industry to boost Jiading", "Finance boosts Jiading"]),
    "zh_title": st.sampled_from(["金融业助力嘉定发展", "金融业推动嘉定发展"]),
    "zh_slug": st.sampled_from(["jin-rong-ye-zhu-li-jia-ding", "jin-rong"]),
    "zh_draft": st.booleans(),
    "en_category": st.sampled_from(["News", "Business", "news!"]),
    "park_tags": st.sampled_from(["innovation", "innovation, finance!", "finance"]),
    "en_image": st.sampled_from(["signing.png", "hall.png", "https://example.com/a.png"]),
    "signing": st.sampled_from(["signing", "a longer text, so a larger QR code and a larger image file"]),
    "french": st.booleans(),
}
states = st.builds(State, **VALUES)


class Sources:
    """What the article store would say: the digest of the bytes each article was read from."""

    def __init__(self, found: dict[str, tuple[Article, bytes]]) -> None:
        self.found = found
        self.digests = Digests()

    def known(self, path: str, key: str) -> str | None:
        return None

    def source(self, article: Article) -> bytes | None:
        entry = self.found.get(article.path)
        return entry[1] if entry is not None and entry[0] is article else None


def keys(config: Config) -> dict[str, tuple[str, str | None]]:
    """Every article and list page of the site as it is on disk: path -> (obvious key, quick key)."""
    loaded = load_all(config, article_files(config))
    articles = [item.article for item in loaded if item.article is not None]
    reuse = Sources({item.path: (item.article, item.digest) for item in loaded if item.article is not None})
    chosen = select(articles, NOW, False)
    pages, folders, found = _site(config, chosen)
    inputs = Inputs(config, reuse, pages.languages, pages.feeds_on)
    by_id = {a.id: a for a in chosen}
    made: dict[str, tuple[str, str | None]] = {}
    for article in chosen:
        path = output_file(config, public_url(config, article))
        assert path is not None
        versions = alternates(config, article, by_id) if article.translations else ()
        quick = quick_article_key(inputs, article, None, {}, folders, versions)
        made[path] = (article_key(pages, article, None, {}, parts(pages, article, folders, by_id)), quick)
    for listing in _listings(pages, found, folders):
        cut = sheets(pages, listing)
        for sheet, quick in zip(cut, quick_sheet_keys(inputs, cut), strict=True):
            made[f"{sheet.folder}/index.html"] = (_variables_key(sheet_page(pages, sheet)), quick)
    return made


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        yield root


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_an_equal_quick_key_means_an_equal_page(site: Path, data: st.DataObject) -> None:
    first = data.draw(states, "first")
    changed = data.draw(st.sets(st.sampled_from(sorted(VALUES)), min_size=1, max_size=2), "changed")
    second = replace(first, **{name: data.draw(VALUES[name], name) for name in sorted(changed)})
    config = load_config(site)
    first.write(site)
    before = keys(config)
    second.write(site)
    after = keys(config)
    for path in before.keys() & after.keys():
        (obvious, quick), (obvious_now, quick_now) = before[path], after[path]
        assert quick is not None and quick_now is not None
        if quick == quick_now:
            assert obvious == obvious_now, f"{path}: kept by its quick key, though what it shows changed"
    if first == second:
        assert before == after


def test_an_article_loaded_elsewhere_has_only_the_obvious_key(site: Path) -> None:
    State("T", "标题", "jin-rong", False, "News", "innovation", "signing.png", "signing", False).write(site)
    config = load_config(site)
    article = load_all(config, article_files(config))[0].article
    assert article is not None
    inputs = Inputs(config, Sources({}), {"en": "en"}, {})
    assert inputs.article(article) is None
