"""A phone number as people write it, as a ``tel:`` URI (RFC 3966)."""

from __future__ import annotations

import re

VISUAL = re.compile(r"[\s\-.()]+")
TRUNK = re.compile(r"\(\s*0\s*\)")  # '+44 (0)20 …': the national trunk prefix, not dialled from abroad


def tel_uri(phone: str) -> str | None:
    """A ``tel:`` URI for a phone number as people write it; None when it is not one.

    ``0086-10-53270173`` and ``+86 10 5327 0173`` are global numbers (``tel:+86-10-53270173``,
    ``tel:+86-10-5327-0173``): an international prefix ``00`` becomes ``+``, spaces, dots and
    brackets become the visual separator ``-``, and a bracketed trunk prefix ``(0)`` after the country
    code is left out (``+44 (0)20 7946 0000`` is ``tel:+44-20-7946-0000``). A number without one is
    written as its digits. Anything but ASCII digits and those separators (a letter, an extension, a
    full-width digit) makes it no number.
    """
    text = phone.strip()
    glob = text.startswith(("+", "00"))
    text = text[1:] if text.startswith("+") else text[2:] if glob else text
    if glob:
        text = TRUNK.sub(" ", text)
    parts = [part for part in VISUAL.split(text) if part]
    if not parts or not all(part.isdigit() and part.isascii() for part in parts):
        return None
    return "tel:+" + "-".join(parts) if glob else "tel:" + "".join(parts)
