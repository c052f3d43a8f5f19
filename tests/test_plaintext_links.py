"""The email's text part resolves every reference exactly as its HTML part does: the URL a reader of the text sees
for a link or an image is the one a mail client follows in the HTML, whatever form the reference takes (a query or
a fragment alone, dot segments, a path beside the article or from the site's root, another host without a scheme),
written in Markdown or, with ``unsafe_html``, in raw HTML (quoted either way, spaced, character references, an
attribute given twice, of which HTML takes the first)."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import Config, load_config
from jiading_cli.content.htmlrefs import decoded_url
from jiading_cli.content.markdown import absolute
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article
from jiading_cli.share.email import entry

SEGMENT = st.text(st.sampled_from("abcxyz019-._~!$&'()*+,;=:@%"), max_size=8)
QUERY = st.text(st.sampled_from("abc019-._~!$&'()*+,;=:@/?%"), max_size=10)
PATH = st.lists(st.one_of(st.sampled_from([".", "..", "c.txt", "sub", "en"]), SEGMENT), min_size=1, max_size=4).map(
    "/".join
)
SUFFIX = st.tuples(st.one_of(st.just(""), QUERY.map("?{}".format)), st.one_of(st.just(""), QUERY.map("#{}".format)))
REFS = st.one_of(
    QUERY.map("?{}".format),  # a query alone
    QUERY.map("#{}".format),  # a fragment alone
    st.builds("{}{}{}".format, PATH, SUFFIX.map("".join), st.just("")),  # path-relative, dot segments
    st.builds("./{}{}".format, PATH, SUFFIX.map("".join)),
    st.builds("../{}{}".format, PATH, SUFFIX.map("".join)),
    st.builds("/{}{}".format, PATH, SUFFIX.map("".join)),  # root-relative
    st.builds("//cdn.example.com/{}{}".format, PATH, SUFFIX.map("".join)),  # another host, no scheme
    st.sampled_from([".", "..", "./", "../", "?", "#", "/", "//cdn.example.com", "https://x.org/a?b#c"]),
)
CARRIERS = {
    "markdown link": ("[query](<{}>)", False),
    "markdown image": ("![query](<{}>)", False),
    "html link": ('<a href="{}">query</a>', True),
    "html link, single quotes": ("<a href='{}'>query</a>", True),
    "html link, spaced": ('<a href=" {} ">query</a>', True),
    "html image": ('<img alt="query" src="{}">', True),
    "html link, twice": ('<a href="{}" href="#second">query</a>', True),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Config, Article]:
    root = tmp_path_factory.mktemp("site")
    made = Site(root, None)  # type: ignore[arg-type]
    made.write("jiading.toml", CONFIG)
    made.article("en/a.md")
    safe = load_config(root)
    made.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    unsafe = load_config(root)
    loaded = load_file(safe, root / "articles/en/a.md").article
    assert loaded is not None
    return safe, unsafe, loaded


class _First(HTMLParser):
    """The URL of the first link or image, as a browser reads it: the first attribute of that name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # an attribute's character references decoded, as browsers do
        self.url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = {"a": "href", "img": "src"}.get(tag)
        if self.url is None and name:
            self.url = decoded_url(next((value or "" for key, value in attrs if key == name), ""))


def shown_in_html(html: str) -> str | None:
    found = _First()
    found.feed(html)
    return found.url


def shown_in_text(text: str) -> str | None:
    for line in text.splitlines():
        for start in ("query <", "[query] <"):
            if line.startswith(start) and line.endswith(">"):
                return line[len(start) : -1]
    return None


@settings(max_examples=200)
@given(ref=REFS, carrier=st.sampled_from(sorted(CARRIERS)))
@example(ref="?q=1", carrier="markdown link")
@example(ref="?q=1", carrier="html link, twice")
@example(ref="a/../c.txt?x#y", carrier="markdown image")
def test_the_text_part_shows_the_url_the_html_part_links(
    site: tuple[Config, Config, Article], ref: str, carrier: str
) -> None:
    safe, unsafe, article = site
    written, raw = CARRIERS[carrier]
    assume(ref and not (raw and "'" in ref))  # a quote would end the attribute: another reference
    config = unsafe if raw else safe
    body = "Before.\n\n" + written.format(ref.replace("&", "&amp;") if raw else ref) + "\n"
    made = entry(config, dataclasses.replace(article, body=body), "", True)
    href = shown_in_html(made.body_html)
    assert href is not None, made.body_html
    assert shown_in_text(made.body_text) == href, (made.body_html, made.body_text)
    assert href == absolute(config, article, ref)


def test_a_reference_the_text_part_is_given_as_written_is_resolved_by_the_html_parts_function(
    site: tuple[Config, Config, Article],
) -> None:
    from jiading_cli.content.markdown import resolver
    from jiading_cli.content.plaintext import text_of

    safe, _, article = site
    html = '<p><a href="?q=1">query</a> <a href=" #x " href="#y">frag</a> <img alt="i" src="../c.txt"></p>'
    page = "https://news.example.com/en/news/2017/07/a/"
    assert text_of(html, resolver(safe, article)) == (
        f"query <{page}?q=1> frag <{page}#x> [i] <{absolute(safe, article, '../c.txt')}>\n"
    )
