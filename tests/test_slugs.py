"""Slugs from titles and group names: every letter and digit is written in ASCII, none is dropped.

Unicode's compatibility decomposition brings `é` or `ﬁ` to ASCII but leaves `ß`, `Ø`, `Ł`, `Đ`, Cyrillic,
Greek, kana or Hangul outside it; they were once dropped (`Straße` gave `strae`, `Đà Nẵng` gave `a-nang`).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.content.slug import slugify

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # romanised by pypinyin, which has its own test


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Straße in Đà Nẵng", "strasse-in-da-nang"),
        ("Ærø and Œuvre", "aero-and-oeuvre"),
        ("Łódź, Þórshöfn", "lodz-thorshofn"),
        ("Москва", "moskva"),
        ("Αθήνα", "athina"),
        ("서울", "seoul"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("金融业助力嘉定 Expo", "jin-rong-ye-zhu-li-jia-ding-expo"),
        ("½ price", "12-price"),  # as before: no slug made from an ASCII reading moves
        ("Jiading’s 😀 plan", "jiadings-plan"),
        ("¿?¡!", ""),
    ],
)
def test_a_title_is_written_in_ascii_letter_for_letter(title: str, slug: str) -> None:
    assert slugify(title) == slug


def _decomposed_only(text: str) -> str:
    """The slug as it was made before any letter was transliterated: what decomposition leaves in ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub("[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


LETTERS = st.characters(categories=("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"))


@given(st.text(LETTERS, min_size=1, max_size=12))
def test_no_letter_or_digit_is_dropped(text: str) -> None:
    """A title of letters and digits gives a slug whenever the letters have an ASCII reading at all."""
    from anyascii import anyascii

    if HAN.search(text):
        return
    readable = re.sub("[^a-z0-9]", "", anyascii(unicodedata.normalize("NFKD", text)).lower())
    assert bool(slugify(text, None)) == bool(readable)


@given(st.text(st.characters(codec="latin-1") | st.sampled_from("’“”…—€½²™😀"), max_size=30))
def test_a_slug_with_no_letter_outside_ascii_is_as_before(text: str) -> None:
    """Where decomposition left no letter or digit outside ASCII, the slug is the one made before."""
    decomposed = unicodedata.normalize("NFKD", text)
    if any(not char.isascii() and unicodedata.category(char)[0] in "LN" for char in decomposed):
        return
    assert slugify(text, None) == _decomposed_only(text)


def test_new_article_transliterates_the_title(site: Site) -> None:
    result = site.run("new-article", "Straße in Đà Nẵng", "--date", "2017-07-03T18:00:00+08:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "articles/en/2017/strasse-in-da-nang.md\n"


def test_a_category_s_folder_is_transliterated(site: Site) -> None:
    site.article("en/2017/a.md", category="Łódź")
    result = site.run("build")
    assert result.exit_code == 0, result.stderr
    listing = (site.root / "public/categories/lodz/index.html").read_text(encoding="utf-8")
    assert "Łódź" in listing
