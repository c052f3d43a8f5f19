"""JD166 and JD167: a local file named as an image is an image of a type the web shows, and of the type its name
gives.

A file is named as an image by the ``image`` field, by an image in the body (``![alt](pic.png)``), or by any
body link or ``src``/``href`` whose name ends as an image's does (``.jpg``, ``.jpeg``, ``.png``, ``.gif``,
``.webp``, ``.avif``, ``.svg``). Only its header is read (:mod:`jiading_cli.base.imagesize`), once per file in
a run.

Content that is no image the web shows (an empty file, a Git LFS pointer, HTML, text, a HEIC or TIFF image, a
header cut short) is an error, JD166: pages, feeds, share cards and email would show nothing. So is an SVG image
under another type's name, or another type's under ``.svg``: the type a server gives by the name decides
whether a browser reads it as SVG. A JPEG, PNG, GIF, WebP or AVIF image under another of these names is a
warning, JD167: browsers show it, but feeds, Open Graph tags and email declare the type its name gives.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from jiading_cli.base.imagesize import EXTENSIONS, Header, read_header

EXPECTED = "a JPEG, PNG, GIF, WebP, AVIF or SVG image"


def named_as_image(target: str, image: bool) -> bool:
    """Whether a reference names its file as an image: shown as one, or by a name ending as an image's does."""
    return image or extension(target) in EXTENSIONS


@lru_cache(maxsize=65536)  # asked of each reference named as an image twice: whether it is one, and of which type
def extension(target: str) -> str:
    """The suffix of the file a reference names (its query and fragment left out), in lower case: ``.webp``."""
    return PurePosixPath(_path(target)).suffix.lower()


def _path(target: str) -> str:
    return target.split("#", 1)[0].split("?", 1)[0]


def looked(path: str) -> Header:
    """What the file at ``path`` holds; one that cannot be read is said so, never raised."""
    try:
        return read_header(path)
    except OSError as error:
        return Header(None, f"a file that cannot be read ({error.strerror or error})")


def image_problem(target: str, header: Header, shown: str) -> tuple[str, str] | None:
    """(code, message) when the file ``target`` names, holding ``header``, is not the image its name says;
    ``shown``: ``target`` as a message quotes it."""
    if header.kind is None:
        return "JD166", f"expected {shown} to be {EXPECTED}, found {header.found}"
    named = extension(target)
    if EXTENSIONS.get(named) == header.kind:
        return None
    given = f"named {named}" if named else "named without an extension"
    found = f"expected {shown} to hold the image its name gives, found {header.found} {given}"
    if header.kind == "SVG" or named == ".svg":
        return "JD166", f"{found}: a browser shows an SVG image only as .svg, and reads a .svg file only as SVG"
    path = _path(target)
    rename = path[: len(path) - len(named)] + _suffix(header.kind)
    return "JD167", f"{found}: feeds, share cards and email declare the type its name gives; rename it {rename!r}"


def _suffix(kind: str) -> str:
    return {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WebP": ".webp", "AVIF": ".avif", "SVG": ".svg"}[kind]
