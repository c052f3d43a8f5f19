"""JD108 on the body: Markdown nested deeper than ``limits.BODY_DEPTH``, read as cmark reads it to render the page.

Each quote, list, list item, emphasis or link inside another is one more element of the page around it, and a
page deeper than 512 elements is one Chrome and Firefox build flattened (the Nu HTML Checker's error: ``The
document tree is more than 513 elements deep``): 10,000 ``>`` made as many quotes inside one another. cmark's tree
is walked to the first node past the limit (:meth:`~jiading_cli.content.gfm.Cmark.past`), so the time is linear in
the body however deep it nests. Raw HTML (with ``[markdown] unsafe_html = true``) is one node, nested as written.

The walk costs more than rendering the body (a call into cmark per node), so a body is walked only when a bound read
from its text (:func:`shallow`) cannot rule out a node past the limit; no article of the benchmark's shapes is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content import limits
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

OPENING = r"[ \t>*+\-0-9.)]{8}"  # 8 characters that may open containers, at a line's start
FIRST = re.compile(OPENING)
LATER = re.compile("\n" + OPENING)  # a literal first: searched for as fast as a line feed is


def check_nesting(article: Article, config: Config) -> list[Problem]:
    """JD108 on the line where the body's Markdown first nests past the limit; nothing for a body within it."""
    from jiading_cli.content.gfm import cmark

    if shallow(article.body, limits.BODY_DEPTH):
        return []
    line = cmark().past(article.body, limits.BODY_DEPTH)
    if not line:
        return []
    message = (
        f"expected Markdown nested at most {limits.BODY_DEPTH} deep (quotes, lists, emphasis and links inside one "
        f"another), found more from this line; browsers flatten a page deeper than 512 elements"
    )
    return [problem(article, "JD108", "body", message, article.body_line + line - 1)]


def shallow(body: str, depth: int) -> bool:
    """Whether no node of ``body``'s tree can lie deeper than ``depth``, by a bound on its text (False: walk it).

    A node's level is at most: the containers around its block, plus three (a table, its row, its cell), plus the
    inline nodes around it, plus one (a text). A container is opened on a line whose beginning matches every
    container around it: a quote takes a '>', a list item (two levels, the list and the item) at least two columns
    of indentation, and each new one its marker. So a line that begins with fewer than 8 characters of
    ``[ \t>*+-0-9.)]`` (a tab four columns) is inside at most 28 levels of containers, four a character. An
    inline node lies in one paragraph, heading or cell, which no blank line cuts: emphasis, strong emphasis and
    strikethrough take two of '*', '_', '~' each, a link or image a '[', an autolink a '<'; counted in each stretch
    between blank lines.
    """
    if FIRST.match(body) or LATER.search(body):
        return False
    budget = depth - 4 * 7 - 3 - 1
    return _marks(body) <= budget or all(_marks(part) <= budget for part in body.split("\n\n"))


def _marks(text: str) -> float:
    """The inline nodes ``text`` may nest, at most."""
    return (text.count("*") + text.count("_") + text.count("~")) / 2 + text.count("[") + text.count("<")
