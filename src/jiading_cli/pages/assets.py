"""The local files articles name (lead image, body images, attachments) and where each is published.

One rule, the same for feeds, pages and share payloads (:func:`jiading_cli.content.site.asset_url`):
a file under the articles folder is published at its path below it (``articles/en/2017/a.jpg`` at
``{base_url}/en/2017/a.jpg``), any other file of the site at its path below the site folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jiading_cli.base.realpath import real
from jiading_cli.base.tempnames import is_leftover
from jiading_cli.config import Config
from jiading_cli.content.resolver import plain_place
from jiading_cli.content.site import asset_url, local_path
from jiading_cli.model.article import Article
from jiading_cli.pages.urls import output_file
from jiading_cli.validate.rules import local_references, targets


@dataclass(frozen=True, slots=True)
class Asset:
    source: str  # the file in the site (a string: a Path for each of many files costs more than the build's look)
    path: str  # where it goes, relative to the output folder


def named_files(article: Article, unsafe: bool = False) -> tuple[str, ...]:
    """The local files an article names, as the renderer reads them (``unsafe``: ``[markdown] unsafe_html``)."""
    return targets(local_references(article, unsafe))


Resolved = dict[tuple[str, str], tuple[str, str] | None]  # (article's folder, reference) -> (source, target)


def assets(
    config: Config,
    articles: Iterable[Article],
    sources: frozenset[str],
    names: Callable[[Article], Iterable[str]] | None = None,
    resolved: Resolved | None = None,
    looked: Mapping[str, object] | None = None,
) -> list[Asset]:
    """Every existing local file the articles name, once each, sorted by output path.

    ``sources``: the article files themselves (relative to the site), never published as assets; ``names``:
    what :func:`named_files` gives (or the same, kept from the last build); ``resolved``: where each reference
    that names a regular file other than a ``.md`` one was found to lead (its file and its path in the output
    folder, or None), looked up there first and added to (an incremental build's, kept from the last build:
    the files named are known unchanged); ``looked``: as :class:`Leads` takes it.
    """
    if names is None:
        names = partial(named_files, unsafe=config.markdown.unsafe_html)
    found: dict[str, Asset] = {}
    seen: set[tuple[str, str]] = set()  # (article's folder, reference): the same file, whichever article names it
    lead = Leads(config, lambda: sources, resolved, looked=looked)
    for article in articles:
        folder = os.path.dirname(article.path)
        for ref in names(article):
            if (folder, ref) in seen:
                continue
            seen.add((folder, ref))
            place = lead.place(article, folder, ref)
            if place is not None and place[1] not in found:
                found[place[1]] = Asset(place[0], place[1])
    return [found[key] for key in sorted(found)]


RECENT = 256  # places a :class:`Leads` of ``recent`` ones keeps at most


class Leads:
    """Where each reference an article makes to a local file leads (:data:`Resolved`), found once a build:
    for the assets to copy and for the page's key, since where a file is published (a link's is its target's
    path) is part of the page that links it."""

    def __init__(
        self,
        config: Config,
        sources: Callable[[], frozenset[str]],
        resolved: Resolved | None = None,
        recent: bool = False,
        looked: Mapping[str, object] | None = None,
    ) -> None:
        """``resolved``: places known already, added to; ``recent``: keep only the places found last (at most
        ``RECENT``) beside them: what the pages' keys ask for before forked processes make the pages, where each
        place kept would count in every process's memory (a site of 10,000 images names 10,000 files once each,
        the shared ones many times: those stay). ``sources``: the article files, asked for only when a reference
        may name one (listed then, for the same reason). ``looked``: each named path the rules looked at, with what
        they found (None: nothing): a file they found and that is gone since is still one to copy, whose copy then
        says it is gone, never a file left out of a build that succeeds."""
        self.config, self.sources, self.looked = config, sources, looked or {}
        self.root = real(config.root)
        self.known: Resolved = {} if resolved is None else resolved
        self.found: Resolved = {} if recent else self.known  # where each place found is kept

    def place(self, article: Article, folder: str, ref: str) -> tuple[str, str] | None:
        """The file ``ref`` names from ``article`` (in ``folder``) and its path in the output folder; None when
        no file is to be copied."""
        if (folder, ref) in self.known:
            return self.known[(folder, ref)]
        if (folder, ref) in self.found:
            return self.found[(folder, ref)]
        place = plain_place(self.config, article.path, ref)
        lasting = place is not None
        if not lasting:
            lasting, place = _place(self.config, article, ref, self.root, self.sources, self.looked)
        if lasting:
            if self.found is not self.known and len(self.found) >= RECENT:
                self.found.clear()
            self.found[(folder, ref)] = place
        return place

    def of(self, article: Article, refs: Iterable[str]) -> tuple[str | None, ...]:
        """The path in the output folder of each file ``refs`` name (None: none copied), in order."""
        folder = os.path.dirname(article.path)
        return tuple(None if (place := self.place(article, folder, ref)) is None else place[1] for ref in refs)


def _place(
    config: Config,
    article: Article,
    ref: str,
    root: Path,
    sources: Callable[[], frozenset[str]],
    looked: Mapping[str, object] | None = None,
) -> tuple[bool, tuple[str, str] | None]:
    """The file a reference names and its path in the output folder (None: no file to copy), and whether that
    holds while the file does (not for a ``.md`` file or a link, which may be another article's source)."""
    source = local_path(config, article, ref)  # a string: a Path for each of many files costs more than the look
    kind = _kind(source)
    gone = kind is None and looked and looked.get(source) is not None and not source.lower().endswith(".md")
    if gone and not os.path.lexists(source):
        target = output_file(config, asset_url(config, article, ref))  # the rules found a file: gone since
        return False, None if target is None else (source, target)
    if kind is None:
        return True, None  # validate reports it; a link to a folder is no file to copy
    target = output_file(config, asset_url(config, article, ref))
    if target is None:
        return True, None
    # Only a file named *.md, or a link (to one), can be an article's source: the others are not resolved.
    if kind == "link" or os.path.basename(source).lower().endswith(".md"):
        try:
            if real(Path(source)).relative_to(root).as_posix() in sources():
                return False, None  # a link to another article: its page, not its Markdown
        except ValueError:
            pass
        return False, (source, target)
    return True, (source, target)


def naming(config: Config, articles: Iterable[Article], asset: Asset) -> str | None:
    """Where the first of ``articles`` (by path) naming ``asset`` names it, as a report's line begins
    (``articles/a.md:7: body: 'x.png'``); None when none does (the file is then named by its own path alone).
    Asked only of a file the build refuses: it reads each article's references again."""
    from jiading_cli.content.targets import has_scheme
    from jiading_cli.validate.codes import quoted
    from jiading_cli.validate.filecheck import unusable

    for article in sorted(articles, key=lambda each: each.path):
        for code, line, ref, _ in local_references(article, config.markdown.unsafe_html):
            if has_scheme(ref) or unusable(ref) is not None:
                continue
            if output_file(config, asset_url(config, article, ref)) == asset.path:
                return f"{article.path}:{line}: {'image' if code == 'JD160' else 'body'}: {quoted(ref)}"
    return None


def _kind(path: str) -> str | None:
    """A regular file is "file", a symbolic link to one "link"; anything else (or nothing) None."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return None
    if stat.S_ISLNK(info.st_mode):
        return "link" if Path(path).is_file() else None
    return "file" if stat.S_ISREG(info.st_mode) else None


class Taken:
    """The files a build writes itself (pages, feeds, the files it keeps for its own use), and their folders: an
    asset may be at none of these paths, nor at a folder of one, nor below one (a file cannot be a folder)."""

    def __init__(self, files: Iterable[str], own: Iterable[str]) -> None:
        self.own = frozenset(own)
        self.files = {*files, *self.own}
        self.folders: dict[str, str] = {}  # a folder of a file -> that file
        self.below: dict[str, str | None] = {"": None}  # a folder -> what of the build's own it is or lies below
        for name in sorted(self.files):
            folder = name.rpartition("/")[0]
            while folder and folder not in self.folders:
                self.folders[folder] = name
                folder = folder.rpartition("/")[0]

    def clash(self, path: str) -> str | None:
        """What of the build's own the asset at ``path`` (relative to the output folder) would meet, in words;
        None when nothing."""
        folder, _, name = path.rpartition("/")
        if path in self.own or is_leftover(name):
            return "a name the build keeps for its own files"
        if path in self.files:
            return "a page's or a feed's file"
        if path in self.folders:
            return f"the folder of {self.folders[path]}"
        return self._below(folder)

    def _below(self, folder: str) -> str | None:
        """What of the build's own ``folder`` or a folder above it is (the nearest first), worked out once per folder:
        the files of a large site lie in a few folders."""
        walked: list[str] = []
        while folder not in self.below:
            found = self._own(folder)
            if found is not None:
                self.below[folder] = found
                break
            walked.append(folder)
            folder = folder.rpartition("/")[0]
        found = self.below[folder]
        for below in walked:
            self.below[below] = found
        return found

    def _own(self, folder: str) -> str | None:
        if folder in self.own or is_leftover(folder.rpartition("/")[2]):
            return f"below {folder}, a name the build keeps for its own files"
        if folder in self.files:
            return f"below {folder}, a page's or a feed's file"
        return None
