"""ASCII slugs from any title: Chinese romanised as pinyin, everything else transliterated.

A letter or digit is never dropped: what Unicode's compatibility decomposition leaves outside ASCII (``ß``,
``Ø``, ``Ł``, ``Đ``, Cyrillic, Greek, kana, Hangul...) is transliterated by anyascii, a run at a time.
Anything else outside ASCII (symbols, emoji, marks) is dropped, so that no slug made before moves.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from functools import cache, lru_cache

MAX_LENGTH = 80  # of a slug made from a title
LONGEST = 200  # of a slug given: a folder name of the site, under every file system's 255 bytes
HAN = r"[\u3400-\u9fff\uf900-\ufaff]"  # the CJK ideographs pinyin romanises
_OUTSIDE = re.compile(r"[^\x00-\x7f]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG = re.compile(r"^[a-z0-9]++(?:-[a-z0-9]++)*$")


# Romanisations already made, when a caller keeps them (the site's cache does, so that a warm build of
# a Chinese site does not load pypinyin's dictionaries again): set for a block with ``KNOWN.set``.
KNOWN: ContextVar[dict[str, str] | None] = ContextVar("romanised", default=None)


@cache
def _han() -> re.Pattern[str]:
    """:data:`HAN`, compiled on first use: its class of BMP ranges is slow to compile (see benchmarks/RESULTS.md), which
    a run that slugs nothing need not pay."""
    return re.compile(HAN)


def chinese(text: str) -> bool:
    """Whether slugging ``text`` romanises Chinese characters."""
    return bool(_han().search(text))


def _romanise(text: str) -> str:
    if not _han().search(text):
        return text
    table = KNOWN.get()
    known = None if table is None else table.get(text)
    if known is None:
        from pypinyin import lazy_pinyin  # heavy: imported only for Chinese text not seen before

        known = " ".join(lazy_pinyin(text, errors="default"))
        if table is not None:
            table[text] = known
    return known


def _ascii(text: str) -> str:
    """``text`` (decomposed) in ASCII: each run of letters and digits outside it transliterated whole (kana and
    Hangul read by their neighbours), anything else outside it dropped, as before."""
    if text.isascii():
        return text
    from anyascii import anyascii  # its tables are read only for such a title

    def written(found: re.Match[str]) -> str:
        return anyascii("".join(char for char in found.group() if unicodedata.category(char)[0] in "LN"))

    return _OUTSIDE.sub(written, text)


@lru_cache(maxsize=4096)
def slugify(text: str, longest: int | None = MAX_LENGTH) -> str:
    """Lowercase ASCII words joined by '-', cut after a word to at most ``longest`` characters (None: never
    cut); '' when nothing usable is left."""
    ascii_text = _ascii(unicodedata.normalize("NFKD", _romanise(text)))
    words = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if longest is not None and len(words) > longest:
        words = words[:longest].rsplit("-", 1)[0] or words[:longest]
    return words


def is_slug(text: str) -> bool:
    """Lowercase ASCII words joined by '-', at most :data:`LONGEST` characters (the URL's folder name)."""
    return len(text) <= LONGEST and bool(SLUG.match(text))
