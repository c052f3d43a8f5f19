"""Raw HTML read as a browser reads it, for the text of an email and for the links of a body: a tree of
:class:`Node` (:class:`Tree`), each element a browser hides from view left out of it, and the tags of a body's HTML
found where a browser finds them (:class:`Reader`).

Read as a browser reads it where ``html.parser`` reads otherwise: the elements whose content is text, never markup,
are those of HTML (``<textarea>``, ``<xmp>``, ``<iframe>``…, not only ``<script>`` and ``<style>``), a comment ends
where HTML ends it, and a tag, comment or declaration the HTML ends inside is dropped, as a browser drops it, where
``html.parser`` shows its ``<`` and reads on from the next, again and again: time quadratic in its length.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from jiading_cli.content import limits
from jiading_cli.content.htmlrefs import decoded_url, unescape
from jiading_cli.content.visibility import hidden_by, visible_by, words

html.parser.unescape = unescape  # type: ignore[attr-defined]  # the parser's own decoding (text, attributes), any length

MAX_DEPTH = limits.BODY_DEPTH + 8
"""Elements nested deeper are flattened: deeper than any body ``validate`` accepts (``JD108``) makes, whose HTML is
at most one element deeper than cmark's tree (a table's ``<tbody>``), so each of its lists and quotes is shown."""
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "xmp",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
CLOSED_BY = {"tr": ("tr", "td", "th"), "td": ("td", "th"), "th": ("td", "th")}  # in a table: the row or cell open
FENCES = frozenset(("ul", "ol", "dl", "table", "blockquote", "div", "td", "th"))  # a table's implied end stops here
ITEMS = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd")}  # a list's item ends the open one, as HTML's
# parser ends it: looking up past any element but one of SPECIAL (an <address>, <div> or <p> too)
SPECIAL = words(
    """address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup
    dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object
    ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot
    th thead title tr track ul wbr xmp"""
)
ENDS_P = words(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header
    hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext table
    hr xmp"""
)  # each ends an open paragraph, looking up past any element but one of BUTTON_SCOPE
BUTTON_SCOPE = frozenset(("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button"))
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
HIDDEN = frozenset(("script", "style", "template", "head", "title", "iframe", "noembed", "noframes"))
RAW_TEXT = frozenset(("iframe", "noembed", "noframes", "xmp", "textarea", "title"))  # and script, style: text
COMMENT_END = re.compile("--!?>")
RCDATA = ("textarea", "title")  # text elements whose character references are read (the others' are text too)
URLS = {"a": "href", "img": "src"}  # the attribute whose URL the text shows, by tag


def hidden(node: Node) -> bool:
    """Whether a browser shows none of ``node``: an element whose content is never shown (:data:`HIDDEN`), or one
    its attributes hide (:func:`hidden_by`)."""
    return node.tag in HIDDEN or hidden_by(node.attrs, node.tag)


class Reader(HTMLParser):
    """``html.parser`` where it reads otherwise than a browser: a comment ends where HTML ends it, and a tag,
    comment or declaration the HTML ends inside is dropped (see the module's notes)."""

    def parse_comment(self, i: int, report: bool = True) -> int:
        """A comment as HTML ends it: ``<!-->`` and ``<!--->`` are whole, else at the first ``-->`` or ``--!>``
        (``html.parser`` took ``-- >`` for an end and ``<!-->`` for a start, hiding the text after it)."""
        short = next((len(whole) for whole in ("<!-->", "<!--->") if self.rawdata.startswith(whole, i)), 0)
        found = None if short else COMMENT_END.search(self.rawdata, i + 4)
        if not short and found is None:
            return -1  # not ended yet: the HTML ends inside it (:meth:`close`)
        if report:
            self.handle_comment("" if found is None else self.rawdata[i + 4 : found.start()])
        return i + short if found is None else found.end()

    def close(self) -> None:
        if self.rawdata.startswith("<") and self.rawdata not in ("<", "</") and self.cdata_elem is None:
            self.rawdata = ""  # the HTML ends inside this tag, comment or declaration: a browser shows none of it
        super().close()


class Links(Reader):
    """Where each ``<a>`` start and ``</a>`` end tag of some HTML lies, as a browser finds them (not in a comment,
    an attribute's value or the text of a ``<textarea>``), and those of each link inside another's."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.starts = [0, *(found.end() for found in re.finditer("\n", html))]
        self.depth = 0  # the links open here
        self.inner: list[tuple[int, int]] = []  # (start, end) of the tags of each link inside another

    def _at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT:
            self.set_cdata_mode(tag)
        if tag == "a":
            if self.depth:
                at = self._at()
                self.inner.append((at, at + len(self.get_starttag_text() or "")))
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT or tag == "a":  # HTML reads no "/>" but a void element's: this is a start tag
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.depth:
            self.depth -= 1
            if self.depth:
                at = self._at()
                self.inner.append((at, self.html.index(">", at) + 1))


def unnested_links(html: str) -> str:
    """``html`` with each link inside another's text its text alone (an autolink in a link's text,
    ``[see <https://…>](…)``, which cmark nests, or raw HTML's ``<a>`` in a link): HTML allows no link inside a link,
    and a browser ends the outer one where the inner starts, so the page, the feeds and the email's two parts would
    each show another link. The link around it keeps its target."""
    reader = Links(html)
    reader.feed(html)
    reader.close()
    kept, last = [], 0
    for start, end in reader.inner:
        kept.append(html[last:start])
        last = end
    return "".join(kept) + html[last:]


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    shown: bool = True  # whether its own text is shown (its ``visibility``, inherited), where it is in the tree
    gone: bool = False  # hidden with all it holds: out of the tree


class Tree(Reader):
    """The HTML as a tree of :class:`Node`, tolerant of what raw HTML may hold: stray or missing end tags.

    Read as a browser reads it where ``html.parser`` reads otherwise: the elements whose content is text, never
    markup, are those of HTML (``<textarea>``, ``<xmp>``, ``<iframe>``…, not only ``<script>`` and ``<style>``), and
    a tag, comment or declaration the HTML ends inside is dropped, as a browser drops it, where ``html.parser`` shows
    its ``<`` and reads on from the next, again and again: time quadratic in its length.
    """

    def __init__(self, resolve: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.resolve = resolve
        self.root = Node("body")
        self.open: list[Node] = [self.root]
        self.flattened = 0  # start tags not opened, past MAX_DEPTH, whose end tags are still to come
        self.starts_text = False  # just after a <pre>, <listing> or <textarea>, whose first line end HTML drops
        self.under: Node | None = None  # the element the last one read was attached to (or would have been)

    def _node(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        """The element, each attribute as HTML keeps it (the first of a name given twice), its URL resolved."""
        kept: dict[str, str] = {}
        for name, value in attrs:
            kept.setdefault(name, value or "")
        url = URLS.get(tag)
        if url in kept and decoded_url(kept[url]):
            kept[url] = self.resolve(decoded_url(kept[url]))
        return Node(tag, kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts_text = tag in ("pre", "listing", "textarea")
        if tag in RAW_TEXT:  # its content is text up to its end tag, as html.parser reads a script's
            self.set_cdata_mode(tag)
        node = self._node(tag, attrs)
        if len(self.open) > MAX_DEPTH and tag not in VOID:
            self.flattened += 1
        else:
            self._close_implied(tag)  # an <hr> ends a paragraph too
            self._attach(node)
            if tag in VOID:
                return
            self.open.append(node)  # hidden, it is open still: what it holds goes into it, out of the tree

    def _attach(self, child: Node | str) -> None:
        """``child`` into the open element, unless a browser hides it from view: an element of :data:`HIDDEN`, one
        its attributes hide (:func:`~jiading_cli.content.visibility.hidden_by`) and all it holds, what a closed
        ``<details>`` holds but its first ``<summary>``, and text where the ``visibility`` is hidden (an element
        there is attached with its ``visibility``, and left out at the end unless it holds something shown)."""
        parent = self.under = self.open[-1]
        if isinstance(child, Node):
            if parent.gone or hidden(child):
                child.gone, child.shown = True, False
            else:
                own = visible_by(child.attrs)
                child.shown = parent.shown if own is None else own
        if parent.tag == "details" and "open" not in parent.attrs:
            first = isinstance(child, Node) and child.tag == "summary"
            if not first or any(isinstance(c, Node) and c.tag == "summary" for c in parent.children):
                return
        if parent.shown if isinstance(child, str) else not child.gone:
            parent.children.append(child)

    def close(self) -> None:
        super().close()
        _prune(self.root)

    def _close_implied(self, tag: str) -> None:
        """Close what HTML's parser closes before ``tag`` opens: a list's item before the next, a paragraph before
        a block (a heading before a heading), a table's row or cell before the next."""
        if tag in ITEMS:
            self._close_up(ITEMS[tag], SPECIAL - {"address", "div", "p"})
        if tag in ENDS_P:
            self._close_up(("p",), BUTTON_SCOPE)
            if tag in HEADINGS and self.open[-1].tag in HEADINGS:
                self._close(len(self.open) - 1, False)
        elif tag in CLOSED_BY:
            self._close_up(CLOSED_BY[tag], FENCES)

    def _close_up(self, ends: tuple[str, ...], fences: frozenset[str]) -> None:
        """Close the innermost open element of ``ends``, and all it holds, unless one of ``fences`` is met first."""
        for depth in range(len(self.open) - 1, 0, -1):
            found = self.open[depth].tag
            if found in ends:
                self._close(depth, False)
                return
            if found in fences:
                return

    def _close(self, depth: int, ended: bool) -> None:
        """Close the open elements from ``depth`` on, by an end tag (``ended``) or by the start tag HTML closes them
        before."""
        del self.open[depth:]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts_text = False
        foreign = any(node.tag in ("svg", "math") for node in self.open)
        if tag in RAW_TEXT or not (tag in VOID or foreign):  # HTML reads no "/>" but a void element's or a foreign
            self.handle_starttag(tag, attrs)  # one's: this is a start tag (a "<div hidden/>" hides what follows)
            return
        self._attach(self._node(tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.starts_text = False

    def handle_endtag(self, tag: str) -> None:
        self.starts_text = False
        if self.flattened and tag not in VOID:
            self.flattened -= 1
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                self._close(depth, True)
                return

    def handle_data(self, data: str) -> None:
        if self.cdata_elem in RCDATA:  # text whose character references are read, as everywhere else
            data = unescape(data)
        if self.starts_text:
            self.starts_text, data = False, data.removeprefix("\n")
        self._attach(data)


def _prune(node: Node) -> None:
    """Leave out each element whose ``visibility`` hides it that holds nothing shown (its text was never attached)."""
    kept: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node):
            _prune(child)
            if not child.shown and not child.children:
                continue
        kept.append(child)
    node.children = kept
