"""An article page's body is written from the site's root by the URLs of the links and images cmark wrote
(``made_urls``), not by reading every tag (``html_urls``): without ``unsafe_html`` the two find the same URLs, and
the page the same bytes, whatever the body holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import Config, load_config
from jiading_cli.content.htmlrefs import html_urls, rewritten
from jiading_cli.content.markdown import made_urls, render_html
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article
from jiading_cli.pages.urls import local

BASE = "https://news.example.com/"
# What a body's links and images are made of, and what may pass for one in text, code or raw HTML (escaped).
PIECES = [
    "[a](", "![b](", "](", ")", "[", "]", " \"t\"", " 'href=x'", "\"", "'", "=", " ", "\n", "\n\n", "`", "```\n",
    "<", ">", "/", "x.png", "a.md", "../b.md", "#top", "?q=1&amp;r=2", "%20", "&#32;", "&quot;", "&amp;",
    "https://news.example.com/en/", "https://example.org/", "<https://news.example.com/x>",
    "<a href=\"https://news.example.com/y\">", "<img src=x.png>", "src=\"z\"", "href=", "<!-- a -->",
    "[^1]", "[^1]: note", "- [ ] task", "| a | b |\n|---|---|\n", "~~s~~", "www.example.com", "嘉定", "*", "_",
    "javascript:x", "mailto:a@b.org", "\t", "&#x09;", "data-src=", "srcset=\"a.png 1x\"", "title=", "alt=",
]  # fmt: skip
BODIES = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG)
    site.article("a.md")
    config = load_config(root)
    article = load_file(config, root / "articles/a.md").article
    assert article is not None and not config.markdown.unsafe_html
    return config, article


def _html(made: tuple[Config, Article], body: str) -> tuple[Config, str]:
    config, article = made
    return config, render_html(config, Article(**{**article.__dict__, "body": body}))


@settings(max_examples=500, deadline=None)
@given(body=BODIES)
@example(body='[a](x "href=\\"y\\"") ![b](https://news.example.com/z.png "src=w")')
@example(body='<a href="https://news.example.com/y">a</a> [^1]\n\n[^1]: note')
@example(body="[a](<https://news.example.com/a b>)")
def test_the_urls_cmark_wrote_are_those_every_tag_holds(made: tuple[Config, Article], body: str) -> None:
    config, html = _html(made, body)
    assert list(made_urls(html)) == list(html_urls(html)), html
    to_root = lambda url: "/" + url[len(BASE) :] if url.startswith(BASE) else "=" + url  # noqa: E731
    assert rewritten(html, to_root, made_urls(html)) == rewritten(html, to_root), html
    assert local(config, html, body=True) == local(config, html), html


def test_with_raw_html_the_body_is_read_tag_by_tag(tmp_path: Path) -> None:
    site = Site(tmp_path, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    site.article("a.md")
    config = load_config(tmp_path)
    html = f'<p><img data-src={BASE}a.png alt=x> <video poster="{BASE}b.png"></video></p>'
    assert local(config, html, body=True) == '<p><img data-src=/a.png alt=x> <video poster="/b.png"></video></p>'
