"""Which wide Unicode encoding a file that should be UTF-8 is in: UTF-16 or UTF-32 (often what a Windows editor
saves as "Unicode"), with a byte-order mark or without one, so that a message can say what was found instead of
the first byte UTF-8 cannot read, or a NUL byte."""

from __future__ import annotations

import codecs

MARKS = (  # UTF-32's little-endian mark starts with UTF-16's: it is looked for first
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)"),
)
UNMARKED = (
    ("utf-32-le", "UTF-32 (little-endian, without a byte-order mark)"),
    ("utf-32-be", "UTF-32 (big-endian, without a byte-order mark)"),
    ("utf-16-le", "UTF-16 (little-endian, without a byte-order mark)"),
    ("utf-16-be", "UTF-16 (big-endian, without a byte-order mark)"),
)
SAMPLE = 4096  # bytes looked at for an encoding without a mark


def wide(raw: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding ``raw`` is in, as a message names it, or None (UTF-8, or another encoding, or
    not text). Without a byte-order mark, the first bytes must read as text without NULs that opens an article's
    front matter (``---``) or is at least half ASCII (a template): a binary file is not taken for UTF-16."""
    for mark, name in MARKS:
        if raw.startswith(mark):
            return name
    sample = raw[:SAMPLE]
    if b"\x00" not in sample:
        return None
    for encoding, name in UNMARKED:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        if text.lstrip().startswith("---") or (text and 2 * sum(char.isascii() for char in text) >= len(text)):
            return name
    return None


def expected_utf8(raw: bytes) -> str | None:
    """``expected UTF-8, found UTF-16 (…); save the file as UTF-8`` for a file in a wide encoding, else None."""
    found = wide(raw)
    return f"expected UTF-8, found {found}; save the file as UTF-8" if found else None
