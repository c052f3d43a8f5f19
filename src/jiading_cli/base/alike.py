"""Names as the file systems of Windows and macOS compare them, whatever their case and Unicode form."""

from __future__ import annotations

import unicodedata


def folded(name: str) -> str:
    """``name`` as Windows and macOS compare names: whatever its case and Unicode form (``Articles`` is
    ``articles``, ``cafe\\u0301`` is ``café``)."""
    return unicodedata.normalize("NFC", name).casefold()
