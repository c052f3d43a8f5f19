"""The controls of bidirectional text in a text of one field: an override (U+202D, U+202E), or an embedding or
isolate not closed within the field (each paragraph of it). Articles' fields (JD143) and jiading.toml's strings (JD006)
are held to the same rule, since pages, feeds and emails show both beside other text.

An override makes letters show in an order other than the one written: ``Park \\u202enepo`` reads "Park open" — no
language needs one. An embedding or isolate left open carries on past the field into what is shown after it; a U+202C
or U+2069 that closes nothing the field opened closes one the text around it opened. What Arabic and Hebrew text needs
passes: the marks (U+200E, U+200F, U+061C) anywhere, and embeddings and isolates closed within the field.
"""

from __future__ import annotations

import re
import unicodedata

OVERRIDES = "\u202d\u202e"
EMBEDDINGS = "\u202a\u202b" + OVERRIDES  # closed by U+202C
ISOLATES = "\u2066\u2067\u2068"  # closed by U+2069
POP, POP_ISOLATE = "\u202c", "\u2069"
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
PARAGRAPHS = re.compile("[\n\r\x1c-\x1e\x85\u2029]")  # each ends what was opened in it (UAX #9: the summary's lines)


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char)}"


def _around(text: str, at: int, reach: int = 30) -> str:
    start, end = max(0, at - reach), at + reach
    return repr(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))


def trouble(text: str, within: str = "the field") -> str | None:
    """What is wrong with the bidirectional controls of ``text``, a field (``within``: what the text is, as the
    message names it: 'the line', 'the link's text'), as a message; None when they are closed where they are
    opened (or there are none), in each of its paragraphs."""
    if CONTROLS.search(text) is None:
        return None
    for paragraph in PARAGRAPHS.split(text):
        if (found := _paragraph(paragraph, within)) is not None:
            return found
    return None


def _paragraph(text: str, within: str) -> str | None:
    opened: list[tuple[str, int]] = []
    for match in CONTROLS.finditer(text):
        char, at = match.group(), match.start()
        if char in OVERRIDES:
            return (
                f"expected no bidirectional override, found {_named(char)} in {_around(text, at)}: it shows the "
                "letters after it in an order other than the one written (no language needs it; an isolate, "
                "U+2066-U+2069, sets a right-to-left phrase apart)"
            )
        if char in EMBEDDINGS or char in ISOLATES:
            opened.append((char, at))
        elif char == POP and opened and opened[-1][0] in EMBEDDINGS:
            opened.pop()
        elif char == POP_ISOLATE and any(kind in ISOLATES for kind, _ in opened):
            while opened.pop()[0] not in ISOLATES:  # an isolate's end closes what was opened within it
                continue
        else:
            kind = "an embedding" if char == POP else "an isolate"
            return (
                f"expected each {_named(char)} to close {kind} opened before it in {within}, found one that closes "
                f"none in {_around(text, at)}: it would close one the text around {within} opened"
            )
    if opened:
        char, at = opened[0]
        closing = "U+202C" if char in EMBEDDINGS else "U+2069"
        return (
            f"expected each bidirectional embedding or isolate closed within {within}, found {_named(char)} not "
            f"closed by {closing} in {_around(text, at)}: the text after {within}, in a feed, an email or a page, "
            "would be shown inside it"
        )
    return None
