"""Markdown to HTML for feeds and email, with every link and image made absolute.

Raw HTML in a body is escaped, as Hugo does by default: prose such as ``<chips>`` shows as written
instead of becoming an element that readers drop, and a ``<script>`` never goes out as one. An HTML
comment on one line (``<!-- jiading: ignore JD162 -->``, a note to editors) is not content: it is left out.
``[markdown] unsafe_html = true`` passes it through (its ``src`` and ``href`` made absolute too).

Feed readers ignore ``xml:base`` and mail clients have no base at all, so relative
references are rewritten: a file beside the article becomes its public asset URL, a
site path (``/about/``) joins the base URL, an anchor (``#x``) joins the article URL.
A link to another article's Markdown file becomes that article's public URL in a step
after rendering, :func:`link_articles`, so the render cache never holds another article's URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.site import asset_url, file_url, is_local_reference, public_url
from jiading_cli.model.article import Article

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

COMMENT = re.compile(r"<!--.*?-->")
HTML_REF = re.compile(r"""(\b(?:src|href)\s*=\s*)(["'])([^"']*)\2""", re.IGNORECASE)
ARTICLE_HREF = re.compile(r"""(\bhref\s*=\s*)(["'])([^"'#?]+\.md)(?=[#?"'])""", re.IGNORECASE)


@cache
def parser(unsafe_html: bool) -> MarkdownIt:
    """The Markdown parser: CommonMark with tables and strikethrough; raw HTML kept only when ``unsafe_html``."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": unsafe_html}).enable(["table", "strikethrough"])


def load_parser() -> None:
    """Import and build the Markdown parsers now: before a fork, so that both processes have them."""
    parser(False)
    parser(True)


def absolute(config: Config, article: Article, ref: str) -> str:
    """The absolute URL a reference in ``article`` means."""
    if ref.startswith("#"):
        return public_url(config, article) + ref
    if ref.startswith("/") and not ref.startswith("//"):
        return config.site.base_url.rstrip("/") + ref
    if ref.startswith("//"):
        return "https:" + ref
    if is_local_reference(ref):
        return asset_url(config, article, ref)
    return ref


def render_html(config: Config, article: Article) -> str:
    """The article body as HTML with absolute links; deterministic for the same input."""
    md = parser(config.markdown.unsafe_html)
    tokens = md.parse(article.body)

    def fix_raw(html: str) -> str:
        def swap(m: re.Match[str]) -> str:
            return m.group(1) + m.group(2) + absolute(config, article, m.group(3)) + m.group(2)

        return HTML_REF.sub(swap, html)

    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            token.content = fix_raw(token.content)
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", absolute(config, article, str(child.attrGet("href") or "")))
            elif child.type == "image":
                child.attrSet("src", absolute(config, article, str(child.attrGet("src") or "")))
            elif child.type == "html_inline":
                child.content = fix_raw(child.content)
    if not config.markdown.unsafe_html:
        tokens = _without_comments(tokens)
    html: str = md.renderer.render(tokens, md.options, {})
    return html


def _without_comments(tokens: list[Token]) -> list[Token]:
    """``tokens`` less the one-line HTML comments of their text, and less a paragraph that held only those."""
    kept: list[Token] = []
    for token in tokens:
        if token.type == "inline" and token.children and "<!--" in token.content:
            for child in token.children:
                if child.type == "text" and "<!--" in child.content:
                    child.content = COMMENT.sub("", child.content)
            if not any(c.content.strip() or c.type not in ("text", "softbreak") for c in token.children):
                token.children = []
                token.content = ""
        kept.append(token)
    return [
        t
        for i, t in enumerate(kept)
        if not (t.type == "paragraph_open" and _empty(kept, i + 1))
        and not (t.type == "paragraph_close" and i >= 2 and _empty(kept, i - 1))
    ]


def _empty(tokens: list[Token], at: int) -> bool:
    token = tokens[at] if 0 <= at < len(tokens) else None
    return token is not None and token.type == "inline" and not token.children and not token.content


def article_links(config: Config, articles: Iterable[Article]) -> dict[str, str]:
    """For each article, the URL :func:`render_html` gives a link to its Markdown file, and its public URL."""
    return {file_url(config, config.root / a.path): public_url(config, a) for a in articles}


def link_articles(html: str, links: Mapping[str, str]) -> str:
    """``html`` with each link to an article's Markdown file turned into that article's public URL.

    A step after :func:`render_html`, never inside it: HTML cached for one article (see cache.py)
    must not depend on another article's slug, date or language, which decide its URL.
    """

    def swap(m: re.Match[str]) -> str:
        target = links.get(m.group(3))
        return m.group(0) if target is None else m.group(1) + m.group(2) + target

    return ARTICLE_HREF.sub(swap, html)


def render_text(article: Article) -> str:
    """The body as plain text for email: Markdown is already readable, so keep it as written."""
    return article.body.strip() + "\n"
