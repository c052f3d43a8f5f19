"""Where a file of the site is published: its path below the articles folder (or the site folder), each folder
resolved once per run (a site's files are the many, its folders the few)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import quote

from jiading_cli.base.realpath import real
from jiading_cli.config import Config


class Resolver:
    """``Path.resolve`` for one config's files, each folder resolved once (its files are the many).

    Paths are joined and cut as strings where that gives what ``pathlib`` gives (plain names below an
    absolute folder); anything else goes the ``pathlib`` way.
    """

    def __init__(self, config: Config) -> None:
        self.config = config  # held, so that its id is not reused while this is kept
        self.bases = (real(config.articles_path), real(config.root))
        self.prefixes = tuple(os.fspath(base).rstrip("/") + "/" for base in self.bases)
        self.base_url = config.site.base_url.rstrip("/") + "/"
        self.folders: dict[str, str] = {}
        self.articles: dict[str, str] = {}  # an article's folder (as its path names it) -> the absolute folder

    def resolve(self, path: Path) -> Path:
        folder, name = os.path.split(path)
        if not folder or name in ("", ".", "..") or path.is_symlink():
            return real(path)
        return Path(self._folder(folder), name)

    def real_folder(self, folder: str) -> str:
        """The folder's real path, found once."""
        return self._folder(folder)

    def _folder(self, folder: str) -> str:
        found = self.folders.get(folder)
        if found is None:
            found = self.folders[folder] = os.fspath(real(Path(folder)))
        return found

    def beside(self, article: str, target: str) -> str | None:
        """``file_url(config, local_file(...))`` for ``target`` (a file name, unquoted) beside ``article``.

        None when the strings cannot tell: a target that is empty, absolute, ends in ``/``, ``.`` or
        ``..``, or has empty or ``.`` parts; a link at the end; a file whose status cannot be read.
        """
        folder = self.folder(article) or os.fspath((self.config.root / article).parent)
        names = target.split("/")
        if os.sep != "/" or not folder.startswith("/") or "\0" in target or names[-1] == "..":
            return None
        if "" in names or "." in names:
            return None
        return self.at(folder.rstrip("/") + "/" + target)

    def folder(self, article: str) -> str | None:
        """The absolute folder of the article at ``article``, once per folder; None when its last part is no name."""
        head, tail = os.path.split(article)
        if tail in ("", ".", ".."):
            return None
        folder = self.articles.get(head)
        if folder is None:
            folder = self.articles[head] = os.fspath((self.config.root / article).parent)
        return folder

    def at(self, whole: str) -> str | None:
        """``file_url`` of the absolute, normalised path ``whole``; None when the strings cannot tell."""
        parent, name = whole.rsplit("/", 1)
        if name in ("", ".", ".."):
            return None
        try:
            if stat.S_ISLNK(os.lstat(whole).st_mode):
                return None
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            return None
        found = self._folder(parent or "/")
        return self._url(found.rstrip("/") + "/" + name, name)

    def _url(self, path: str, name: str) -> str | None:
        for prefix in self.prefixes:
            if path.startswith(prefix):
                return self.base_url + quote(path[len(prefix) :], safe="/-._~")
            if path + "/" == prefix:
                return None
        return self.base_url + quote(name, safe="/-._~")


# A reference of plain names (leading ``..`` parts, then names of letters, digits, ``_``, ``-`` and ``.`` not
# beginning with a dot): its path is itself, unquoted and normalised, and its URL's path reads back the same. Each
# repeat possessive: a name holds no '/', so each run is cut one way.
_PLAIN = re.compile(r"(?:\.\./)*+(?:[A-Za-z0-9_-][A-Za-z0-9._-]*+/)*+[A-Za-z0-9_-][A-Za-z0-9._-]*+")


def plain_place(config: Config, article: str, ref: str) -> tuple[str, str] | None:
    """The file a reference of plain names (:data:`_PLAIN`) beside the article at ``article`` names, when it is a
    regular file whose resolved path is ASCII and lies below the articles (or site) folder, with that path's part
    below it: where ``pages.assets`` publishes it, worked out without making its URL and reading it back (a build
    asks it of every file every article names). None when it is anything else: then the general way says."""
    if not _PLAIN.fullmatch(ref) or ref[-3:].lower() == ".md":
        return None
    resolver = resolver_of(config)
    folder = resolver.folder(article)
    if folder is None or not folder.startswith("/") or os.sep != "/":
        return None
    source = folder.rstrip("/") + "/" + ref
    try:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            return None
    except (OSError, ValueError):
        return None
    parent, name = source.rsplit("/", 1)
    path = resolver.real_folder(parent).rstrip("/") + "/" + name
    if not path.isascii():
        return None
    for prefix in resolver.prefixes:
        if path.startswith(prefix):
            return source, path[len(prefix) :]
        if path + "/" == prefix:
            return None
    return None


_resolvers: dict[int, Resolver] = {}


def resolver_of(config: Config) -> Resolver:
    found = _resolvers.get(id(config))
    if found is None or found.config is not config:
        if len(_resolvers) >= 8:
            _resolvers.clear()
        found = _resolvers[id(config)] = Resolver(config)
    return found


def file_url(config: Config, path: Path) -> str:
    """Public URL of a file of the site, as :func:`asset_url` gives it."""
    resolver = resolver_of(config)
    whole = os.fspath(path)
    if os.sep == "/" and whole.startswith("/") and "\0" not in whole:
        url = resolver.at(whole)
        if url is not None:
            return url
    path = resolver.resolve(path)
    for base in resolver.bases:
        try:
            rel = path.relative_to(base).as_posix()
            break
        except ValueError:
            continue
    else:
        rel = path.name
    return config.site.base_url.rstrip("/") + "/" + quote(rel, safe="/-._~")
