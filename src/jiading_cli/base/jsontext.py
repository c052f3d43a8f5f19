"""JSON read from outside the program (a manifest in the output folder, a cache file, a server's reply).

The one place that decodes JSON: text nested deeper than the decoder can follow (``[[[[…]]]]``) is malformed text like
any other, a :class:`ValueError`, where ``json.loads`` raises :class:`RecursionError`. A server's reply is read with
``unique``: an object giving a key twice (``{"id": "1", "id": "2"}``), which readers take each their own way, is not
read either. A text starting with a byte-order mark (U+FEFF), which a server or an editor on Windows may write first,
is read without it: RFC 8259 (section 8.1) lets a reader ignore one, and ``json.loads`` would call the text no JSON.
"""

from __future__ import annotations

import json
from typing import Any


def loads(data: str | bytes, unique: bool = False) -> Any:
    """``json.loads(data)``, a byte-order mark first ignored; :class:`ValueError` for anything that is not JSON it can
    read, however deeply nested, and with ``unique``, :class:`KeyTwice` for an object that gives a key twice."""
    if isinstance(data, str) and data.startswith("\ufeff"):
        data = data[1:]  # bytes are read past one as they are: json.loads decodes them as utf-8-sig
    try:
        return json.loads(data, object_pairs_hook=_unique) if unique else json.loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None


class KeyTwice(ValueError):
    """An object that gives a key twice, read with ``unique``."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise KeyTwice("a JSON object gives a key twice")
    return found
