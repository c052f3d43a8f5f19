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

The raw HTML is read as one stream, each piece where the Markdown has it (:func:`.rawhtml.raw_html`), by the
reader that reads it for the email's text (:class:`~jiading_cli.content.htmltree.Tree`): an element HTML closes by
itself (a paragraph, a list item, a table's cell) may be left to it, as HTML allows.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from jiading_cli.content.htmltree import RAW_TEXT, VOID, Node, Tree
from jiading_cli.content.mdlines import parser
from jiading_cli.content.visibility import words
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.validate.codes import Explanation
from jiading_cli.validate.rawhtml import MAYBE_TAG, raw_html

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

RULES: dict[str, tuple[Severity, str]] = {
    "JD191": (
        "error",
        "raw HTML in the body (`[markdown] unsafe_html = true`) leaves an element or a comment open, or closes an "
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
        self.starting = ""  # the start tag being read

    def piece(self, line: int, html: str) -> None:
        """Read the next piece of raw HTML, which starts on ``line`` of the body."""
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
        self.starting = tag
        super().handle_starttag(tag, attrs)
        top = self.open[-1]
        if top.tag == tag and len(self.open) > 1 and id(top) not in self.lines:
            self.lines[id(top)] = self._here()
            self.kept.append(top)

    def handle_endtag(self, tag: str) -> None:
        if tag == "plaintext":
            return  # closes nothing: <plaintext> was reported where it opens
        if not self.flattened and tag not in VOID and all(node.tag != tag for node in self.open[1:]):
            if self.forced[tag]:
                self.forced[tag] -= 1  # the element it was meant for was reported, closed before it
            else:
                self.found.append(
                    (self._here(), f"found </{tag}>, which closes no element the body opened: it would close one "
                    "of the page's own, and what follows would fall outside it; remove it")
                )  # fmt: skip
            return
        super().handle_endtag(tag)

    def _close(self, depth: int, ended: bool) -> None:
        """Close the open elements from ``depth`` on: by an end tag (``ended``), those above the one it ends are
        closed before their own end tags; by a start tag HTML closes them before, each but one whose end tag HTML
        allows to leave out (a paragraph, a list's item) is."""
        ends = self.open[depth]
        for node in self.open[depth + 1 if ended else depth :]:
            if node.tag not in OPTIONAL_END:
                self.forced[node.tag] += 1
                where = f"the </{ends.tag}> that closes its <{ends.tag}>" if ended else f"the <{self.starting}>"
                self.found.append(
                    (self.lines.get(id(node), 0), f"found <{node.tag}> still open at {where}: a browser closes it "
                    f"there and carries it on past that end; close it with </{node.tag}> before")
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
            if node.tag not in OPTIONAL_END:
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
    for line, html in raw_html(parser().parse(article.body)):
        reader.piece(line, html)
    message = "expected raw HTML that closes each element it opens, {}"
    return [
        Problem(article.path, article.body_line + line, "JD191", "error", "body", message.format(found))
        for line, found in reader.finish()
    ]
