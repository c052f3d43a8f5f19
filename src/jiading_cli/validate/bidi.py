"""JD143: the controls of bidirectional text in a field of one line (the title, the summary, the tags, the category,
the image's text alternative, the authors' names), which feeds, emails, share posts and pages show beside other text.

An override (U+202D, U+202E) makes letters show in an order other than the one written: ``Park \\u202enepo``
reads "Park open" — no language needs one, and a title can be made to read as something else. An embedding or
isolate left open (U+202A, U+202B, U+2066–U+2068 without its U+202C or U+2069) carries on past the field, into
what a feed reader, an email or a page shows after it; a U+202C or U+2069 that closes nothing the field opened
closes one the text around it opened. Both are errors. What Arabic and Hebrew text needs passes: the marks
(U+200E, U+200F, U+061C) anywhere, and embeddings and isolates closed within the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiading_cli.base.bidi import trouble
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

FIELDS = ("title", "summary", "authors", "tags", "category", "image_alt")


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    return []


def check_bidi(article: Article, config: Config | None = None) -> list[Problem]:
    """JD143: one problem per field, for the first of its texts whose bidirectional controls are wrong."""
    problems = []
    for name in FIELDS:
        for text in _texts(getattr(article, name, None)):
            if (message := trouble(text)) is not None:
                problems.append(problem(article, "JD143", name, message))
                break
    return problems
