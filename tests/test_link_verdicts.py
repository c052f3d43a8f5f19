"""What validation says of a link is what the renderer does with it.

Each property draws a link's destination written some other way (surrounding spaces, character references,
backslash escapes, percent-encoding, control characters) and holds validation's verdict to the rendered page: a
link validation passes is one whose rendered target leads to the file it names (published) or is a URL left as
it is, and a link whose rendered target would lead nowhere is one validation refuses.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.base.urls import parse_url
from jiading_cli.config import Config, load_config
from jiading_cli.content import markdown as render
from jiading_cli.content.site import load_file
from jiading_cli.content.targets import has_scheme, is_rooted
from jiading_cli.model.article import Article
from jiading_cli.validate.references import read_references
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
            if (tag, name) == ("img", "srcset") and value is not None and value.split():
                self.found.append(value.split()[0])  # the one candidate's URL
            elif (tag, name) in (("a", "href"), ("img", "src")) and value is not None:
                # as the URL standard's parser reads it: C0 controls and spaces at its ends, tabs and line breaks
                self.found.append(re.sub("[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))))


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


SITE = "https://news.example.com/"
PAGE = "https://news.example.com/en/news/2017/07/a/"  # the article's page (its slug from its file's name)
HEADS = ["", "a", "java", "i", "https", "mailto", "b", "./i", "../en/i"]
TRICKS = [
    "", "&#x09;", "&#x0A;", "&#x0D;", "&#9;", "&#32;", "%09", "%20", "%0A", "\\:", "&colon;", "&#58;", "&amp;",
    "&#x1B;", "&#0;", "\\\\", "&#x7F;", "&nbsp;", "&#xA0;", " ",
]  # fmt: skip
TAILS = [
    "b:c", "script:alert(1)", ".png", "b.pdf", ":x", "//cdn.example.org/x", "", "?x=1", "#top", "/i.png", "/en/i.png",
    "/en/nope.md", "/en/a.md", "/en/./i.png", "/about",
]  # fmt: skip


@st.composite
def destinations(draw: st.DrawFn) -> str:
    """A link's destination: a head, a character written some way (a reference, an escape, percent-encoded, a
    control), a tail; written bare or in ``<>``."""
    text = draw(st.sampled_from(HEADS)) + draw(st.sampled_from(TRICKS)) + draw(st.sampled_from(TAILS))
    if " " in text or draw(st.booleans()):
        return f"<{text}>"
    return text


def dead(target: str, rooted: bool = False) -> bool:
    """Whether a rendered target leads nowhere: one of the site's URLs that is neither the file there (``i.png``)
    nor the article's own page, or no URL at all (``https:b``, naming no host). ``rooted``: the link was a site
    path (``/about``), which is a page of the wider site unless the articles folder has a file there (or it names
    a ``.md`` file): then only a ``.md`` one that is no article's leads nowhere."""
    if re.match(r"[A-Za-z]:(/|\\|%5[Cc])", target):  # a Windows path (C:\\x, a://x): a drive, never a web address
        return True
    if not target.startswith(SITE):
        return isinstance(parse_url(target), str)
    where = target.split("#", 1)[0].split("?", 1)[0]
    if rooted:
        return where.lower().endswith(".md") and where != SITE + "en/a.md"
    return where not in (FILE_URL, PAGE)


def is_rooted_link(body: str, unsafe: bool) -> bool:
    """Whether the link of ``body`` is read (as cmark reads its destination) as a site path: ``/`` first, not
    ``//``."""
    return any(is_rooted(target) for _, target, _ in read_references(body, unsafe))


@settings(max_examples=400)
@given(destination=destinations(), image=st.booleans(), unsafe=st.booleans())
@example(destination="a&#x09;b:c", image=False, unsafe=False)
@example(destination="a&#x0A;b:c", image=False, unsafe=False)
@example(destination="a&#x0D;b:c", image=False, unsafe=False)
@example(destination="java&#x09;script:alert(1)", image=False, unsafe=False)
@example(destination="a&#x09;b.pdf", image=False, unsafe=False)
@example(destination="a%09b:c", image=False, unsafe=False)
@example(destination="<&#32;i.png>", image=True, unsafe=False)
@example(destination="/en/i.png", image=False, unsafe=False)
@example(destination="/en/./i.png", image=True, unsafe=True)
@example(destination="/i.png", image=False, unsafe=False)
@example(destination="/en/nope.md", image=False, unsafe=False)
@example(destination="/about", image=False, unsafe=False)
def test_validation_refuses_exactly_the_links_rendered_to_lead_nowhere(
    configs: tuple[Config, Config, Article], destination: str, image: bool, unsafe: bool
) -> None:
    """Validation reads a destination as the renderer reads it (the same decoded text, the same scheme test,
    ``content/targets.py``): it refuses a link (JD162, JD163, JD164) exactly when the page's link is one of the
    site's URLs that leads to nothing published, and passes one the page links to its file or leaves as a URL."""
    config = configs[1] if unsafe else configs[0]
    body = ("!" if image else "") + f"[x]({destination})\n"
    codes, found = verdict(config, configs[2], body)
    refused = [code for code in codes if code in ("JD162", "JD163", "JD164")]
    rooted = is_rooted_link(body, unsafe)
    assert bool(refused) == any(dead(target, rooted) for target in found), (codes, found)
    if destination in ("/en/i.png", "/en/./i.png"):
        assert found == [FILE_URL], found  # the file there, linked as a relative link to it is


RELATIVE = ["?x=1", "?", "?#", "#top", "#", "./i.png", "../en/i.png", "i.png?v=2#a", "/about/", "//cdn.example.org/x"]


@settings(max_examples=300, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(
    destination=st.one_of(st.sampled_from(RELATIVE), destinations()),
    form=st.sampled_from(["[x]({})", "![x]({})", '<a href="{}">x</a>', "<img src='{}'>", '<img srcset="{} 2x">']),
    unsafe=st.booleans(),
)
@example(destination="?x=1", form="[x]({})", unsafe=False)
@example(destination="?q", form='<a href="{}">x</a>', unsafe=True)
@example(destination="&#x09;", form='<img srcset="{} 2x">', unsafe=True)  # a srcset split once decoded: the URL 2x
def test_every_target_a_body_renders_is_absolute(
    configs: tuple[Config, Config, Article], destination: str, form: str, unsafe: bool
) -> None:
    """Feeds and email carry the body's HTML where no base URL holds (readers ignore ``xml:base``): each link's
    and image's target is an absolute URL, whatever form of relative reference (RFC 3986) the body wrote."""
    config = configs[1] if unsafe else configs[0]
    article = dataclasses.replace(configs[2], body="Text " + form.format(destination) + "\n")
    html = render.render_html(config, article)
    found = Targets(html).found
    relative = [target for target in found if target and not has_scheme(target)]
    assert not relative, html
    if destination in ("?x=1", "?q") and found:
        assert found == [PAGE + destination]
