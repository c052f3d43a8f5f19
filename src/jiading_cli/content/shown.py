"""A body's HTML for every output but its page: each element hidden from view left out.

With ``[markdown] unsafe_html = true`` a body may hold an element a browser hides (``hidden``, a ``style`` of
``display: none``, or the text of ``visibility: hidden``: :mod:`~jiading_cli.content.visibility`). The page keeps it:
the browser hides it, and the site's own scripts and style sheets may show it. The feeds and the email leave it out,
start tag, content and end tag: many feed readers and mail clients drop ``style`` and ``hidden`` and would show what
they hid. Each element is found where :class:`~jiading_cli.content.htmltree.Tree` finds it, the reader of the
email's text part, so that every output shows the same text as the page; the rest of the HTML is kept byte for byte.

A hidden element whose start tag closes elements shown (a ``<div>``, a ``<p>`` or an ``<hr>`` ends a paragraph, an
``<li>`` the item before it) leaves their end tags in its place (``</p>``, ``</li>``), which close them as it did:
the text on either side stays apart, as on the page; anywhere else it leaves nothing, as it takes no room there.
A closed ``<details>`` is kept: a reader opens it as on the page.
"""

from __future__ import annotations

import re

from jiading_cli.config import Config
from jiading_cli.content.htmltree import VOID, Node, Tree
from jiading_cli.content.visibility import hidden_by

ATTRIBUTES = re.compile(r"(?i)\b(?:hidden|style)\b")  # no element is hidden without one of these names


def for_readers(config: Config, html: str) -> str:
    """A body's HTML (:func:`~jiading_cli.content.markdown.render_html`) as the feeds and the email carry it: without
    raw HTML (``unsafe_html`` off) no element is hidden, and it is ``html`` itself."""
    return shown_html(html) if config.markdown.unsafe_html else html


def shown_html(html: str) -> str:
    """``html`` with each element its attributes hide from view left out (see the module's notes); ``html`` itself
    when no tag can be hidden so."""
    if ATTRIBUTES.search(html) is None:
        return html
    spans = _Spans(html)
    spans.feed(html)
    spans.close()
    spans.ended(len(html))
    kept, last = [], 0
    # at one place: end tags written there first, then the longest cut (what it holds is cut with it)
    for start, end, ends in sorted(spans.cut, key=lambda cut: (cut[0], cut[1] > cut[0], -cut[1])):
        if start < last:  # inside an element cut already
            continue
        kept += [html[last:start], ends]  # what its start tag closed, closed still
        last = end
    return "".join(kept) + html[last:]


class _Spans(Tree):
    """:class:`Tree`, noting where each element :func:`hidden_by` hides starts and ends in the HTML, and each whose
    ``visibility`` hides its text, with where each element shown again inside it starts and ends (kept)."""

    def __init__(self, html: str) -> None:
        super().__init__(str)
        self.html = html
        self.lines = [0, *(found.end() for found in re.finditer("\n", html))]
        self.begun: dict[int, tuple[int, str]] = {}  # id of an open hidden element -> where its start tag starts,
        # and the end tags of the elements shown that it closed
        self.cut: list[tuple[int, int, str]] = []  # (start, end, what to leave) of each one
        self.ends = ""  # the end tags of the elements shown that the tag read last closed
        self.made: Node | None = None  # the element of the tag read last
        self.at = 0  # where the tag read last starts
        self.noted = False  # whether a "/>" tag was read as a start tag
        self.holes: dict[int, list[tuple[int, int]]] = {}  # id of an open element whose ``visibility`` hides its
        # text -> where each element shown again inside it starts and ends (kept when it is cut)
        self.hole_of: dict[int, tuple[int, int]] = {}  # id of an open element shown again -> (id of that element,
        # where its start tag starts)

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _made(self) -> Node | None:
        """The element of the tag just read, if it made one."""
        return self.made

    def _node(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        self.made = super()._node(tag, attrs)
        return self.made

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.at = self._at()  # where the tag starts, which ends each element it closes
        self.made, self.ends, self.under = None, "", None
        super().handle_starttag(tag, attrs)
        self.noted, node = True, self._made()
        if node is not None and (self.open[-1] is node or tag in VOID):
            self._started(node, self.open[-1] is node)
        # else nested past MAX_DEPTH, flattened: the text part shows it, and so does every output

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.at = self._at()
        self.made, self.noted, self.under = None, False, None
        super().handle_startendtag(tag, attrs)  # a start tag, or an element without content (void or foreign)
        node = self._made()
        if not self.noted and node is not None:
            self._started(node, False)

    def _started(self, node: Node, opened: bool) -> None:
        """Note where an element begins that is cut (hidden with all it holds, or the first whose ``visibility``
        hides its text), or kept inside one so cut (shown again); ``opened``: it holds what follows, to its end."""
        parent = self.under
        if parent is None or parent.gone:
            return
        if hidden_by(node.attrs, node.tag) or (not node.shown and parent.shown):
            if not opened:
                self._tag_cut()
                return
            self.begun[id(node)] = (self.at, self.ends)
            if not node.gone:
                self.holes[id(node)] = []
        elif node.shown and not parent.shown:  # inside an element cut for its visibility: kept
            cut = next(id(open_) for open_ in reversed(self.open) if id(open_) in self.holes)
            if opened:
                self.hole_of[id(node)] = (cut, self.at)
            else:
                self.holes[cut].append((self.at, self.at + len(self.get_starttag_text() or "")))

    def _tag_cut(self) -> None:
        self.cut.append((self.at, self.at + len(self.get_starttag_text() or ""), self.ends))

    def handle_endtag(self, tag: str) -> None:
        self.at = self._at()
        super().handle_endtag(tag)

    def _close(self, depth: int, ended: bool) -> None:
        closing = self.open[depth:]
        first = next((at for at, node in enumerate(closing) if id(node) in self.begun), len(closing))
        # Those kept inside an element cut, closed with it, end where it does: its tags are left out, so their ends
        # are written in their place (a start tag that closed them may be kept, but no longer closes them).
        kept = "".join(f"</{node.tag}>" for node in reversed(closing[first + 1 :]) if node.shown and not node.gone)
        if not ended:  # closed by a start tag: those shown before the first one hidden end where it starts
            self.ends += "".join(f"</{node.tag}>" for node in reversed(closing[:first]))
            if kept:
                self.cut.append((self.at, self.at, kept))
        for node in reversed(closing[1:]):  # closed by the end tag of another: they end where it starts
            self._end(node, self.at or len(self.html))
        end = self.html.find(">", self.at) + 1 if ended else self.at
        self._end(closing[0], end or len(self.html), kept if ended and first == 0 else "")
        super()._close(depth, ended)

    def _end(self, node: Node, end: int, ends: str = "") -> None:
        """``node`` ends at ``end``; ``ends``: the end tags to write where it is cut last, when it is."""
        kept = self.hole_of.pop(id(node), None)
        if kept is not None and kept[0] in self.holes:
            self.holes[kept[0]].append((kept[1], end))
        begun = self.begun.pop(id(node), None)
        if begun is None:
            return
        start, before = begun
        for hole_start, hole_end in self.holes.pop(id(node), ()):  # the elements shown again inside it, kept
            if hole_start > start:
                self.cut.append((start, hole_start, before))
                before = ""
            start = max(start, hole_end)
        if end > start or before or ends:
            self.cut.append((start, max(start, end), before + ends))

    def ended(self, end: int) -> None:
        """The HTML ended: each element still open ends with it."""
        for node in self.open:
            self._end(node, end)
