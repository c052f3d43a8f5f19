"""JD153: a merge conflict git left in the body, which a build would publish with its marker lines.

Two people editing one article (or a CI job's commit and a person's) can leave git's marker lines in it: ``<<<<<<<``,
``=======`` (and ``|||||||`` in the diff3 style) and ``>>>>>>>``, each at the start of a line and alone on it or
followed by a space and a label. In the front matter YAML cannot read them (JD101 names the conflict); in the body
they are Markdown like any other, and the page, the feeds and the email would carry both sides and the markers. A
conflict is a ``<<<<<<<`` line followed by a ``=======`` line and then a ``>>>>>>>`` line, none of them inside a code
block, as cmark reads the body to render it: an article may show git's markers in a fenced or indented block, as an
example. Only a body holding ``<<<<<<<`` at the start of a line is read for code blocks, so the check costs one search
in every other body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.conflicts import MARKER, said
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

CODE_BLOCK = re.compile(r'<code_block sourcepos="(\d+):\d+-(\d+):\d+"')  # in cmark's XML of a body
START = re.compile(r"^<{7}(?:[ \t]|\r?$)", re.MULTILINE)


def check_conflicts(article: Article, config: Config) -> list[Problem]:
    """JD153 on the line of the first marker of each conflict git left in the body, outside code blocks."""
    body = article.body
    if "<<<<<<<" not in body or not START.search(body):  # the substring first: found as fast as memory is read
        return []
    rows = body.split("\n")
    code = _code_lines(body)
    problems: list[Problem] = []
    opened: list[int] = []  # the marker lines of the conflict being read
    for number, row in enumerate(rows):
        found = MARKER.fullmatch(row)
        if found is None or number in code:
            continue
        kind = found.group(1)[0]
        if kind == "<":
            opened = [number]
        elif opened and (kind in "|=" or (kind == ">" and any(rows[n].startswith("=") for n in opened))):
            opened.append(number)
            if kind == ">":
                problems.append(_problem(article, opened))
                opened = []
    return problems


def _problem(article: Article, marks: list[int]) -> Problem:
    lines = [article.body_line + n for n in marks]
    return problem(article, "JD153", "body", said("the text", lines), lines[0])


def _code_lines(body: str) -> set[int]:
    """The lines of the body, from 0, inside a fenced or indented code block, as cmark reads them to render the page
    (its tree's code blocks, with their place: one pass in C however long the body)."""
    from jiading_cli.content.gfm import cmark

    lines: set[int] = set()
    for start, end in CODE_BLOCK.findall(cmark().to_xml(body)):
        lines.update(range(int(start) - 1, int(end)))
    return lines
