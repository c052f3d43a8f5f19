"""The HTML attributes that carry URLs, in one list: the one that makes raw HTML's URLs absolute in pages, feeds
and email (:mod:`.markdown`, with ``[markdown] unsafe_html = true``), checks the files they name
(:mod:`jiading_cli.validate.references`) and so publishes those files (:mod:`jiading_cli.pages.assets`).

An attribute is found by its name, not part of a longer one, and its value, in quotes or without them
(``<img src=a.png>``), inside a tag as HTML reads one: a comment and text (``src="a.png"`` in prose) hold none.
``src``, ``href`` and ``srcset`` are found after a prefix too, as lazy-loading scripts and SVG write them
(``data-src``, ``data-srcset``, ``xlink:href``): the file they name is published and their URL made absolute all
the same; the others are not (``data-action="toggle"`` names no file).

``srcset`` (and ``imagesrcset``) holds a list of candidates, each a URL and its width or density
(``a.jpg 480w, wide.jpg 960w``): each of its URLs is one.

A URL is read from its attribute as browsers read it (:func:`attribute_url`): character references decoded, then
the ASCII whitespace around it taken away and each tab and line break in it (``href=" a.png "`` and
``href="&#32;a.png"`` name ``a.png``, as every browser follows them), and a backslash in a web address's path a
'/' (``href="/\\evil.example/x"`` leads to ``https://evil.example/x``). Validation checks, and the renderer rewrites,
that one URL. Every character reference jiading decodes, anywhere, is decoded by :func:`unescape`, of any length.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable, Iterable, Iterator

from jiading_cli.base.xmlchars import NOT_OUTPUT

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "data", "action", "formaction", "background", "longdesc")
"""Attributes whose value is one URL."""
LIST_ATTRIBUTES = ("srcset", "imagesrcset")
"""Attributes whose value is a list of image candidates, each a URL and a descriptor, separated by commas."""
NAMES = "|".join((*LIST_ATTRIBUTES, *URL_ATTRIBUTES))
PREFIXED = ("src", "href", "srcset")
"""Names found after a prefix (``data-``, ``xlink:``) too."""
ATTRIBUTE = re.compile(rf"""(?<![\w.])({NAMES})(\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
MARK = "="  # what every attribute found holds: text without it holds none
NAME_END = re.compile(rf"(?:{NAMES})\Z", re.IGNORECASE)  # a name that ends where the search ends
LONGEST = max(len(name) for name in (*LIST_ATTRIBUTES, *URL_ATTRIBUTES))
NOT_BEFORE = re.compile(r"[\w.]")  # what the name of an attribute found may not follow
SPACE = " \t\n\r\f"
WHITESPACE = frozenset(map(ord, SPACE))
OUT_OF_URL = re.compile("[\t\n\r]")  # what it takes out of a URL wherever they are
NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")  # a character reference, which raw HTML may hold
UNQUOTED = re.compile(r"[^ \t\n\r\f>]*")  # a value written without quotes: to a space or the tag's end
TAG_MARKS = re.compile("[<>\"']")  # what opens or ends a tag or a value in quotes
COMMENT_END = re.compile("--!?>")  # what ends a comment


LONG_DECIMAL = re.compile(r"&#([0-9]{8,})")  # a decimal reference of more digits than any character needs


def unescape(text: str) -> str:
    """``text`` with its character references decoded, exactly as ``html.unescape`` decodes them, of any length:
    a decimal one of more digits than Python reads (4,300) makes ``html.unescape`` raise, so each of more than seven
    digits is first written as the reference it stands for (the number without its leading zeros, or one past
    U+10FFFF, which is U+FFFD). Every decoding of jiading's goes through here, ``html.parser``'s among them."""
    return entities.unescape(LONG_DECIMAL.sub(_short, text) if "&#" in text else text)


def _short(m: re.Match[str]) -> str:
    digits = m.group(1).lstrip("0")
    return f"&#{digits or 0}" if len(digits) <= 7 else "&#1114112"


def attribute_url(written: str, *, slash: bool = True) -> str:
    """The URL an attribute's value (or a ``srcset`` candidate) ``written`` holds, as a browser reads it: its
    character references decoded, then the ASCII whitespace at its ends stripped (the HTML standard's "valid URL
    potentially surrounded by spaces") and each tab and line break in it taken out (the URL standard's parser):
    ``href=" a.png "`` is ``a.png``, ``href="https&#x09;://x"`` is ``https://x``. A reference to a character no
    output may carry is read as the output writes it (:func:`output_reference`: ``&#x7F;`` is U+FFFD, which
    Python's decoder would drop; ASCII whitespace, which the URL loses, excepted), and another control character
    stays, for validation to refuse (JD163). What validation checks and what :func:`rewritten` rewrites, so
    that the two never read one value otherwise. ``slash``: whether each backslash a browser reads as '/' is
    written so (:func:`slashed`); :func:`rewritten` reads the URL with its backslashes too, to tell a URL its
    ``swap`` leaves as it is from one whose backslashes must be written as '/'."""
    value = _stripped(decoded(written) if "&" in written else written)
    return slashed(value) if slash else value


def decoded(written: str) -> str:
    """``written`` with its character references decoded as a URL attribute's are read, the one reading of
    :func:`attribute_url` and of the splitting of a ``srcset`` (:func:`_listed`): a reference to ASCII whitespace is
    that space, one to a character no output may carry what stands for it (``&#x1B;`` is U+FFFD, where Python's
    decoder would drop it)."""
    return unescape(NUMERIC.sub(_url_reference, written))


def decoded_url(value: str) -> str:
    """The URL an attribute's ``value`` holds once its character references are decoded (as ``html.parser``
    gives it): :func:`attribute_url`'s reading past that step, the whitespace at its ends stripped and each tab
    and line break in it taken out, and each backslash before its query or fragment a '/' where the URL is a web
    address (:func:`slashed`)."""
    return slashed(_stripped(value))


def _stripped(value: str) -> str:
    """``value`` without the whitespace at its ends and the tabs and line breaks in it."""
    if not value.isprintable():
        value = OUT_OF_URL.sub("", value)
    return value.strip(SPACE)


def slashed(url: str) -> str:
    """``url`` with each backslash before its query or fragment a '/', as the URL standard reads a web address
    (``https:``, ``http:`` and the other special schemes) and a reference without a scheme, which the page's
    ``https:`` URL makes one: ``/\\evil.example/x`` on a page leads every browser to ``https://evil.example/x``,
    never to a path of the site. A URL of another scheme (``mailto:``, ``data:``, a Windows drive ``C:\\``) keeps
    its backslashes, as browsers keep them."""
    if "\\" not in url:
        return url
    scheme = SCHEME.match(url)
    if scheme is not None and scheme.group(1).lower() not in SPECIAL_SCHEMES:
        return url
    end = min((at for at in (url.find("?"), url.find("#")) if at != -1), default=len(url))
    return url[:end].replace("\\", "/") + url[end:]


SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # a URL's scheme, as the URL standard reads one
SPECIAL_SCHEMES = frozenset(("http", "https", "ws", "wss", "ftp", "file"))  # the URL standard's special schemes


def candidates(value: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each URL in a ``srcset`` value, as HTML's parser splits it: a URL runs to the next space
    (less commas at its end), then its descriptor to the next comma outside parentheses."""
    at, end = 0, len(value)
    while at < end:
        while at < end and (value[at] in SPACE or value[at] == ","):
            at += 1
        start = at
        while at < end and value[at] not in SPACE:
            at += 1
        stop = at
        while stop > start and value[stop - 1] == ",":
            stop -= 1
        if stop > start:
            yield start, stop
        if stop < at:  # the URL ended in a comma: no descriptor
            continue
        depth = 0  # parentheses the descriptor is inside
        while at < end and (value[at] != "," or depth):
            if value[at] == "(":
                depth += 1
            elif value[at] == ")" and depth:
                depth -= 1
            at += 1


def html_urls(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) in ``html`` of every URL an attribute of :data:`URL_ATTRIBUTES` or :data:`LIST_ATTRIBUTES`
    holds, as written (character references not decoded), in order; an empty value is none.

    Found from each ``=`` inside a tag (:class:`_Tags`: after a ``<`` that opens one and no ``>`` since, outside
    its values in quotes and outside comments): the name before it, then its value after it, in quotes or unquoted
    as HTML reads one (to a space or the tag's ``>``: ``<img src=a.png>``). Text outside tags that reads ``src=x``
    or ``src="x"`` (code, prose, ``alt="src=x"``, a comment) holds none."""
    if MARK not in html:
        return
    tags = _Tags(html)
    at = html.find(MARK)
    done = 0  # where the last attribute found ends: a name is never read out of its value (``src=a =b``)
    while at != -1:
        found = _attribute_at(html, at)
        if found is None or found[1] < done or not tags.inside(found[1]):
            at = html.find(MARK, at + 1)
            continue
        name, begin, start, end, quoted = found
        if not quoted:
            value = UNQUOTED.match(html, start)
            end = start if value is None else value.end()
        if begin and html[begin - 1] in "-:" and name not in PREFIXED:
            pass  # found, and its value passed over, but not one of those
        elif name in LIST_ATTRIBUTES:
            yield from _listed(html[start:end], start)
        elif html[start:end].strip(SPACE):
            yield start, end
        done = end + quoted
        at = html.find(MARK, done)


REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")  # a character reference


def _listed(value: str, at: int) -> Iterator[tuple[int, int]]:
    """(start, end) in the page of each URL of a ``srcset`` value written at ``at``, split as HTML splits it: once
    its character references are decoded as :func:`attribute_url` decodes them (a ``&#x09;`` before a descriptor is
    space, and the descriptor the URL; a ``&#x1B;`` is U+FFFD, a character of the URL), each span the written text
    of its URL."""
    if "&" not in value:
        for first, last in candidates(value):
            yield at + first, at + last
        return
    text, where = [], []  # the value decoded, and where in the written value each of its characters starts
    done = 0
    for m in REFERENCE.finditer(value):
        for index in range(done, m.start()):
            text.append(value[index])
            where.append(index)
        for char in decoded(m.group()):
            text.append(char)
            where.append(m.start())
        done = m.end()
    for index in range(done, len(value)):
        text.append(value[index])
        where.append(index)
    where.append(len(value))
    for first, last in candidates("".join(text)):
        yield at + where[first], at + where[last]  # the next character's start is where this one's text ends


class _Tags:
    """Whether places of ``html``, asked in order, lie inside a tag and outside its values in quotes: the text
    read once, from one ``<``, ``>`` or quote to the next, as HTML's tokenizer reads it: a ``<`` opens a tag only
    before a letter or ``/`` (``a < b`` is text), a quote opens a value only after an ``=``, and a comment
    (``<!-- <img src="old.png"> -->``) is no tag, whatever it holds."""

    __slots__ = ("html", "quote", "seen", "tag")

    def __init__(self, html: str) -> None:
        self.html, self.seen, self.tag, self.quote = html, 0, False, ""

    def inside(self, at: int) -> bool:
        html, where = self.html, self.seen
        while (m := TAG_MARKS.search(html, where, at)) is not None:
            mark, where = m.group(), m.end()
            if self.quote:
                self.quote = "" if mark == self.quote else self.quote
            elif mark == "<" and not self.tag:
                if html.startswith("!--", where):
                    where = _comment_end(html, where + 3)
                else:
                    self.tag = where < len(html) and (
                        (html[where].isascii() and html[where].isalpha()) or html[where] == "/"
                    )
            elif mark == ">":
                self.tag = False
            elif self.tag and mark != "<" and _after_equals(html, m.start()):
                self.quote = mark  # a quote opens a value only after its '=': elsewhere it is part of a name
        self.seen = max(where, at)
        return self.tag and not self.quote and where <= at


def _after_equals(html: str, at: int) -> bool:
    """Whether the character before ``at``, ASCII whitespace left out, is an attribute's ``=``."""
    before = at - 1
    while before >= 0 and html[before] in SPACE:
        before -= 1
    return before >= 0 and html[before] == "="


def _comment_end(html: str, start: int) -> int:
    """Where the comment whose text starts at ``start`` (after ``<!--``) ends, as HTML ends it: ``<!-->`` and
    ``<!--->`` are empty, else at the first ``-->`` or ``--!>``; one never closed runs to the end."""
    for empty in (">", "->"):
        if html.startswith(empty, start):
            return start + len(empty)
    end = COMMENT_END.search(html, start)
    return len(html) if end is None else end.end()


def _attribute_at(html: str, at: int) -> tuple[str, int, int, int, bool] | None:
    """(name in lowercase, where it starts, start and end of the value, whether in quotes) of the attribute whose
    ``=`` is at ``at``, or None; the end of a value without quotes is -1."""
    stop = at
    while stop and html[stop - 1].isspace():  # what \s matches
        stop -= 1
    named = NAME_END.search(html, max(0, stop - LONGEST), stop)
    if named is None:
        return None
    begin, name = named.start(), named.group().lower()
    if begin and NOT_BEFORE.match(html, begin - 1):
        return None
    value = at + 1
    while value < len(html) and html[value].isspace():
        value += 1
    if value == len(html) or html[value] == ">":
        return None
    if html[value] not in "\"'":
        return name, begin, value, -1, False  # its end found once it is known to be inside a tag
    end = html.find(html[value], value + 1)
    return None if end == -1 else (name, begin, value + 1, end, True)


def instead(char: str) -> str:
    """What stands for ``char``, a character of :data:`NOT_OUTPUT` a character reference named: for U+0080 to U+009F,
    the Windows-1252 character of that byte, as HTML reads ``&#150;`` (where Windows-1252 has one); else U+FFFD."""
    if "\x80" <= char <= "\x9f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return "\ufffd"


def output_reference(m: re.Match[str]) -> str:
    """The character reference ``m`` as it is, or a reference to what stands for the character (:func:`instead`)
    when it names one no output may carry (or none at all)."""
    digits = (m.group(1) or m.group(2)).lstrip("0")
    if len(digits) > 7:
        return "&#xFFFD;"
    code = int(digits or "0", 16 if m.group(1) else 10)
    if 0 < code < 0x110000 and NOT_OUTPUT.match(chr(code)) is None:
        return m.group(0)
    return f"&#x{ord(instead(chr(code))):X};" if code < 0x110000 else "&#xFFFD;"


def _url_reference(m: re.Match[str]) -> str:
    """:func:`output_reference`, but a reference to ASCII whitespace is kept, to be decoded and stripped."""
    digits = m.group(1) or m.group(2)
    if len(digits) < 8 and int(digits, 16 if m.group(1) else 10) in WHITESPACE:
        return m.group(0)
    return output_reference(m)


def rewritten(html: str, swap: Callable[[str], str], spans: Iterable[tuple[int, int]] | None = None) -> str:
    """``html`` with each URL :func:`html_urls` finds replaced by ``swap`` of it (as :func:`attribute_url` reads
    it), written back with ``&``, ``<``, ``>`` and quotes escaped and ASCII whitespace percent-encoded (a space
    would end a value without quotes, ``<a href=#a&#32;b>``, or a ``srcset``'s URL, and browsers follow ``%20``
    for it); a URL ``swap`` leaves as it is stays as written, but for a backslash read as '/' (:func:`slashed`),
    written so for a reader that does not read it as browsers do. ``spans``: where the URLs are, when the HTML's maker
    knows them (the very spans :func:`html_urls` would find, in order)."""
    parts: list[str] = []
    done = 0
    for start, end in html_urls(html) if spans is None else spans:
        written = html[start:end]
        read = attribute_url(written, slash=False)
        ref = slashed(read)
        if not ref:
            continue
        url = swap(ref)
        if url != read:  # a backslash a browser reads as '/' is written so, for a reader that does not
            parts += (html[done:start], IN_URL_SPACE.sub(_percent, entities.escape(url)))
            done = end
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)


IN_URL_SPACE = re.compile("[ \t\n\r\f]")  # ASCII whitespace, which a URL written into an attribute may not hold


def _percent(m: re.Match[str]) -> str:
    return f"%{ord(m.group()):02X}"
