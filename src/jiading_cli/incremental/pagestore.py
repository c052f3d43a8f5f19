"""Which pages of the output folder were made from which inputs: the pages' :class:`~jiading_cli.pages.reuse.Reuse`.

For each page (and each file articles name) the last ``jiading build`` wrote or kept: the key it was
made from (the page's own inputs,
salted with everything every page depends on: jiading's code, its templates and catalogues, the
libraries that shape a page, ``jiading.toml`` and the site's templates), its digest, and the size,
mtime, ctime and inode the file had once in place. A page is kept only when all of these still hold; anything else
makes it again. Beside them, what pages showed of each article (its teaser, its URL and page path, the
files it names), by the digest of the article's inputs (see ``pages.reuse``), and the digest of the
bytes of each file pages and assets were made from (an article's image, a file it names), by the file's
stat, for files that were settled when read (``pages.reuse.Files``). It also hands the pages
the digest of the bytes each article of this run was read from, as the article store gave it. The
store is one file per output folder in ``.jiading-cache/``, replaced whole and sealed by a CRC-32: a
damaged one is not used.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.base.blocks import blocks
from jiading_cli.base.files import open_regular
from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.incremental import keys as cache
from jiading_cli.incremental.articles import gc_paused
from jiading_cli.incremental.pagejournal import Changes, Journal, Noted, State, diff, diff_leads
from jiading_cli.model.article import Article
from jiading_cli.pages.reuse import Digests, View

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

    from jiading_cli.incremental.api import Made
    from jiading_cli.incremental.avoidance import Memo
    from jiading_cli.incremental.pagedelta import Fact, Plan
    from jiading_cli.pages.assets import Resolved
    from jiading_cli.pages.build import Shape


Entry = tuple[str, str, int, int, int, int]  # key, digest, and the file's size, mtime_ns, ctime_ns and inode
Stat = tuple[int, int, int, int]  # a file's size, mtime_ns, ctime_ns and inode


def salt(config: Config, preview: bool, templates: Sequence[str]) -> str:
    """Everything every page depends on besides its own inputs: the code and the libraries that shape a page
    (Jinja2, MarkupSafe, Babel, segno among them: :func:`~jiading_cli.incremental.keys.environment`), the
    config, the shipped theme and catalogues, the site's templates."""
    digest = hashlib.blake2b(cache.environment(), digest_size=20)
    digest.update(f"\0pages\0{preview}\0".encode())
    digest.update(cache.settings(config))
    shipped = Path(__file__).resolve().parent.parent
    theme = sorted((shipped / "pages" / "templates").glob("*")) + sorted((shipped / "data" / "messages").glob("*"))
    for path in [*theme, *map(Path, templates)]:
        digest.update(os.fsencode(f"\0{path}\0"))
        with suppress(OSError):  # a block at a time: a video left among the templates is never held whole
            opened = open_regular(path)  # never a FIFO put there since the folder was looked over: no wait
            if opened is not None:
                with os.fdopen(opened[0], "rb") as handle:
                    for block in blocks(handle.fileno(), opened[1].st_size):
                        digest.update(block)
    return digest.hexdigest()


class PageStore:
    """The pages' reuse for one output folder; :meth:`save` after the files are in place."""

    def __init__(
        self,
        config: Config,
        folder: Path,
        preview: bool,
        templates: Sequence[str],
        sources: Mapping[str, tuple[Article, bytes]],
        memo: Memo | None = None,
    ) -> None:
        self.folder = folder
        self.where = os.fspath(folder)
        self.prefix = self.where.rstrip("/") + "/"  # of a page's full path, as build avoidance names it
        self.sources = sources
        name = hashlib.blake2b(os.fsencode(f"{real(folder)}\0{preview}"), digest_size=8).hexdigest()
        self.file = cache.folder(config) / f"pages-{name}.pickle"
        self.salt = salt(config, preview, templates)
        self.config = config
        self.journal = Journal(self.file, self.salt)
        with gc_paused(freeze=True):  # tens of thousands of records, never looked at by the collector again
            found = self.journal.load() if cache.enabled() else State()
        self.entries: dict[str, Entry] = found.entries
        self.views: Noted[View] = Noted(found.views)  # changed in place by the pages: their changes noted
        self.facts: dict[str, Fact] = found.facts  # by article file (:mod:`.pagedelta`)
        self.loaded = found  # as loaded: every part but the views is replaced whole by :meth:`save`, never changed
        self.shape: Shape = found.shape  # of the site, as the last build made its pages
        self.resolved: Resolved = found.resolved  # where the files the articles name lead
        self.named: dict[str, Stat | tuple[()]] = found.named  # each, as the rules found it for these pages
        self.digests = Digests(found.digests)
        self.kept: dict[str, Entry] = {}  # the entries of the pages found in place this run
        self.read: dict[str, tuple[Article, bytes]] = {}  # by path: each article an incremental build read
        self.memo = memo  # the build's answers: the article files' stats, taken before it (None: no facts kept)
        self.templates = tuple(templates)  # the site's template files, whose stats follow the articles' in them
        self.trusted: dict[str, Stat] = {}  # files known unchanged since, by full path: their stat (``Stat``)
        self.looked: dict[str, Stat] = {}  # each page found in place by :meth:`known`, by path: its stat then
        self.compiled: BytecodeCache | None = None
        if cache.enabled():
            from jiading_cli.incremental.templates import Compiled

            self.compiled = Compiled(config)

    def plan(self, read: Mapping[str, tuple[Article, bytes]], gone: Collection[str]) -> Plan | None:
        """The articles of an incremental page build (:func:`.pagedelta.plan`), or None for a full one."""
        from jiading_cli.incremental.pagedelta import UNDECODED, plan

        lines = self._articles()
        if self.memo is None or lines is None:
            return None
        with gc_paused(freeze=True):  # a skeleton for every article, for the whole build
            try:
                found = plan(self.config, self.facts, self.shape, self.resolved, lines, read, gone)
            except UNDECODED:  # a fact of the wrong shape: the store is damaged, and a full build made
                return None
        if found is not None:
            self.read = found.sources
            self.trusted = self.memo.outputs_as_left()  # one look at every file, not a stat per page asked
        return found

    def known(self, path: str, key: str) -> str | None:
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        found = self.trusted.get(f"{self.prefix}{path}") if self.trusted else None
        if found is None:
            try:
                info = os.stat(os.path.join(self.where, path))  # strings: a Path per page costs more than its stat
            except OSError:
                return None
            found = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if found != entry[2:]:  # not the file left there: written since (its mtime put back, even), or replaced
            return None
        self.kept[path] = entry
        self.looked[path] = found
        return entry[1]

    def named_as_left(self, looked: Mapping[str, Stat | None]) -> bool:
        """Whether every file the articles name is as the rules found it for the pages in place (``looked``: as
        they found it in this run): a feed build in between may have checked a file changed since. A file no
        article named then (an added article's image) has no key nor lead kept to trust: it is looked at anyway,
        and does not make every other file looked at again. The pages' facts say the store was kept by a build that
        recorded these files: with none named then (a site of text alone), every file named now is such a file."""
        if not self.facts:
            return False
        kept = self.named
        return all(kept.get(path, found) == found for path, found in _named(looked).items())

    def stored(self, path: str) -> str | None:
        """The key the file at ``path`` was last recorded with."""
        entry = self.entries.get(path)
        return None if entry is None else entry[0]

    def source(self, article: Article) -> bytes | None:
        found = self.read.get(article.path) or self.sources.get(article.path)
        return found[1] if found is not None and found[0] is article else None

    def save(
        self,
        keys: Mapping[str, str],
        digests: Mapping[str, str],
        made: Made | None = None,
        placed: Mapping[str, Stat] | None = None,
    ) -> None:
        """Record each page of ``keys`` as it now lies in the folder (``digests``: of every file written or kept;
        ``placed``: the stat of each as the build put it in place, taken then), and with what the build
        ``made``, each article's fact for the next build's :meth:`plan` (a planned build writes only its
        changes)."""
        if not cache.enabled():
            return
        self._facts(made)
        incremental = made is not None and made.incremental
        kept = self.kept  # found in place this run, and left there unless made again
        key_of, digest_of = keys.get, digests.get
        entries = {
            path: entry for path, entry in kept.items() if key_of(path) == entry[0] and digest_of(path) == entry[1]
        }
        made_now: dict[str, Entry] = {}
        for path in keys.keys() - entries.keys():
            found = placed.get(path) if placed else None
            if found is None:
                try:
                    info = os.stat(os.path.join(self.where, path))
                except OSError:
                    continue
                found = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            made_now[path] = (keys[path], digests[path], *found)
        entries.update(made_now)
        # A full build looked up every file's digest it needs: the others are dropped. One that read a few
        # articles looked up theirs alone: the others' are kept.
        seen = {**self.digests.last, **self.digests.seen} if incremental else self.digests.seen
        named = _named(made.named) if made is not None else {}
        state = State(entries, self.views, seen, self.facts, self.resolved, named, self.shape)
        if not incremental:
            self.journal.save(state)
            return
        # What this build changed, each part as it knows it: the pages it made and those it no longer has, the
        # views it added and forgot, the facts it made anew (a fact kept is the very one loaded).
        was = self.loaded
        changes: Changes = {
            "entries": {
                **dict.fromkeys(was.entries.keys() - entries.keys()),
                **{path: entry for path, entry in made_now.items() if was.entries.get(path) != entry},
            },
            "views": self.views.changes(),
            "digests": diff(was.digests, seen),
            "facts": diff(was.facts, self.facts, identical=True),
            "resolved": diff_leads(was.resolved, self.resolved),
            "named": diff(was.named, named),
        }
        self.journal.save(state, changes)

    def _facts(self, made: Made | None) -> None:
        """Each article file's fact, as of this build (none without its articles or stats)."""
        from jiading_cli.incremental.pagedelta import facts_of

        found = self._articles(time.time_ns())  # a file changed too recently is read again next time
        if made is None or found is None or not made.articles:
            self.facts, self.shape, self.resolved = {}, ("", (), ()), {}
            return
        built = made.built
        self.facts, self.shape = facts_of(found, made.articles, built.records, self.facts), built.shape
        self.resolved = built.resolved

    def _articles(self, started: int | None = None) -> Sequence[str] | None:
        """The article files' stat lines of the build's answers (with ``started``, each file changed too recently
        marked unknown); None without answers, or when their last lines are not the site's templates'."""
        from jiading_cli.incremental.ledger.files import lines, name_of

        if self.memo is None:
            return None
        state = self.memo.state
        found = state.lines if started is None else lines(state, started)
        cut = len(found) - len(self.templates)
        if cut < 0 or tuple(name_of(line) for line in found[cut:]) != self.templates:
            return None
        return found[:cut]


def _named(looked: Mapping[str, Stat | None]) -> dict[str, Stat | tuple[()]]:
    """The stat of each file the articles name as the store keeps it: ``()`` for one not there (None is a
    removed key in a changes file)."""
    return {path: () if found is None else found for path, found in looked.items()}
