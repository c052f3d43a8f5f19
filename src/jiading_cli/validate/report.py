"""What validation found: the report ``validate`` shows and a build starts from, without the rules that make it.

A warm run (nothing changed since the stored answer) shows a report or builds from one without running a rule, so
it imports this module alone, not :mod:`.site`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING

from jiading_cli.content import limits
from jiading_cli.model.errors import FileProblems, Problem

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.validate.probe import Stat
    from jiading_cli.validate.single import Seen


@dataclass(frozen=True)
class Report:
    """What validation found. ``articles`` are every article that loaded, in path order."""

    files: int
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    references: tuple[str, ...] = ()  # every local file an article names (whether it exists or not)
    urls: tuple[str, ...] = ()  # each article's public URL, beside ``articles`` (whole-site runs only)
    named: tuple[tuple[str, ...], ...] = ()  # the local files each article names, beside ``articles``
    # what a build's pages take from each article's validation (its URL, the files it names), beside ``articles``,
    # rather than reading every body again
    seen: tuple[Seen, ...] = ()
    # each of ``references`` the rules looked at, with its stat as they found it (None: nothing; ``validate.probe``)
    looked: dict[str, Stat | None] = field(default_factory=dict)
    # by article path: the digest of the bytes each of ``articles`` was loaded from (``Loaded.digest``)
    digests: dict[str, bytes] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def failed(self, strict: bool = False) -> bool:
        return self.count("error") > 0 or (strict and self.count("warning") > 0)

    def by_file(self, most: int = limits.PROBLEMS_SHOWN) -> list[FileProblems]:
        """The problems file by file, at most ``most`` of each (the rest counted), for a report people read."""
        groups: list[FileProblems] = []
        for path, problems in groupby(self.problems, key=lambda p: p.path):
            listed = list(problems)
            groups.append(FileProblems(path, tuple(listed[:most]), max(0, len(listed) - most)))
        return groups
