"""JD169: a file an article names is published at its path below the articles folder, and that path must not be
a file or folder of the site's own (the feeds, the sitemap, the 404 page, a news list and its older pages,
``assets/``, ``tags/``: ``content.layout.site_file``, as JD125 asks of a page), a folder of one or below one, in
any case or Unicode form (on a disk of Windows or macOS, ``Feed.xml`` is ``feed.xml``). The build would otherwise
stop on it after every check passed. It depends on the path and the site's languages alone: an incremental build
checks the files a changed article names (:func:`published_clash`), and a change of languages is a full build.
The build still refuses what it finds as it writes (an article's page, a name it keeps for its own files), in one
line naming the article's line and the file.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.layout import site_file
from jiading_cli.content.targets import has_scheme
from jiading_cli.model.errors import Problem
from jiading_cli.validate.codes import problem as _p
from jiading_cli.validate.codes import quoted
from jiading_cli.validate.linked import Linking, named_paths

if TYPE_CHECKING:
    from jiading_cli.model.article import Article


def published_clash(
    config: Config, path: str, langs: Collection[str], sources: Collection[str], top: str | None = None
) -> tuple[str, str] | None:
    """The path the file at ``path`` (as ``filecheck.referenced_files`` joins it) is published at and what of the
    site's own it would take there, in words; None when nothing, or no file is there to publish
    (``sources``: the articles' files, normalised, whose pages a link to them leads to; ``top``: the articles
    folder's :func:`folder_of`, worked out once for many paths)."""
    top = top or folder_of(config)
    path = os.path.normpath(path)
    if not path.startswith(top) or path in sources:
        return None  # outside (JD164); an article's file, whose page the link leads to
    rel = path[len(top) :].replace(os.sep, "/")
    taken = site_file(rel, langs)  # in any case or Unicode form, as Windows and macOS name a file
    if taken is None or not os.path.isfile(path):  # noqa: PTH113 - a string, as the paths are
        return None  # a site path to no file of the articles folder is a page of the wider site
    return rel, taken


def folder_of(config: Config) -> str:
    """The articles folder as :func:`published_clash` compares paths with it: normalised, ending in a separator."""
    return os.path.normpath(config.articles_path) + os.sep


def check_published(config: Config, articles: Sequence[Article], named: Sequence[Linking]) -> list[Problem]:
    """JD169 for each reference of ``named`` (each article's references and the files they name) whose file
    would be published where the site writes a file of its own; ``articles``: every article."""
    langs = {article.lang.lower() for article in articles}
    root = os.fspath(config.root)
    sources = {os.path.normpath(os.path.join(root, article.path)) for article in articles}  # noqa: PTH118 - strings
    top = folder_of(config)
    problems = []
    for article, references, paths in named:
        for (code, line, target, _), path in named_paths(references, paths):
            clash = None if has_scheme(target) else published_clash(config, path, langs, sources, top)
            if clash is None:
                continue
            rel, taken = clash
            field = "image" if code == "JD160" else "body"
            message = (
                f"expected a file published at a path of its own, got {quoted(target)}, "
                f"{config.site.articles_dir}/{rel}, published at {rel}: {taken}; rename the file"
            )
            problems.append(_p(article, "JD169", field, message, line))
    return problems
