"""A phone number as people write it, as a ``tel:`` URI (RFC 3966)."""

from __future__ import annotations

import re

VISUAL = re.compile(r"[\s\-.()]+")
TRUNK = re.compile(r"\(\s*0\s*\)")  # '+44 (0)20 …': the national trunk prefix, not dialled from abroad
GROUP = r"(?:[0-9]++|\(\s*+[0-9]++\s*+\))"  # ASCII digits, or digits in brackets (an area code, a trunk prefix)
WRITTEN = re.compile(rf"{GROUP}(?:(?:\s*+[-.]\s*+|\s*+){GROUP})*")
COUNTRY = re.compile(r"[1-9]")  # the first digit after '+' or '00'
PREFIX_GAP = re.compile(r"\s*+[-.]?\s*+")  # a separator after '+' or '00', as between two groups: '00 86 10 …'
SECOND_TRUNK = re.compile(rf"[0-9]+\s*{TRUNK.pattern}")  # the trunk prefix right after the country code
DIGITS_MIN = 3  # the shortest number dialled (110, 112)
# '(+86) 21 …', '(0086) 21 …': the international prefix and country code in brackets, as Chinese sites write them
BRACKETED_COUNTRY = re.compile(r"\(\s*+(?:\+|00)\s*+([1-9][0-9]{0,2})\s*+\)")


def tel_uri(phone: str) -> str | None:
    """A ``tel:`` URI for a phone number as people write it; None when it is not one.

    ``0086-10-53270173`` and ``+86 10 5327 0173`` are global numbers (``tel:+86-10-53270173``,
    ``tel:+86-10-5327-0173``): an international prefix ``00`` becomes ``+`` (written apart from the country code
    as any group is, ``00 86 10 5327 0173``, or not; the two in brackets, ``(+86) 10 5327 0173``), spaces, dots and
    brackets become the visual separator ``-``, and a bracketed trunk prefix ``(0)`` after the country
    code is left out (``+44 (0)20 7946 0000`` is ``tel:+44-20-7946-0000``). A number without one is
    written as its digits. Anything but groups of ASCII digits with one separator between two (a letter, an
    extension, a full-width digit, a bracket not closed or inside another, a separator at either end), a country
    code starting with 0, a trunk prefix anywhere but after the country code, or fewer than three digits makes it
    no number.
    """
    text = phone.strip()
    bracketed = BRACKETED_COUNTRY.match(text)
    if bracketed:  # '(+86) 21 …' is '+86 21 …'
        text = f"+{bracketed.group(1)} {text[bracketed.end() :]}"
    glob = text.startswith(("+", "00"))
    text = text[1:] if text.startswith("+") else text[2:] if glob else text
    if glob:  # the international prefix is a group of its own, written apart as any other: '00 86', '00-86'
        gap = PREFIX_GAP.match(text)
        text = text[gap.end() :] if gap else text
    if not WRITTEN.fullmatch(text):  # groups of digits, a bracketed one too, one separator between two
        return None
    if glob:
        if not COUNTRY.match(text):  # a country code starts with no 0: '+(0)21' and '000 86' name none
            return None
        text = TRUNK.sub(" ", text, count=1) if SECOND_TRUNK.match(text) else text
    parts = [part for part in VISUAL.split(text) if part]
    if not parts or sum(map(len, parts)) < DIGITS_MIN or (glob and TRUNK.search(text)):
        return None
    return "tel:+" + "-".join(parts) if glob else "tel:" + "".join(parts)
