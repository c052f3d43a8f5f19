"""Suppressing a rule in one file (``jiading: {ignore: [JD150]}`` in the front matter) or on one line
(``# jiading: ignore JD110`` after a front-matter field, ``<!-- jiading: ignore JD162 -->`` in the body).

Suppressions that suppress nothing are reported as ``JD107`` (shown with ``validate --strict``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jiading_cli.content.loader import MARKED
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.validate.codes import GUARDS

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

UNUSED = "JD107"
RULES: dict[str, tuple[Severity, str]] = {
    UNUSED: ("warning", "a suppression (`jiading: ignore`) that suppresses nothing (shown with --strict)"),
}
FIELD = "jiading"
MARKER = "jiading: ignore"
LINE_MARK = re.compile(r"jiading:\s*ignore\s*\[?\s*(JD[0-9]{3}(?:\s*,\s*JD[0-9]{3})*)\s*\]?")
CODE = re.compile(r"JD[0-9]{3}")


@dataclass(slots=True)
class Marks:
    """One file's suppressions: rules ignored in the whole file (with the line saying so) and per line."""

    whole: dict[str, int] = field(default_factory=dict)
    lines: dict[int, list[str]] = field(default_factory=dict)
    used: set[tuple[int, str]] = field(default_factory=set)  # (0, code) for the whole file


def _front(text: str) -> tuple[str, int] | None:
    """The front matter's text and the number of its first line, if the file has one."""
    if not text.startswith("---"):
        return None
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[3:], re.MULTILINE)
    if end is None:
        return None
    return text[3 : 3 + end.start()], 1


def _whole(text: str, line: int) -> dict[str, int]:
    """The codes of ``jiading: {ignore: [...]}`` in the front matter, each with the field's line."""
    from jiading_cli.content import safeyaml  # read as the loader reads it: no alias, tag or depth can explode

    front = _front(text)
    if front is None:
        return {}
    read = safeyaml.read(front[0], "")
    if isinstance(read, list):
        return {}
    setting: Any = read[0].get(FIELD)
    ignore = setting.get("ignore") if isinstance(setting, dict) else None
    if isinstance(ignore, str):
        ignore = ignore.split(",")
    if not isinstance(ignore, list):
        return {}
    return {str(code).strip(): line for code in ignore if CODE.fullmatch(str(code).strip())}


def marks(text: str, field_line: int | None) -> Marks:
    found = Marks(whole=_whole(text, field_line) if field_line else {})
    if MARKER in text or "jiading:" in text:
        for number, line in enumerate(text.split("\n"), 1):  # lines as the loader counts them: LF ends one
            if (match := LINE_MARK.search(line)) is not None:
                found.lines[number] = CODE.findall(match.group(1))
    return found


def _read(root: str, path: str) -> str | None:
    """The file's text if it holds a suppression at all (most files are only read, never decoded)."""
    from jiading_cli.content.source import Unreadable, read_file

    try:
        data = read_file(f"{root}/{path}").data  # a regular file within the size limit; a FIFO never blocks
    except Unreadable:
        return None
    if b"jiading:" not in data:
        return None
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def apply(root: str, problems: Iterable[Problem], articles: Sequence[Article]) -> list[Problem]:
    """``problems`` less those suppressed, plus a JD107 for every suppression that suppressed none.

    Only files with a problem, a ``jiading`` field or a marker are read again.
    """
    problems = list(problems)
    field_lines = {a.path: a.lines.get(FIELD) for a in articles}
    wanted = {p.path for p in problems if p.path.endswith(".md")}
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
    if marked is None or problem.code == UNUSED or problem.code in GUARDS:
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
