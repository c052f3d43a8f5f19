"""A ``srcset`` is read once: the candidates validation checks are the candidates the page, the feeds and the email
link, each URL made from the one validation read, whatever character references its value holds."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import Config, load_config
from jiading_cli.content import markdown as render
from jiading_cli.content.htmlrefs import candidates
from jiading_cli.content.site import load_file
from jiading_cli.content.targets import has_scheme
from jiading_cli.model.article import Article
from jiading_cli.validate.references import read_references


class Candidates(HTMLParser):
    """The URLs of each ``srcset`` of some HTML, as a browser splits the value it decoded."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "srcset" and value:
                self.found += [value[start:end] for start, end in candidates(value)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    root = tmp_path_factory.mktemp("site")
    made = Site(root, None)  # type: ignore[arg-type]
    made.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    made.article("en/a.md")
    config = load_config(root)
    loaded = load_file(config, root / "articles/en/a.md").article
    assert loaded is not None
    return config, loaded


PIECES = [
    "a.png", "b:c", "https://x.example/i.png", "//cdn.example/i.png", "?v=1", "#top", "/about", "2x", "480w", ",", " ",
    "&#x1B;", "&#x7F;", "&#0;", "&#xFFFD;", "&#x09;", "&#32;", "&#x0A;", "&#x2C;", "&comma;", "&#x80;", "&#x81;",
    "&#xD800;", "&#1114112;", "&#x9F;", "&amp;", "&colon;", "&#58;", "(", ")", "java", "script:x", "%1B",
]  # fmt: skip


@settings(max_examples=300, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(value=st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join))
@example(value="&#xFFFD;b:c 2x")
@example(value="&#x1B;b:c 2x, a.png 1x")
@example(value="&#x7F;b.pdf 2x")
def test_the_page_links_each_candidate_validation_read(site: tuple[Config, Article], value: str) -> None:
    """Each candidate the rendered ``srcset`` holds is the URL the renderer made of the candidate validation read,
    in the same order and no other: a reference to a control character (``&#x1B;b:c``, which the output writes as
    U+FFFD) is part of the URL for both, never left before a URL read without it (``b:c``, then kept as written)."""
    config, article = site
    body = f'Text <img srcset="{value}">\n'
    read = [target for _, target, _ in read_references(body, unsafe=True)]
    html = render.render_html(config, dataclasses.replace(article, body=body))
    shown = Candidates(html).found
    resolve = render.resolver(config, article)
    assert shown == [resolve(target) for target in read], html
    assert all(has_scheme(url) for url in shown), html  # no reader of a feed or an email has a base to join
