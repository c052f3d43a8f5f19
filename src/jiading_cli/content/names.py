"""How the site groups the names of categories and tags: one key, so that a tag page, a feed item's categories and a
page's Open Graph tags and JSON-LD keywords all take 'Finance', 'finance' and 'ＦＩＮＡＮＣＥ' for one name."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A category's or tag's name as the site groups it: the same for names differing only in case, width (full-width
    'ＦＩＮＡＮＣＥ' and 'Finance') or spaces; '' for a name that is only spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def each_once(names: Iterable[str | None]) -> tuple[str, ...]:
    """``names`` each once as the site groups them, in its first spelling, in order; a blank or missing one left
    out."""
    seen: dict[str, str] = {}
    for name in names:
        if name and (key := name_key(name)):
            seen.setdefault(key, name)
    return tuple(seen.values())
