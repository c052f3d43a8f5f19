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
- a table is a line per row, its cells separated by `` | ``, a ``|`` in a cell's text written ``\\|`` as in Markdown.

Raw HTML (``unsafe_html``) is read as a browser reads it: the content of ``<textarea>`` and ``<xmp>`` is their
text as written, that of ``<iframe>``, ``<noembed>`` and ``<noframes>`` is not shown, and a tag, comment or
declaration the body ends inside shows nothing; nor does what a browser hides from view, an element with a
``hidden`` attribute or a style of ``display: none``, and a closed ``<details>`` but its ``<summary>``
(:class:`~jiading_cli.content.htmltree.Tree`).

Nesting deeper than :data:`~jiading_cli.content.htmltree.MAX_DEPTH` elements is flattened into its outer element's
text, so any body (however deep its quotations or lists) is converted in time linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jiading_cli.content.htmltree import BLOCKS, HIDDEN, Node, Tree

HTML_SPACE = " \t\n\r\f"  # HTML's white space: never U+3000 (a Chinese paragraph's indent) nor U+00A0, which it shows
WHITE = re.compile(f"[{HTML_SPACE}]+")  # shown as one space or one line break
BREAK, SOFT, SPACE = "\x00", "\x01", "\x02"  # a <br>, a run of white space with a line end, one without
STAND_INS = BREAK + SOFT + SPACE
RUN = re.compile("[\x00-\x02]+")  # stand-ins next to each other: one break per <br>, else one line end or space


def text_of(html: str, resolve: Callable[[str], str] = str) -> str:
    """The plain text of a body's HTML, ending with one newline (empty for an empty body); ``resolve`` makes each
    URL the one the HTML part links (the renderer's own function, which gives a URL it made back unchanged)."""
    tree = Tree(resolve)
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
    return _collapsed(_inline(inner)).replace("|", "\\|")  # a '|' of its text, as Markdown writes it: no cell's end


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
