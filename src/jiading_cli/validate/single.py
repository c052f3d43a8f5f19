"""Validating one loaded file on its own: every rule that does not look at the other articles.

What the rules that depend only on the article and the config find (:class:`Found`) may be kept by a
store of results, keyed by the file's digest; the rules that look at the clock and at other files
(:class:`Checked`'s ``outside``) run every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from jiading_cli.config import Config
from jiading_cli.content.markdown import mentions_markdown
from jiading_cli.content.site import public_url
from jiading_cli.model.errors import Problem
from jiading_cli.validate.filecheck import unusable
from jiading_cli.validate.moment import check_moment
from jiading_cli.validate.probe import UNREAD, Size, Stat
from jiading_cli.validate.rules import (
    Probe,
    Reference,
    check_content,
    check_files,
    local_references,
    referenced_files,
    targets,
)

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Loaded


@dataclass(frozen=True, slots=True)
class Found:
    """What the rules that look only at one article and the config found, for one version of its file."""

    digest: bytes  # of the file's bytes
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]  # the local files it names
    url: str  # its public URL
    # whether its body holds ".md" (in any case): it may link another article's Markdown file, whose page URL
    # the link becomes (``pages.article.linked``)
    markdown_links: bool = True

    def __reduce__(self) -> tuple[type[Found], tuple[object, ...]]:
        return Found, (self.digest, self.problems, self.references, self.url, self.markdown_links)


@dataclass(frozen=True, slots=True)
class Checked:
    """Validating one article alone: what may be kept, the files it names, the problems of the other rules."""

    found: Found
    named: list[str]
    outside: list[Problem]
    # each of ``named`` the rules looked at, with its stat as they found it (None: nothing there; ``validate.probe``)
    stats: dict[str, Stat | None] = field(default_factory=dict)
    # the lead image's width and height as the rules read them from its header (None: it gives none; ``UNREAD``: not
    # read, as for a file that is not there)
    image_size: Size | tuple[()] | None = UNREAD

    def __reduce__(self) -> tuple[type[Checked], tuple[object, ...]]:
        return Checked, (self.found, self.named, self.outside, self.stats, self.image_size)


def found(config: Config, digest: bytes, article: Article) -> Found:
    named = local_references(article, config.markdown.unsafe_html)
    problems = tuple(check_content(article, config))
    return Found(digest, problems, named, public_url(config, article), mentions_markdown(article.body))


class Seen(NamedTuple):
    """What a build's pages take from an article's validation (:func:`seen`), rather than reading and parsing its
    body again: its public URL, the local files it names as written, whether its body may link an article's
    Markdown file, and its lead image's width and height as the rules read them (``Checked.image_size``)."""

    url: str
    named: tuple[str, ...]
    markdown_links: bool
    image_size: Size | tuple[()] | None


def seen(checked: Checked) -> Seen:
    found = checked.found
    return Seen(found.url, targets(found.references), found.markdown_links, checked.image_size)


def outside(config: Config, article: Article, known: Found, now: dt.datetime, probe: Probe) -> Checked:
    """``known`` with the files the article names and the problems of the rules that look at the clock and at them."""
    named = referenced_files(config, article, known.references)
    problems = [*check_moment(article, now), *check_files(article, config, known.references, named, probe)]
    looked = probe.stats
    stats = {path: looked[path] for path in named if path in looked}
    return Checked(known, named, problems, stats, _image_size(known.references, named, probe.sizes))


def _image_size(
    references: Sequence[Reference], named: Sequence[str], measured: Mapping[str, Size | None]
) -> Size | tuple[()] | None:
    """The lead image's size as ``measured`` holds it, by path. Its reference comes first when there is one
    (``local_references``), and so does its path among ``named`` (those of the usable references) when usable."""
    if references and references[0][0] == "JD160" and unusable(references[0][2]) is None:
        return measured.get(named[0], UNREAD)
    return UNREAD


def check_alone(config: Config, item: Loaded, now: dt.datetime, probe: Probe) -> Checked | None:
    """Every rule that looks at one loaded file without the other articles; None when it has no article."""
    article = item.article or item.partial  # a partial one too: every problem of a file in one run
    if article is None:
        return None
    return outside(config, article, found(config, item.digest, article), now, probe)
