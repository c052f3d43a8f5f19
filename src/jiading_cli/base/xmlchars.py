"""The characters XML 1.0 refuses in a document, and those no output of jiading may carry, in one place: every
writer and every check uses these."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry: C0 controls but tab, newline and carriage return; lone surrogates;
U+FFFE and U+FFFF."""

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
"""Unicode's noncharacters, as the members of a character class: U+FDD0 to U+FDEF, and the last two code points of
every plane (U+FFFE, U+FFFF, U+1FFFE, U+1FFFF … U+10FFFF)."""

NOT_OUTPUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
"""Characters no page, feed or email of jiading may carry: those of ``NOT_XML``, and those HTML forbids besides
(a document holding one fails the HTML checker): DEL and the C1 controls (U+007F to U+009F) and every
noncharacter. Text fields and bodies holding one are refused (``JD140``); one that a body's HTML gains only when
rendered (a character reference such as ``&#x9b;``) becomes U+FFFD there."""

NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""The control characters of ``NOT_XML``, as UTF-8 bytes."""

_KEPT_BYTES = bytes(sorted(set(range(256)) - set(NOT_XML_BYTES)))
# What NOT_OUTPUT finds and NOT_XML does not (DEL, the C1 controls, the noncharacters), as UTF-8 bytes: each sequence
# starts with a byte that only ever starts a character, so a match is one of those characters. A text holding none
# of ``_MAYBE`` (each found by a byte search, many times quicker than a character class) holds none of them.
_BEYOND_XML = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]"
)
_MAYBE = (b"\x7f", b"\xc2", b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")


def xml_clean(text: str) -> bool:
    """Whether ``NOT_XML`` finds nothing in ``text``: the same answer, faster for text that has none.

    A control character is looked for in the UTF-8 bytes (:func:`_encoded`), U+FFFE and U+FFFF as characters.
    """
    data = _encoded(text)
    return data is not None and (len(data) == len(text) or ("\ufffe" not in text and "\uffff" not in text))


def output_clean(text: str) -> bool:
    """Whether ``NOT_OUTPUT`` finds nothing in ``text``: the same answer, faster for text that has none (looked for in
    its UTF-8 bytes, as :func:`xml_clean` does)."""
    data = _encoded(text)
    if data is None:
        return False
    if len(data) == len(text):
        return b"\x7f" not in data
    return not any(mark in data for mark in _MAYBE) or _BEYOND_XML.search(data) is None


def _encoded(text: str) -> bytes | None:
    """``text`` in UTF-8 when it holds no control character of ``NOT_XML`` (every byte of a longer sequence is 0x80
    or above) and no lone surrogate (which cannot be encoded); else None: ``NOT_XML`` finds one."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return None if data.translate(None, _KEPT_BYTES) else data


def unwanted_kind(char: str) -> str:
    """What ``char``, a character of ``NOT_OUTPUT``, is, in the plural words of an error: ``control characters``
    (C0 and C1, DEL, a lone surrogate) or ``noncharacters``."""
    return "control characters" if char <= "\x9f" or "\ud800" <= char <= "\udfff" else "noncharacters"
