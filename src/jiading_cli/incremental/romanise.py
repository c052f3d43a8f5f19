"""Romanisations of Chinese names kept in ``.jiading-cache/pinyin.json``, so that a warm build of a Chinese
site does not load pypinyin's dictionaries again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from jiading_cli.base import jsontext
from jiading_cli.content import slug
from jiading_cli.incremental import keys

if TYPE_CHECKING:
    from jiading_cli.config import Config

FILE_NAME = "pinyin.json"


def _read(config: Config, key: str) -> dict[str, str]:
    try:
        data = jsontext.loads(keys.read_store(keys.folder(config) / FILE_NAME).decode("utf-8"))
        values = data["values"] if data.get("key") == key and isinstance(data.get("values"), dict) else {}
    except (OSError, ValueError, AttributeError, KeyError):
        return {}
    return {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)}


@contextmanager
def romanisations(config: Config) -> Iterator[None]:
    """Within the block, slugs reuse the site's stored romanisations; new ones are stored after it."""
    key = keys.environment().hex()
    known = _read(config, key)
    before = dict(known)
    token = slug.KNOWN.set(known)
    try:
        yield
    finally:
        slug.KNOWN.reset(token)
        if before != known:
            text = json.dumps({"key": key, "values": dict(sorted(known.items()))}, ensure_ascii=False)
            with suppress(OSError):
                keys.write_atomic(keys.folder(config) / FILE_NAME, text.encode("utf-8"))
