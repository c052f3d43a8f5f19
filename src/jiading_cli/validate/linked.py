"""JD168: a published article's body links the Markdown file of an article whose page the build does not make.

A link to another article's Markdown file (``[b](b.md)``, ``[b](/en/b.md)``) becomes that article's page in pages,
feeds, share payloads and email (``markdown.link_articles``). A draft or a scheduled article has no page until it is
published, so a published article linking one would link a page that is not there. The verdict depends on the other
article's status as of the run's moment: it is judged across articles each run (never kept with one article's
results), and in a preview (``--include-drafts``, ``serve``), which builds drafts and scheduled articles, it is none.

Which file a link names is read as for every file reference (the files of :attr:`Checked.named`, ``validate.single``),
so a link is an article's link here exactly when the renderer makes it one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.site import status
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem as _p
from jiading_cli.validate.codes import quoted
from jiading_cli.validate.filecheck import Reference, unusable

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

Linking = tuple["Article", Sequence[Reference], Sequence[str]]  # an article, its references, the files they name


def named_paths(references: Sequence[Reference], paths: Sequence[str]) -> Iterator[tuple[Reference, str]]:
    """Each reference that names a file, with that file's path: ``paths`` holds one for each reference but those
    that name no file (:func:`~jiading_cli.validate.filecheck.unusable`, JD163)."""
    files = iter(paths)
    for reference in references:
        if unusable(reference[2]) is None:
            yield reference, next(files)


def is_markdown(path: str) -> bool:
    """Whether a named file is a Markdown file (``.md``, in any case): only such a file can be an article's."""
    return path[-3:].lower() == ".md"


def article_file(config: Config, path: str) -> str:
    """The file of the article shown at ``path`` as a named file is written (``references.reference_path``),
    normalised."""
    return os.path.normpath(os.path.join(config.root, path))


def check_linked(
    config: Config, articles: Sequence[Article], linking: Sequence[Linking], now: dt.datetime
) -> list[Problem]:
    """JD168 for each link of a published article among ``linking`` to the Markdown file of one of ``articles``
    that is a draft or scheduled at ``now``. Not for a preview: the caller leaves it out there."""
    mine = [item for item in linking if status(item[0], now) == "published"]
    if not mine:
        return []
    unbuilt = {article_file(config, a.path): a for a in articles if status(a, now) != "published"}
    if not unbuilt:
        return []
    problems = []
    for article, references, named in mine:
        for (code, line, target, _), path in named_paths(references, named):
            other = unbuilt.get(os.path.normpath(path)) if is_markdown(path) else None
            if other is None or other is article:
                continue
            field = "image" if code == "JD160" else "body"
            problems.append(_p(article, "JD168", field, _message(target, other, now), line))
    return problems


def _message(target: str, other: Article, now: dt.datetime) -> str:
    if status(other, now) == "draft":
        return (
            f"expected a link to a published article, got {quoted(target)}, {other.path}, a draft (no page is built "
            "for it): publish it (leave out draft: true), or link it once it is published"
        )
    return (
        f"expected a link to a published article, got {quoted(target)}, {other.path}, scheduled for "
        f"{other.date.isoformat()} (no page is built for it before then): date this article on or after it, or "
        "link it once it is published"
    )
