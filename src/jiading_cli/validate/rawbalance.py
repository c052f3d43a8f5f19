"""JD191: raw HTML in a body (``[markdown] unsafe_html = true``) that does not close what it opens, or closes what
it did not open.

A body's HTML goes into the page inside the theme's own elements (``<div class="body">`` in ``<article>`` in
``<main>``), with the share bar, the footer and the rest of the page after it, and into each feed's item and the
email beside their own markup. Raw HTML that leaves an element open carries it on past the body: a ``<div>`` or a
``<table>`` takes the share bar and the footer inside it, a ``<b>`` makes them bold, a ``<textarea>``, ``<script>``
or a comment takes the rest of the page as its text, and ``<plaintext>`` takes it whatever follows. An end tag
that closes nothing the body opened closes one of the page's own elements (``</div>``, ``</main>``), and the
rest of the body and the page fall outside it. Browsers, feed readers and the Nu HTML Checker read such a page
otherwise than it was written, so each is an error, on the line of the tag.

The body's HTML is read as one stream, in its order (:func:`.rawhtml.pieces`): each piece of raw HTML, and each
tag the Markdown's own elements start and end with (a paragraph's ``<p>``, an emphasis's ``<em>``), which are not
reported themselves but end what raw HTML left open inside them, as HTML ends it there. It is read by the reader
that reads the HTML for the email's text (:class:`~jiading_cli.content.htmltree.Tree`): an element HTML closes by
itself (a paragraph, a list item, a table's cell) may be left to it, as HTML allows. Raw HTML that ends one of the
Markdown's elements (a ``<ul>`` inside a paragraph's text, which HTML takes for the paragraph's end) is refused
too: the Markdown's end tag would then close nothing, or one of the page's elements.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from jiading_cli.content.htmltree import RAW_TEXT, VOID, Node, Tree
from jiading_cli.content.mdlines import parser
from jiading_cli.content.visibility import words
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.validate.codes import Explanation
from jiading_cli.validate.rawhtml import MAYBE_TAG, pieces

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

RULES: dict[str, tuple[Severity, str]] = {
    "JD191": (
        "error",
        "raw HTML in the body ([markdown] unsafe_html = true) leaves an element or a comment open, or closes an "
        "element it did not open",
    ),
}
EXPLANATIONS = {
    "JD190": Explanation(
        "Raw HTML in a body is escaped, so readers show it as written: <chips> stays as text, a <script> never runs.",
        "Talks on <chips> and smart cars.   (shows as written; a <b>bold</b> tag would show as text too)",
        "Talks on **chips** and smart cars.   (or [markdown] unsafe_html = true in jiading.toml to keep raw HTML)",
    ),
    "JD191": Explanation(
        "With unsafe_html, a body's raw HTML goes into the page before the share bar and the footer: an element it "
        "leaves open takes them inside it (a <textarea> or a comment takes them as its text), and an end tag it did "
        "not open closes one of the page's own.",
        '<div class="note">\nThe park opens in May.',
        '<div class="note">\nThe park opens in May.\n</div>',
    ),
}
"""The explanations of the rules about raw HTML (``JD190``, :mod:`.rawhtml`, and ``JD191``)."""
OPTIONAL_END = words(
    "p li dt dd option optgroup tr td th tbody thead tfoot colgroup caption rb rt rtc rp"
)  # elements whose end tag HTML allows to leave out: the next one, or the end of the one around, ends them
TEXT_ONLY = RAW_TEXT | {"script", "style"}  # elements whose content is text up to their end tag
FORMATTING = words("a b big code em font i nobr s small strike strong tt u")
"""The elements a browser opens again after an end that closed them early, until their own end tag."""
MADE = {"p": "paragraph", "li": "list item", "blockquote": "quotation", "ul": "list", "ol": "list", "em": "emphasis"}
MADE |= {"strong": "emphasis", "s": "strikethrough", "a": "link", "table": "table", "thead": "table", "tr": "table"}
MADE |= {"tbody": "table", "th": "table cell", "td": "table cell"} | {f"h{n}": "heading" for n in range(1, 7)}
"""The Markdown's own elements, by the words that name them."""


class _Balance(Tree):
    """:class:`Tree`, noting on which line of the body each element opens, and each element left open or end tag
    closing nothing."""

    def __init__(self) -> None:
        super().__init__(lambda url: url)
        self.starts: list[tuple[int, int]] = []  # (the reader's own line, from 1, a piece starts on; its body line)
        self.lines: dict[int, int] = {}  # id of each element opened: the line of the body it opens on
        self.kept: list[Node] = []  # each element opened, kept so that no id of ``lines`` is another's
        self.found: list[tuple[int, str]] = []  # (line of the body, what is wrong)
        self.forced: Counter[str] = Counter()  # elements closed before their end tag, which may still come
        self.made = False  # whether the piece being read is a tag the Markdown made
        self.ending = ""  # what ends the elements being closed, in words
        self.tag = ""  # the tag being read

    def piece(self, line: int, html: str, made: bool) -> None:
        """Read the next piece of the body's HTML, which starts on ``line`` of the body: raw HTML, or a tag the
        Markdown ``made``."""
        self.made = made
        self.starts.append((self.getpos()[0], line))
        self.feed(html if html.endswith("\n") else html + "\n")

    def _here(self) -> int:
        """The line of the body the reader is at."""
        own = self.getpos()[0]
        first, line = next(start for start in reversed(self.starts) if start[0] <= own)
        return line + own - first

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "plaintext":
            self.found.append(
                (self._here(), "found <plaintext>, which nothing closes: the rest of the page would be its text; "
                "use <pre> for text shown as written")
            )  # fmt: skip
            return
        self.ending, self.tag = f"the <{tag}>", f"<{tag}>"
        before = self.open[-1]
        super().handle_starttag(tag, attrs)
        top = self.open[-1]
        if top is not before and top.tag == tag and not self.made:
            self.lines[id(top)] = self._here()
            self.kept.append(top)

    def handle_endtag(self, tag: str) -> None:
        if tag == "plaintext":
            return  # closes nothing: <plaintext> was reported where it opens
        ends = next((node for node in reversed(self.open[1:]) if node.tag == tag), None)
        if ends is None and not self.flattened and tag not in VOID:
            if self.forced[tag] or self.made:
                self.forced[tag] -= bool(self.forced[tag])  # the element it was meant for was reported
            else:
                self.found.append(
                    (self._here(), f"found </{tag}>, which closes no element the body opened: it would close one "
                    "of the page's own, and what follows would fall outside it; remove it")
                )  # fmt: skip
            return
        if ends is not None and not self.made and id(ends) not in self.lines:
            self.found.append(
                (self._here(), f"found </{tag}>, which closes the Markdown {MADE.get(tag, 'element')} around it, "
                "not an element it opened: what follows would fall outside it; remove it")
            )  # fmt: skip
        made = f"the end of the Markdown {MADE.get(tag, 'element')} it is in"
        self.ending = made if self.made else f"the </{tag}> that closes its <{tag}>"
        self.tag = f"</{tag}>"
        super().handle_endtag(tag)

    def _close(self, depth: int, ended: bool) -> None:
        """Close the open elements from ``depth`` on: by an end tag (``ended``), those above the one it ends are
        closed before their own end tags; by a start tag HTML closes them before, each but one whose end tag HTML
        allows to leave out (a paragraph, a list's item) is. Each of raw HTML's is reported."""
        closed = self.open[depth + 1 if ended else depth :]
        made = next((node.tag for node in closed if id(node) not in self.lines), None)
        if made is not None and not self.made:
            self.found.append(
                (self._here(), f"found {self.tag} inside the Markdown {MADE.get(made, 'element')}, which HTML ends "
                "there: what follows would fall outside it; write the HTML on lines of its own, after a blank line")
            )  # fmt: skip
        cell = self.open[depth].tag in ("td", "th", "caption")  # where HTML carries no formatting on
        for node in closed:
            if node.tag not in OPTIONAL_END and id(node) in self.lines:
                self.forced[node.tag] += 1
                on = " and carries it on past that end" if node.tag in FORMATTING and not cell else ""
                self.found.append(
                    (self.lines[id(node)], f"found <{node.tag}> still open at {self.ending}: a browser closes it "
                    f"there{on}; close it with </{node.tag}> before")
                )  # fmt: skip
        super()._close(depth, ended)

    def finish(self) -> list[tuple[int, str]]:
        """Every problem found, once the whole body is read, in the order of the lines."""
        if self.rawdata.startswith("<!--"):
            self.found.append(
                (self._here(), "found a comment '<!--' never closed by '-->': the rest of the body and of the page "
                "would be inside it; close it with '-->'")
            )  # fmt: skip
        elif self.rawdata.startswith("<") and self.cdata_elem is None:
            tag = self.rawdata.split("\n", 1)[0]
            self.found.append(
                (self._here(), f"found the tag {tag[:40]!r} never ended by '>': the page's own markup after the "
                "body would be read as part of it; end it with '>'")
            )  # fmt: skip
        for node in self.open[1:]:
            if node.tag not in OPTIONAL_END and id(node) in self.lines:
                rest = (
                    "the rest of the body and of the page would be its text"
                    if node.tag in TEXT_ONLY
                    else "the page's share bar and footer would be inside it"
                )
                self.found.append(
                    (self.lines.get(id(node), 0), f"found <{node.tag}> never closed: {rest}; close it with "
                    f"</{node.tag}>")
                )  # fmt: skip
        return sorted(self.found, key=lambda found: found[0])


def check_balance(article: Article, config: Config) -> list[Problem]:
    """JD191, one line for each element raw HTML leaves open or end tag that closes nothing it opened; nothing when
    raw HTML is escaped (``JD190`` says where it is)."""
    if not config.markdown.unsafe_html or "<" not in article.body or not MAYBE_TAG.search(article.body):
        return []
    reader = _Balance()
    for line, html, made in pieces(parser().parse(article.body)):
        reader.piece(line, html, made)
    message = "expected raw HTML that closes each element it opens, {}"
    return [
        Problem(article.path, article.body_line + line, "JD191", "error", "body", message.format(found))
        for line, found in reader.finish()
    ]
