"""What every store of ``.jiading-cache/`` is keyed by, and where it lives.

One fingerprint of the environment (:func:`environment`) goes into every store's key: every module of
the package (any code change may change an answer), the Python version, and the installed files of the
libraries that shape what jiading reads and writes. A store made under another fingerprint is never
used. ``JIADING_CACHE=off`` turns every store off (:func:`enabled`, asked only by :func:`.api.open_cache`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jiading_cli import __version__
from jiading_cli.base import files, tempnames
from jiading_cli.config import environment as env

if TYPE_CHECKING:
    from jiading_cli.config import Config

DIR_NAME = ".jiading-cache"
LIBRARIES = (
    "cmarkgfm",
    "markdown_it",
    "yaml",
    "pypinyin",
    "anyascii",
    "idna",
    "rich",
    "typer",
    "jinja2",
    "markupsafe",
    "babel",
    "langcodes",
    "segno",
)
DEFAULT_JOBS = 4


def enabled() -> bool:
    return env.switch("JIADING_CACHE")


def jobs() -> int:
    """Processes for a large cold load or a build's many pages: ``JIADING_JOBS`` (a number up to
    ``environment.MAX_JOBS``; ``1``: this process alone), else the CPUs this process may use, at most four
    (``auto`` or ``0`` says the same)."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        available = os.cpu_count() or 1
    return env.jobs(min(available, DEFAULT_JOBS))


@cache  # the package's files, read once per process
def code_digest() -> bytes:
    """A digest of every module of the package: any code change may change an answer."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        with suppress(OSError):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


@cache  # an installed library does not change within a run
def installed(name: str) -> str:
    """Where a library is installed and when its file was written, found without importing it.

    Installing, upgrading or removing the library rewrites its files, so the answer changes with it.
    """
    import importlib.util

    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec is not None and spec.origin else ""
    if origin:
        with suppress(OSError):
            info = Path(origin).stat()
            return f"{name}={origin}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"
    return f"{name}={origin}"


def settings(config: Config) -> bytes:
    """``jiading.toml`` as this run read it and built from (``Config.text``), for a store's key: never the file read
    again, which may have been edited since, and would then be recorded as what this run was made from."""
    return config.text.encode("utf-8", "surrogatepass")


@cache  # the same inputs all run long
def environment() -> bytes:
    """The one fingerprint of jiading's code, its version, Python, the libraries whose output is kept and the time zone
    database."""
    digest = hashlib.blake2b(f"{__version__}\0{sys.version}".encode(), digest_size=20)
    digest.update(code_digest())
    for name in LIBRARIES:
        digest.update(b"\0" + installed(name).encode())
    digest.update(b"\0" + zones().encode())
    return digest.digest()


ZONE_FILES = ("tzdata.zi", "zone1970.tab", "zone.tab")  # a zone database's files an update of it rewrites


def zones() -> str:
    """Where the time zones are read from (the first folder of ``zoneinfo.TZPATH`` holding a database, else the
    ``tzdata`` package, as ``zoneinfo`` finds them) and when that database was written, found without reading it.

    An update of the database may move a zone's offsets, and with them an article's local date, its permalink and
    the dates its pages show: every store's answer then follows from another input."""
    import zoneinfo

    for folder in zoneinfo.TZPATH:
        for name in ZONE_FILES:
            with suppress(OSError):
                info = (Path(folder) / name).stat()
                return f"zones={folder}/{name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"
    return installed("tzdata")


def folder(config: Config) -> Path:
    return config.root / DIR_NAME


def read_store(path: Path) -> bytes:
    """The bytes of the store at ``path``, read the one way every store is: a FIFO, a device or a folder there (a
    link to ``/dev/zero`` too) is :class:`~jiading_cli.base.files.NotRegularFile`, and a file larger than any store
    (:class:`~jiading_cli.base.files.TooLarge`), an ``OSError`` as a missing file is (so the store is not used),
    never a read that waits, never ends or takes the memory of gigabytes. Nor is a store read through a
    symbolic link, where it goes or where the cache folder or a folder of it goes: that is no store of this site's
    cache (it may lead anywhere, and the compiled templates are code that is run)."""
    _own(path)
    found = files.read_own(path)
    if found is None:
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return found


def open_store(path: Path) -> int:
    """A descriptor of the regular file at ``path`` (its caller closes it); ``OSError`` as :func:`read_store`."""
    _own(path)
    found = files.open_own(path)
    if found is None:
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return found[0]


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write a whole file or nothing (``data``: the bytes, or a function writing them to the open file), making the
    folders it goes in first.

    A killed run's temporary file for ``path`` is removed first: at worst a run writing the same file at
    the same moment fails to store it, which costs that run's next build time, never a result. A symbolic link
    where the cache folder, or a folder of it, goes is not the cache: nothing is written or made through it (a
    store not kept, ``OSError``), since it may lead into the articles.
    """
    _not_linked(path)
    files.make_folders(path.parent)
    tempnames.remove_leftovers_of(path)
    files.write_atomic(path, data, mode=0o644)


def remove_store(path: Path) -> None:
    """Remove the store at ``path`` (a store out of date), when it is there and can be removed; as for
    :func:`write_atomic`, nothing is removed through a symbolic link where the cache folder or a folder of it goes,
    for it may lead outside the site (another site's cache, shared by a link)."""
    with suppress(OSError):
        _not_linked(path)
        path.unlink(missing_ok=True)


def _own(path: Path) -> None:
    """``OSError`` when ``path`` is reached through a symbolic link (:func:`_not_linked`) or is one."""
    _not_linked(path)
    if os.path.islink(path):  # noqa: PTH114 - False for what cannot be looked at, never an error
        raise OSError(errno.ELOOP, "a symbolic link is where the store goes", str(path))


def _not_linked(path: Path) -> None:
    """``OSError`` when the cache folder holding ``path``, or a folder of it on the way to ``path``, is a link."""
    top = next((parent for parent in path.parents if parent.name == DIR_NAME), None)
    linked = files.linked_on_the_way(top, path) if top is not None else None
    if linked is not None:
        raise OSError(errno.ELOOP, "a symbolic link is where the cache's folder goes", str(linked))
