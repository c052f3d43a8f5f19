"""The comments of an article file: where a line suppression (``jiading: ignore JD110``) may be written.

A comment is a token of its language, never text that looks like one. In the front matter, YAML's scanner
tells: a comment is what lies between two tokens after a ``#`` (and a block scalar's header may end in one),
so a ``#`` inside a quoted string, a block scalar or a plain value is text. In the body, a comment is an HTML
comment that Markdown reads as raw HTML (an HTML block or inline HTML), so ``<!-- … -->`` in a code span, a
fenced or indented code block, or an escaped ``\\<`` is text, as are the contents of ``<script>``, ``<style>``
and ``<textarea>``, where HTML itself reads no comment.

Both readers are called only for a file whose text holds a suppression's mark at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jiading_cli.content.mdlines import line, parser

HTML_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)  # an unclosed comment runs to the end
NO_COMMENTS = re.compile(r"\s*<(?:script|style|textarea)(?:[\s/>]|$)", re.IGNORECASE)  # raw text to HTML
BLOCK_HEADER = re.compile(r"[|>][1-9+-]*[ \t]+#([^\n]*)")  # `summary: |  # a comment`


def yaml_comments(front: str) -> Iterator[tuple[int, str]]:
    """(line in ``front``, from 0; the comment's text after its ``#``) for every YAML comment of ``front``.

    A front matter YAML cannot read has the comments before the point where its reading stopped.
    """
    import yaml

    from jiading_cli.content.safeyaml import SafeLoader

    scanner = SafeLoader(front)
    lines = _Lines(front)
    done = 0
    try:
        while (token := scanner.get_token()) is not None:
            start, end = token.start_mark.index, token.end_mark.index
            yield from _hashes(front, done, start, lines)
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                header = BLOCK_HEADER.match(front, start)
                if header is not None:
                    yield lines.at(start), header.group(1)
            done = max(done, end)
    except yaml.YAMLError:
        return
    finally:
        scanner.dispose()


class _Lines:
    """The line, from 0, of a place in a text, asked in order: line breaks counted on from the last place."""

    __slots__ = ("count", "done", "text")

    def __init__(self, text: str) -> None:
        self.text, self.done, self.count = text, 0, 0

    def at(self, place: int) -> int:
        if place < self.done:  # never in order of tokens; counted again rather than wrong
            self.done, self.count = 0, 0
        self.count += self.text.count("\n", self.done, place)
        self.done = place
        return self.count


def _hashes(front: str, start: int, end: int, lines: _Lines) -> Iterator[tuple[int, str]]:
    """The comments in ``front[start:end]``, text between tokens: each ``#`` there opens one to its line's end."""
    at = front.find("#", start, end)
    while at != -1:
        stop = front.find("\n", at, end)
        stop = end if stop == -1 else stop
        yield lines.at(at), front[at + 1 : stop]
        at = front.find("#", stop, end)


def html_comments(body: str) -> Iterator[tuple[int, str]]:
    """(line in ``body``, from 0, on which the text starts; the text) of every HTML comment Markdown reads as
    raw HTML in ``body``: a multi-line comment is given line by line."""
    for token in parser().parse(body):
        if token.type == "html_block" and token.map is not None:
            yield from _in_html(token.map[0], token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                yield from _in_html(line(token, child), child.content)


def _in_html(first: int, html: str) -> Iterator[tuple[int, str]]:
    if NO_COMMENTS.match(html):
        return
    lines = _Lines(html)
    for comment in HTML_COMMENT.finditer(html):
        start = first + lines.at(comment.start(1))
        for number, text in enumerate(comment.group(1).split("\n")):
            yield start + number, text
