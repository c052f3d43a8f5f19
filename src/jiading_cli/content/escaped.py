"""Markdown to HTML with raw HTML shown as text: every ``<`` that could open a tag is read as a character.

cmark has no switch that turns raw HTML off, only one that drops it (``<!-- raw HTML omitted -->``), and
escaping ``<`` before parsing would show ``&lt;`` in code. So each ``<`` is swapped for a stand-in
before parsing: a rare punctuation mark absent from the body (punctuation, as ``<`` is, so that emphasis
is read the same around it), which no rule of Markdown gives a meaning. cmark renders it as text, in code,
in ``alt`` and ``title`` as written and, in a URL, percent-encoded; each of those becomes ``&lt;`` or
``%3C`` after rendering, exactly what cmark writes for a ``<``.

A ``<`` keeps its meaning where it opens an autolink (``<https://…>``), a link destination
(``[a](<b c>)``) or follows a backslash (``\\<``). Were one of those read as raw HTML after all (a
backslash that ends a code span; ``](<`` that opens no link), cmark, which renders here without its
unsafe option, writes its marker in place of the HTML; those ``<`` alone, found where cmark's tree places
its raw HTML, are then read as text, each other ``<`` keeping its meaning (a link to ``<plan 2017.pdf>``
elsewhere in the body stays one), and the ``(`` of a link or the ``:`` of a definition before one is written
as its backslash escape, which shows the same character: the ``<`` opened no destination, so CommonMark
reads no link there (``[a](<b>bold</b>)`` is text), and none is read where a stand-in is. Only when cmark
places raw HTML where no ``<`` is written is the body rendered again with fewer ``<`` kept, down to the
autolinks, which cannot be HTML. No raw HTML ever comes out.

A ``<`` where a destination would start that opens none (``[a](<b<c>)``, ``[1]: <a<b>``: CommonMark's destination
in ``<>`` ends at a ``>`` before any other ``<``) has the ``(`` or ``:`` before it written as its backslash escape,
so that no stand-in after it makes one (a link to ``b%3Cc``, or a definition whose line showed nothing); on a line
holding code, which shows what is written, it is left as it is, and there ``[a](<b<c>)`` links to ``b%3Cc``.

A comment is one written as one: ``\\<!--`` and ``&lt;!--`` are text, shown as written.

A body that holds every stand-in (or names each by a character reference or percent-encoding) is
rendered with ``&lt;`` for each ``<`` instead: its code then shows ``&lt;``.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate

from jiading_cli.content.htmlrefs import unescape

STAND_INS = "\u2e1e\u2e1f\u2e2e\u2e35\u2e39"  # ⸞ ⸟ ⸮ ⸵ ⸹: punctuation that cmark knows as such
DROPPED = "<!-- raw HTML omitted -->"
ESCAPED = re.compile(r"(?<!\\)(?:\\\\)*\\<")  # a "<" after an odd number of backslashes
AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\x00-\x20<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
DESTINATION = re.compile(r"\][(:][ \t]*+\n?[ \t]*+(<)")  # where a link's or a definition's destination starts
NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
OUTSIDE_TEXT = re.compile(r"(<code[^>]*>[^<]*</code>|<[^>]*>|\n)")  # code, a tag, a line's end
POINTY = re.compile(r"<(?:[^<>\n\\]|\\.)*+>")  # a destination in <>: no line end, no "<" nor ">" but escaped ones
CODE_NODE = re.compile(r'<code(?:_block)? sourcepos="(\d+):\d+-(\d+):')  # the lines of code, in cmark's tree
RAW_NODE = re.compile(r'<html_(inline|block) sourcepos="(\d+):(\d+)-[^"]*"[^>]*>([^<]*)')  # raw HTML cmark read
ROUNDS = 4  # renderings that each take what cmark read as raw HTML as text, before the levels below decide
LEVELS = ("link destinations", "backslashes", "autolinks")  # which ``<`` keep their meaning, fewer each time


def escaped_html(text: str) -> str:
    """Markdown ``text`` as HTML, raw HTML shown as written and one-line HTML comments left out."""
    _, html, stand_in = _rendered(text)
    if stand_in is None:
        return html
    html = _without_comments(html, stand_in)
    return html if stand_in == "&lt;" else html.replace(stand_in, "&lt;").replace(_percent(stand_in), "%3C")


def escaped_source(text: str) -> tuple[str, str]:
    """The Markdown cmark reads for :func:`escaped_html` of ``text`` (its lines are those of ``text``), and the
    character that stands for a ``<`` of the text in it ('<' when none does)."""
    source, _, stand_in = _rendered(text)
    return source, "<" if stand_in in (None, "&lt;") else stand_in


def _rendered(text: str) -> tuple[str, str, str | None]:
    """(the Markdown cmark reads, the HTML it writes, what a ``<`` of the text became: None when none was)."""
    from jiading_cli.content.gfm import cmark

    def render(source: str) -> str:
        return cmark().to_html(source, unsafe=False)

    if "<" not in text:
        return text, render(text), None
    stand_in = _stand_in(text)
    if stand_in is None:
        source = _swapped(text, "&lt;", "autolinks")
        return source, render(source), "&lt;"
    text = _closed_off(text, stand_in)
    for level in LEVELS:
        source = _swapped(text, stand_in, level)
        html = render(source)
        for _ in range(ROUNDS):  # each ``<`` cmark read as raw HTML read as text, and only those
            narrowed = _narrowed(source, stand_in) if DROPPED in html else None
            if narrowed is None:
                break
            source, html = narrowed, render(narrowed)
        if DROPPED not in html:
            break
    return source, html, stand_in


def _narrowed(source: str, stand_in: str) -> str | None:
    """``source`` with ``stand_in`` for each ``<`` cmark read as raw HTML in it, where cmark places each (its tree's
    ``sourcepos``); a link destination's or a reference definition's that opened none is kept from opening one
    (:func:`_unopened`). None when cmark places one where no ``<`` is: the levels then decide, for the whole body."""
    from jiading_cli.content.gfm import cmark

    lines = source.split("\n")
    starts = [0]
    for written in lines:
        starts.append(starts[-1] + len(written) + 1)
    found: dict[int, bool] = {}  # where each "<" is; whether inline (a block's opens no link before it)
    columns: dict[int, dict[int, int]] = {}  # of each line cmark places raw HTML on: its byte offsets' characters
    for m in RAW_NODE.finditer(cmark().to_xml(source)):
        line, column = int(m.group(2)) - 1, int(m.group(3)) - 1
        if line >= len(lines):
            return None
        written, index = lines[line], _characters(lines[line], line, columns).get(column, len(lines[line]))
        raw = unescape(m.group(4)).partition("\n")[0]  # the HTML as written: its first line
        index = written.rfind(raw, 0, index + len(raw))  # where cmark places it, or before: on a line after a
        if index < 0 or not raw.startswith("<"):  # paragraph's first, cmark counts that line's indent too
            return None
        found[starts[line] + index] = m.group(1) == "inline"
    if not found:
        return None
    opened = {m.start(1): m for m in DESTINATION.finditer(source)} if "](" in source or "]:" in source else {}
    edits = {at: stand_in for at in found}
    edits.update((_unopened(source, opened[at]), "\\") for at, inline in found.items() if inline and at in opened)
    parts: list[str] = []
    done = 0
    for at in sorted(edits):  # one pass, however many: a "<" is replaced, a backslash goes before a "(" or ":"
        parts += (source[done:at], edits[at])
        done = at + (edits[at] == stand_in)
    parts.append(source[done:])
    return "".join(parts)


def _characters(line: str, number: int, columns: dict[int, dict[int, int]]) -> dict[int, int]:
    """The index of the character at each byte offset of ``line`` in UTF-8 (cmark's columns count bytes), worked out
    once per line however much raw HTML it holds."""
    found = columns.get(number)
    if found is None:
        if line.isascii():
            found = columns[number] = dict(zip(range(len(line)), range(len(line)), strict=True))
        else:
            offsets = accumulate((len(c.encode("utf-8")) for c in line), initial=0)
            found = columns[number] = {offset: index for index, offset in enumerate(offsets)}
    return found


def _closed_off(text: str, stand_in: str) -> str:
    """``text`` with the ``(`` or ``:`` before each ``<`` that opens no destination in CommonMark (one that does ends
    at a ``>`` before any other ``<`` or the line's end: ``[a](<b<c>)``, ``[1]: <a<b>`` open none) written as its
    backslash escape, which shows the same character (:func:`_unopened`): with a stand-in for each ``<`` but the
    first, cmark would read ``<b⸞c>`` as a destination, a link to ``b%3Cc`` or a definition, whose line then
    showed nothing. Not in code, whose text shows as written: the lines of code are cmark's, read with every ``<``
    as text."""
    if "](" not in text and "]:" not in text:
        return text
    open_none = [m for m in DESTINATION.finditer(text) if not POINTY.match(text, m.start(1))]
    if not open_none:
        return text
    from jiading_cli.content.gfm import cmark

    code: set[int] = set()  # the lines (from 1) code lies on
    for m in CODE_NODE.finditer(cmark().to_xml(text.replace("<", stand_in))):
        code.update(range(int(m.group(1)), int(m.group(2)) + 1))
    parts: list[str] = []
    done = line = counted = 0
    for m in open_none:
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if line + 1 in code or line + 1 + m.group().count("\n") in code:
            continue
        at = _unopened(text, m)
        parts += (text[done:at], "\\")
        done = at
    parts.append(text[done:])
    return "".join(parts)


def _unopened(source: str, m: re.Match[str]) -> int:
    """Where, in ``source``, the ``(`` of a link (``](``) or the ``:`` of a reference definition (``[a]:``) that ``m``
    found before a ``<`` is, to be written as its backslash escape: the ``<`` opened no destination there, so
    CommonMark reads neither a link nor a definition, and none must be read where the ``<`` stands in as text; the
    escape shows the same character."""
    return m.start() + 1


def _stand_in(text: str) -> str | None:
    """The first stand-in that ``text`` holds in no form cmark would turn into it."""
    named = {_character(m) for m in NUMERIC_REF.finditer(text)} if "&#" in text else set()
    upper = text.upper() if "%" in text else ""
    for mark in STAND_INS:
        if mark not in text and mark not in named and _percent(mark) not in upper:
            return mark
    return None


def _character(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return chr(code) if code < 0x110000 else ""


@cache
def _percent(mark: str) -> str:
    return "".join(f"%{byte:02X}" for byte in mark.encode("utf-8"))


def _swapped(text: str, stand_in: str, level: str) -> str:
    """``text`` with ``stand_in`` for each ``<`` but those that keep their meaning at ``level``."""
    kept = {m.start() for m in AUTOLINK.finditer(text)} if ":" in text or "@" in text else set()
    if level != LEVELS[2] and "\\<" in text:
        kept.update(m.end() - 1 for m in ESCAPED.finditer(text))
    if level == LEVELS[0] and ("](" in text or "]:" in text) and len(kept) < text.count("<"):  # a "<" not kept yet
        kept.update(m.start(1) for m in DESTINATION.finditer(text))
    if not kept:
        return text.replace("<", stand_in)
    parts: list[str] = []
    done = 0
    for at in sorted(kept):
        parts += (text[done:at].replace("<", stand_in), "<")
        done = at + 1
    parts.append(text[done:].replace("<", stand_in))
    return "".join(parts)


def _without_comments(html: str, lt: str) -> str:
    """``html`` less the one-line comments of its text (not of code nor of attributes), and less a
    paragraph that held only those. ``lt`` is how a ``<`` of the text reads here."""
    start = lt + "!--"
    if start not in html:
        return html
    comment = _comment(lt)
    pieces = OUTSIDE_TEXT.split(html)
    removed = False
    for index in range(0, len(pieces), 2):  # the text between code, tags and line ends
        piece = pieces[index]
        if start in piece and "--&gt;" in piece:
            cut = piece.rfind("--&gt;") + len("--&gt;")  # no comment starts after the last end: none to look for
            kept = comment.sub("", piece[:cut])
            removed = removed or len(kept) != cut
            pieces[index] = kept + piece[cut:]
    html = "".join(pieces)
    return re.sub(r"<p>\s*</p>\n?", "", html) if removed else html


def comment_pattern(lt: str, gt: str) -> str:
    """A one-line HTML comment as CommonMark and browsers read one, in text where ``<`` reads ``lt`` and ``>`` reads
    ``gt``: ``<!-->`` and ``<!--->`` are whole comments, each of its own (never the start of one running on to a
    later ``-->``, which would take the text between as part of it); any other ends at its first ``-->``. The one
    rule for what the outputs leave out (:func:`_without_comments`) and what ``validate`` does not take for raw
    HTML (JD190)."""
    return re.escape(lt) + "!--(?:-?" + re.escape(gt) + "|.*?--" + re.escape(gt) + ")"


@cache
def _comment(lt: str) -> re.Pattern[str]:
    return re.compile(comment_pattern(lt, "&gt;"))  # cmark writes a '>' of text as '&gt;'
