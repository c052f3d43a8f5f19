"""What validation says of a link is what the renderer does with it.

Each property draws a link's destination written some other way (surrounding spaces, character references,
backslash escapes, percent-encoding, control characters) and holds validation's verdict to the rendered page: a
link validation passes is one whose rendered target leads to the file it names (published) or is a URL left as
it is, and a link whose rendered target would lead nowhere is one validation refuses.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import Config, load_config
from jiading_cli.content import markdown as render
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article
from jiading_cli.validate.rules import check_files, local_references
from tinyimages import png_bytes

FILE_URL = "https://news.example.com/en/i.png"  # the public URL of articles/en/i.png


class Targets(HTMLParser):
    """The targets of the links and images of some HTML, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in (("a", "href"), ("img", "src")) and value is not None:
                self.found.append(value.strip(" \t\n\r\f"))  # as the HTML standard reads a URL attribute


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Config, Article]:
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG)
    site.article("en/a.md")
    (root / "articles/en/i.png").write_bytes(png_bytes())
    safe = load_config(root)
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    unsafe = load_config(root)
    loaded = load_file(safe, root / "articles/en/a.md").article
    assert loaded is not None
    return safe, unsafe, loaded


def verdict(config: Config, article: Article, body: str) -> tuple[list[str], list[str]]:
    """(the codes validation reports for ``body``'s files, the targets of its rendered HTML)."""
    article = dataclasses.replace(article, body=body)
    problems = check_files(article, config, local_references(article, config.markdown.unsafe_html))
    return [p.code for p in problems], Targets(render.render_html(config, article)).found


SPACES = [" ", "\t", "\f", "&#32;", "&#x09;", "&#10;", "&#xD;", "&#12;", "&#x20;"]


@settings(max_examples=200)
@given(
    lead=st.lists(st.sampled_from(SPACES), max_size=3).map("".join),
    trail=st.lists(st.sampled_from(SPACES), max_size=3).map("".join),
    name=st.sampled_from(["i.png", "nope.png", "./i.png", "i%2Epng"]),
    attribute=st.sampled_from(['<a href="{}">x</a>', "<img src='{}'>", '<a title="t" href="{}">x</a>']),
)
@example(lead=" ", trail=" ", name="i.png", attribute='<a href="{}">x</a>')
@example(lead="\n", trail="\n", name="nope.png", attribute='<a href="{}">x</a>')
def test_an_attributes_url_is_read_with_the_spaces_around_it_stripped(
    configs: tuple[Config, Config, Article], lead: str, trail: str, name: str, attribute: str
) -> None:
    """With ``unsafe_html``, ``href=" i.png "`` names ``i.png`` (browsers strip the ASCII whitespace around a URL
    attribute's value): validation finds the file and the page links its public URL; a missing file is JD162."""
    _, unsafe, article = configs
    codes, found = verdict(unsafe, article, "Text " + attribute.format(lead + name + trail) + "\n")
    if "nope" in name:
        assert codes == ["JD162"]
    else:
        assert codes == []
        assert found == [FILE_URL]
