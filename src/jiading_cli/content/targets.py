"""What the target of a link or image names, read as it is written: one reading for validation, the renderer and
the build's copying of files.

A target is read by RFC 3986 as its text stands, no character taken out of it. ``urllib.parse.urlsplit`` takes
a tab, a line break and leading spaces out before it looks for a scheme, so ``a<TAB>b:c`` would read as a URL of
scheme ``ab``; but cmark writes such a character of a destination as ``%09`` (``[t](a&#x09;b:c)`` is
``href="a%09b:c"``), which names a file beside the article. Read as written, the destination cmark decodes and
the ``href`` it writes are one kind of reference, naming one path: validation reads the one, the renderer the
other, and they agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from jiading_cli.base.urls import DRIVE, parse_url

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
"""A URL's scheme and its colon at the start of a target, as RFC 3986 writes it."""
PATH = re.compile(r"[^?#]*")
"""A relative reference's path: its text up to a ``?`` or a ``#``."""


def has_scheme(ref: str) -> bool:
    """Whether ``ref`` starts with a scheme (``https:``, ``mailto:``), read as written."""
    return SCHEME.match(ref) is not None


def written_path(ref: str) -> str:
    """The path of ``ref``, a reference with no scheme nor host, as written (still percent-encoded)."""
    found = PATH.match(ref)
    return "" if found is None else found.group()


@lru_cache(maxsize=65536)  # many articles name the same images and pages
def is_local_reference(ref: str) -> bool:
    """A link or image that names a file beside the article (not a URL, anchor, query or site path), read as
    written (see the module's notes): a path before any ``?`` or ``#``, and no scheme.

    Text that cannot be read as a URL at all names no file (validation reports it).
    """
    if ref.startswith(("#", "/", "?")) or has_scheme(ref) or not written_path(ref):
        return False
    return not isinstance(parse_url(ref), str)


def named_path(ref: str) -> str:
    """The path a relative reference names from its article's folder, as its URL's path reads it: unquoted, each
    ``.`` and each ``name/..`` taken away (``images/../a.png`` is ``a.png`` whether or not a folder ``images`` is
    there, and where it is a link), the ``..`` that lead up from the folder kept. What validation checks, the
    build publishes and the pages link is this one path."""
    target = unquote(written_path(ref))
    if "/." not in "/" + target:
        return target
    import posixpath

    return posixpath.normpath(target) + ("/" if target.endswith("/") else "")


def is_rooted(ref: str) -> bool:
    """A root-relative reference (``/en/doc.txt``, ``/about``; not ``//host``), read as written: a path of the site,
    which names the file of the articles folder at that path when there is one (or it ends in ``.md``), and is
    otherwise a page of the wider site (``content.site.names_site_file`` decides, once for every use)."""
    return ref.startswith("/") and not ref.startswith("//")


def rooted_path(ref: str) -> str:
    """The path below the articles folder a root-relative reference names, as its URL's path reads it: unquoted,
    its ``.`` and ``..`` taken away as a browser takes them (a ``..`` at the top stays there: ``/../a.png`` is
    ``a.png``)."""
    target = unquote(written_path(ref))
    if "/." not in target:
        return target[1:]
    import posixpath

    return posixpath.normpath(target).lstrip("/") + ("/" if target.endswith("/") else "")


LINKED_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "sms", "ftp", "ftps", "sftp", "data", "javascript", "vbscript", "file", "urn"}
    | {"geo", "news", "nntp", "irc", "ircs", "xmpp", "magnet", "webcal", "ws", "wss"}
)
"""The schemes a link is written with for the URL it is; any other, with no host, may be a file's name."""


def may_be_a_name(ref: str) -> bool:
    """A reference read as a URL that may have been meant as a file's name (``a:b.png``, a ``:`` before any ``/``):
    a scheme no link of the web is written with and no host. Such a URL names no file, and the page links it as
    the URL; validation looks for the file its text spells, to say how to write a link to it."""
    found = SCHEME.match(ref)
    if found is None:
        return False
    return drive_path(ref) or (found.group()[:-1].lower() not in LINKED_SCHEMES and ref[found.end() :][:2] != "//")


def drive_path(ref: str) -> bool:
    """Whether ``ref`` is a path on a Windows computer (``C:\\docs\\x.pdf``, ``c:/docs/x.pdf``): a one-letter scheme,
    which no web URL has, followed by a folder's end. Never a web address: no reader of the page has that drive."""
    return DRIVE.match(ref) is not None
