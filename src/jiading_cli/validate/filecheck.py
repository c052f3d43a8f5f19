"""The files an article names, checked (JD160, JD162, JD163, JD164, and JD166, JD167 through ``images``): each reference
usable, its file inside the articles folder and there now, and each named as an image an image of a type the web
shows. Which references an article makes is :mod:`.references`'s.

A root-relative reference (``/en/doc.txt``) names the file of the articles folder at its path when something other
than a folder is there, or its path ends in ``.md``: it is then checked as the relative reference to that file
would be; otherwise it is a page of the wider site (``/about``), not checked. Where the probe finds it is the one
look this run takes, the same that ``content.site.names_site_file`` takes for the renderer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from jiading_cli.base.printable import CONTROL
from jiading_cli.base.urls import parse_url
from jiading_cli.config import Config
from jiading_cli.content.targets import (
    drive_path,
    has_scheme,
    is_rooted,
    may_be_a_name,
    named_path,
    rooted_path,
    written_path,
)
from jiading_cli.model.errors import Problem
from jiading_cli.model.kinds import BAD_ESCAPE, SECOND_HASH
from jiading_cli.validate.codes import problem as _p
from jiading_cli.validate.codes import quoted
from jiading_cli.validate.images import image_problem, named_as_image
from jiading_cli.validate.probe import Place, Probe

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

Reference = tuple[str, int, str, bool]  # (rule code, line, target, whether it is shown as an image)


@lru_cache(maxsize=65536)  # asked of each reference by the files' list, their check and the lead image's size
def unusable(target: str) -> str | None:
    """Why a reference can name no file at all (not a URL, or a NUL in its path) or no file to publish (a control
    character, as an article's own name may not hold: JD100), or None. A URL with a scheme or a host is no URL with
    a '%' that starts no escape, nor any with a second '#', as a front matter's is not (``kinds``): pages, feeds and
    email would carry it as written, a link the HTML checker rejects and each reader takes its own way."""
    parts = parse_url(target)
    if isinstance(parts, str):
        return parts
    if (parts.scheme or parts.netloc) and BAD_ESCAPE.search(target):  # a file's name may hold one: it is encoded
        return "a '%' in it is not followed by two hexadecimal digits, as in no URL (write '%' as %25)"
    if "#" in parts.fragment:
        return SECOND_HASH
    path = unquote(written_path(target))  # as the renderer reads it: no character taken out (content/targets.py)
    if "\0" in path:
        return "its path holds %00, which no file name can"
    if found := CONTROL.search(path) or CONTROL.search(target):
        return f"it holds U+{ord(found.group()):04X}, a control character, which no published file's name may"
    return None


@lru_cache(maxsize=65536)
def reference_path(folder: str, target: str) -> str:
    """The file a relative reference names, from the folder of the article that makes it; the file a
    root-relative one names, from the articles folder (``folder``: the articles folder then)."""
    return os.path.join(folder, rooted_path(target) if is_rooted(target) else named_path(target))


@lru_cache(maxsize=16)
def articles_folder(root: Path, name: str) -> str:
    """``config.articles_path`` as a string, made once: asked of every article."""
    return os.fspath(root / name)


def referenced_files(config: Config, article: Article, references: Iterable[Reference]) -> list[str]:
    """The path of each usable file reference in ``references``, in the same order."""
    folder = os.path.dirname(os.path.join(config.root, article.path))
    articles = articles_folder(config.root, config.site.articles_dir)
    return [
        reference_path(articles if is_rooted(target) else folder, target)
        for _, _, target, _ in references
        if unusable(target) is None
    ]


def check_files(
    article: Article,
    config: Config,
    references: Sequence[Reference],
    paths: Sequence[str] | None = None,
    probe: Probe | None = None,
) -> list[Problem]:
    """JD160, JD162, JD163 and JD164: each file an article names is usable, inside the articles folder and
    exists now (``paths``: from ``referenced_files``); JD166 and JD167: each named as an image is one."""
    problems = []
    probe = probe or Probe()
    base = probe.real(articles_folder(config.root, config.site.articles_dir))
    resolved = iter(referenced_files(config, article, references) if paths is None else paths)
    for code, line, target, image in references:
        name = "image" if code == "JD160" else "body"
        reason = unusable(target)
        if drive_path(target):  # ``C:\docs\x.pdf``: read as a URL of scheme 'c:', which no reader's browser opens
            if reason is None:
                next(resolved)
            problems.append(_p(article, code, name, _windows_path(target, code), line))
            continue
        if reason is not None:  # where the file its text spells is there (``p##.png``), the reference naming it
            written = ("./" if has_scheme(target) else "") + _as_url(target)
            spelt = unusable(written) is None and _spelt_there(config, article, target)
            if spelt and may_be_a_name(target):  # ``a:100%.png``: read as a URL of a scheme
                what = "an existing file or an https URL" if code == "JD160" else ""
                problems.append(_p(article, code, name, schemed_file(target, written, what), line))
                continue
            if spelt:
                reason += f"; the file {quoted(target)} is there: write {quoted(written)}"
            if code == "JD160":
                problems.append(_p(article, code, name, f"expected a file name, got {quoted(target)}: {reason}", line))
            else:
                problems.append(
                    _p(article, "JD163", name, f"expected a URL or a file name, got {quoted(target)}: {reason}", line)
                )
            continue
        path = next(resolved)
        place, real = probe.found(path, base)
        if has_scheme(target):  # a URL, which may have been meant as the file's name its text spells (``a:b.png``)
            named = "./" + target if place == "file" else None  # the file its path names, or its text
            if named is None and _spelt_there(config, article, target):
                named = "./" + _as_url(target)
            what = "an existing file or an https URL" if code == "JD160" else ""
            if named is not None:
                problems.append(_p(article, code, name, schemed_file(target, named, what), line))
            elif code == "JD160":  # the image, a URL of no web scheme (``x:y.png``): no image any reader shows
                scheme = target.partition(":")[0]
                message = (
                    f"expected {what}, got {quoted(target)}, which is read as a URL of scheme '{scheme}:' (a ':' "
                    f"before any '/'), no web address, and no file {quoted(target)} is beside the article"
                )
                problems.append(_p(article, code, name, message, line))
            continue
        if place in ("missing", "folder") and is_rooted(target) and path[-3:].lower() != ".md":
            continue  # no file of the articles folder there: a page of the wider site (``/about``)
        if place == "outside":
            where = config.site.articles_dir
            message = f"expected a file inside the {where}/ folder, got {quoted(target)}, which leads outside it"
            problems.append(_p(article, "JD164", name, message, line))
        elif place == "unreadable":  # never taken for no file: the system's reason is said
            what = "an existing file or an https URL" if code == "JD160" else "the linked file to exist"
            message = f"expected {what}, got {quoted(target)} (cannot read: {probe.refused[real]})"
            problems.append(_p(article, code, name, message, line))
        elif code == "JD160" and place != "file":
            problems.append(_p(article, code, name, _no_image(article, config, target, place, real), line))
        elif code == "JD162" and place == "missing":
            hint = _as_written(config, article, target) or _missing(real)
            message = f"expected the linked file to exist, got {quoted(target)} ({hint})"
            problems.append(_p(article, code, name, message, line))
        elif code == "JD162" and place != "file":  # nothing is published there: the link would lead nowhere
            hint = "a folder, not a file" if place == "folder" else _not_regular(real)
            message = f"expected a file to publish, got {quoted(target)} ({hint})"
            problems.append(_p(article, code, name, message, line))
        elif place == "file" and named_as_image(target, image):
            wrong = image_problem(target, probe.image(path, real), quoted(target))
            if wrong is not None:
                problems.append(_p(article, wrong[0], name, wrong[1], line))
    return problems


def schemed_file(target: str, spelt: str = "", what: str = "") -> str:
    """The error of a link read as a URL of a scheme (``a:b.png``) where its text is a file's name beside the
    article, which ``spelt`` names (``what``: or may be, where the file is not looked for): the page would link
    the URL, and the reader's browser open nothing."""
    scheme = target.partition(":")[0]
    what = what or f"a link to the file {quoted(target)} beside the article"
    return (
        f"expected {what}, got {quoted(target)}, which is read as a "
        f"URL of scheme '{scheme}:' (a ':' before any '/'): write {quoted(spelt or './' + target)}"
    )


def _windows_path(target: str, code: str) -> str:
    """The error of a reference that is a path on a Windows computer (``C:\\docs\\x.pdf``): a URL reads its drive as a
    scheme, and no reader's browser opens it; the file is to be put beside the article and named by its name."""
    what = "an existing file or an https URL" if code == "JD160" else "a link to a file beside the article or a URL"
    last = re.split(r"[\\/]|%5[Cc]", target)[-1]  # a '#' is part of a Windows file's name, never a fragment
    name = last.replace("#", "%23").replace("?", "%3F").replace(" ", "%20") or "its name"
    return (
        f"expected {what}, got {quoted(target)}, a Windows path (drive {target[0].upper()}:), which a URL reads as "
        f"its scheme '{target[0].lower()}:' and no reader's browser opens: put the file beside the article and "
        f"write its name, {quoted(name)}"
    )


def _not_regular(path: str) -> str:
    """What the thing at ``path``, no regular file nor folder, is, in the words every message uses
    (``base/filekinds.py``): a loop of symbolic links (the system leaves a link that leads back to itself
    unresolved), a FIFO, a device, a socket."""
    import stat

    from jiading_cli.base.filekinds import kind

    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return "not a regular file"
    return "a loop of symbolic links, not a file" if stat.S_ISLNK(mode) else f"not a regular file but {kind(mode)}"


def _same(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text).casefold()


def _stamp(folder: str) -> tuple[int, int, int] | None:
    """What changes when ``folder``'s names do (its inode, and the time its names last changed), None when it cannot
    be looked at: the key of :func:`_names`, so a long ``serve`` never reads a listing gone stale."""
    try:
        found = os.stat(folder)
    except (OSError, ValueError):
        return None
    return found.st_ino, found.st_mtime_ns, found.st_ctime_ns


@lru_cache(maxsize=64)
def _names(folder: str, stamp: tuple[int, int, int] | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``folder``'s names by their case-folded NFC form and without the spaces at their ends, listed once for every
    missing file looked for there (a listing per file cost files times names: benchmarks/RESULTS.md)."""
    alike: dict[str, list[str]] = {}
    stripped: dict[str, list[str]] = {}
    try:
        entries = os.listdir(folder) if stamp is not None else []
    except (OSError, ValueError):
        entries = []
    for entry in entries:
        alike.setdefault(_same(entry), []).append(entry)
        stripped.setdefault(entry.strip(" "), []).append(entry)
    return alike, stripped


def _missing(path: str) -> str:
    """Why no file is at ``path``: no such file, and the name beside it that differs only in case or Unicode form
    (``café.png`` written with a combining accent, as some systems name files), which a web server tells apart."""
    import unicodedata

    folder, name = os.path.split(path)
    alike, stripped = _names(folder or ".", _stamp(folder or "."))
    near = sorted(alike.get(_same(name), ()))
    spaced = sorted(entry for entry in stripped.get(name, ()) if name and entry != name)
    if not near and spaced:  # a field's value and a link's destination lose the spaces at their ends
        kept = spaced[0]
        written = "%20" * (len(kept) - len(kept.lstrip(" "))) + name + "%20" * (len(kept) - len(kept.rstrip(" ")))
        return (
            f"no such file; {quoted(kept)} differs from it only in the spaces at its ends, which a link and a field "
            f"lose: write them as %20, {quoted(written)}"
        )
    if not near:
        return "no such file"
    if unicodedata.normalize("NFC", near[0]) != unicodedata.normalize("NFC", name):
        return f"no such file; {quoted(near[0])} differs from it only in case: write the name as the file has it"
    shown = "".join(f"\\u{ord(c):04x}" if unicodedata.combining(c) else c for c in near[0])
    return (
        f"no such file; '{shown}' differs from it only in how its accents are encoded (Unicode form): "
        "write the name as the file has it, or rename the file"
    )


def _no_image(article: Article, config: Config, target: str, place: Place, path: str) -> str:
    hint = {"missing": _missing(path), "folder": "a folder, not a file"}.get(place) or _not_regular(path)
    if place == "missing":
        hint = _as_written(config, article, target) or hint
    return f"expected an existing file or an https URL, got {quoted(target)} ({hint})"


def _as_url(name: str) -> str:
    """A file's name as a reference's path names it: ``%``, ``#`` and ``?`` percent-encoded."""
    return name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")


def _spelt_there(config: Config, article: Article, spelt: str, rooted: bool = False) -> bool:
    """Whether the file ``spelt`` names, taken as a file's name and not as a URL, is there inside the articles
    folder (nothing outside it is told of), from the article's folder (``rooted``: from the articles folder)."""
    inside = articles_folder(config.root, config.site.articles_dir)
    start = inside if rooted else os.path.dirname(os.path.join(config.root, article.path))
    try:
        whole = os.path.realpath(os.path.join(start, spelt))
        top = os.path.realpath(inside)
    except (OSError, ValueError):
        return False
    return whole.startswith(top + os.sep) and os.path.isfile(whole)


def _as_written(config: Config, article: Article, target: str) -> str | None:
    """Why a reference naming no file names none, where the file its text spells is there: a URL reads ``?`` and
    ``#`` as the start of its query and fragment and ``%`` as the start of an escape, and ``\\`` as no folder's
    end; the hint gives the reference that names the file. None when no such file is there."""
    rooted = is_rooted(target)
    spelt = target[1:] if rooted else target
    if _spelt_there(config, article, spelt, rooted):
        written = _as_url(spelt)
        return (
            "it is read as a URL: write '#' as %23, '?' as %3F and '%' as %25: "
            f"{quoted(('/' if rooted else '') + written)}"
        )
    named = unquote(written_path(spelt))  # a backslash, or %5C, is part of a name in a URL, never the end of a folder
    if "\\" in named and _spelt_there(config, article, named.replace("\\", "/"), rooted):
        slashed = re.sub(r"\\|%5[Cc]", "/", target)
        return f"no such file; a URL's folders end in '/', not '\\': write {quoted(slashed)}"
    return None
