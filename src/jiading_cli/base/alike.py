"""Names as the file systems of Windows and macOS compare them, whatever their case and Unicode form; and names that
read as known ones and are not."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

ONE_THERE = ", but for case or Unicode form, which Windows and macOS do not tell apart"
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


LOOKALIKE_SCRIPTS = (
    *("CYRILLIC ", "GREEK ", "ARMENIAN ", "CHEROKEE ", "COPTIC ", "FULLWIDTH LATIN ", "FULLWIDTH DIGIT "),
    "MATHEMATICAL ",
    *("ROMAN NUMERAL ", "SMALL ROMAN NUMERAL ", "LATIN LETTER SMALL CAPITAL ", "LATIN SMALL LETTER SCRIPT G"),
    "LATIN SMALL LETTER DOTLESS I",
)
"""Scripts and forms whose characters a reader takes for ASCII ones (Cyrillic ``а``, Greek ``ο``, the full-width
``ａ`` and ``２`` of an input method, the Roman numeral ``ⅼ``), as a letter with a mark (``é``) is not, nor the
full-width marks Chinese text writes among ASCII words (``Jiading：新闻``)."""


def lookalikes(text: str) -> list[str]:
    """The characters of ``text`` that a reader takes for ASCII ones, each once: those of :data:`LOOKALIKE_SCRIPTS`
    in a word (between spaces) that also holds an ASCII letter or digit, as ``еn`` with a Cyrillic ``е``, a date
    ending ``+08:ОО`` or one of full-width digits ``２０２６-01-02`` does; a word wholly of another script
    (``Привет``, ``２０２６年``) holds none."""
    found = [
        char
        for word in text.split()
        if not word.isascii() and any(char.isascii() and char.isalnum() for char in word)
        for char in word
        if not char.isascii() and unicodedata.name(char, "").startswith(LOOKALIKE_SCRIPTS)
    ]
    return list(dict.fromkeys(found))


def lookalike_note(text: str) -> str:
    """`` (it holds U+0435 (cyrillic small letter ie), which is not ASCII)`` for text holding :func:`lookalikes`,
    which a message shows beside it, since it reads as the ASCII text expected; '' for other text."""
    found = lookalikes(text)
    return f" (it holds {named(found)}, which {'is' if len(found) == 1 else 'are'} not ASCII)" if found else ""


def unlike(name: str, close: str | None) -> str:
    """Why ``name``, an unknown field's or key's, may read as a known one and is not it, in words: the characters
    it holds that editors do not show (a zero-width space pasted with it), or, beside the known name ``close`` it
    looks like, those outside ASCII that :func:`lookalike_note` does not name already (an accented ``í`` in
    ``títle``), which no known name holds, each by its code point and name; '' when it holds neither."""
    hidden = [char for char in dict.fromkeys(name) if not char.isprintable()]
    if hidden:
        return f"it holds {named(hidden)}, which editors do not show"
    said = lookalikes(name)
    foreign = [char for char in dict.fromkeys(name) if not char.isascii() and char not in said] if close else []
    return f"it holds {named(foreign)}, not an ASCII character" if foreign else ""


def named(chars: list[str]) -> str:
    """Each character by its code point and name: ``U+0435 (cyrillic small letter ie)``."""
    return ", ".join(f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character').lower()})" for char in chars)
