"""The ledger's files and the stat lines it keeps: where a ledger lives and what it is keyed by, its parts sealed
and read back, and each article file's stat line as build avoidance writes it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental import keys
from jiading_cli.incremental.ledger.table import Buffer
from jiading_cli.incremental.pickles import dumps as pickled
from jiading_cli.incremental.pickles import opened, safe_loads, sealed

UNKNOWN = "?"  # before a stat line that must never match: the file changed too recently to trust it


def loads(data: Buffer, shape: object = Any) -> Any:
    """What :func:`dumps` sealed; ``pickles.Damaged`` when any byte differs or it is not of ``shape``."""
    return safe_loads(opened(data), shape)


def dumps(value: object) -> bytes:
    return sealed(pickled(value))


def key(config: Config, folder: Path, preview: bool, version: int) -> bytes:
    """Everything the ledger depends on besides the article files and the files they name."""
    digest = hashlib.blake2b(keys.environment(), digest_size=20)
    digest.update(os.fsencode(f"\0ledger\0{version}\0{os.fspath(real(folder))}\0{preview}\0{config.path}\0"))
    digest.update(keys.settings(config))
    return digest.digest()


def where(config: Config, folder: Path, preview: bool) -> Path:
    name = hashlib.blake2b(os.fsencode(f"{os.fspath(real(folder))}\0{preview}"), digest_size=8).hexdigest()
    return keys.folder(config) / f"ledger-{name}.pickle"


UNSURE: memo.Stat = (-1, -1, -1, -1)  # the stat kept of a named file changed too recently to trust: matches none


def trusted(stat: memo.Stat, now_ns: int) -> memo.Stat:
    """The stat to keep of a named file as the rules found it: ``UNSURE`` when it had changed within two seconds,
    since a file rewritten within one tick of the file system's clock may keep its stat (as for article files)."""
    return UNSURE if stat is not None and stat[1] >= now_ns - memo.RACY_NS else stat


def lines(state: memo.Inputs, started_ns: int) -> list[str]:
    """The stat lines to keep: a file changed within two seconds of the build is kept as unknown."""
    limit = started_ns - memo.RACY_NS
    return [line if mtime < limit else UNKNOWN + line for line, mtime in zip(state.lines, state.mtimes, strict=True)]


def name_of(line: str) -> str:
    """The file name in a stat line (``[?]\\0name\\0stat``)."""
    return line.split("\0", 2)[1]


def line_of(name: str, stat: memo.Stat) -> str:
    """The stat line of a file, as :func:`memo.inputs` writes it."""
    return f"\0{name}\0{stat}"


def stats(paths: Iterable[str]) -> dict[str, memo.Stat]:
    return {name: memo.stat(name) for name in sorted(set(paths))}
