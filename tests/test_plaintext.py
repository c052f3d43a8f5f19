"""The text part of an email: the body as a reader of the HTML part sees it, with every URL absolute."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.content.escaped import escaped_html
from jiading_cli.content.plaintext import text_of
from share.sites import make_site
from share.smtpd import smtp_server
from tinyimages import PNG


def text(markdown: str) -> str:
    return text_of(escaped_html(markdown))  # as articles are rendered: raw HTML shown as text


def test_paragraphs_headings_and_soft_breaks_read_as_written() -> None:
    assert text("# Finance\n\nJiading  signs *a* **memo**\n第二行。\n\nNext.") == (
        "Finance\n\nJiading signs a memo\n第二行。\n\nNext.\n"
    )


def test_links_and_images_carry_their_urls() -> None:
    body = "See [the guide](https://x.org/g.pdf), <https://x.org/> and [](https://x.org/e).\n\n![The hall](https://x.org/h.jpg)"
    assert text(body) == (
        "See the guide <https://x.org/g.pdf>, https://x.org/ and <https://x.org/e>.\n\n[The hall] <https://x.org/h.jpg>\n"
    )
    assert text("![](https://x.org/h.jpg)") == "<https://x.org/h.jpg>\n"
    assert text("Write to <news@example.com>.") == "Write to news@example.com.\n"


def test_lists_tight_loose_nested_and_numbered() -> None:
    assert text("- one\n- two\n  - inner\n") == "- one\n- two\n  - inner\n"
    assert text("3. first\n\n   more\n\n4. second\n") == "3. first\n\n   more\n\n4. second\n"


def test_quotes_code_tables_and_rules() -> None:
    body = "> said\n>\n> > inner\n\n```\ndef f():\n    return 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 & 3 |\n\n---\n"
    assert text(body) == ("> said\n>\n> > inner\n\n    def f():\n        return 1\n\na | b\n1 | 2 & 3\n\n----\n")


def test_raw_html_written_in_an_article_is_text() -> None:
    assert text("A <b>bold</b> claim &amp; <script>x()</script>") == "A <b>bold</b> claim & <script>x()</script>\n"


def test_broken_raw_html_passed_through_still_converts() -> None:
    html = "<p>open <em>never closed<p>next</div></span> <img alt='a'> <table><td>cell</table><script>x()</script>"
    assert text_of(html) == "open never closed\n\nnext [a]\n\ncell\n"


def test_any_nesting_depth_converts() -> None:
    deep = ">" * 100_000 + " x"
    assert text(deep).rstrip().endswith("x")
    assert text_of("<ul><li>" * 50_000 + "x").strip().endswith("x")


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
@settings(max_examples=300, deadline=None)
def test_every_body_converts_and_keeps_its_words(body: str) -> None:
    out = text(body)
    assert out == "" or out.endswith("\n")
    for word in body.split():
        if word.isalnum():
            assert word in out or word.lower() in out.lower()


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_an_emails_text_part_links_the_articles_files_by_their_public_urls(tmp_path: Path) -> None:
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        path = site.article()
        (path.parent / "images").mkdir()
        (path.parent / "images" / "hall.png").write_bytes(PNG)
        (path.parent / "guide.pdf").write_bytes(b"%PDF-1.4\n")
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n![Signing hall](images/hall.png)\n\nRead [the guide](guide.pdf).\n")
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    plain = inbox.parsed().get_body(("plain",))
    assert plain is not None
    content = plain.get_content().replace("\r\n", "\n")
    html = inbox.parsed().get_body(("html",))
    assert html is not None
    image, guide = "https://news.example.com/images/hall.png", "https://news.example.com/guide.pdf"
    assert f"\n[Signing hall] <{image}>\n" in content and f"\nRead the guide <{guide}>.\n" in content
    assert f'src="{image}"' in html.get_content() and f'href="{guide}"' in html.get_content()
    assert "](" not in content
