"""An email's words of the message catalogue say their language where the email is of another (a French article's
"Read it online" and "Unsubscribe" are English, and so is a French digest's heading but for the site's title and the
date), and a digest's article of another language than the digest's says its own; an email in a catalogue's own
language says nothing more. Every element of an email saying its language says its direction (an Arabic article's
email is laid out right to left)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.app.settings import load as load_config
from jiading_cli.share.mail import MailArticle, article_parts, digest_parts, digest_subject
from test_pages_words_lang import POOL, languages_of_words, misread_in, undirected_in

CONFIG = """\
[site]
title = "Qarvo"
base_url = "https://www.example.com"
language = "en"
timezone = "Asia/Shanghai"

[email]
list_unsubscribe = "<https://www.example.com/unsubscribe>"
"""


def entries(langs: list[str]) -> list[MailArticle]:
    return [
        MailArticle(f"Vexil{n} Tarnop{n}", f"https://www.example.com/{n}/", f"Quorb{n} zint{n}.", "2017-07-04",
                    f"Plimbo{n} frax{n}.", f"<p>Plimbo{n} frax{n}.</p>\n", lang)
        for n, lang in enumerate(langs)
    ]  # fmt: skip


@given(langs=st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique_by=str.lower), data=st.data())
@settings(max_examples=30, deadline=None)
def test_every_text_of_an_email_says_its_own_language(tmp_path_factory, langs: list[str], data: st.DataObject) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(root)
    words = languages_of_words(langs)
    made = entries(langs)
    for entry in made:
        _, page = article_parts(config, entry, entry.lang)
        assert misread_in(page.encode(), words) == []
        assert undirected_in(page.encode()) == []
    lang = data.draw(st.sampled_from(langs), label="the digest's language")
    subject, heading = digest_subject(config, lang, "2017-07-01", len(made))
    _, page = digest_parts(config, subject, made, lang, heading)
    assert misread_in(page.encode(), words) == []
    assert undirected_in(page.encode()) == []


def test_a_french_email_says_where_its_english_words_are(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    french, english = entries(["fr", "en"])
    _, page = article_parts(config, french, "fr")
    assert '<html lang="fr" dir="ltr">' in page and 'lang="en" dir="ltr">Read it online</a>' in page
    assert 'lang="en" dir="ltr">Unsubscribe</a>' in page
    _, page = article_parts(config, english, "en")
    assert ' lang="en" dir="ltr"' not in page.split("<body>")[1]  # said once, by <html>
    _, page = digest_parts(config, "Qarvo", [french, english], "en")
    assert '<div lang="fr" dir="ltr">\n<h2>' in page and '<p lang="en" dir="ltr">Published 2017-07-04</p>' in page


def test_an_arabic_email_is_laid_out_right_to_left_and_a_digest_heading_says_its_words(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    (arabic,) = entries(["ar"])
    _, page = article_parts(config, arabic, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    subject, heading = digest_subject(config, "ar", "2017-07-01", 1)
    assert subject == "Qarvo: news since 2017-07-01"
    _, page = digest_parts(config, subject, [arabic], "ar", heading)
    assert '<html lang="ar" dir="rtl">' in page and "<title>Qarvo: news since 2017-07-01</title>" in page
    assert '<h1>Qarvo<span lang="en" dir="ltr">: news since </span>2017-07-01</h1>' in page
    assert digest_subject(config, "zh-CN", "2017-07-01", 1)[1] == "Qarvo：2017-07-01 以来的新闻"  # nothing to say
