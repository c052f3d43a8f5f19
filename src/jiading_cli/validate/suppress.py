"""Suppressing a rule in one file (``jiading: {ignore: [JD150]}`` in the front matter) or on one line
(``# jiading: ignore JD110`` after a front-matter field, ``<!-- jiading: ignore JD162 -->`` in the body): a line's
suppression is read only from a real comment (:mod:`jiading_cli.content.comments`), never from text that looks
like one, such as a quoted value or a code span.

Suppressions that suppress nothing are reported as ``JD107`` (shown with ``validate --strict``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jiading_cli.content.comments import html_comments, yaml_comments
from jiading_cli.content.loader import MARKED
from jiading_cli.content.source import split
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.model.fields import settings
from jiading_cli.model.kinds import Expected
from jiading_cli.validate.codes import CONFIG_RULES, GUARDS, WALK_RULES

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

UNUSED = "JD107"
RULES: dict[str, tuple[Severity, str]] = {
    UNUSED: ("warning", "a suppression (`jiading: ignore`) that suppresses nothing (shown with --strict)"),
}
FIELD = "jiading"
PREFIX = "jiading:"  # in the text of every suppression: a file without it is not read for them
FRONT_LINE = 2  # the file's line of the front matter's first line (after the opening '---')
LINE_MARK = re.compile(r"jiading:\s*+ignore\s*+\[?\s*+(JD[0-9]{3}(?:\s*+[,\uff0c\u3001]\s*+JD[0-9]{3})*)\s*+\]?")
"""A line's suppression: its codes separated by commas, the Chinese '，' and '、' too, as the jiading field's are."""
CODE = re.compile(r"JD[0-9]{3}")
UNSUPPRESSED = GUARDS | CONFIG_RULES | WALK_RULES
"""Rules no suppression in an article reaches: those that guard what is published, and those reported against
``jiading.toml`` or an entry of the articles folder. Every other problem is about an article's file, whatever its
name (``A.MD`` as ``a.md``, a hidden file named on the command line), and is read for its suppressions."""


@dataclass(slots=True)
class Marks:
    """One file's suppressions: rules ignored in the whole file (with the line saying so) and per line."""

    whole: dict[str, int] = field(default_factory=dict)
    lines: dict[int, list[str]] = field(default_factory=dict)
    used: set[tuple[int, str]] = field(default_factory=set)  # (0, code) for the whole file


def _whole(front: str, line: int) -> dict[str, int]:
    """The codes of ``jiading: {ignore: [...]}`` in the front matter, each with the field's line: read by the field's
    own checker, as the loader reads it (``JD150，JD151`` with a Chinese comma is two codes both ways), so a field
    the loader takes suppresses what it names, and one it refuses (JD104) suppresses nothing."""
    from jiading_cli.content import safeyaml  # read as the loader reads it: no alias, tag or depth can explode

    read = safeyaml.read(front, "")
    if isinstance(read, list) or FIELD not in read[0]:
        return {}
    try:
        codes = settings(read[0][FIELD])["ignore"]
    except Expected:
        return {}
    return dict.fromkeys(codes, line)


def marks(text: str, field_line: int | None) -> Marks:
    """The suppressions of a file's text (as the loader decodes it): the ``jiading`` field's, and each line's
    read from a real comment only (a YAML comment in the front matter, an HTML comment Markdown reads as raw
    HTML in the body), never from a quoted value, a block scalar, a code span or a code block."""
    parts = split(text, "")
    if isinstance(parts, Problem):
        return Marks()
    front, body, body_line = parts
    found = Marks(whole=_whole(front, field_line) if field_line else {})
    if PREFIX in front:
        _note(found, FRONT_LINE, yaml_comments(front))
    if PREFIX in body:
        _note(found, body_line, html_comments(body))
    return found


def _note(found: Marks, first: int, comments: Iterable[tuple[int, str]]) -> None:
    """Each comment's codes, on its line in the file (``first`` is the file's line of the text's line 0)."""
    for line, comment in comments:
        if (match := LINE_MARK.search(comment)) is not None:
            found.lines.setdefault(first + line, []).extend(CODE.findall(match.group(1)))


def _read(root: str, path: str) -> str | None:
    """The file's text if it holds a suppression at all (most files are only read, never decoded)."""
    from jiading_cli.content.source import Unreadable, decode, read_file

    try:
        data = read_file(f"{root}/{path}").data  # a regular file within the size limit; a FIFO never blocks
    except Unreadable:
        return None
    if PREFIX.encode() not in data:
        return None
    return decode(data, path)[0]  # as the loader reads it: no BOM, LF line ends; None if it cannot


def apply(root: str, problems: Iterable[Problem], articles: Sequence[Article]) -> list[Problem]:
    """``problems`` less those suppressed, plus a JD107 for every suppression that suppressed none.

    Only files with a problem, a ``jiading`` field or a marker are read again.
    """
    problems = list(problems)
    field_lines = {a.path: a.lines.get(FIELD) for a in articles}
    wanted = {p.path for p in problems if p.code not in UNSUPPRESSED}
    wanted |= {a.path for a in articles if marked(a)}
    found: dict[str, Marks] = {}
    for path in sorted(wanted):
        text = _read(root, path)
        if text is not None:
            found[path] = marks(text, field_lines.get(path))
    kept = [p for p in problems if not _suppressed(p, found.get(p.path))]
    kept.extend(unused(found))
    return kept


def marked(article: Article) -> bool:
    """Whether an article may suppress a rule: it has a ``jiading`` field or a line marker (which the loader
    notes in its lines, wherever in the file it is: a body need not be read again for it)."""
    return FIELD in article.lines or MARKED in article.lines


def _suppressed(problem: Problem, marked: Marks | None) -> bool:
    if marked is None or problem.code == UNUSED or problem.code in UNSUPPRESSED:
        return False
    if problem.code in marked.whole:
        marked.used.add((0, problem.code))
        return True
    if problem.code in marked.lines.get(problem.line, ()):
        marked.used.add((problem.line, problem.code))
        return True
    return False


def unused(found: dict[str, Marks]) -> list[Problem]:
    problems = []
    for path, marked in found.items():
        for code, line in marked.whole.items():
            if (0, code) not in marked.used:
                message = f"ignore {code}: nothing in this file is reported as {code}; remove it"
                problems.append(Problem(path, line, UNUSED, "warning", FIELD, message))
        for line, codes in marked.lines.items():
            for code in codes:
                if (line, code) not in marked.used:
                    message = f"ignore {code}: nothing on this line is reported as {code}; remove it"
                    problems.append(Problem(path, line, UNUSED, "warning", "", message))
    return problems
