"""A site's articles: finding and loading them, their public URLs and their status."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from jiading_cli.base import percent
from jiading_cli.base.realpath import names_nothing, not_the_folder, real, standing
from jiading_cli.base.urls import parse_url
from jiading_cli.config import Config
from jiading_cli.content.resolver import file_url, resolver_of
from jiading_cli.content.slug import slugify
from jiading_cli.content.targets import is_rooted, named_path, rooted_path
from jiading_cli.content.walk import Odd, Unfollowed, Unreadable, Walk, is_article_name, walk
from jiading_cli.model.article import in_zone
from jiading_cli.model.errors import Problem, UsageError, cannot

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Defaults, Loaded

Status = Literal["draft", "scheduled", "published"]


def defaults(config: Config) -> Defaults:
    from jiading_cli.model.article import Defaults

    site = config.site
    return Defaults(timezone=site.timezone, lang=site.language, authors=site.authors)


def relative(config: Config, path: Path, *, shown: bool = True) -> str:
    """A path as the user sees it: relative to the site root when inside it (``shown``: each character a message
    escapes escaped, else the names as they are). A symbolic link keeps its own name: two links to one file are two."""
    from jiading_cli.content.source import shown_path

    try:
        found = located(path).relative_to(real(config.root)).as_posix()
    except ValueError:
        found = str(path)
    return shown_path(found) if shown else found


def below(config: Config, folder: Path) -> Callable[[str], str]:
    """For the files under ``folder`` (relative POSIX names, as a build writes them): each as :func:`relative`
    shows it, with the folder resolved once instead of once a file (a build names thousands)."""
    from jiading_cli.content.source import shown_path

    try:
        prefix = real(folder).relative_to(real(config.root)).as_posix()
    except ValueError:
        prefix = str(folder)
    start = shown_path("" if prefix == "." else prefix.rstrip("/") + "/")
    # a name of printable ASCII is shown as it is (what ``shown_path`` finds of it, without encoding it)
    return lambda name: start + name if name.isascii() and name.isprintable() else shown_path(start + name)


def located(path: Path) -> Path:
    """The absolute path with its folders resolved, but a symbolic link at its end kept."""
    path = path.absolute()
    if path.name in ("", ".", ".."):
        return real(path)
    return real(path.parent) / path.name


def article_files(config: Config, paths: Sequence[str] = ()) -> list[Path]:
    """Every ``*.md`` file under the articles folder, or under the named paths (inside it), sorted."""
    return [Path(name) for name in article_names(config, paths)]


def article_names(config: Config, paths: Sequence[str] = ()) -> list[str]:
    """``article_files`` as strings: all a run answered by build avoidance needs (no Path per file)."""
    return walked(config, paths).names


def named(given: str, path: str | None = None) -> bool:
    """Whether something is at a path named on the command line: False when nothing is (or no file can have the
    name: too long, a NUL), True when something is; an error naming the real reason when the system will not say
    (``articles/en/locked/a.md: cannot read: Permission denied``), never "no such file". ``path``: where ``given``
    leads, when the caller has found it."""
    try:
        os.lstat(given if path is None else path)  # a link too
    except OSError as exc:
        if names_nothing(exc):
            return False
        raise UsageError(cannot(given, exc, "read")) from None
    except ValueError:
        return False
    return True


def folder_asked(given: str) -> None:
    """A :class:`UsageError` when ``given`` asks for a folder by how it ends and something else stands there
    (:func:`~jiading_cli.base.realpath.not_the_folder`), said as ``--config`` says it."""
    said = not_the_folder(given)
    if said is not None:
        raise UsageError(said)


def walked(config: Config, paths: Sequence[str] = ()) -> Walk:
    """:func:`article_names`, the symbolic links the walk did not follow, the names a checkout elsewhere cannot hold
    and what it could not read (see :mod:`.walk`), found below the articles folder or the named folders."""
    articles = real(config.articles_path)
    if not articles.is_dir():
        raise UsageError(_no_articles(config, articles))
    roots: list[Path] = []
    for given in paths:
        if not given:  # Path('') is the current folder: `validate "$FILE"` with FILE unset would check every article
            raise UsageError("PATH: expected a file or folder, got ''")
        folder_asked(given)
        root = located(Path(given))
        if not named(given, os.fspath(root)):  # a name no file can have (too long) is none; a look refused is said
            raise UsageError(f"{given}: no such file or folder")
        linked = root.is_symlink()
        if root.is_dir():
            # A folder is walked where it really is, as the whole site's walk finds its files: named through a
            # link, its files are the same files, never a second copy of each (whose id and URL clash with
            # their own), and a link to a folder outside the articles is refused as the walk leaves it out.
            root = real(root)
        if articles.is_relative_to(real(root)):
            root = articles  # the site root, or a folder holding it: every article
        elif not root.is_relative_to(articles):
            what = f", found a symbolic link to {root}" if linked and root.is_dir() else ""
            raise UsageError(f"{given}: expected a file or folder inside {config.site.articles_dir}/{what}")
        roots.append(root)
    found: set[str] = set()
    unfollowed: set[Unfollowed] = set()
    odd: set[Odd] = set()
    shut: set[Unreadable] = set()
    followed: set[str] = set()
    for root in roots or [articles]:
        if root.is_dir() and not (root != articles and is_article_name(root.name)):  # a folder named *.md: JD100
            for into, got in zip((found, unfollowed, odd, shut, followed), walk(os.fspath(root)), strict=True):
                into.update(got)  # type: ignore[attr-defined]
        else:
            found.add(root.as_posix())
    by_path = attrgetter("path")
    return Walk(
        sorted(found),
        tuple(sorted(unfollowed, key=by_path)),
        tuple(sorted(odd, key=by_path)),
        tuple(sorted(shut, key=by_path)),
        tuple(sorted(followed)),
    )


def _no_articles(config: Config, articles: Path) -> str:
    where = config.site.articles_dir
    found = standing(articles)
    if found is not None:
        return f"{where}: expected the folder of articles (site.articles_dir), found {found}"
    return (
        f"{where}/: no such folder; the articles live there (site.articles_dir in {config.path.name}): "
        "create it, or start a new site with `jiading init`"
    )


def load_file(config: Config, path: Path) -> Loaded:
    return read_and_load(config, path)[0]


def read_and_load(config: Config, path: Path) -> tuple[Loaded, bytes | None]:
    """The file loaded, and the bytes it was loaded from (None when it could not be read: the problem says why)."""
    from jiading_cli.content.loader import parse
    from jiading_cli.content.source import Unreadable, read_file
    from jiading_cli.model.article import Loaded

    named = relative(config, path, shown=False)  # its folders' names as they are: parse checks them, then shows them
    try:
        raw = read_file(path).data
    except Unreadable as exc:
        shown = relative(config, path)
        return Loaded(shown, None, (Problem(shown, 0, exc.code, "error", "", str(exc)),)), None
    return parse(raw, named, defaults(config), path.stem), raw


def unloaded(loaded: Loaded) -> str:
    """Why a file gave no article, in one line: the line of its first error, the rule and what it found
    (``cannot be loaded (line 9: JD101 YAML syntax error: …)``), for each command that passes it over to say."""
    first = next((p for p in loaded.problems if p.severity == "error"), None)
    if first is None:
        return "cannot be loaded"
    where = f"line {first.line}: " if first.line > 0 else ""
    return f"cannot be loaded ({where}{first.code} {first.message})"


def load_all(config: Config, paths: Iterable[Path]) -> list[Loaded]:
    """Every file loaded with ``load_file``, in this process (a cache may load them faster: app.site)."""
    return [load_file(config, path) for path in paths]


def local_date(config: Config, when: dt.datetime) -> dt.datetime:
    """``when`` in the site's time zone, at a fixed offset (:func:`~jiading_cli.model.article.in_zone`)."""
    return in_zone(when, ZoneInfo(config.site.timezone))


def public_path(config: Config, article: Article) -> str:
    """The article's path below the base URL: its permalink pattern filled in, percent-encoded."""
    site, date = config.site, article.date
    # A time is a key by its instant alone (equal times of two offsets are one key), so its offset is given too: at a
    # moment of local mean time the day is the one the date's own offset shows (``in_zone``); and ``fold``: an hour a
    # clock shows twice compares equal to itself an hour later, though it is not.
    offset = date.utcoffset()
    return _public_path(
        site.permalink, site.timezone, article.lang, date, offset, date.fold, article.slug, article.category
    )


@lru_cache(maxsize=1024)  # asked again by the page and its language versions' pages, one after the other (kept small: a
# cache of every article's path would count twice in a large build's forked processes, see benchmarks/RESULTS.md)
def _public_path(
    permalink: str,
    timezone: str,
    lang: str,
    date: dt.datetime,
    offset: dt.timedelta | None,  # a key of the memo alone: ``date`` is one by its instant
    fold: int,
    slug: str,
    category: str | None,
) -> str:
    day = in_zone(date, ZoneInfo(timezone))  # the day every page and feed shows, local mean time or not
    path = permalink.format(
        lang=lang.lower(),
        year=f"{day.year:04d}",
        month=f"{day.month:02d}",
        day=f"{day.day:02d}",
        slug=slug,
        category=(slugify(category or "") or "news") if "{category" in permalink else "",
    )
    return percent.quote(path, safe="/-._~")


def public_url(config: Config, article: Article) -> str:
    """The article's public URL from the permalink pattern (canonical_url does not change it)."""
    return config.site.base_url.rstrip("/") + public_path(config, article)


def status(article: Article, now: dt.datetime) -> Status:
    return "draft" if article.draft else "scheduled" if article.date > now else "published"


def local_file(config: Config, article: Article, ref: str) -> Path:
    """The file a relative reference in an article names (a local reference: see ``is_local_reference``), or a
    root-relative one (``/en/doc.txt``: see :func:`names_site_file`) names in the articles folder."""
    if is_rooted(ref):
        return config.articles_path / rooted_path(ref)
    return (config.root / article.path).parent / named_path(ref)


def local_path(config: Config, article: Article, ref: str) -> str:
    """:func:`local_file` as a string: joined as strings where that gives what ``pathlib`` gives, else its way."""
    target = "" if is_rooted(ref) else named_path(ref)
    names = {*target.split("/")}
    plain = target and os.sep == "/" and target[0] != "/" and "\0" not in target and not {"", "."} & names
    folder = resolver_of(config).folder(article.path) if plain else None
    return os.fspath(local_file(config, article, ref)) if folder is None else folder.rstrip("/") + "/" + target


def names_site_file(config: Config, ref: str) -> bool:
    """Whether a root-relative reference (``/p``) names the file of the articles folder at ``p``: ``p`` ends in
    ``.md`` (an article's file), or something other than a folder is there (a file, or what a link there leads to,
    inside the folder or not: validation refuses what is no file to publish, JD162, or lies outside, JD164), or
    the system refuses to say what is there (a folder that cannot be searched: validation says why).
    Otherwise it is a page of the wider site (``/about``, ``/en/`` a news list), joined to the base URL.

    The one decision, for validation (whose probe finds the same: ``validate.references``), copying, rendering,
    feeds, share payloads and email alike; each such path is a file the article names, so build avoidance and
    the ledger see one appear or go.
    """
    path = rooted_path(ref)
    if path[-3:].lower() == ".md":
        return True
    if not path or path.endswith("/"):
        return False
    whole = os.path.realpath(config.articles_path / path)
    base = resolver_of(config).bases[0]
    if whole != os.fspath(base) and not whole.startswith(os.fspath(base).rstrip(os.sep) + os.sep):
        return True  # outside: JD164
    try:
        return not stat.S_ISDIR(os.stat(whole).st_mode)  # noqa: PTH116 - a string, once a link
    except ValueError:
        return False
    except OSError as exc:  # a look refused is no "nothing there": the file is checked, and the check says why
        return not names_nothing(exc)


def asset_url(config: Config, article: Article, ref: str) -> str:
    """Public URL of a local file: its path under the articles folder, below the base URL.

    ``articles/images/a.jpg`` is published at ``{base_url}/images/a.jpg``. Validation refuses a reference
    that leads outside the articles folder (JD164); were one given here, it would keep its path relative
    to the site root.
    """
    parts = parse_url(ref)
    url = None if is_rooted(ref) else resolver_of(config).beside(article.path, named_path(ref))
    if url is None:
        url = file_url(config, local_file(config, article, ref))
    if isinstance(parts, str):
        return url
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url
