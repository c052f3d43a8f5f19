"""JD190: raw HTML in a body, which pages, feeds and email show as text unless ``[markdown] unsafe_html = true``.

A body is parsed with raw HTML on, as a site that allows it would; every line holding an HTML block or
inline tag is reported once, on the line where it starts. The parser is markdown-it-py's CommonMark
(:mod:`jiading_cli.content.mdlines`), which tells where each piece of raw HTML is (cmark, which renders the
bodies, reads raw HTML by the same CommonMark rules but does not). Only a body where something could be a
tag (``<`` then a tag name and a space, ``/``, ``>`` or its end; ``</``, ``<!`` or ``<?``) is parsed: an
autolink such as ``<https://…>`` or a ``<`` in prose is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.markdown import COMMENT
from jiading_cli.content.mdlines import line, parser
from jiading_cli.model.errors import Problem, Severity

if TYPE_CHECKING:
    from markdown_it.token import Token

    from jiading_cli.model.article import Article

RULES: dict[str, tuple[Severity, str]] = {
    "JD190": ("warning", "raw HTML in the body is shown as text ([markdown] unsafe_html = true keeps it as HTML)"),
}
SHOWN = 40  # characters of a tag quoted in the message
MAYBE_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|[!?])")


def raw_html(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """(line in the body, from 0; the HTML) of every raw HTML token but a one-line comment, which is left out."""
    return ((at, html) for at, html, made in pieces(tokens) if not made)


def pieces(tokens: list[Token]) -> Iterator[tuple[int, str, bool]]:
    """(line in the body, from 0; the HTML; whether the Markdown made it) of every raw HTML token but a one-line
    comment, in the order of the body, with each tag the Markdown's own elements start and end with (``<p>``,
    ``</em>``, … made), but a tight list's paragraphs, which have none."""
    for token in tokens:
        at = token.map[0] if token.map else 0
        if token.type == "html_block" and not _comment(token.content):
            yield at, token.content, False
        elif token.nesting and token.tag and not token.hidden:
            yield at, f"<{token.tag}>" if token.nesting > 0 else f"</{token.tag}>", True
        for child in token.children or ():
            if child.type == "html_inline" and not _comment(child.content):
                yield line(token, child), child.content, False
            elif child.nesting and child.tag:
                yield at, f"<{child.tag}>" if child.nesting > 0 else f"</{child.tag}>", True


def _comment(html: str) -> bool:
    return COMMENT.fullmatch(html.strip()) is not None and "\n" not in html.strip()


def check_raw_html(article: Article, config: Config) -> list[Problem]:
    """JD190, once per line of the body that holds raw HTML; nothing when raw HTML is allowed."""
    if config.markdown.unsafe_html or "<" not in article.body or not MAYBE_TAG.search(article.body):
        return []
    problems: list[Problem] = []
    seen: set[int] = set()
    for at, html in raw_html(parser().parse(article.body)):
        if at in seen:
            continue
        seen.add(at)
        tag = html.strip().splitlines()[0] if html.strip() else html
        quoted = tag if len(tag) <= SHOWN else tag[: SHOWN - 1] + "…"
        message = (
            f"raw HTML {quoted!r} is shown as text in feeds and email; write '&lt;' for a literal '<', "
            "or set [markdown] unsafe_html = true in jiading.toml to keep it as HTML"
        )
        problems.append(Problem(article.path, article.body_line + at, "JD190", "warning", "body", message))
    return problems
