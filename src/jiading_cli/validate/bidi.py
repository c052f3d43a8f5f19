"""JD143: the controls of bidirectional text in a field of one line (the title, the summary, the tags, the category,
the image's text alternative, the authors' names, the share overrides), which feeds, emails, share posts and pages
show beside other text.

An override (U+202D, U+202E) makes letters show in an order other than the one written: ``Park \\u202enepo``
reads "Park open" — no language needs one, and a title can be made to read as something else. An embedding or
isolate left open (U+202A, U+202B, U+2066–U+2068 without its U+202C or U+2069) carries on past the field, into
what a feed reader, an email or a page shows after it; a U+202C or U+2069 that closes nothing the field opened
closes one the text around it opened. Both are errors. What Arabic and Hebrew text needs passes: the marks
(U+200E, U+200F, U+061C) anywhere, and embeddings and isolates closed within the field.

The body is held to the same rule, each of its lines a field (a control written as a character reference, ``&#x202E;``,
is the character it names), and each link's text and image's text alternative too: the email's text part writes a
link's URL right after its text, and a page's ``</a>`` closes no embedding, so an override or an isolate left open
in a link's text would turn the URL or the words after it around. A body without any such control (almost every
one) costs one search.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from jiading_cli.base.bidi import CONTROLS, trouble
from jiading_cli.content.htmlrefs import unescape
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

FIELDS = ("title", "summary", "authors", "tags", "category", "image_alt", "share")
"""Every text of an article that an output shows as written beside other text: the share overrides are each
network's post, as the title and summary are the template's."""
REFERENCE = re.compile(r"&#[xX]0*(?:202[a-eA-E]|206[6-9])\b|&#0*(?:823[4-8]|829[4-7])\b")
"""A character reference that names a bidirectional control: looked for beside the control itself."""
LINKED = re.compile(r'<(link|image) sourcepos="(\d+):[^>]*>(.*?)</\1>', re.DOTALL)  # in cmark's XML of a body
TAG = re.compile(r"<[^>]*>")
DESTINATION = re.compile(r"\]\([^)\n]*\)|^ {0,3}\[[^\]\n]+\]:[ \t]*\S+")
"""A link's destination, or a reference definition's: written into every output as a URI, percent-encoded, never
shown as text (a control in its host is JD163's)."""


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, Mapping):  # the share overrides, by network
        return [text for item in value.values() for text in _texts(item)]
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


def check_body_bidi(article: Article, config: Config) -> list[Problem]:
    """JD143 in the body: on each line whose bidirectional controls are wrong, and on the line of each link or image
    whose text is, unless that line is said already; a body with no control, as a character or a reference, costs
    one search each. Links are found in cmark's tree of the body, with their lines: one pass however many."""
    body = article.body
    if CONTROLS.search(body) is None and REFERENCE.search(body) is None:
        return []
    found: dict[int, str] = {}  # by line of the body, from 0: the message
    for number, row in enumerate(body.split("\n")):
        shown = DESTINATION.sub("]()", row) if "]" in row else row
        if (message := trouble(unescape(shown) if "&" in shown else shown, "the line")) is not None:
            found[number] = message
    from jiading_cli.content.gfm import cmark

    for kind, line, inner in LINKED.findall(cmark().to_xml(body)):
        text = unescape(TAG.sub("", inner))  # as the page shows it: references read, markup gone
        within = "the link's text" if kind == "link" else "the image's text alternative"
        if (message := trouble(text, within)) is not None:
            found.setdefault(int(line) - 1, message)
    return [problem(article, "JD143", "body", found[n], article.body_line + n) for n in sorted(found)]
