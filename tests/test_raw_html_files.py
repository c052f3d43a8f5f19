"""The files validation checks are the files the page links: raw HTML names a file only where it is HTML (``[markdown]
unsafe_html = true``), in an attribute of a tag; shown as text, as it is by default, ``<img src="a.png">`` links
nothing, and neither does a comment nor text that reads ``src="a.png"``, so none is an error for a missing file
(JD162) nor a file to publish."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, OTHER_ID, Site
from jiading_cli.config import Config, load_config
from jiading_cli.content import markdown as render
from jiading_cli.content.htmlrefs import candidates
from jiading_cli.content.markdown import article_links, link_articles
from jiading_cli.content.site import load_file, public_url
from jiading_cli.model.article import Article
from jiading_cli.validate.references import read_references
from jiading_cli.validate.rules import check_files, local_references

FOLDER = "https://news.example.com/en/"  # where a file beside the article is published
NAMED = re.compile(r"got '(f\w+\.\w+)'")  # the file a JD162 names


class Linked(HTMLParser):
    """The files beside the article that a page's links and images lead to, by name."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self.feed(html)
        self.close()

    @staticmethod
    def all(html: str) -> list[str]:
        """Every URL of a link or image of ``html``, as a browser reads it."""
        found: list[str] = []

        class Every(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found.extend(value for name, value in attrs if name in ("href", "src") and value)

        Every(convert_charrefs=True).feed(html)
        return found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            urls = [value[a:b] for a, b in candidates(value)] if name == "srcset" and value else [value or ""]
            self.found |= {url.removeprefix(FOLDER) for url in urls if name != "alt" and url.startswith(FOLDER)}


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Config, Article]:
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG)
    site.article("en/a.md")
    site.article("en/b.md", id=f'"{OTHER_ID}"', slug="b")
    safe = load_config(root)
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    loaded = load_file(safe, root / "articles/en/a.md").article
    assert loaded is not None
    return safe, load_config(root), loaded


FORMS = [
    "[x](f{n}.pdf)", "![x](f{n}.png)", '<a href="f{n}.pdf">x</a>', "<img src='f{n}.png'>", "<img src=f{n}.png>",
    '<img srcset="f{n}.png 2x, f{n}b.png 3x">', "<video poster=f{n}.png></video>", '`<img src="f{n}.png">`',
    '<img alt="src=f{n}.png">', "<!-- <img src=f{n}.png> -->", 'prose src="f{n}.png"', "a < b src='f{n}.png'",
    '<p>Write src="f{n}.png" in a tag</p>', '<img alt="<!--" src="f{n}.png">',
]  # fmt: skip


@settings(max_examples=120, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(forms=st.lists(st.sampled_from(FORMS), min_size=1, max_size=5), gaps=st.sampled_from([" ", "\n", "\n\n"]))
@example(forms=['<img src="f{n}.png">'], gaps=" ")
@example(forms=["[x](f{n}.pdf)", "<img src=f{n}.png>"], gaps="\n\n")
def test_validation_checks_the_files_the_page_links(
    configs: tuple[Config, Config, Article], forms: list[str], gaps: str
) -> None:
    body = "Text " + gaps.join(form.format(n=n) for n, form in enumerate(forms)) + "\n"
    for config in configs[:2]:
        article = dataclasses.replace(configs[2], body=body)
        problems = check_files(article, config, local_references(article, config.markdown.unsafe_html))
        refused = {found for p in problems if p.code == "JD162" for found in NAMED.findall(p.message)}
        assert refused == Linked(render.render_html(config, article)).found, (config.markdown.unsafe_html, body)


ARTICLE_FORMS = [
    "[b](b.md)", "[b](b.md#part)", '<a href="b.md?x=1">b</a>', "<a href=b.md>b</a>", "<a\nhref='b.md'>b</a>",
    "<!-- <a href=b.md>b</a> -->", 'prose href="b.md" here', "[c](c.md)",
]  # fmt: skip


@settings(max_examples=80, derandomize=True)
@given(forms=st.lists(st.sampled_from(ARTICLE_FORMS), min_size=1, max_size=4), unsafe=st.booleans())
@example(forms=["<a href=b.md>b</a>"], unsafe=True)
def test_a_link_to_an_articles_file_is_its_page_wherever_validation_reads_one(
    configs: tuple[Config, Config, Article], forms: list[str], unsafe: bool
) -> None:
    """Each link validation reads to another article's Markdown file (JD168 judges those) is a link to its page, in
    quotes or without them; no page links a Markdown file, and text that only reads ``href="b.md"`` is left as
    written."""
    config, article = configs[1] if unsafe else configs[0], configs[2]
    root = config.root
    other = load_file(config, root / "articles/en/b.md").article
    assert other is not None
    body = "Text " + " ".join(forms) + "\n"
    article = dataclasses.replace(article, body=body)
    html = link_articles(render.render_html(config, article), article_links(config, [article, other]))
    page = public_url(config, other)
    named = [target for _, target, _ in read_references(body, unsafe) if target.split("#")[0].split("?")[0] == "b.md"]
    shown = [url for url in Linked.all(html) if url.startswith(page)]
    assert len(shown) == len(named), html
    assert not [url for url in Linked.all(html) if ".md" in url.split("?")[0].split("#")[0] and "c.md" not in url]
    if 'prose href="b.md" here' in forms:
        assert "href=&quot;b.md&quot;" in html or 'href="b.md"' in html
