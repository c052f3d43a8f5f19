"""Text a terminal shows as it is: control characters written as escapes, so a name cannot move the cursor,
colour the screen or start a new line of a one-line message, nor turn the rest of a line around."""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters and DEL, what a terminal may act on rather than show; the line and paragraph
separators; and the marks, embeddings, overrides and isolates of bidirectional text (U+202E shows the rest of a
line reversed, so a name could make a message read as another)."""

SHOWS_NOTHING = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u2800\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
    "\U000e0000-\U000e0fff]"
)
"""Characters that show nothing and are neither a space nor a format character (Unicode's Cf, U+200B and the like):
the rest of Unicode's default-ignorable code points (the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the
combining grapheme joiner, the variation selectors, the tag characters) and the Braille blank, U+2800, which shows
as a space. Text of them alone looks empty, and a message names each as its escape (``\u3164``)."""


_UNESCAPED = re.compile(CONTROL.pattern.replace("\x00-\x1f", "", 1))  # CONTROL but C0, which JSON escapes itself
SURROGATES = re.compile("[\ud800-\udfff]")  # lone surrogates: a byte of a name not UTF-8 is one (\udc80-\udcff)
_SHOWN = re.compile(CONTROL.pattern[:-1] + "\ud800-\udfff]")  # CONTROL and the lone surrogates
_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")  # repr's \udcXX, a byte not UTF-8


def _escaped(found: re.Match[str]) -> str:
    """One character as messages show it: a byte that is not UTF-8 (a lone surrogate ``\\udcff``, as Python reads
    a name of such bytes) as the byte, ``\\xff``, as ``validate`` shows it; anything else as Python writes it."""
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return repr(found.group())[1:-1]


def printable(text: str) -> str:
    """``text`` with each control character written as Python writes it in a string (``\\n``, ``\\x1b``), and each
    byte of a name that is not UTF-8 as the byte (``\\xff``): one way of showing them in every message."""
    if text.isprintable() or _SHOWN.search(text) is None:  # the first: a quick yes for almost every name
        return text
    return _SHOWN.sub(_escaped, text)


VALUE_MAX = 300
"""The most characters of one value (a path, an argument) a message line shows: more than any one file name can have
(255 bytes), so a line stays one a reader can take in, whatever length of value it names."""

MESSAGE_MAX = 1_000
"""The most characters of a message line, after each value in it is shortened: one made of a long value with spaces
in it (a 6,000-character title or path of words) is shortened in the middle as a whole, keeping where it starts and
what it ends in (what was expected, what to do)."""

_LONG = re.compile(f"[^ ]{{{VALUE_MAX + 1},}}")  # a run without a space longer than VALUE_MAX: one value, or part


def shortened(text: str, limit: int = VALUE_MAX) -> str:
    """``text`` when it has at most ``limit`` characters; else its first and last characters with ``…`` between,
    ``limit`` in all: both ends of a long path or URL (where it starts, the file it names) are kept."""
    if len(text) <= limit:
        return text
    head = limit // 2
    return text[:head] + "…" + text[len(text) - (limit - head - 1) :]


def short_values(message: str) -> str:
    """``message`` with each run of characters without a space longer than :data:`VALUE_MAX` (a value named in it: a
    6,000-character path, slug or option value) :func:`shortened`, and then the whole within :data:`MESSAGE_MAX`."""
    if len(message) <= VALUE_MAX:
        return message
    return shortened(_LONG.sub(_short_value, message), MESSAGE_MAX)


def _short_value(found: re.Match[str]) -> str:
    """A run without a space, shortened; the punctuation that ends it in a message (``: no such file``) not counted."""
    run = found.group()
    value = run.rstrip(":;,.'\")]")
    return shortened(value) + run[len(value) :]


def message_line(message: str) -> str:
    """``message`` as an ``Error:`` or ``Warning:`` line shows it: :func:`short_values`, then :func:`printable`, and
    a byte not UTF-8 of a value quoted in it as ``repr`` quotes it as the byte (:func:`bytes_shown`)."""
    return bytes_shown(printable(short_values(message)))


def bytes_shown(text: str) -> str:
    """``text`` with each byte not UTF-8 that ``repr`` wrote in it (``'caf\\udce9'``: a value quoted with ``!r``, in
    jiading's words or the command-line parser's) written as the byte, ``'caf\\xe9'``, as :func:`printable` shows
    it: one way of showing a byte in every line, whoever quoted the value. A backslash of the value's own stays
    doubled, as ``repr`` wrote it, so it is never taken for one."""
    if "\\udc" not in text:
        return text
    return _ESCAPE.sub(lambda found: f"{found.group(1)}\\x{found.group(2)}", text)


def quoted(text: str) -> str:
    """``text`` quoted as ``repr`` quotes it, but a byte not UTF-8 shown as :func:`printable` shows it (``\\xff``,
    never ``\\udcff``), and each combining mark with no character to sit on (first, or after a space or a character
    shown by its escape) as its escape (``'\\u0301'``: shown as it is, it would sit on the quote or vanish)."""
    if any(unicodedata.category(c) in _MARKS for c in text):
        return bytes_shown(_marks_shown(text))
    return bytes_shown(repr(text))


_MARKS = ("Mn", "Me")  # the combining marks: each sits on the character before it


def _marks_shown(text: str) -> str:
    """``repr(text)``, but each combining mark with nothing to sit on written as its escape."""
    quote = '"' if "'" in text and '"' not in text else "'"
    out: list[str] = [quote]
    based = False  # whether the character before is one a mark can sit on
    for c in text:
        if unicodedata.category(c) in _MARKS:
            out.append(c if based else f"\\u{ord(c):04x}")
            continue
        escaped = "\\" + c if c in (quote, "\\") else c if c.isprintable() else repr(c)[1:-1]
        out.append(escaped)
        based = escaped == c and not c.isspace() and SHOWS_NOTHING.match(c) is None
    return "".join(out) + quote


def printable_lines(text: str) -> str:
    """``text`` of several lines, each :func:`printable` (its line breaks kept)."""
    if text.isprintable() or CONTROL.search(text.replace("\n", "")) is None:
        return text
    return "\n".join(printable(line) for line in text.split("\n"))


def json_text(value: object, indent: int | None = 2) -> str:
    """``value`` as JSON for programs that print it too: in UTF-8 as written (Chinese stays Chinese), but each
    :data:`CONTROL` character as JSON's ``\\uXXXX`` escape, which reads back as the same text. (JSON escapes C0
    controls in strings itself; the others can stand only in strings, so each is replaced where it stands.)"""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if _UNESCAPED.search(text) is None:
        return text
    return _UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
