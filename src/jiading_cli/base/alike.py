"""Names as the file systems of Windows and macOS compare them, whatever their case and Unicode form; and names that
read as known ones and are not."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

ONE_THERE = ", but for case or Unicode form: Windows and macOS take them for one"
"""What a message adds when only the case or the Unicode form of two names tells them apart."""


def folded(name: str) -> str:
    """``name`` as Windows and macOS compare names: whatever its case and Unicode form (``Articles`` is
    ``articles``, ``cafe\\u0301`` is ``café``)."""
    return unicodedata.normalize("NFC", name).casefold()


def placed(path: PurePath, folder: PurePath) -> tuple[str, bool]:
    """How ``path`` stands to ``folder`` (both absolute, or both relative to one folder, normalised): 'is', 'is
    inside', 'holds', or '' when apart, their names compared as Windows and macOS compare them (``Articles`` is
    ``articles`` there); and whether only that makes it so, when a message adds :data:`ONE_THERE`. Every check that
    keeps a folder apart from a site's own (the config's, a build's of its output folder, ``init``'s of its
    folder) compares by it."""
    for fold in (str, folded):
        one, other = type(path)(fold(str(path))), type(folder)(fold(str(folder)))
        relation = "is" if one == other else "is inside" if one.is_relative_to(other) else ""
        if relation := relation or ("holds" if other.is_relative_to(one) else ""):
            return relation, fold is folded
    return "", False


def read_as(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` reads as and is not: the one it is without the characters editors do not show, or
    the one it is at each of its ASCII characters, the others standing each for one that looks like it (a
    Cyrillic ``і`` in ``іd``, which no measure of likeness finds in a name of two letters); None when none."""
    shown = "".join(char for char in name if char.isprintable())
    if shown == name and (name.isascii() or not any(char.isascii() for char in name)):
        return None
    for candidate in known:
        if len(candidate) == len(shown) and all(a == b for a, b in zip(shown, candidate, strict=True) if a.isascii()):
            return candidate
    return None


def unlike(name: str, close: str | None) -> str:
    """Why ``name``, an unknown field's or key's, may read as a known one and is not it, in words: the characters
    it holds that editors do not show (a zero-width space pasted with it), or, beside the known name ``close`` it
    looks like, those outside ASCII, which no known name holds (a Cyrillic ``і`` in ``tіtle``, an ``ο`` of
    Greek), each by its code point and name; '' when it holds neither."""
    hidden = [char for char in dict.fromkeys(name) if not char.isprintable()]
    if hidden:
        return f"it holds {_named(hidden)}, which editors do not show"
    foreign = [char for char in dict.fromkeys(name) if not char.isascii()] if close else []
    return f"it holds {_named(foreign)}, not an ASCII character" if foreign else ""


def _named(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character').lower()})" for char in chars)
