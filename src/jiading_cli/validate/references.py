"""The files an article names: links and images in its body and its image, each checked to be a usable
reference to an existing file inside the articles folder (JD160, JD162, JD163, JD164), and each named as an image
an image of a type the web shows (JD166, JD167: see ``images``).

Which files may be named: any file inside the articles folder (``site.articles_dir``), which is published
with the site; its path below that folder is its public URL. A reference that leads anywhere else, by
``..`` or by a symbolic link, is refused (JD164) without looking at the file, so nothing outside the site
is ever published or measured.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from jiading_cli.base.urls import parse_url
from jiading_cli.content.dropped import Found, cmark_links
from jiading_cli.content.escaped import AUTOLINK, escaped_source
from jiading_cli.content.htmlrefs import attribute_url, html_urls, unescape
from jiading_cli.content.targets import has_scheme, is_local_reference, is_rooted, may_be_a_name, rooted_path
from jiading_cli.validate.filecheck import Reference, unusable

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

# A link's text holds no "[" here: a match starts at the last "[" before its "](" and so ends where one starting at an
# earlier "[" would, and a line of many "[" is read once, not once from each (which took seconds for a few thousand).
# A destination in <> holds no "<" (nor, as CommonMark reads it, one unescaped): the scan for its ">" ends at the next
# "<", so the scans of a line's links never cover the same text and a line of many "[a](<b" is read once (not each to
# the line's end, the square of its length). One holding an escaped "<" is placed on cmark's line instead.
LINK = re.compile(r"!?\[[^\[\]\n]*\]\(\s*(?:<([^<>\n]*)>|([^)\s]+))")
LINK_AT = re.compile(LINK.pattern.removeprefix("!?"))  # a link at its "["
REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?:<([^<>\n]*)>|(\S+))", re.MULTILINE)
BACKSLASHED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape of ASCII punctuation, as CommonMark reads it
CHARACTER_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")  # CommonMark's
# Where a pattern may read links otherwise than cmark; four spaces or a tab anywhere, as after "> " or "- " they
# may open code as at a line's start.
UNLIKE = ("\\", "`", "~~~", "|", "]:", "    ", "\t")
CLOSED = re.compile(r"""\)|[ \t]+(?:"[^"\n]*"|'[^'\n]*')[ \t]*\)""")  # a link's end after its destination
LINK_MARKS = ("](", "]:")  # a line without one of these has no link, image or reference
LINK_AFTER = ("(", ":")  # what follows "]" in the first two marks
MARKED = (("](", LINK), ("]:", REF_DEF))  # each pattern, after the mark it cannot match without

Scanned = tuple[int, str, bool, bool]  # (line offset, target, shown as an image, a URL of raw HTML's attributes)
Read = tuple[int, str, bool]  # (line offset, target, whether it is shown as an image) of a link the renderer writes


def body_references(body: str) -> list[tuple[int, str, bool]]:
    """(line offset, target, whether it is an image: ``![..](..)``) of every link, reference definition and URL
    of raw HTML's attributes a pattern finds in a Markdown body, outside code."""
    return [(offset, target, image) for offset, target, image, _ in scanned_references(body)]


def scanned_references(body: str) -> list[Scanned]:
    """What :func:`body_references` gives, each with whether it is a URL of raw HTML's attributes: on each line,
    the links and reference definitions, then those URLs."""
    found = list(_references_by_line(body) if "`" in body or "~~~" in body else _references_at_once(body))
    raw = _raw_references(body) if "=" in body else []
    return sorted(found + raw, key=lambda item: (item[0], item[3])) if raw else found


def _raw_references(body: str) -> list[Scanned]:
    """(line offset, URL, False, True) of each URL raw HTML's attributes hold outside code
    (:func:`jiading_cli.content.htmlrefs.html_urls`), read over the whole body as the renderer reads its HTML:
    a tag over several lines, a value without quotes inside one."""
    text = _prose(body)
    found: list[Scanned] = []
    offset = counted = 0
    for start, end in html_urls(text):
        url = attribute_url(text[start:end])
        if not url:  # nothing but spaces: no URL, as the renderer leaves it
            continue
        offset += text.count("\n", counted, start)
        counted = start
        found.append((offset, url, False, True))
    return found


def _prose(body: str) -> str:
    """``body`` with its code (fenced, indented, in backticks) blanked, each line where it was."""
    if "`" not in body and "~~~" not in body and "    " not in body:
        return body
    lines = []
    fenced = False
    for line in body.split("\n"):
        if "`" in line or "~~~" in line:
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                line = ""
            line = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)
        lines.append("" if fenced or line.startswith("    ") else line)
    return "\n".join(lines)


def _references_by_line(body: str) -> Iterable[Scanned]:
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if "`" in line or "~~~" in line:
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            line = re.sub(r"`[^`]*`", "", line)
        if fenced or line.startswith("    ") or not any(mark in line for mark in LINK_MARKS):
            continue
        yield from _line_references(offset, line)


def _line_references(offset: int, line: str) -> Iterable[Scanned]:
    """(``offset``, target, an image?, False) of each link and reference definition on ``line``, in that order."""
    for mark, pattern in MARKED:
        if mark in line:
            for match in pattern.finditer(line):
                target = next(group for group in match.groups() if group is not None)
                yield offset, target, pattern is LINK and match.group().startswith("!"), False


def _references_at_once(body: str) -> list[Scanned]:
    """``_references_by_line`` for a body without code: only the lines that hold a mark are looked at.

    The marks are found with ``str.find`` over the whole body ("](" and "]:" as a "]" followed by "(" or
    ":"), and each line that holds one goes through the patterns that can match it (each
    needs its mark), in the same order as line by line. A line's first mark takes it whole: the search goes on
    from its end, so that a line of many marks is read once, not back to its start for each (time linear in
    the body).
    """
    starts: list[int] = []  # of the lines holding a mark, in order: each line is looked back over once at most
    at = body.find("]")
    while at != -1:
        if body.startswith(LINK_AFTER, at + 1):
            starts.append(body.rfind("\n", 0, at) + 1)
            end = body.find("\n", at)  # the line is taken: its other marks are not looked for
            if end == -1:
                break
            at = body.find("]", end)
        else:
            at = body.find("]", at + 1)
    found: list[Scanned] = []
    offset = counted = 0
    for start in starts:
        end = body.find("\n", start)
        line = body[start:] if end == -1 else body[start:end]
        if line.startswith("    "):
            continue
        offset += body.count("\n", counted, start)
        counted = start
        found.extend(_line_references(offset, line))
    return found


def local_references(article: Article, unsafe: bool = False) -> tuple[Reference, ...]:
    """Every local file the article names: its image (JD160) and relative links in its body (JD162), and the
    root-relative ones in its body, which name a file of the articles folder when there is one there; a body
    link that is not a usable URL at all is kept too, to be reported (JD163). ``unsafe``: the site's
    ``[markdown] unsafe_html``, by which the renderer reads the body (:func:`read_references`).

    Pure: depends on the article alone, so it is cached; whether the files exist is checked each run.
    """
    found: list[Reference] = []
    if article.image and (is_local_reference(article.image) or may_be_a_name(article.image)):
        found.append(("JD160", article.line_of("image"), article.image, True))
    for offset, target, image in read_references(article.body, unsafe):
        if _named(target):
            found.append(("JD162", article.body_line + offset, target, image))
    return tuple(found)


def _named(target: str) -> bool:
    """A body's target that names a file, or may (a site path), or is to be reported (no URL at all); or a file's
    name read as a URL (``a:b.png``), which is looked for, to be reported, and never published."""
    if isinstance(parse_url(target), str) or is_local_reference(target) or _rooted(target):
        return True
    return _escaped(target) or may_be_a_name(target)


def _escaped(target: str) -> bool:
    """A URL that is none for a '%' or a second '#' in it (:func:`~jiading_cli.validate.filecheck.unusable`): kept, to
    be reported."""
    return ("%" in target or target.count("#") > 1) and unusable(target) is not None


def _rooted(target: str) -> bool:
    """A root-relative reference that may name a file of the articles folder (``/en/doc.txt``): whether it does is
    looked at each run (``filecheck.check_files``, ``content.site.names_site_file``). One holding what no published
    file's name may (a control character) names a page of the wider site, unless it names a ``.md`` file."""
    return is_rooted(target) and (unusable(target) is None or rooted_path(target)[-3:].lower() == ".md")


def targets(references: Iterable[Reference]) -> tuple[str, ...]:
    """The file each of ``references`` (as :func:`local_references` gives them) names, as written: a URL that may
    be a file's name (``a:b.png``) is looked for by validation alone, and names no file to publish."""
    return tuple(target for _, _, target, _ in references if not has_scheme(target))


def read_references(body: str, unsafe: bool = False) -> list[Read]:
    """(line offset, target, an image?) of each link and image the renderer writes for ``body``, and with
    ``unsafe`` each URL of raw HTML's attributes, in the order of the lines: without it raw HTML is shown as text
    (``<img src="a.png">`` links nothing), so it names no file to check or publish.

    Which links and images: those cmark reads (:func:`jiading_cli.content.dropped.cmark_links`) in the text the
    renderer gives it (``unsafe``: the body itself; else with raw HTML's ``<`` as text), each target as cmark
    reads it (character references and backslash escapes undone), never those a pattern over the text sees
    (a link around an image, link text over two lines, a destination holding parentheses read otherwise).
    Where: the line :func:`body_references` finds a link to the same target on, else cmark's own.
    """
    scanned = [found for found in scanned_references(body) if unsafe or not found[3]]
    if _read_alike(body, sum(not raw for *_, raw in scanned)):
        autolinks = _autolinks(body) if "<" in body else []
        if autolinks is not None:
            quick = [(offset, target, image) for offset, target, image, _ in scanned]
            return _with_autolinks(quick, autolinks) if autolinks else quick
    links = [item for item in _cmark_read(body, unsafe) if not item.described]
    waiting: dict[str, deque[int]] = {}  # each target's links, taken from the front: popleft, never list.pop(0)
    for index, item in enumerate(links):
        waiting.setdefault(item.url, deque()).append(index)
    placed: list[Read] = []
    taken: set[int] = set()
    for offset, target, image, raw in scanned:
        if raw:  # raw HTML's, which the renderer rewrites as they are written (:mod:`.htmlrefs`)
            placed.append((offset, target, image))
            continue
        same = waiting.get(_as_cmark_reads(target))
        if same:
            index = same.popleft()
            taken.add(index)
            placed.append((offset, links[index].url, image))
    named = {target for _, target, _ in placed}
    for index, item in enumerate(links):
        if index not in taken and item.url not in named:
            named.add(item.url)
            placed.append((item.line, item.url, item.image))
    placed.sort(key=lambda found: found[0])
    return placed


def _read_alike(body: str, found: int) -> bool:
    """Whether the pattern reads ``body``'s links as cmark does, ``found`` of them: a body of inline links alone,
    each on one line, with no bracket but theirs, closed at once (or after a title), none written with what
    CommonMark reads otherwise (a backslash, what may be a character reference, a destination in ``<>``, a
    parenthesis, code, a table, four spaces or a tab, a reference); beside them, autolinks alone may hold a ``<``
    (:func:`_autolinks`), and none inside a link. The common case, which then needs no parsing."""
    if "]" not in body and "<" not in body:  # no link, image, autolink or raw HTML
        return True
    if any(mark in body for mark in UNLIKE):
        return False
    if not body.count("[") == body.count("]") == found:
        return False
    at = body.find("[")
    while at != -1:
        m = LINK_AT.match(body, at)
        if m is None or (target := m.group(2)) is None:  # none, or a destination in <>
            return False
        if "\n" in m.group() or "(" in target or _referenced(target):
            return False
        if not target.isprintable() or (closed := CLOSED.match(body, m.end())) is None:
            return False
        if "<" in body[at : closed.end()]:  # an autolink in a link's text or title: then no link there
            return False
        at = body.find("[", m.end())
    return True


def _referenced(text: str) -> bool:
    """Whether ``text`` may hold a character reference (which cmark reads as its character): an ``&`` and a ``;``."""
    return "&" in text and ";" in text


def _autolinks(body: str) -> list[tuple[int, str]] | None:
    """(line offset, URL as cmark reads it) of each autolink of ``body``, in order, when every ``<`` of it opens one
    written plainly (no bracket, nor what may be a character reference); else None."""
    found: list[tuple[int, str]] = []
    offset = counted = 0
    for m in AUTOLINK.finditer(body):
        inside = m.group()[1:-1]
        if "[" in inside or "]" in inside or _referenced(inside):
            return None
        offset += body.count("\n", counted, m.start())
        counted = m.start()
        found.append((offset, inside if ":" in inside else f"mailto:{inside}"))
    return found if len(found) == body.count("<") else None


def _with_autolinks(quick: list[Read], autolinks: list[tuple[int, str]]) -> list[Read]:
    """``quick`` (a body's links as the pattern reads them) and each of its ``autolinks`` (:func:`_autolinks`) to a
    URL linked nowhere before, placed as :func:`read_references` places the links cmark reads and no pattern found."""
    named = {target for _, target, _ in quick}
    placed = list(quick)
    for offset, url in autolinks:
        if url not in named:
            named.add(url)
            placed.append((offset, url, False))
    placed.sort(key=lambda found: found[0])
    return placed


def _cmark_read(body: str, unsafe: bool) -> list[Found]:
    """The links and images cmark reads in ``body`` as the renderer gives it (:func:`read_references`)."""
    if unsafe or "<" not in body:
        return cmark_links(body)
    source, lt = escaped_source(body)
    found = cmark_links(source)
    return found if lt == "<" else [replace(item, url=item.url.replace(lt, "<")) for item in found]


def _as_cmark_reads(target: str) -> str:
    """A destination as written, as cmark reads it: character references and backslash escapes undone."""
    if "\\" in target:
        target = BACKSLASHED.sub(r"\1", target)
    return CHARACTER_REF.sub(lambda m: unescape(m.group()), target) if "&" in target else target
