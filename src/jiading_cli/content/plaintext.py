"""An article body as plain text, for the text part of an email: what a reader of the HTML part would see.

Made from the body's HTML (:func:`~jiading_cli.content.markdown.render_html`), so every link and image
already carries the absolute URL the pages and feeds give it: a relative ``guide.pdf`` or
``images/hall.jpg`` in the Markdown would be a dead reference in a mail client. Each link's and image's URL is
read as a mail client reads the HTML part's (the first ``href`` or ``src`` of its tag, character references
decoded, the whitespace around it dropped: :func:`~jiading_cli.content.htmlrefs.decoded_url`) and passed to the
one function the HTML part was made with (``resolve``: :func:`~jiading_cli.content.markdown.resolver`), so the
text part shows the URL the HTML part links, whatever form the reference took. Paragraphs and headings
are separated by a blank line, soft line breaks are kept as written, a hard one (``<br />``) is one line end, each
run of white space is one space or one line end as a browser shows it, and:

- a link is its text then its URL in angle brackets, ``text <https://…>`` (only the URL when the text
  is the URL);
- an image is its alternative text in brackets then its URL, ``[Signing ceremony] <https://…/hall.jpg>``;
- list items start with ``- `` or their number, nested ones indented under their parent;
- a quotation's lines start with ``> ``; code blocks keep their lines, indented by four spaces;
- a table is a line per row, its cells separated by `` | ``.

Raw HTML (``unsafe_html``) is read as a browser reads it: the content of ``<textarea>`` and ``<xmp>`` is their
text as written, that of ``<iframe>``, ``<noembed>`` and ``<noframes>`` is not shown, and a tag, comment or
declaration the body ends inside shows nothing (:class:`_Tree`).

Nesting deeper than :data:`MAX_DEPTH` elements is flattened into its outer element's text, so any body
(however deep its quotations or lists) is converted in time linear in its length.
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
URLS = {"a": "href", "img": "src"}  # the attribute whose URL the text shows, by tag
HTML_SPACE = " \t\n\r\f"  # HTML's white space: never U+3000 (a Chinese paragraph's indent) nor U+00A0, which it shows
WHITE = re.compile(f"[{HTML_SPACE}]+")  # shown as one space or one line break
BREAK, SOFT, SPACE = "\x00", "\x01", "\x02"  # a <br>, a run of white space with a line end, one without
STAND_INS = BREAK + SOFT + SPACE
RUN = re.compile("[\x00-\x02]+")  # stand-ins next to each other: one break per <br>, else one line end or space


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
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
        if tag in VOID:
            self.open[-1].children.append(node)
        elif len(self.open) > MAX_DEPTH:
            self.flattened += 1
        else:
            self._close_implied(tag)
            self.open[-1].children.append(node)
            self.open.append(node)

    def _close_implied(self, tag: str) -> None:
        """Close what HTML closes before ``tag`` opens: a paragraph before any block, an item before the next."""
        ends = CLOSED_BY.get(tag, ("p",) if tag in BLOCKS else ())
        for depth in range(len(self.open) - 1, 0, -1):
            found = self.open[depth].tag
            if found in ends:
                del self.open[depth:]
                return
            if found in FENCES:
                return

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts_text = False
        if tag in RAW_TEXT:  # HTML reads no "/>" but a void element's or a foreign one's: this opens its text
            self.handle_starttag(tag, attrs)
            return
        self.open[-1].children.append(self._node(tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.starts_text = False

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

    def handle_endtag(self, tag: str) -> None:
        self.starts_text = False
        if self.flattened and tag not in VOID:
            self.flattened -= 1
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.cdata_elem in RCDATA:  # text whose character references are read, as everywhere else
            data = unescape(data)
        if self.starts_text:
            self.starts_text, data = False, data.removeprefix("\n")
        self.open[-1].children.append(data)

    def close(self) -> None:
        if self.rawdata.startswith("<") and self.rawdata not in ("<", "</") and self.cdata_elem is None:
            self.rawdata = ""  # the HTML ends inside this tag, comment or declaration: a browser shows none of it
        super().close()


def text_of(html: str, resolve: Callable[[str], str] = str) -> str:
    """The plain text of a body's HTML, ending with one newline (empty for an empty body); ``resolve`` makes each
    URL the one the HTML part links (the renderer's own function, which gives a URL it made back unchanged)."""
    tree = _Tree(resolve)
    tree.feed(html)
    tree.close()
    lines = _blocks(tree.root.children)
    return "\n".join(lines).strip("\n") + "\n" if lines else ""


def _blocks(children: list[Node | str], tight: bool = False) -> list[str]:
    """Lines of a run of children: inline ones gathered into paragraphs, a blank line between blocks (none
    when ``tight``: a tight list item's text and the list nested in it)."""
    parts: list[list[str]] = []
    inline: list[Node | str] = []

    def flush() -> None:
        text = _inline(inline).strip(HTML_SPACE)
        if text:
            parts.append(text.split("\n"))
        inline.clear()

    for child in children:
        if isinstance(child, Node) and child.tag in BLOCKS:
            flush()
            block = _block(child)
            if block:
                parts.append(block)
        elif not (isinstance(child, Node) and child.tag in HIDDEN):
            inline.append(child)
    flush()
    lines: list[str] = []
    for part in parts:
        if lines and not tight:
            lines.append("")
        lines += part
    return lines


def _block(node: Node) -> list[str]:
    tag = node.tag
    if tag == "hr":
        return ["----"]
    if tag in ("pre", "xmp"):
        code = _raw(node).removesuffix("\n")
        return ["    " + line if line else "" for line in code.split("\n")] if code else []
    if tag in ("ul", "ol"):
        return _list(node)
    if tag == "blockquote":
        return ["> " + line if line else ">" for line in _blocks(node.children)]
    if tag in ("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
        return _table(node)
    return _blocks(node.children)


def _list(node: Node) -> list[str]:
    ordered = node.tag == "ol"
    try:
        number = int(node.attrs.get("start", "1"))
    except ValueError:
        number = 1
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    loose = any(isinstance(c, Node) and c.tag == "p" for item in items for c in item.children)
    lines: list[str] = []
    for child in node.children:
        if not isinstance(child, Node):
            if child.strip(HTML_SPACE):
                lines += _blocks([child])
            continue
        if child.tag != "li":
            lines += _blocks([child])
            continue
        mark = f"{number}. " if ordered else "- "
        number += 1
        body = _blocks(child.children, tight=not loose) or [""]
        if loose and lines:
            lines.append("")
        lines.append(mark + body[0])
        lines += [" " * len(mark) + line if line else "" for line in body[1:]]
    return lines


def _table(node: Node) -> list[str]:
    """A line per row, cells separated by `` | ``; cells outside a row and a caption are lines of their own."""
    lines: list[str] = []
    cells: list[str] = []
    for child in [node] if node.tag in ("tr", "td", "th") else node.children:
        if isinstance(child, Node) and child.tag in ("td", "th"):
            cells.append(_cell(child.children))
            continue
        if cells:
            lines.append(" | ".join(cells))
            cells = []
        if isinstance(child, Node) and child.tag == "tr":
            lines.append(" | ".join(_cell([c]) for c in child.children if not _blank(c)))
        elif isinstance(child, Node) and child.tag in ("thead", "tbody", "tfoot", "table"):
            lines += _table(child)
        elif not _blank(child):
            lines.append(_cell([child]))
    if cells:
        lines.append(" | ".join(cells))
    return [line for line in lines if line]


def _cell(children: list[Node | str]) -> str:
    only = children[0] if len(children) == 1 else None
    inner = only.children if isinstance(only, Node) and only.tag in ("td", "th") else children
    return _collapsed(_inline(inner))


def _collapsed(text: str) -> str:
    """``text`` on one line, each run of HTML's white space (:data:`HTML_SPACE`) one space."""
    return WHITE.sub(" ", text).strip(" ")


def _blank(child: Node | str) -> bool:
    return isinstance(child, str) and not child.strip(HTML_SPACE)


def _inline(children: list[Node | str]) -> str:
    """Running text as a browser lays it out: each run of white space one space, or one line end where it holds one
    (a soft line break, kept as written), the white space around a ``<br>`` gone into its line end (cmark writes
    ``<br />`` and a line end for a hard break: one line end, never a blank line), links and images with their URLs.
    """
    return RUN.sub(_run, _runs(children))


def _run(found: re.Match[str]) -> str:
    run = found.group()
    return "\n" * run.count(BREAK) if BREAK in run else "\n" if SOFT in run else " "


def _white(found: re.Match[str]) -> str:
    return SOFT if "\n" in found.group() else SPACE


def _runs(children: list[Node | str]) -> str:
    """:func:`_inline`'s text, each line break and run of white space still a stand-in, so that those of nested
    elements and of the text around them are laid out together."""
    out: list[str] = []
    for child in children:
        if isinstance(child, str):
            out.append(WHITE.sub(_white, child.replace(BREAK, "\ufffd")))
        elif child.tag in HIDDEN:
            continue
        elif child.tag == "br":
            out.append(BREAK)
        elif child.tag == "img":
            out.append(_image(child))
        elif child.tag == "input" and child.attrs.get("type") == "checkbox":
            out.append("[x] " if "checked" in child.attrs else "[ ] ")
        elif child.tag == "a" and child.attrs.get("href"):
            out.append(_link_runs(_runs(child.children), child.attrs["href"]))
        elif child.tag in BLOCKS:
            out.append(BREAK + "\n".join(_block(child)) + BREAK)
        else:
            out.append(_runs(child.children))
    return "".join(out)


def _link_runs(runs: str, href: str) -> str:
    """A link of :func:`_runs`'s text ``runs``: the white space at its ends stays around it, laid out with the text
    beside it."""
    start, end = len(runs) - len(runs.lstrip(STAND_INS)), len(runs.rstrip(STAND_INS))
    if end <= start:
        return runs + _link("", href)
    return runs[:start] + _link(RUN.sub(_run, runs[start:end]), href) + runs[end:]


def _link(text: str, href: str) -> str:
    shown = href.removeprefix("mailto:")
    if not text or text in (href, shown):
        return text if text else f"<{href}>"
    return f"{text} <{href}>"


def _image(node: Node) -> str:
    alt = _collapsed(node.attrs.get("alt", ""))
    src = node.attrs.get("src", "")
    if not src:
        return f"[{alt}]" if alt else ""
    return f"[{alt}] <{src}>" if alt else f"<{src}>"


def _raw(node: Node) -> str:
    """Every character of the text under ``node``, as written (a code block's)."""
    out: list[str] = []
    stack: list[Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif item.tag == "br":
            out.append("\n")
        else:
            stack += reversed(item.children)
    return "".join(out)
