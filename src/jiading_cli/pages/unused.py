"""The files of a site's templates folder that no page uses: a misspelt override (``articel.html``, ``Article.html``)
is never taken, and the site's change would be lost without a word.

A file of the folder is used when the theme takes it by its name (a shipped template's, :data:`SHIPPED`, as the
loader of :func:`~jiading_cli.pages.theme.theme` looks the site's folder up first), or when a used template of the
site names it: ``{% extends %}``, ``{% include %}``, ``{% import %}``, ``{% from … import %}`` (Jinja's
``meta.find_referenced_templates``) or ``{% chrome %}``. Only files a template could be are looked at: of a
template's or the theme's kind of name (``.html``, ``.css``…), not hidden (an editor's ``.article.html.swp``).
A template that names another by an expression (``{% include name %}``), or that cannot be read or parsed, could
name any: then no file is said to be unused (the build says what is wrong with the template).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.pages.theme import SHIPPED, TemplateError, site_names, theme

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = (".html", ".htm", ".xml", ".txt", ".j2", ".jinja", ".jinja2")
"""The ends of a template's name: a template may name others."""
KINDS = (*TEMPLATES, ".css", ".js")
"""The ends of a name a template, or a file of the theme, may have: a stylesheet or a script is copied as it is."""


def shipped() -> list[str]:
    """The names the theme takes a site's file by: its own files'."""
    return sorted(path.relative_to(SHIPPED).as_posix() for path in SHIPPED.rglob("*") if path.is_file())


def unused(folder: Path, root: Path) -> list[tuple[str, str | None]]:
    """Each file of the site's templates folder ``folder`` that no page uses (its name relative to the folder),
    with the shipped name nearest to it (None: none is near); none when the folder is not there, or a template
    could name any file."""
    if not folder.is_dir():
        return []
    names = [_name(path, folder) for path in site_names(folder, root) if Path(path).is_file()]
    candidates = [name for name in names if _could_be(name)]
    if not candidates:
        return []
    known = shipped()
    environment = theme(folder, root).environment
    files: dict[tuple[int, int], list[str]] = {}  # each file by what it is: a link or another case names it too
    for name in names:
        files.setdefault(_identity(folder, name) or (-1, hash(name)), []).append(name)
    seen: set[str] = set()  # the files a page uses
    looked: set[str] = set()  # the names the theme or a used template looks up
    wanted = list(known)
    while wanted:
        name = wanted.pop()
        if name in looked:
            continue
        looked.add(name)
        taken = files.get(_identity(folder, name) or (-1, -1), [])  # as the loader finds it: case, links and all
        if not taken or taken[0] in seen:
            continue
        seen.update(taken)
        found = _named(environment, name)
        if found is None:  # named by an expression, or not read: any file may be used
            return []
        wanted += found
    return [(name, nearest(name, known)) for name in candidates if name not in seen]


def unparsed(folder: Path, root: Path) -> list[tuple[str, int, str]]:
    """Each template of the site's templates folder that cannot be read or that Jinja cannot parse (its path, the
    line, what was expected and found), as the build finds it when a page takes the template, read by the build's
    own loader (bytes not UTF-8, a control character, a file too large; a folder or a link to nothing at a name
    the theme takes); and a FIFO, a socket or a device anywhere in the folder, which fails every build. None when
    the folder is not there."""
    from jinja2 import TemplateSyntaxError

    if not folder.is_dir():
        return []
    try:
        names = site_names(folder, root)
    except TemplateError as exc:  # a FIFO, a device: no build reads the folder
        return [_unread(exc, None, root)]
    environment = theme(folder, root).environment
    taken = set(shipped())
    found: list[tuple[str, int, str]] = []
    for path in names:
        name = _name(path, folder)
        template = name.lower().endswith(TEMPLATES)  # a stylesheet or a script is read only where the theme takes it
        if not _could_be(name) or (name not in taken and (not template or not Path(path).is_file())):
            continue
        try:
            source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]  # theme's
            if template:
                environment.parse(source, name, path)
        except TemplateSyntaxError as exc:
            found.append((path, exc.lineno, f"expected a template Jinja reads, found: {exc.message or 'none'}"))
        except TemplateError as exc:  # not read as the build reads it: its error, at its line
            found.append(_unread(exc, path, root))
        except OSError:  # gone since it was listed: the build says what it finds
            continue
    return found


def _unread(exc: TemplateError, path: str | None, root: Path) -> tuple[str, int, str]:
    """The path, line (0: none) and message of the loader's error ``exc``, as it keeps them."""
    if not exc.where:
        return (path or str(root), 0, str(exc))
    return (path or str(root / exc.where), exc.line, exc.message)


def nearest(name: str, known: list[str]) -> str | None:
    """The name of ``known`` nearest to ``name``: the same in another case, else the closest spelling (difflib's),
    of the whole name or its last part."""
    from difflib import get_close_matches

    lowered = {each.lower(): each for each in known}
    for tried in (name.lower(), name.lower().rsplit("/", 1)[-1]):
        if tried in lowered:
            return lowered[tried]
        close = get_close_matches(tried, list(lowered), n=1, cutoff=0.6)
        if close:
            return lowered[close[0]]
    return None


def _identity(folder: Path, name: str) -> tuple[int, int] | None:
    """What file of ``folder`` the theme's loader finds at template ``name`` (device and inode; None: none)."""
    import stat

    from jinja2 import TemplateNotFound
    from jinja2.loaders import split_template_path

    try:
        info = folder.joinpath(*split_template_path(name)).stat()
    except (OSError, ValueError, TemplateNotFound):  # nothing there, a NUL, a '..' the loader refuses
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _name(path: str, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def _could_be(name: str) -> bool:
    return not any(part.startswith(".") for part in name.split("/")) and name.lower().endswith(KINDS)


def _named(environment: Environment, name: str) -> set[str] | None:
    """The templates ``name`` names; None when it names one by an expression or cannot be read or parsed."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, meta, nodes

    if not name.lower().endswith(TEMPLATES):
        return set()  # a stylesheet or a script is copied as it is
    try:
        source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]  # set by theme()
        parsed = environment.parse(source)
    except (TemplateError, TemplateNotFound, TemplateSyntaxError):
        return None
    found: set[str] = set()
    for each in meta.find_referenced_templates(parsed):
        if each is None:
            return None
        found.add(each)
    for call in parsed.find_all(nodes.Call):  # {% chrome "name" %}: the Chrome extension's call
        if isinstance(call.node, nodes.ExtensionAttribute) and call.node.name == "_made":
            if not call.args or not isinstance(call.args[0], nodes.Const) or not isinstance(call.args[0].value, str):
                return None
            found.add(call.args[0].value)
    return found
