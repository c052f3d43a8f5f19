"""markdown-it-py reading a body as cmark renders it, telling on which line each link, image and piece of
inline HTML starts: what the rules that point at a line of the body (JD165, JD190) need, and cmark tells
reliably for blocks only.

The reading is CommonMark with tables and strikethrough, raw HTML read as HTML, and every URL taken for a link
(markdown-it-py's own default leaves out a link to ``javascript:`` and the like, which cmark reads as a link and
renders without its target). markdown-it-py gives blocks their lines but inline tokens none, and counting the
line breaks between inline tokens misses those inside code spans, link destinations and titles. So each inline
rule that makes one of these tokens notes where in its paragraph it started: :func:`line` is that line.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

NOTED = {"link": "link_open", "image": "image", "autolink": "link_open", "html_inline": "html_inline"}
"""Each inline rule whose token is given its line, with the type of that token."""


@cache
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # cmark makes a link of any URL
    ruler = md.inline.ruler
    for name, made in NOTED.items():
        ruler.at(name, _noting(ruler.__rules__[ruler.__find__(name)].fn, made))
    return md


def line(block: Token, token: Token) -> int:
    """The line of the body, from 0, that ``token`` (a child of the inline token ``block``) starts on."""
    start = block.map[0] if block.map else 0
    return start + int(token.meta.get("line", 0))


def _noting(rule: Any, made: str) -> Any:
    """``rule`` that also notes, in the token of type ``made`` it makes, how many line breaks of its paragraph
    come before it."""

    def noted(state: StateInline, silent: bool) -> bool:
        at, first = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            token = next(t for t in state.tokens[first:] if t.type == made)  # after any pending text
            token.meta["line"] = _breaks(state, at)
        return True

    return noted


def _breaks(state: StateInline, at: int) -> int:
    """Line breaks in ``state.src`` before ``at``: counted on from the last place asked (they only move on)."""
    counts: dict[int, tuple[str, int, int]] = state.env.setdefault("breaks", {})
    kept = counts.get(id(state.src))
    src, done, count = kept if kept is not None and kept[0] is state.src and kept[1] <= at else (state.src, 0, 0)
    count += src.count("\n", done, at)
    counts[id(src)] = (src, at, count)
    return count
