"""The names of jiading's temporary files: ``.{target}.jiading-XXXXXXXX.tmp`` beside their target
(:mod:`jiading_cli.base.files` writes them), within the 255 bytes a file system gives a name."""

from __future__ import annotations

import hashlib

TEMP_INFIX = ".jiading-"
TEMP_SUFFIX = ".tmp"
NAME_MAX = 255  # bytes of a file's name, on the file systems a site lives on


def temp_prefix(name: str) -> str:
    """What the temporary files staged for a file named ``name`` start with: ``.{name}.jiading-``, a name cut
    short (and told apart by a digest of the whole) where the temporary file's name would be longer than a file
    system's name may be (255 bytes), so that any file name a folder can hold can be written whole."""
    whole = name.encode("utf-8", "surrogateescape")
    if len(whole) + len(TEMP_INFIX) + len(TEMP_SUFFIX) + 9 <= NAME_MAX:
        return f".{name}{TEMP_INFIX}"
    cut = whole[: NAME_MAX - 31].decode("utf-8", "ignore")  # '.' + cut + '~' + 8 + '.jiading-' + 8 + '.tmp'
    return f".{cut}~{hashlib.sha256(whole).hexdigest()[:8]}{TEMP_INFIX}"
