"""JD165: a link or image whose target the renderer drops (a ``javascript:``, ``vbscript:``, ``file:`` or
``data:`` URL), so that pages, feeds and email show a link's text as no link, an image's alt text as no image.
Which ones, and on which line, is :func:`jiading_cli.content.dropped.dropped`: what the renderer itself drops.
With ``[markdown] unsafe_html = true`` every URL is kept as written, and nothing is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.dropped import dropped
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem, quoted

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

SHOWN = 40  # characters of a URL quoted in the message


def check_schemes(article: Article, config: Config) -> list[Problem]:
    """JD165, once for each link or image of the body whose target is dropped."""
    if config.markdown.unsafe_html:
        return []
    problems = []
    for found in dropped(article.body):
        url = quoted(found.url, SHOWN)
        if found.image:
            got = f"an image from a {found.scheme}: URL ({url})"
            shown = "its alt text and no image (an image's data:image/png, gif, jpeg or webp is kept)"
        else:
            got = f"a link to a {found.scheme}: URL ({url})"
            shown = "the link's text, linking nowhere"
        message = f"expected a web address, got {got}: its target will be dropped; pages, feeds and email show {shown}"
        problems.append(problem(article, "JD165", "body", message, article.body_line + found.line))
    return problems
