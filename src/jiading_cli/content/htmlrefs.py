"""The HTML attributes that carry URLs, in one list: the one that makes raw HTML's URLs absolute in pages, feeds
and email (:mod:`.markdown`, with ``[markdown] unsafe_html = true``), checks the files they name
(:mod:`jiading_cli.validate.references`) and so publishes those files (:mod:`jiading_cli.pages.assets`).

An attribute is found by its name, not part of a longer one, and a value in quotes. ``src``, ``href`` and ``srcset``
are found after a prefix too, as lazy-loading scripts and SVG write them (``data-src``, ``data-srcset``,
``xlink:href``): the file they name is published and their URL made absolute all the same; the others are not
(``data-action="toggle"`` names no file).

``srcset`` (and ``imagesrcset``) holds a list of candidates, each a URL and its width or density
(``a.jpg 480w, wide.jpg 960w``): each of its URLs is one.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable, Iterator

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "data", "action", "formaction", "background", "longdesc")
"""Attributes whose value is one URL."""
LIST_ATTRIBUTES = ("srcset", "imagesrcset")
"""Attributes whose value is a list of image candidates, each a URL and a descriptor, separated by commas."""
NAMES = "|".join((*LIST_ATTRIBUTES, *URL_ATTRIBUTES))
PREFIXED = ("src", "href", "srcset")
"""Names found after a prefix (``data-``, ``xlink:``) too."""
ATTRIBUTE = re.compile(rf"""(?<![\w.])({NAMES})(\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
MARK = "="  # what every attribute found holds: text without it holds none
SPACE = " \t\n\r\f"


def candidates(value: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each URL in a ``srcset`` value, as HTML's parser splits it: a URL runs to the next space
    (less commas at its end), then its descriptor to the next comma outside parentheses."""
    at, end = 0, len(value)
    while at < end:
        while at < end and (value[at] in SPACE or value[at] == ","):
            at += 1
        start = at
        while at < end and value[at] not in SPACE:
            at += 1
        stop = at
        while stop > start and value[stop - 1] == ",":
            stop -= 1
        if stop > start:
            yield start, stop
        if stop < at:  # the URL ended in a comma: no descriptor
            continue
        depth = 0  # parentheses the descriptor is inside
        while at < end and (value[at] != "," or depth):
            if value[at] == "(":
                depth += 1
            elif value[at] == ")" and depth:
                depth -= 1
            at += 1


def html_urls(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) in ``html`` of every URL an attribute of :data:`URL_ATTRIBUTES` or :data:`LIST_ATTRIBUTES`
    holds, as written (character references not decoded), in order; an empty value is none."""
    if MARK not in html:
        return
    for m in ATTRIBUTE.finditer(html):
        name = m.group(1).lower()
        if m.start() and html[m.start() - 1] in "-:" and name not in PREFIXED:
            continue
        group = 3 if m.group(3) is not None else 4
        start, value = m.start(group), m.group(group)
        if name in LIST_ATTRIBUTES:
            for first, last in candidates(value):
                yield start + first, start + last
        elif value.strip(SPACE):
            yield start, m.end(group)


def rewritten(html: str, swap: Callable[[str], str]) -> str:
    """``html`` with each URL :func:`html_urls` finds replaced by ``swap`` of it (character references decoded),
    written back with ``&``, ``<``, ``>`` and quotes escaped; a URL ``swap`` leaves as it is stays as written."""
    parts: list[str] = []
    done = 0
    for start, end in html_urls(html):
        written = html[start:end]
        ref = entities.unescape(written)
        url = swap(ref)
        if url != ref:
            parts += (html[done:start], entities.escape(url))
            done = end
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)
