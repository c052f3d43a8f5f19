"""Language tags checked against the IANA registry (through ``langcodes``), with a suggestion when wrong.

``cn`` is a country, not a language: the check says "did you mean 'zh-CN'?". A tag is accepted when it is well
formed, its subtags are in the registry, and none of them is a deprecated one the registry replaces (``iw`` →
``he``, ``en-UK`` → ``en-GB``); a language the registry holds as its own is taken, though CLDR's aliases read it as
another (``tl``, Tagalog, is not ``fil``: :data:`REGISTERED`). An extension (``en-u-ca-gregory``: a singleton but
``x``, then its subtags, none in the language subtag registry) is refused with the tag before it: it says how to
show dates or sort, not a language, and HTML's checkers reject it in ``lang`` and ``hreflang``; private use
(``en-x-twain``) is taken, but for a subtag of one character (``en-x-a``), which the Nu HTML Checker rejects.

A tag's writing direction (:func:`direction`) is its script's: the script it names (``az-Arab``), right to left for
the scripts Unicode writes so (:data:`RTL_SCRIPTS`); else CLDR's direction of the locale, through Babel, which the
pages load for a language's name and dates anyway; else, for a language Babel has no locale of, the script it is
most likely written in (CLDR's likely subtags, through ``langcodes``: Aramaic, ``arc``, → Armi).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
EXAMPLE = "a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN'"
# A grandfathered tag of the registry ('i-klingon', 'i-navajo'): deprecated, and said with the tag that replaced it
# An extension's singleton (any but x, which starts private use): looked for before private use starts
EXTENSION = re.compile(r"-[0-9a-wyz](?=-|$)", re.IGNORECASE)
PRIVATE = re.compile(r"-x(?=-|$)", re.IGNORECASE)  # where private use starts
SHORT = re.compile(r"-[0-9a-z](?=-|$)", re.IGNORECASE)  # a subtag of one character
GRANDFATHERED = re.compile(r"^[Ii]-[A-Za-z]{2,8}$")
# Languages of the IANA registry, none deprecated there, that langcodes reads as another by CLDR's aliases (Tagalog
# as Filipino, Serbo-Croatian as Serbian, Montenegrin as Serbian of Montenegro, Dari as Persian of Afghanistan, Congo
# Swahili as Swahili of Congo, Subi as Shubi): each is a language tag of its own, taken as written; a test proves the
# set is the registry's
REGISTERED = frozenset({"cnr", "prs", "sh", "swc", "tl", "xsj"})
# Tags seen on most sites, known to pass the check (a test proves each): read without importing langcodes
COMMON = frozenset(
    {"en", "en-us", "en-gb", "zh", "zh-cn", "zh-tw", "zh-hk", "zh-hans", "zh-hant", "ja", "ko", "de", "fr", "es"}
)

# ISO 15924 codes of the scripts written right to left (Unicode's Bidi_Class R or AL letters: Arabic, Hebrew,
# Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic, Yezidi and the historic ones)
RTL_SCRIPTS = frozenset(
    {
        "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar", "Lydi",
        "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm", "Phli", "Phlp",
        "Phlv", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Syre", "Syrj", "Syrn", "Thaa",
        "Yezi",
    }
)  # fmt: skip
SCRIPT = re.compile(r"-([A-Za-z]{4})(?=-|$)")  # a script subtag, before any private use


def direction(tag: str) -> Literal["ltr", "rtl"]:
    """``rtl`` when ``tag``'s text is written right to left (``ar``, ``he``, ``fa``, ``ur``, ``az-Arab``), else
    ``ltr`` (``en``, ``zh-CN``, ``ar-Latn``, and a tag no registry knows)."""
    if tag.lower() in COMMON:
        return "ltr"
    return _direction(tag.lower())


@lru_cache(maxsize=1024)
def _direction(tag: str) -> Literal["ltr", "rtl"]:
    subtags = "-" + tag  # each subtag after a '-', the first too: a tag of private use alone ('x-…') names none
    private = PRIVATE.search(subtags)
    named = SCRIPT.search(subtags, 2, private.start() if private else len(subtags))
    if named is not None:
        return "rtl" if named.group(1).title() in RTL_SCRIPTS else "ltr"
    from babel import Locale, UnknownLocaleError

    try:  # CLDR's own answer for a locale Babel has, whose data the pages load for its name and dates anyway
        return "rtl" if Locale.parse(tag.replace("-", "_")).text_direction == "rtl" else "ltr"
    except (ValueError, UnknownLocaleError):
        return likely_direction(tag)


def likely_direction(tag: str) -> Literal["ltr", "rtl"]:
    """The direction of the script ``tag``'s language is most likely written in, by CLDR's likely subtags."""
    import langcodes

    try:
        script = langcodes.Language.get(tag).maximize().script or ""
    except (ValueError, LookupError):  # not a tag langcodes can read: no script to tell
        script = ""
    return "rtl" if script in RTL_SCRIPTS else "ltr"


NO_LANGUAGE = frozenset({"und", "mul", "mis", "zxx"})
"""Languages that are none (undetermined, several, uncoded, no linguistic content), which no locale names; nor does a
private-use one (``qaa``–``qtz``). CLDR's likely subtags answer ``US`` for each, as for ``und``."""


def no_language(language: str) -> bool:
    """Whether ``language`` (a tag's first subtag, in lower case) is one of :data:`NO_LANGUAGE` or private-use."""
    return language in NO_LANGUAGE or (len(language) == 3 and "qaa" <= language <= "qtz")


@lru_cache(maxsize=256)
def territory(tag: str) -> str | None:
    """The two-letter region ``tag`` names (``fr-CA``: ``CA``), else the one its language is most likely written in,
    by CLDR's likely subtags (``ko``: ``KR``, ``he``: ``IL``, ``sr-Latn``: ``RS``, ``es-419``: ``ES``); None for a
    language of no one region (Esperanto's is the world, ``001``)."""
    import langcodes

    try:
        read = langcodes.Language.get(tag)
        for found in (read, read.maximize(), langcodes.Language.get(read.language or "").maximize()):
            region = found.territory or ""
            if len(region) == 2 and region.isalpha():
                return region
    except (ValueError, LookupError):  # not a tag langcodes can read: no region to tell
        return None
    return None


def check(tag: str) -> str | None:
    """None when ``tag`` is a registered language tag; else what was expected, with a suggestion if any."""
    if tag.lower() in COMMON:
        return None
    return _check(tag)


@lru_cache(maxsize=1024)
def _check(tag: str) -> str | None:
    import langcodes

    if SHAPE.match(tag) and _extension(tag) is None and langcodes.tag_is_valid(tag):
        given = langcodes.Language.get(tag, normalize=False)
        if given.language in REGISTERED:  # its own: its other subtags are checked after a language langcodes keeps
            tag = "en" + tag[len(given.language) :]
            given = langcodes.Language.get(tag, normalize=False)
        usual = langcodes.Language.get(tag)
        if (given.language, (given.territory or "").upper()) == (usual.language, usual.territory or ""):
            return None
    suggestion = _suggest(tag)
    taken = suggestion is not None and suggestion.lower() != tag.lower() and _check(suggestion) is None
    return f"{EXAMPLE} (did you mean {suggestion!r}?)" if taken else EXAMPLE  # only a tag the check takes


def _suggest(tag: str) -> str | None:
    """The registered tag the writer likely meant: the usual form of the tag, or the language of a country."""
    import langcodes

    candidate = tag.strip().replace("_", "-")
    if (at := _extension(candidate)) is not None:  # the tag before it, or what that one would be said to mean
        stem = candidate[: at - 2] if candidate[at - 2 : at].lower() == "-x" else candidate[:at]  # no private use left
        return langcodes.standardize_tag(stem) if _check(stem) is None else _suggest(stem)
    if (SHAPE.match(candidate) or GRANDFATHERED.match(candidate)) and langcodes.tag_is_valid(candidate):
        usual = langcodes.standardize_tag(candidate)
        if usual.lower() != tag.lower():
            return usual
    if re.fullmatch(r"[A-Za-z]{2}", candidate) and langcodes.tag_is_valid(f"und-{candidate}"):
        likely = langcodes.Language.get(f"und-{candidate}").maximize()
        if likely.language and likely.language != "und" and likely.territory:
            return f"{likely.language}-{likely.territory}"
    return None


def _extension(tag: str) -> int | None:
    """Where the part of ``tag`` HTML's checkers refuse starts (its ``-``): an extension before any private use, or a
    private use subtag of one character (``en-x-a``, which BCP 47 allows and the Nu HTML Checker does not); None."""
    private = PRIVATE.search(tag)
    found = EXTENSION.search(tag, 0, private.start() if private else len(tag))
    if found is None and private is not None:
        found = SHORT.search(tag, private.end())
    return found.start() if found else None
