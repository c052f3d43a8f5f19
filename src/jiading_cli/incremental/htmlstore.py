"""Rendered HTML kept in the site's cache (``.jiading-cache/html/``): rendered once per change.

An entry is a hash of its HTML, a newline and the HTML, stored under a hash of everything rendering
reads (:func:`html_key`), so a stale entry is never found and a damaged one never passes. One
article's entry is a file of its own, ``<key>.html``. Many rendered at once (a full build's feeds)
go into one pack, ``<random>.pack``: the entries one after another, then an index of where each lies
and, in the last eight bytes, where the index starts. Creating a file is what costs most when much
has just been written, far more than writing the same bytes to one file (see benchmarks/RESULTS.md).
Entries and packs unused for 30 days are removed.

What a run knows of the folder (its packs' indexes, whether it was pruned, the thread writing entries)
is held by its :class:`HtmlStore`.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import UNREADABLE, dumps, safe_loads

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

KEEP_S = 30 * 86400  # an entry or pack unused this long is removed
PACK_MIN = 32  # entries stored at once that go into one pack
PACK_MAGIC = b"jiading html pack 1\n"
Where = tuple[Path, int, int]  # a pack, and where an entry lies in it


def html_key(config: Config, article: Article) -> str:
    site = config.site
    inputs = (
        keys.environment().hex(),
        os.fspath(config.root),
        site.base_url,
        site.permalink,
        site.timezone,
        site.articles_dir,
        config.markdown.unsafe_html,
        article.path,
        article.date.isoformat(),
        article.lang,
        article.slug,
        article.category,
        article.body,
    )
    return hashlib.blake2b(repr(inputs).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _check(encoded: bytes) -> bytes:
    return hashlib.blake2b(encoded, digest_size=16).hexdigest().encode()


def _entry(html: str) -> bytes:
    encoded = html.encode("utf-8")
    return _check(encoded) + b"\n" + encoded


def _used(path: Path) -> None:
    """Mark an entry or pack as used (its mtime), at most once in half the keeping time."""
    with suppress(OSError):
        if path.stat().st_mtime < time.time() - KEEP_S / 2:
            os.utime(path)


class HtmlStore:
    """The rendered HTML of one site, for one run."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.where = keys.folder(config) / "html"
        self.pruned = False
        self.packs: dict[str, Where] | None = None  # every entry of every pack, once read
        self.writer: _Writer | None = None

    def render(self, config: Config, article: Article) -> str:
        """``markdown.render_html``, stored: byte-identical, rendered once per change."""
        from jiading_cli.content.markdown import render_html

        path, html = self.stored(article)
        if html is None:
            html = render_html(config, article)
            self.store(path, html)
        return html

    def stored(self, article: Article) -> tuple[Path, str | None]:
        """Where ``article``'s rendered HTML is stored, and that HTML if it is stored whole (as a file or in a pack)."""
        path = self.where / f"{html_key(self.config, article)}.html"
        names = None if self.writer is None else self.writer.names
        data, source = b"", path
        if names is None or path.name in names:
            with suppress(OSError):
                data = path.read_bytes()
        if not data and (found := self._packs(names).get(path.stem)) is not None:
            source, data = found[0], _read_at(found)
        check, _, body = data.partition(b"\n")
        if not data or check != _check(body):
            return path, None
        _used(source)
        return path, body.decode("utf-8")

    def store(self, path: Path, html: str) -> None:
        """Store rendered HTML at ``path`` (from :meth:`stored`); on the writer's thread within :meth:`writing`."""
        self._prune()
        self._put(path, _entry(html))

    def store_many(self, entries: Sequence[tuple[Path, str]]) -> None:
        """Store the HTML of many articles (paths from :meth:`stored`): one pack when there are many."""
        if len(entries) < PACK_MIN:
            for path, html in entries:
                self.store(path, html)
            return
        self._prune()
        parts, index, at = [PACK_MAGIC], {}, len(PACK_MAGIC)
        for path, html in entries:
            data = _entry(html)
            index[path.stem] = (at, len(data))
            parts.append(data)
            at += len(data)
        parts += [dumps(index), at.to_bytes(8, "big")]
        self._put(self.where / f"{os.urandom(8).hex()}.pack", b"".join(parts))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Within the block, rendered HTML is stored on a thread; the block ends once all of it is written.

        For the block where many articles are rendered at once (a full build's feeds).
        """
        if self.writer is not None:
            yield
            return
        self.writer = _Writer(self.where)
        try:
            yield
        finally:
            writer, self.writer = self.writer, None
            writer.close()
            self.packs = None  # packs it wrote are read on the next look-up

    def _prune(self) -> None:
        """Once per run: remove entries and packs unused for 30 days (other versions' too)."""
        if self.pruned:
            return
        self.pruned = True
        limit = time.time() - KEEP_S
        with suppress(OSError), os.scandir(self.where) as found:
            for item in found:
                with suppress(OSError):
                    if item.name.endswith((".html", ".pack")) and item.stat().st_mtime < limit:
                        Path(item.path).unlink()

    def _put(self, path: Path, data: bytes) -> None:
        if self.writer is not None:
            self.writer.put(path, data)
            return
        with suppress(OSError):
            keys.write_atomic(path, data)
        self.packs = None  # read the packs again on the next look-up

    def _packs(self, names: set[str] | None) -> dict[str, Where]:
        """Where each entry of the folder's packs lies; ``names``: the folder as listed, or None to list it."""
        if self.packs is None:
            self.packs = {}
            if names is None:
                try:
                    names = set(os.listdir(self.where))  # noqa: PTH208 - names only, without a Path for each
                except OSError:
                    names = set()
            for name in sorted(names):
                if name.endswith(".pack"):
                    pack = self.where / name
                    self.packs.update((key, (pack, at, size)) for key, (at, size) in _index(pack).items())
        return self.packs


def _index(pack: Path) -> dict[str, tuple[int, int]]:
    """A pack's index; empty when the pack cannot be read or is not one."""
    try:
        with open(pack, "rb") as handle:
            if handle.read(len(PACK_MAGIC)) != PACK_MAGIC:
                return {}
            end = handle.seek(-8, os.SEEK_END)
            start = int.from_bytes(handle.read(8), "big")
            if not len(PACK_MAGIC) <= start <= end:
                return {}
            handle.seek(start)
            index = safe_loads(handle.read(end - start))
    except UNREADABLE:
        return {}
    found: dict[str, tuple[int, int]] = {}
    for key, place in index.items() if isinstance(index, dict) else ():
        if isinstance(key, str) and isinstance(place, tuple) and len(place) == 2:
            at, size = place
            if isinstance(at, int) and isinstance(size, int) and len(PACK_MAGIC) <= at and at + size <= start:
                found[key] = (at, size)
    return found


def _read_at(where: Where) -> bytes:
    pack, at, size = where
    try:
        with open(pack, "rb") as handle:
            handle.seek(at)
            return handle.read(size)
    except OSError:
        return b""


class _Writer:
    """Rendered HTML stored on a thread while feeds are made.

    Creating a file can take most of a millisecond when much has just been written (the article
    store); the thread waits for that instead. As a file being created holds its folder, the folder
    is listed once at the start and only entries and packs listed then are looked up (one created
    since is a miss: rendered again, never wrong). Each file is still written whole or not at all.
    """

    def __init__(self, where: Path) -> None:
        import queue
        import threading

        self.where = where
        try:
            self.names = set(os.listdir(where))  # noqa: PTH208 - names only, without a Path for each
        except OSError:
            self.names = set()
        self.queue: queue.SimpleQueue[tuple[Path, bytes] | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="jiading-html-writer")
        self.thread.start()

    def put(self, path: Path, data: bytes) -> None:
        self.queue.put((path, data))

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            with suppress(OSError):
                keys.write_atomic(*item)

    def close(self) -> None:
        """Wait until every entry put is written."""
        self.queue.put(None)
        self.thread.join()
