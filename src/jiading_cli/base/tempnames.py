"""jiading's temporary files: ``.{target}.jiading-XXXXXXXX.tmp`` beside their target (:mod:`jiading_cli.base.files`
writes them), named within the 255 bytes a file system gives a name, and made."""

from __future__ import annotations

import hashlib
import os
import random
from contextlib import suppress
from pathlib import Path

TEMP_INFIX = ".jiading-"
TEMP_SUFFIX = ".tmp"
NAME_MAX = 255  # bytes of a file's name, on the file systems a site lives on
TEMP_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
TEMP_TRIES = 100


def temp_prefix(name: str) -> str:
    """What the temporary files staged for a file named ``name`` start with: ``.{name}.jiading-``, a name cut
    short (and told apart by a digest of the whole) where the temporary file's name would be longer than a file
    system's name may be (255 bytes), so that any file name a folder can hold can be written whole."""
    whole = name.encode("utf-8", "surrogateescape")
    if len(whole) + len(TEMP_INFIX) + len(TEMP_SUFFIX) + 9 <= NAME_MAX:
        return f".{name}{TEMP_INFIX}"
    cut = whole[: NAME_MAX - 31].decode("utf-8", "ignore")  # '.' + cut + '~' + 8 + '.jiading-' + 8 + '.tmp'
    return f".{cut}~{hashlib.sha256(whole).hexdigest()[:8]}{TEMP_INFIX}"


def create_temp(target: Path, prefix: str, names: random.Random) -> tuple[int, Path]:
    """A new, empty temporary file beside ``target``, its name starting with ``prefix`` (:func:`temp_prefix`), only
    this process's (created with O_EXCL). Ctrl-C or a signal that ends the run the moment it is made (its handler
    runs as ``os.open`` returns) takes it away again: no caller has its name yet to remove it."""
    for _ in range(TEMP_TRIES):
        random_part = "".join(names.choices(TEMP_CHARACTERS, k=8))
        temp = target.with_name(f"{prefix}{random_part}{TEMP_SUFFIX}")
        try:
            return os.open(temp, TEMP_FLAGS, 0o600), temp
        except FileExistsError:
            continue
        except OSError:
            raise  # no file made
        except BaseException:  # made, or not yet: O_EXCL, so no one else's
            with suppress(OSError):
                temp.unlink()
            raise
    raise FileExistsError(f"{target.parent}: no free temporary file name")
