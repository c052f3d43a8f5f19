"""The characters XML 1.0 refuses in a document, in one place: every writer and every check uses this."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry: C0 controls but tab, newline and carriage return; lone surrogates;
U+FFFE and U+FFFF."""

NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""The control characters of ``NOT_XML``, as UTF-8 bytes."""

_KEPT_BYTES = bytes(sorted(set(range(256)) - set(NOT_XML_BYTES)))


def xml_clean(text: str) -> bool:
    """Whether ``NOT_XML`` finds nothing in ``text``: the same answer, faster for text that has none.

    A control character is looked for in the UTF-8 bytes (every byte of a longer sequence is 0x80 or
    above), U+FFFE and U+FFFF as characters; a lone surrogate cannot be encoded and goes to the pattern.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return NOT_XML.search(text) is None
    if data.translate(None, _KEPT_BYTES):
        return False
    return len(data) == len(text) or ("\ufffe" not in text and "\uffff" not in text)
