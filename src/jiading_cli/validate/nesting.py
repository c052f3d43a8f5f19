"""JD108 on the body: Markdown nested deeper than ``limits.BODY_DEPTH``, read as cmark reads it to render the page.

Each quote, list, list item, emphasis or link inside another is one more element of the page around it, and a
page deeper than 512 elements is one Chrome and Firefox build flattened (the Nu HTML Checker's error: ``The
document tree is more than 513 elements deep``): 10,000 ``>`` made as many quotes inside one another. cmark's tree
is walked to the first node past the limit (:meth:`~jiading_cli.content.gfm.Cmark.past`), so the time is linear in
the body however deep it nests. Raw HTML (with ``[markdown] unsafe_html = true``) is one node, nested as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content import limits
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem

if TYPE_CHECKING:
    from jiading_cli.model.article import Article


def check_nesting(article: Article, config: Config) -> list[Problem]:
    """JD108 on the line where the body's Markdown first nests past the limit; nothing for a body within it."""
    from jiading_cli.content.gfm import cmark

    line = cmark().past(article.body, limits.BODY_DEPTH)
    if not line:
        return []
    message = (
        f"expected Markdown nested at most {limits.BODY_DEPTH} deep (quotes, lists, emphasis and links inside one "
        f"another), found more from this line; browsers flatten a page deeper than 512 elements"
    )
    return [problem(article, "JD108", "body", message, article.body_line + line - 1)]
