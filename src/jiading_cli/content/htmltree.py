"""Raw HTML read as a browser reads it, for the text of an email and for the links of a body: a tree of
:class:`Node` (:class:`Tree`), each element a browser hides from view left out of it, and the tags of a body's HTML
found where a browser finds them (:class:`Reader`).

Read as a browser reads it where ``html.parser`` reads otherwise: the elements whose content is text, never markup,
are those of HTML (``<textarea>``, ``<xmp>``, ``<iframe>``…, not only ``<script>`` and ``<style>``), a comment ends
where HTML ends it, and a tag, comment or declaration the HTML ends inside is dropped, as a browser drops it, where
``html.parser`` shows its ``<`` and reads on from the next, again and again: time quadratic in its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from jiading_cli.content import limits
from jiading_cli.content.htmlrefs import decoded_url

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
CLOSED_BY = {"li": ("li", "p"), "dt": ("dt", "dd", "p"), "dd": ("dt", "dd", "p"), "tr": ("tr", "td", "th")}
CLOSED_BY |= {"td": ("td", "th"), "th": ("td", "th")}
FENCES = frozenset(("ul", "ol", "dl", "table", "blockquote", "div", "td", "th"))  # an implied end stops here
HIDDEN = frozenset(("script", "style", "template", "head", "title", "iframe", "noembed", "noframes"))
RAW_TEXT = frozenset(("iframe", "noembed", "noframes", "xmp", "textarea", "title"))  # and script, style: text
COMMENT_END = re.compile("--!?>")
RCDATA = ("textarea", "title")  # text elements whose character references are read (the others' are text too)
STYLE_COMMENT = re.compile(r"/\*.*?(\*/|\Z)", re.DOTALL)  # a CSS comment, which a style may hold anywhere
URLS = {"a": "href", "img": "src"}  # the attribute whose URL the text shows, by tag


def hidden(node: Node) -> bool:
    """Whether a browser shows none of ``node``: an element whose content is never shown (:data:`HIDDEN`), or one
    its attributes hide (:func:`hidden_by`)."""
    return node.tag in HIDDEN or hidden_by(node.attrs)


def hidden_by(attrs: dict[str, str]) -> bool:
    """Whether these attributes hide their element from view: ``hidden``, or a ``style`` of ``display: none`` or
    ``visibility: hidden`` (any case, any spaces, ``!important`` or not; the last of a property given twice). The one
    rule of what is hidden, for the email's text part (:class:`Tree`) and for every output's HTML but the page's
    (:func:`~jiading_cli.content.shown.shown_html`), whose readers may drop a ``style`` and show what it hid."""
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if not style:
        return False
    found: dict[str, str] = {}
    for declaration in STYLE_COMMENT.sub("", style).lower().split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            found[name.strip()] = value.replace("!important", "").strip()
    return found.get("display") == "none" or found.get("visibility") in ("hidden", "collapse")


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
        """``child`` into the open element, unless a browser hides it from view (:func:`hidden`): an element of
        :data:`HIDDEN`, one with a ``hidden`` attribute or a style of ``display: none``, and what a closed
        ``<details>`` holds but its first ``<summary>``."""
        parent = self.open[-1]
        if parent.tag == "details" and "open" not in parent.attrs:
            first = isinstance(child, Node) and child.tag == "summary"
            if not first or any(isinstance(c, Node) and c.tag == "summary" for c in parent.children):
                return
        if isinstance(child, str) or not hidden(child):
            parent.children.append(child)

    def _close_implied(self, tag: str) -> None:
        """Close what HTML closes before ``tag`` opens: a paragraph before any block, an item before the next."""
        ends = CLOSED_BY.get(tag, ("p",) if tag in BLOCKS else ())
        for depth in range(len(self.open) - 1, 0, -1):
            found = self.open[depth].tag
            if found in ends:
                self._close(depth, False)
                return
            if found in FENCES:
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
