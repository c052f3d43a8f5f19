"""og:locale is a language and a region, as Open Graph reads it: never a region made of the language's own letters
(``ko_KO``, ``he_HE``), which names no region at all."""

from __future__ import annotations

import string

import langcodes
import pytest

from conftest import Site
from jiading_cli.share.opengraph import locale

LANGUAGES = [a + b for a in string.ascii_lowercase for b in string.ascii_lowercase if langcodes.tag_is_valid(a + b)]
NO_ONE_REGION = {"eo", "ia", "io", "ji", "vo", "yi"}  # CLDR writes these in the world, 001: Facebook's own forms stay


@pytest.mark.parametrize("tag", LANGUAGES)
def test_every_language_gets_a_region_that_is_one(tag: str) -> None:
    language, _, region = locale(tag).partition("_")
    assert language == tag
    assert len(region) == 2 and region.isupper()
    assert tag in NO_ONE_REGION or langcodes.tag_is_valid(f"und-{region}"), locale(tag)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en_US"), ("zh-CN", "zh_CN"), ("zh-Hant-TW", "zh_TW"), ("zh-Hant", "zh_TW"), ("ja", "ja_JP"),
        ("ko", "ko_KR"), ("he", "he_IL"), ("sr-Latn", "sr_RS"), ("es-419", "es_ES"), ("fr-CA", "fr_CA"),
        ("en-x-tw", "en_US"), ("de-CH-1996", "de_CH"), ("ar", "ar_AR"), ("fil", "fil_PH"),
    ],
)  # fmt: skip
def test_a_tag_s_region_else_its_language_s_likely_one(tag: str, expected: str) -> None:
    assert locale(tag) == expected


@pytest.mark.parametrize("tag", ["und", "mul", "mis", "zxx", "qaa", "qtz", "und-CN", "mul-FR", "zxx-Latn", "qab-x-y"])
def test_a_tag_of_no_one_language_says_no_locale(tag: str) -> None:
    """CLDR's likely subtags answer ``US`` for ``und`` and for these alike: ``und_US``, ``zxx_US`` would name a
    language and a region the article is not in, so no ``og:locale`` is said."""
    assert locale(tag) is None


def test_a_page_of_no_one_language_carries_no_locale(site: Site) -> None:
    site.article("a.md", lang="zxx")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    [page] = [p for p in (site.root / "public").rglob("index.html") if b'property="og:title"' in p.read_bytes()]
    html = page.read_text(encoding="utf-8")
    assert 'property="og:type"' in html and "og:locale" not in html, html
