"""Whether an element of raw HTML is shown, as a browser decides it from the element's own attributes: the
``hidden`` attribute and the ``display`` and ``visibility`` of its ``style``. The one reading of them, for the email's
text part (:class:`~jiading_cli.content.htmltree.Tree`) and for every output's HTML but the page's
(:mod:`~jiading_cli.content.shown`), whose readers may drop ``style`` and ``hidden`` and show what they hid.

Read as CSS reads a ``style`` attribute: comments are nothing; names and keywords are in any case; a declaration
``!important`` wins over one that is not, else the last of a property wins; a value the browser does not take
(``display: bogus``, ``display: 12px``) is dropped, so the one before it holds. ``display: none`` hides the element
and all it holds; the ``hidden`` attribute does too, unless the style gives another ``display`` (``hidden`` is a
``display: none`` that any ``display`` of the element's style overrides, ``revert`` included, ``revert-layer`` not), but
``hidden="until-found"``, which hides what an element holds by another property, unless it is laid out inline.
``visibility: hidden`` hides the element's own text, inherited by what it holds, where an element of
``visibility: visible`` is shown again (tests/test_hidden_browser.py holds these to Chromium's).
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """The names written in ``text``, apart by white space."""
    return frozenset(text.split())


COMMENT = re.compile(r"/\*.*?(\*/|\Z)", re.DOTALL)  # a CSS comment, which a style may hold anywhere
IMPORTANT = re.compile(r"!\s*important\s*\Z")
GLOBAL = frozenset(("inherit", "initial", "unset", "revert", "revert-layer"))
DISPLAY = words(
    """block inline inline-block flex inline-flex grid inline-grid flow flow-root table inline-table table-row-group
    table-header-group table-footer-group table-row table-cell table-column-group table-column table-caption
    list-item run-in ruby ruby-base ruby-text ruby-base-container ruby-text-container math -webkit-box
    -webkit-inline-box"""
)
INLINE_FLOW = frozenset(("inline", "flow"))  # ``display: inline`` written in two words or one
ALONE = frozenset(("none", "contents", *GLOBAL))  # display keywords that take no other
VISIBILITY = frozenset(("visible", "hidden", "collapse", *GLOBAL))
INLINE = words(
    """a abbr acronym b bdi bdo big br cite code data del dfn em font i ins kbd label mark nobr output q rp rt ruby s
    samp small span strike strong sub sup time tt u var wbr"""
)  # the elements a browser lays out inline, unless a style says otherwise


def declared(style: str) -> dict[str, str]:
    """The ``display`` and ``visibility`` a ``style`` attribute gives, each as the browser takes it (lowercase)."""
    found: dict[str, tuple[bool, str]] = {}
    for declaration in COMMENT.sub("", style).split(";"):
        name, colon, value = declaration.partition(":")
        name = name.strip().lower()
        if not colon or name not in ("display", "visibility"):
            continue
        value = value.strip().lower()
        important = IMPORTANT.search(value)
        if important:
            value = value[: important.start()].strip()
        if not _takes(name, value) or (found.get(name, (False, ""))[0] and not important):
            continue
        found[name] = (important is not None, value)
    return {name: value for name, (_, value) in found.items()}


def _takes(name: str, value: str) -> bool:
    if name == "visibility":
        return value in VISIBILITY
    words = value.split()
    if len(words) == 1 and words[0] in ALONE:
        return True
    return 0 < len(words) <= 3 and all(word in DISPLAY for word in words)


def hidden_by(attrs: dict[str, str], tag: str = "") -> bool:
    """Whether these attributes hide their element and all it holds (``display: none``, or ``hidden``); ``tag``: the
    element's name, which says whether ``hidden="until-found"`` hides it."""
    style = attrs.get("style")
    display = declared(style).get("display") if style else None
    if display == "revert-layer":  # back to what the attributes alone say: ``hidden`` hides
        display = None
    if attrs.get("hidden", "").strip().lower() == "until-found":  # hides what the element holds, unless it is inline
        if display in (None, "revert"):
            return tag not in INLINE
        return display != "contents" and not ("inline" in display.split() and set(display.split()) <= INLINE_FLOW)
    return display == "none" if display is not None else "hidden" in attrs


def visible_by(attrs: dict[str, str]) -> bool | None:
    """What the attributes say of the element's ``visibility``: False hidden, True shown (even inside an element
    hidden so), None as its parent's."""
    style = attrs.get("style")
    if not style or "visibility" not in style.lower():
        return None
    value = declared(style).get("visibility")
    if value in ("hidden", "collapse"):
        return False
    return True if value in ("visible", "initial") else None
