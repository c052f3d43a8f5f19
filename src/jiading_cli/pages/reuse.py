"""Pages made from the same inputs as the last build's are left in place instead of being made again.

The pages say what each page is made from (its key, :func:`key_of`); a :class:`Reuse` given by the
use case answers whether the page at a path was made from that key and is still in place, and with
what digest. :class:`NoReuse`, the slow and obvious answer, makes every page.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class Reuse(Protocol):
    def known(self, path: str, key: str) -> str | None:
        """The digest of the file at ``path`` if it was made from ``key`` and is as it was written; else None."""


class NoReuse:
    """Every page is made."""

    def known(self, path: str, key: str) -> str | None:
        return None


def key_of(*parts: object) -> str:
    """What a page is made from, as one digest: the ``repr`` of records, deterministic by construction."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
