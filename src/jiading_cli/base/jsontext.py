"""JSON read from outside the program (a manifest in the output folder, a cache file, a server's reply).

The one place that decodes JSON: text nested deeper than the decoder can follow (``[[[[…]]]]``) is malformed text like
any other, a :class:`ValueError`, where ``json.loads`` raises :class:`RecursionError`.
"""

from __future__ import annotations

import json
from typing import Any


def loads(data: str | bytes) -> Any:
    """``json.loads(data)``; :class:`ValueError` for anything that is not JSON it can read, however deeply nested."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None
