"""The walk of the articles folder: the one reading of a folder's entries, and the one look at a symbolic link in it.

Both walks of the whole site, :func:`~jiading_cli.content.site.article_names` (every run without the cache) and
``incremental.listing`` (each folder's listing kept by its stat), read a folder with :func:`read_folder` and look at
each link with :func:`look`, so they find the same articles and leave out the same links.

A link to a file is followed: it is an article when it is named as one. A link to a folder is not (it may lead
outside the site, or back into it: a second name for a folder walked already), nor is a link to nothing or a loop of
links; each of those is :class:`Unfollowed`, which validation reports (``JD116``): the articles under it are not
part of the site, and that is said, never left out unsaid. Hidden names are left out, as hidden folders are.

Each folder's names are also held to what a checkout on Windows or macOS can hold (:mod:`.portable`): each one
that cannot be is :class:`Odd`, which validation reports too (``JD117``).

Whatever of the articles folder the walk cannot read — a folder it cannot list or enter, a path longer than the
system takes, a link whose target cannot be looked at, any error but "nothing is there"
(:func:`~jiading_cli.base.realpath.is_gone`) — is :class:`Unreadable`, an error of every run over the site
(``JD100``): the articles below it are never left out unsaid. Only the rare path pays for it: a folder read
without an error costs no call more than it did.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Literal

from jiading_cli.base.filekinds import is_article_name as is_article_name  # the walk's rule, where site.py reads it
from jiading_cli.base.realpath import is_gone
from jiading_cli.content.portable import odd_names

# a folder's Markdown files, folders, links, and the names of those and its other files a checkout elsewhere cannot
# hold, with why (:func:`~jiading_cli.content.portable.odd_names`)
Entries = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]
Leads = Literal["folder", "nothing", "loop"]


@dataclass(frozen=True, slots=True)
class Unfollowed:
    """A symbolic link in the articles folder that the walk does not follow: where it is, and what it leads to."""

    path: str  # the link itself, as the walk found it (its folder resolved, the link's own name kept)
    leads: Leads


@dataclass(frozen=True, slots=True)
class Odd:
    """A file, folder or link in the articles folder whose name a checkout on Windows or macOS cannot hold as it is:
    where it is, and why (:func:`~jiading_cli.content.portable.odd_names`)."""

    path: str
    why: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A folder of the articles folder (or a link in it) the walk could not read, and why, as the system says it
    (``Permission denied``, ``File name too long``): what is below it is not in the run, which fails (``JD100``)."""

    path: str
    why: str
    link: bool = False  # a link, whose target could not be looked at
    number: int = 0  # the error's number (``errno.EACCES``…)


def unreadable(path: str, exc: OSError, link: bool = False) -> Unreadable:
    """The record of ``path``, which could not be read for ``exc``."""
    return Unreadable(path, exc.strerror or str(exc), link, exc.errno or 0)


@dataclass(frozen=True, slots=True)
class Walk:
    """What a walk found: the article files (sorted), the links it did not follow, the names a checkout on
    another system cannot hold and what it could not read (each sorted by path)."""

    names: list[str]
    unfollowed: tuple[Unfollowed, ...] = ()
    odd: tuple[Odd, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    followed: tuple[str, ...] = ()  # the links it followed, to files or to nothing (sorted)


def read_folder(folder: str) -> Entries | Unreadable | None:
    """The folder's entries as the walk sorts them: its Markdown files, its folders (not hidden), its links (whose
    target may change without the folder changing: each is looked at by :func:`look`). None when it is gone since
    its parent was read (removed, or a file now); :class:`Unreadable` when it is there but cannot be read."""
    markdown: list[str] = []
    inside: list[str] = []
    links: list[str] = []
    others: list[str] = []  # the other files (images, attachments): only their names are looked at
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    is_link = entry.is_symlink()
                except OSError:
                    is_link = True  # looked at as a link is
                if is_link:
                    links.append(entry.name)
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError as exc:  # walked, so that what stops the look is said there, unless it is gone
                    is_folder = not is_gone(exc)
                if is_article_name(entry.name):  # a folder too: an article that cannot be read (JD100), not walked
                    markdown.append(entry.name)
                elif is_folder:
                    if not entry.name.startswith("."):
                        inside.append(entry.name)
                elif not entry.name.startswith("."):
                    others.append(entry.name)
    except OSError as exc:
        return None if is_gone(exc) else unreadable(folder, exc)
    except ValueError:  # a name no folder can have (a NUL): none is there
        return None
    odd = tuple(odd_names([*markdown, *inside, *links, *others]))
    return (tuple(markdown), tuple(inside), tuple(links), odd)


def look(path: str) -> Unfollowed | Unreadable | None:
    """The one look at the link at ``path``: :class:`Unfollowed` when it leads to a folder, or (unless it is named as
    an article, which is then read and reported as unreadable, ``JD100``) to nothing or round a loop;
    :class:`Unreadable` when what it leads to cannot be looked at (a folder on the way shut, a path too long); None
    when it leads to a file or anything else that is no folder (an article when named as one), or its name is
    hidden."""
    name = os.path.basename(path)  # noqa: PTH119 - strings, not a Path each
    if name.startswith("."):
        return None
    try:
        found = os.stat(path)  # noqa: PTH116 - strings, not a Path each
    except (OSError, ValueError) as exc:
        if is_article_name(name):
            return None
        number = getattr(exc, "errno", None)
        if isinstance(exc, OSError) and number != errno.ELOOP and not is_gone(exc):
            return unreadable(path, exc, link=True)
        return Unfollowed(path, "loop" if number == errno.ELOOP else "nothing")
    return Unfollowed(path, "folder") if stat.S_ISDIR(found.st_mode) else None


def take_links(
    prefix: str,
    links: tuple[str, ...],
    found: list[str],
    unfollowed: list[Unfollowed],
    shut: list[Unreadable],
    followed: list[str],
) -> None:
    """Each of a folder's links (``prefix``: the folder and a separator) into ``found`` (an article file),
    ``unfollowed`` or ``shut`` (what it leads to cannot be looked at), as :func:`look` finds it; each it follows (not
    hidden) into ``followed`` too: what one leads to may change where no watcher of the site sees it."""
    for name in links:
        path = prefix + name
        left = look(path)
        if isinstance(left, Unfollowed):
            unfollowed.append(left)
        elif left is not None:
            shut.append(left)
        elif not name.startswith("."):
            followed.append(path)
            if is_article_name(name):
                found.append(path)


def take_odd(prefix: str, names: tuple[tuple[str, str], ...], odd: list[Odd]) -> None:
    """A folder's names a checkout elsewhere cannot hold (``names``: as :func:`odd_names` gives them) into ``odd``."""
    odd += [Odd(prefix + name, why) for name, why in names]


def walk(root: str) -> tuple[list[str], list[Unfollowed], list[Odd], list[Unreadable], list[str]]:
    """The Markdown files below ``root`` (not sorted), outside hidden folders, links to files and broken links named
    as articles too (to be reported); the links not followed; the names a checkout elsewhere cannot hold; what could
    not be read; the links followed."""
    found: list[str] = []
    unfollowed: list[Unfollowed] = []
    odd: list[Odd] = []
    shut: list[Unreadable] = []
    followed: list[str] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        entries = read_folder(folder)
        if entries is None:
            continue  # gone since its parent was read
        if isinstance(entries, Unreadable):
            shut.append(entries)
            continue
        markdown, inside, links, named = entries
        prefix = os.path.join(folder, "")  # noqa: PTH118 - the folder and a separator, as os.path.join puts them
        found += [prefix + name for name in markdown]
        take_links(prefix, links, found, unfollowed, shut, followed)
        take_odd(prefix, named, odd)
        folders += [prefix + name for name in inside]
    return found, unfollowed, odd, shut, followed
