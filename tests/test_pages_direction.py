"""A page of a language written right to left reads right to left: every element of every page that says its
language (``lang``) says its writing direction beside it (``dir``), the language's as CLDR gives it, whether the
page is written by jiading itself or rendered by a site's own copy of the templates."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from babel import Locale, localedata
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from jiading_cli.model.languages import direction, likely_direction
from jiading_cli.pages.theme import SHIPPED
from pages.sample import EN_ID, make, run

IDS = {name: f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}" for name in ("ar", "he", "fa-latn")}


def article(lang: str, slug: str, title: str, translations: dict[str, str]) -> str:
    links = "".join(f"\n  {key}: {value}" for key, value in translations.items())
    return f"""\
---
id: {IDS[slug]}
title: {title}
date: 2017-07-04T09:00:00+08:00
summary: {title} — {title} — {title}.
authors: [Invest in Jiading]
tags: [finance]
lang: {lang}
slug: {slug}
translations:{links or " {}"}
---
{title}.
"""


def site(root: Path) -> Path:
    """The sample site with an Arabic article, its Hebrew translation (and the English one's) and a Persian one
    written in Latin letters: every list holds articles of both directions."""
    make(root)
    folder = root / "articles/rtl"
    folder.mkdir(parents=True)
    texts = {
        "ar": article("ar", "ar", "الاستثمار في جياding", {"he": IDS["he"], "en": EN_ID}),
        "he": article("he", "he", "השקעה בג'יאדינג", {"ar": IDS["ar"]}),
        "fa-latn": article("fa-Latn", "fa-latn", "Sarmaye-gozari dar Jiading", {}),
    }
    for name, text in texts.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def said(out: Path) -> list[tuple[str, str, str | None]]:
    """Each element of each page that has a ``lang``: the page, the language and the direction it says."""
    found = []
    for page in sorted(out.rglob("*.html")):
        doc = html.fromstring(page.read_bytes())
        for element in doc.iter():
            if isinstance(element.tag, str) and "lang" in element.attrib:
                found.append((page.relative_to(out).as_posix(), element.get("lang", ""), element.get("dir")))
    return found


@pytest.mark.parametrize("theme", ["written directly", "the site's copy of the templates"])
def test_every_element_that_says_its_language_says_its_direction(tmp_path: Path, theme: str) -> None:
    root = site(tmp_path)
    if theme != "written directly":
        shutil.copytree(SHIPPED, root / "templates")  # a site's own templates: every page rendered by Jinja
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    out = root / "public"
    found = said(out)
    assert [(page, lang, dir_) for page, lang, dir_ in found if dir_ != direction(lang)] == []
    wanted = {("ar", "rtl"), ("he", "rtl"), ("en", "ltr"), ("fa-Latn", "ltr")}
    assert {(lang, dir_) for _, lang, dir_ in found} >= wanted
    page = html.fromstring((out / "ar/news/2017/07/ar/index.html").read_bytes())
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    assert sorted(page.xpath("//a[@rel='alternate']/span[@lang]/@dir")) == ["ltr", "rtl"]  # English, Hebrew
    assert {dir_ for page, _, dir_ in found if page == "index.html"} == {"ltr", "rtl"}  # the root's sections
    assert "dir=" not in (out / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", sorted(localedata.locale_identifiers()))
def test_a_languages_direction_is_the_one_cldr_gives_it(locale: str) -> None:
    """Every locale CLDR knows (Babel's data), its script named or not: ``rtl`` where CLDR writes right to left,
    else ``ltr`` (Mongolian in its own script, written top to bottom, is ``ltr`` as HTML's ``dir`` knows it); and
    the script its language is most likely written in, the answer for a language Babel has no locale of, agrees."""
    tag = locale.replace("_", "-")
    expected = "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"
    assert direction(tag) == expected
    if "_" not in locale or len(locale.split("_")[1]) != 4:  # no script named (one named decides alone)
        assert likely_direction(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ar-Latn", "ltr"),  # a script named: the script's direction, not the language's
        ("az-Arab", "rtl"),
        ("AR-eg", "rtl"),
        ("en-x-arab", "ltr"),  # private use names no script
        ("i-klingon", "ltr"),
        ("und-Hebr", "rtl"),
        ("arc", "rtl"),  # no locale in Babel: the script its language is most likely written in (Armi)
        ("tlh", "ltr"),
    ],
)
def test_a_script_named_in_the_tag_gives_the_direction(tag: str, expected: str) -> None:
    assert direction(tag) == expected


@given(st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}", fullmatch=True))
def test_any_tag_has_a_direction_and_case_does_not_change_it(tag: str) -> None:
    assert direction(tag) in ("ltr", "rtl")
    assert direction(tag.upper()) == direction(tag.lower()) == direction(tag)
