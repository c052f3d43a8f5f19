"""The links and images of a body whose target the renderer drops (see :mod:`.markdown`): a ``javascript:``,
``vbscript:``, ``file:`` or ``data:`` URL (but not ``data:image/png``, ``gif``, ``jpeg`` or ``webp``).
cmark writes each as ``href=""`` (``src=""``) unless ``[markdown] unsafe_html = true``, and the renderer then as an
``<a>`` without ``href`` (the image as its ``alt`` text).

Which ones is decided on what cmark reads to render the body (:func:`.escaped.escaped_source`), parsed by cmark
itself: its XML tree holds each destination as the HTML renderer tests it (character references and backslash
escapes undone, spaces trimmed; a reference-style link with its definition's), and :data:`DANGEROUS` is cmark's
own test (``_scan_dangerous_url``: the scheme in any case of ASCII letters, at the very start). A link inside an
image's description is none: HTML shows the description as the image's ``alt`` text, with no link.

Where: cmark's line for a link is not always the link's (a backslash line break, a line break inside a
destination and reference definitions above it in the paragraph go uncounted), so each link is placed with
markdown-it-py (:mod:`.mdlines`), which reads links by the same CommonMark rules and tells where each starts.
When the two do not read the same links and images in the same order, cmark's line is kept. A link in a
block of text of one line (a paragraph, a heading, a table's cell) is on that line, which cmark tells
reliably: when every dropped one is, markdown-it-py is not needed.

Most bodies are never parsed: a dropped target needs one of the four schemes followed by ``:`` in the text
(once character references are decoded), which one pass over its colons rules out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiading_cli.content.escaped import escaped_source
from jiading_cli.content.htmlrefs import unescape

if TYPE_CHECKING:
    from markdown_it.token import Token

SCHEMES = ("javascript", "vbscript", "file", "data")
DANGEROUS = re.compile(r"(?:javascript|vbscript|file):|data:(?!image/(?:png|gif|jpeg|webp))", re.IGNORECASE | re.ASCII)
TAG = re.compile(
    r'<(/?)(link|image|paragraph|heading|table_cell)(?=[ />])(?: sourcepos="(\d+):\d+-(\d+):\d+")?'
    r'(?: destination="([^"]*)")?[^>]*?(/?)>'
)  # in cmark's XML: a link or an image, or the block of text (paragraph, heading, table cell) links lie in
BLOCKS = ("paragraph", "heading", "table_cell")
ENTITY = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]*;)")  # where a character reference may start


@dataclass(frozen=True, slots=True)
class Dropped:
    """A link or image whose target the renderer leaves out."""

    line: int  # in the body, from 0
    image: bool
    url: str  # the destination as the renderer read it
    scheme: str  # in lowercase, without the colon


@dataclass(frozen=True, slots=True)
class Found:
    image: bool
    line: int  # in the body, from 0: its block's when that is one line, else cmark's (not always right)
    url: str
    described: bool  # inside an image's description
    alone: bool  # in a block of one line: on that line


def dropped(body: str) -> list[Dropped]:
    """Every link and image of Markdown ``body`` (rendered without ``unsafe_html``) that loses its target."""
    if not _may_drop(body):
        return []
    source, lt = escaped_source(body)
    found = cmark_links(source)
    if not any(_scheme(item) for item in found):
        return []
    lines = _lines(source, found)
    return [
        Dropped(line, item.image, item.url.replace(lt, "<"), scheme)
        for item, line in zip(found, lines, strict=True)
        if (scheme := _scheme(item))
    ]


def _scheme(item: Found) -> str:
    """The scheme that drops ``item``'s target, or ''."""
    m = DANGEROUS.match(item.url)
    if m is None or item.described:
        return ""
    return m.group(0)[:-1].lower()


def _may_drop(body: str) -> bool:
    """Whether ``body`` may hold a scheme that drops a target: one of them, then backslashes, then ':'."""
    text = unescape(body) if "&" in body and ENTITY.search(body) else body  # all cmark decodes, and more
    at = text.find(":")
    while at != -1:
        start = at
        while start and text[start - 1] == "\\":
            start -= 1
        if text[max(0, start - 10) : start].lower().endswith(SCHEMES):
            return True
        at = text.find(":", at + 1)
    return False


def cmark_links(source: str) -> list[Found]:
    """Every link and image cmark reads in ``source``, in the order of the text, with cmark's line."""
    from jiading_cli.content.gfm import cmark

    found: list[Found] = []
    images = 0  # how many images the current place lies in
    block = (0, -1)  # the first and last line of the block of text the current place lies in
    for m in TAG.finditer(cmark().to_xml(source)):
        closing, kind, first, last, url, empty = m.groups()
        if closing:
            images -= kind == "image"
            continue
        where = (int(first), int(last)) if first and last else (0, -1)  # cmark gives no place to a node it has none for
        if kind in BLOCKS:
            block = where
            continue
        alone = block[0] == block[1] > 0
        line = block[0] - 1 if alone else max(where[0] - 1, 0)
        found.append(Found(kind == "image", line, unescape(url or ""), images > 0, alone))
        images += kind == "image" and not empty
    return found


def _lines(source: str, found: list[Found], quick: bool = True) -> list[int]:
    """The line of each of ``found``: its block's when every dropped one is in a block of one line (``quick``),
    else markdown-it-py's, when it reads the same links and images."""
    if quick and all(item.alone for item in found if _scheme(item)):
        return [item.line for item in found]
    placed = _placed(source)
    if [image for image, _ in placed] != [item.image for item in found]:
        return [item.line for item in found]
    return [line for _, line in placed]


def _placed(source: str) -> list[tuple[bool, int]]:
    """(an image?, its line) of every link and image markdown-it-py reads in ``source``, in order."""
    from jiading_cli.content import mdlines

    placed: list[tuple[bool, int]] = []
    for block in mdlines.parser().parse(source, {}):
        if block.type == "inline" and block.children:
            _walk(block, block.children, placed)
    return placed


def _walk(block: Token, tokens: list[Token], placed: list[tuple[bool, int]]) -> None:
    from jiading_cli.content.mdlines import line

    for token in tokens:
        if token.type in ("link_open", "image"):
            placed.append((token.type == "image", line(block, token)))
        if token.type == "image" and token.children:
            _walk(block, token.children, placed)
