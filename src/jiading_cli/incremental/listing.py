"""The article files of a site, listed again only in the folders whose entries changed.

:func:`~jiading_cli.content.site.article_names` reads every folder under the articles folder: for a
site of thousands of articles and their images, that is most of what a run with nothing to do spends
after start-up. A folder's mtime changes whenever an entry is added to it, removed from it or renamed
in it, so :func:`names` keeps each folder's listing (its Markdown files, its folders, its links) by the
folder's stat, and reads only the folders whose stat differs. Like ``Files`` in :mod:`~jiading_cli.pages.reuse`,
a folder changed less than ``RACY_NS`` before the run is read every time and its listing not kept: it
could change again within one tick of the file system's clock and keep its stat.

A link is never kept as a file or a folder: what it points to can change without its folder changing,
so each is looked at every run, by the one look both walks take (:func:`~jiading_cli.content.walk.look`: a link
to a folder is not followed, and is one of the links the walk reports as not followed). The names are the same as
``article_names`` gives, in the same order, and the links not followed the same (``tests/test_listing.py``).
"""

from __future__ import annotations

import os
import time
from contextlib import suppress
from operator import attrgetter
from pathlib import Path

from jiading_cli.base.realpath import is_gone, real
from jiading_cli.config import Config
from jiading_cli.content.site import walked
from jiading_cli.content.walk import Odd, Unfollowed, Unreadable, Walk, read_folder, take_links, take_odd, unreadable
from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import UNREADABLE, dumps, opened, safe_loads, sealed
from jiading_cli.pages.reuse import RACY_NS

FORMAT = 2  # 2: and the names a checkout elsewhere cannot hold
Ident = tuple[int, int, int, int]  # a folder's device, inode, mtime and ctime
Names = tuple[tuple[str, str], ...]  # names a checkout elsewhere cannot hold, with why (``portable.odd_names``)
Listing = tuple[Ident, tuple[str, ...], tuple[str, ...], tuple[str, ...], Names]  # Markdown files, folders, links, odd


def names(config: Config) -> list[str]:
    """:func:`~jiading_cli.content.site.article_names` of every article, from the folders' kept listings."""
    return walk(config).names


def walk(config: Config) -> Walk:
    """:func:`~jiading_cli.content.site.walked` of the whole site, from the folders' kept listings."""
    root = real(config.articles_path)
    if not os.path.isdir(root):  # noqa: PTH112 - False for what cannot be looked at, never an error
        return walked(config)  # the error it gives
    file = keys.folder(config) / "listing.pickle"
    kept = _read(file, os.fspath(root))
    fresh: dict[str, Listing] = {}
    started = time.time_ns()
    found: list[str] = []
    unfollowed: list[Unfollowed] = []
    odd: list[Odd] = []
    shut: list[Unreadable] = []
    followed: list[str] = []
    folders = [os.fspath(root)]
    while folders:
        folder = folders.pop()
        listing = _listing(folder, kept.get(folder), started, fresh)
        if listing is None:
            continue  # gone since its parent was read
        if isinstance(listing, Unreadable):
            shut.append(listing)  # never kept: the next run reads it again
            continue
        _, markdown, inside, links, named = listing
        prefix = os.path.join(folder, "")  # noqa: PTH118 - the folder and a separator, as os.path.join puts them
        found += [prefix + name for name in markdown]
        take_links(prefix, links, found, unfollowed, shut, followed)
        take_odd(prefix, named, odd)
        folders += [prefix + name for name in inside]
    if fresh != kept:
        with suppress(OSError):
            keys.write_atomic(file, sealed(dumps((FORMAT, os.fspath(root), fresh))))
    by_path = attrgetter("path")
    return Walk(
        sorted(found),
        tuple(sorted(unfollowed, key=by_path)),
        tuple(sorted(odd, key=by_path)),
        tuple(sorted(shut, key=by_path)),
        tuple(sorted(followed)),
    )


def _listing(folder: str, kept: Listing | None, started: int, fresh: dict[str, Listing]) -> Listing | Unreadable | None:
    """The folder's listing: as kept when its stat is the same, else read now (and kept when it is settled); None
    when it is gone, :class:`~jiading_cli.content.walk.Unreadable` when it cannot be read (never kept)."""
    try:
        info = os.stat(folder)  # noqa: PTH116 - strings, not a Path each
    except OSError as exc:
        return None if is_gone(exc) else unreadable(folder, exc)
    except ValueError:
        return None
    ident = (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    if kept is not None and kept[0] == ident:
        fresh[folder] = kept
        return kept
    listing = _read_folder(folder, ident)
    if isinstance(listing, tuple) and started - max(info.st_mtime_ns, info.st_ctime_ns) >= RACY_NS:
        fresh[folder] = listing
    return listing


def _read_folder(folder: str, ident: Ident) -> Listing | Unreadable | None:
    """The folder's entries (:func:`~jiading_cli.content.walk.read_folder`, the names a checkout elsewhere cannot hold
    among them: looked for only when the folder changed), with its stat."""
    entries = read_folder(folder)
    return entries if entries is None or isinstance(entries, Unreadable) else (ident, *entries)


def _read(file: Path, root: str) -> dict[str, Listing]:
    """The kept listings of the folders under ``root``; none when the file is missing, damaged or another's."""
    try:
        found = safe_loads(opened(keys.read_store(file)), tuple[int, str, dict[str, Listing]])
    except UNREADABLE:
        return {}
    return found[2] if found[:2] == (FORMAT, root) else {}
