"""A URL of raw HTML is read once and written whole: the candidates of a ``srcset`` validation checks are the
candidates the page, the feeds and the email link, each URL made from the one validation read, whatever character
references its value holds; and each URL made absolute is the whole value of its attribute."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from jiading_cli.config import Config
from jiading_cli.content import markdown as render
from jiading_cli.content.htmlrefs import candidates, decoded_url
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
def test_the_page_links_each_candidate_validation_read(rendering: tuple[Config, Article], value: str) -> None:
    """Each candidate the rendered ``srcset`` holds is the URL the renderer made of the candidate validation read,
    in the same order and no other: a reference to a control character (``&#x1B;b:c``, which the output writes as
    U+FFFD) is part of the URL for both, never left before a URL read without it (``b:c``, then kept as written)."""
    config, article = rendering
    body = f'Text <img srcset="{value}">\n'
    read = [target for _, target, _ in read_references(body, unsafe=True)]
    html = render.render_html(config, dataclasses.replace(article, body=body))
    shown = Candidates(html).found
    resolve = render.resolver(config, article)
    assert shown == [resolve(target) for target in read], html
    assert all(has_scheme(url) for url in shown), html  # no reader of a feed or an email has a base to join


class Attributes(HTMLParser):
    """The attributes of the first tag of some HTML, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None and tag in ("a", "img"):
            self.found = attrs


SPACED = re.compile("%(?:20|09|0A|0D|0C)")  # the ASCII whitespace a URL written into an attribute is given as


def spaced(url: str) -> str:
    """``url`` with its ASCII whitespace percent-decoded: two URLs a browser follows alike read alike."""
    return SPACED.sub(lambda m: chr(int(m.group()[1:], 16)), url)


@settings(max_examples=200, derandomize=True)
@given(
    value=st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    form=st.sampled_from(['<a href="{}" title="t">x</a>', "<img src='{}' alt='a'>", "<a href={} title=t>x</a>"]),
)
@example(value="#a&#32;b", form="<a href={} title=t>x</a>")
@example(value="?q=a&#x09;b", form='<a href="{}" title="t">x</a>')
def test_a_rewritten_url_is_the_whole_value_of_its_attribute(
    rendering: tuple[Config, Article], value: str, form: str
) -> None:
    """A URL made absolute is written so that its attribute holds it whole: a space it holds (``#a&#32;b``) is
    ``%20``, never the end of a value written without quotes and the start of another attribute."""
    assume("{} " not in form or not re.search(r"[\s\"'<>=`]", value))  # text that reads as one value without quotes
    config, article = rendering
    body = "Text " + form.format(value) + "\n"
    before = Attributes(body).found
    html = render.render_html(config, dataclasses.replace(article, body=body))
    after = Attributes(html).found
    assert before is not None and after is not None
    assert [name for name, _ in after] == [name for name, _ in before], html
    read = [target for _, target, _ in read_references(body, unsafe=True)]
    made = [value for name, value in after if name in ("href", "src") and value and decoded_url(value)]
    resolve = render.resolver(config, article)
    assert [spaced(decoded_url(url)) for url in made] == [spaced(resolve(target)) for target in read], html
