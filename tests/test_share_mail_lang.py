"""An email's words of the message catalogue say their language where the email is of another (a French article's
"Read it online" and "Unsubscribe" are English), and a digest's article of another language than the digest's says
its own; an email in a catalogue's own language says nothing more."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.app.settings import load as load_config
from jiading_cli.share.mail import MailArticle, article_parts, digest_parts
from test_pages_words_lang import POOL, languages_of_words, misread_in

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
    lang = data.draw(st.sampled_from(langs), label="the digest's language")
    _, page = digest_parts(config, "Qarvo", made, lang)
    assert misread_in(page.encode(), words) == []


def test_a_french_email_says_where_its_english_words_are(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    french, english = entries(["fr", "en"])
    _, page = article_parts(config, french, "fr")
    assert '<html lang="fr">' in page and 'lang="en" dir="ltr">Read it online</a>' in page
    assert 'lang="en" dir="ltr">Unsubscribe</a>' in page
    _, page = article_parts(config, english, "en")
    assert ' lang="en" dir="ltr"' not in page
    _, page = digest_parts(config, "Qarvo", [french, english], "en")
    assert '<div lang="fr" dir="ltr">\n<h2>' in page and '<p lang="en" dir="ltr">Published 2017-07-04</p>' in page
