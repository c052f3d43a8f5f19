"""The one interface to everything jiading does only to be fast, and the slow, obvious way of doing it.

A command opens a :class:`Speed` once per run (:func:`open_cache`): a :class:`SiteCache` keeping what
it can in the site's ``.jiading-cache/``, or, with ``JIADING_CACHE=off``, a :class:`NoCache` that
loads every file in this process, checks every article and builds every feed in full. The core never
asks which it has: it is handed the pieces it takes (a loader, a store of rule results, the feed files
made before). Either way the outputs are the same bytes (tests/test_both_ways.py).

What a :class:`Speed` offers:

- ``article_names``: every article file of the site, each folder listed again only when it changed;
- ``load``: articles, from the article store, parsed in forked processes on a large cold load;
- ``results``: a keyed result store of the per-article rules;
- ``answers``: build avoidance, a whole run's answer recalled when nothing it read has changed;
- ``feed_state``: the feed ledger and the feed files made before, for an incremental feed build;
- ``page_state``: which pages of an output folder were made from which inputs, and the digest of each
  article's source as loaded in this run (what a page's quick key is made of);
- ``page_makers``: a large build's article pages made by forked processes beside this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jiading_cli.incremental import keys

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

    from jiading_cli.config import Config
    from jiading_cli.content.walk import Walk
    from jiading_cli.feeds.build import Stored
    from jiading_cli.feeds.write import Writer
    from jiading_cli.incremental.avoidance import Memo, Span
    from jiading_cli.incremental.ledger.delta import Delta
    from jiading_cli.incremental.ledger.store import Build
    from jiading_cli.incremental.pagedelta import Plan
    from jiading_cli.model.article import Article, Loaded
    from jiading_cli.pages.build import Built
    from jiading_cli.pages.makers import Makers
    from jiading_cli.pages.reuse import Digests, View
    from jiading_cli.validate.site import Derive, Results


class Answers(Protocol):
    """Build avoidance for one run of a command, its inputs taken before the run."""

    def recall(self, now: dt.datetime, shape: object = Any) -> Any:
        """The last answer's payload when nothing the run reads has changed and it is of ``shape`` (the payload's
        as its command declares it, ``pickles.fits``); else None."""

    def remember(
        self,
        now: dt.datetime,
        span: Span,
        references: Iterable[str],
        outputs: Iterable[str],
        payload: Any,
        placed: Mapping[str, tuple[int, int, int, int]] | None = None,
        looked: Mapping[str, tuple[int, int, int, int] | None] | None = None,
    ) -> None:
        """Store the answer: the files it was made from (``references``), the files the run wrote or kept
        (``outputs``, full paths), the ``payload``; ``placed``: the stat (size, mtime_ns, ctime_ns, inode) of
        outputs as the run put them in place or found them as they should be, by full path; ``looked``: the
        stat of references as the rules looked at them (None: nothing there), which the answer then stands on."""


Keep = Callable[[], None]  # what records a build, called once its files are in place


class FeedState(Protocol):
    """What a feed build into one folder keeps for the next: the feed files' keys and the ledger."""

    @property
    def reuse(self) -> Stored | None:
        """The feed files made before, by key (None: every file is made anew)."""

    @property
    def depth(self) -> int:
        """How many of each group's newest articles a full build hands to ``record``."""

    def attempt(self, now: dt.datetime) -> Delta | None:
        """The build made from the ledger and the changed files, or None when it must be a full one."""

    def settle(self, delta: Delta, names: Sequence[str], digests: dict[str, str], written: Iterable[str]) -> None:
        """Record an incremental build, once its files (``names``, relative paths) are in place."""

    def record(self, build: Build, names: Sequence[str], digests: dict[str, str]) -> Keep:
        """What a full build is recorded as, made now (the build then let go, its files' bytes with it); the call
        returned records it, once its files (``names``, relative paths) are in place."""


@dataclass(frozen=True, slots=True)
class Made:
    """A page build, as the next one plans with it."""

    articles: Sequence[Article]  # every article it had, beside the site's article files
    built: Built
    incremental: bool  # planned (``PageState.plan``): only its changes are written
    named: Mapping[str, tuple[int, int, int, int] | None]  # each file the articles name, as the rules found it


class PageState(Protocol):
    """Which pages of one output folder are in place, made from which inputs (see ``pages.reuse``)."""

    def known(self, path: str, key: str) -> str | None: ...

    @property
    def looked(self) -> Mapping[str, tuple[int, int, int, int]]:
        """The stat (size, mtime_ns, ctime_ns, inode) of each file :meth:`known` found in place, as it found it,
        by path relative to the folder."""

    def source(self, article: Article) -> bytes | None:
        """The digest of the bytes this very ``article`` was read from, when this run loaded it."""

    def stored(self, path: str) -> str | None:
        """The key the file at ``path`` was last recorded with (None: none)."""

    def named_as_left(self, looked: Mapping[str, tuple[int, int, int, int] | None]) -> bool:
        """Whether every file the articles name is as the rules found it when the pages in place were made
        (``looked``: each as they found it in this run)."""

    @property
    def views(self) -> MutableMapping[bytes, View]:
        """What pages showed of each article, by the digest of its inputs; kept for the next build."""

    @property
    def digests(self) -> Digests:
        """The digests of files' bytes by their stat, of files read settled (``pages.reuse.Files``)."""

    @property
    def compiled(self) -> BytecodeCache | None:
        """Where templates compiled by earlier builds are kept (None: each is compiled from its source)."""

    def plan(self, read: Mapping[str, tuple[Article, bytes]], gone: Collection[str]) -> Plan | None:
        """The articles of an incremental page build, after an incremental feed build that ``read`` those
        article files (each with the digest of its bytes) and found those ``gone``; None: a full build."""

    def save(
        self,
        keys: Mapping[str, str],
        digests: Mapping[str, str],
        made: Made | None = None,
        placed: Mapping[str, tuple[int, int, int, int]] | None = None,
    ) -> None:
        """Record the pages of ``keys`` as they now lie in the folder, once written (``placed``: the stat of each
        file as the build put it in place or found it so, by path; the others are looked at); with what the
        build ``made``, what the next build plans with."""


class NoPages:
    """No page kept: every page is made."""

    def __init__(self) -> None:
        from jiading_cli.pages.reuse import Digests

        self.views: dict[bytes, View] = {}
        self.digests = Digests()
        self.compiled: BytecodeCache | None = None
        self.looked: dict[str, tuple[int, int, int, int]] = {}

    def known(self, path: str, key: str) -> str | None:
        return None

    def source(self, article: Article) -> bytes | None:
        return None

    def stored(self, path: str) -> str | None:
        return None

    def named_as_left(self, looked: Mapping[str, tuple[int, int, int, int] | None]) -> bool:
        return False

    def plan(self, read: Mapping[str, tuple[Article, bytes]], gone: Collection[str]) -> Plan | None:
        return None

    def save(
        self,
        keys: Mapping[str, str],
        digests: Mapping[str, str],
        made: Made | None = None,
        placed: Mapping[str, tuple[int, int, int, int]] | None = None,
    ) -> None:
        pass


class Speed(Protocol):
    """Loading, keyed result stores, build avoidance and the feed ledger, for one run on one site."""

    def article_names(self) -> list[str]:
        """Every article file of the site, as :func:`~jiading_cli.content.site.article_names` gives them."""

    def walk(self) -> Walk:
        """:meth:`article_names`, and the symbolic links the walk did not follow, as
        :func:`~jiading_cli.content.site.walked` gives them: a link is looked at every run (never kept), so what
        a run says of the links is always as they are now."""

    def load(self, paths: Sequence[str | Path], derive: Derive | None = None) -> tuple[list[Loaded], dict[str, Any]]:
        """Every path loaded as ``site.load_file`` does; ``derive``'s results for the files parsed, by shown path."""

    def results(self) -> Results: ...

    def full_build(self, files: int) -> AbstractContextManager[None]:
        """The block of a full feed build of ``files`` article files (entered before they are loaded)."""

    def answers(self, command: str, options: Sequence[object], names: Sequence[str]) -> Answers:
        """Build avoidance for ``command``, its inputs taken now (before the run): the answers a run asks for
        share one stat of each file."""

    def feed_state(self, folder: Path, preview: bool, answers: Answers) -> FeedState: ...

    def page_state(self, folder: Path, preview: bool, templates: Sequence[str], answers: Answers) -> PageState:
        """The pages of ``folder``; ``answers``: the build's own (their stats of the article files are the ones
        an incremental page build compares)."""

    def page_makers(self, writer: Writer) -> Makers | None:
        """Who makes the article pages handed to ``writer``: with ``JIADING_JOBS`` above one, forked processes
        share a large build's; None: this process, each as it comes."""


def open_cache(config: Config) -> Speed:
    """The site's cache, or the slow, obvious way when ``JIADING_CACHE`` is off."""
    return SiteCache(config) if keys.enabled() else NoCache(config)


class NoAnswers:
    """No build avoidance: every run is made in full."""

    def recall(self, now: dt.datetime, shape: object = Any) -> Any:
        return None

    def remember(
        self,
        now: dt.datetime,
        span: Span,
        references: Iterable[str],
        outputs: Iterable[str],
        payload: Any,
        placed: Mapping[str, tuple[int, int, int, int]] | None = None,
        looked: Mapping[str, tuple[int, int, int, int] | None] | None = None,
    ) -> None:
        pass


class NoLedger:
    """No ledger and no feed files kept: every feed build is a full one, every file made anew."""

    reuse: Stored | None = None
    depth = 0

    def attempt(self, now: dt.datetime) -> Delta | None:
        return None

    def settle(self, delta: Delta, names: Sequence[str], digests: dict[str, str], written: Iterable[str]) -> None:
        pass

    def record(self, build: Build, names: Sequence[str], digests: dict[str, str]) -> Keep:
        return lambda: None


class NoCache:
    """The slow, obvious way: nothing kept, nothing shared, every file loaded and checked here."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def article_names(self) -> list[str]:
        from jiading_cli.content.site import article_names

        return article_names(self.config)

    def walk(self) -> Walk:
        from jiading_cli.content.site import walked

        return walked(self.config)

    def load(self, paths: Sequence[str | Path], derive: Derive | None = None) -> tuple[list[Loaded], dict[str, Any]]:
        from jiading_cli.content.site import load_all

        return load_all(self.config, [Path(path) for path in paths]), {}

    def results(self) -> Results:
        from jiading_cli.validate.site import Plain

        return Plain(self.config)

    def full_build(self, files: int) -> AbstractContextManager[None]:
        return nullcontext()

    def answers(self, command: str, options: Sequence[object], names: Sequence[str]) -> Answers:
        return NoAnswers()

    def feed_state(self, folder: Path, preview: bool, answers: Answers) -> FeedState:
        return NoLedger()

    def page_state(self, folder: Path, preview: bool, templates: Sequence[str], answers: Answers) -> PageState:
        return NoPages()

    def page_makers(self, writer: Writer) -> Makers | None:
        return None


class SiteCache:
    """Everything kept in the site's ``.jiading-cache/``, and the processes that share a large run's work."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.sources: dict[str, tuple[Article, bytes]] = {}  # by path: each article loaded, and its bytes' digest
        self.stats: dict[str, tuple[str, int]] = {}  # by path: each file's stat line and mtime, taken once

    def article_names(self) -> list[str]:
        from jiading_cli.incremental.listing import names

        return names(self.config)

    def walk(self) -> Walk:
        from jiading_cli.incremental.listing import walk

        return walk(self.config)

    def load(self, paths: Sequence[str | Path], derive: Derive | None = None) -> tuple[list[Loaded], dict[str, Any]]:
        from jiading_cli.incremental.articles import load

        loaded, derived = load(self.config, paths, derive)
        self.sources.update((item.path, (item.article, item.digest)) for item in loaded if item.article and item.digest)
        return loaded, derived

    def results(self) -> Results:
        from jiading_cli.incremental.checks import Checks

        return Checks(self.config)

    @contextmanager
    def full_build(self, files: int) -> Iterator[None]:
        from jiading_cli.incremental.romanise import romanisations

        with romanisations(self.config):
            yield

    def answers(self, command: str, options: Sequence[object], names: Sequence[str]) -> Memo:
        from jiading_cli.incremental.avoidance import Memo, inputs

        return Memo(self.config, command, inputs(self.config, command, options, names, self.stats))

    def feed_state(self, folder: Path, preview: bool, answers: Answers) -> FeedState:
        from jiading_cli.incremental.avoidance import Memo
        from jiading_cli.incremental.ledger.book import FeedLedger

        if not isinstance(answers, Memo):
            return NoLedger()
        return FeedLedger(self.config, folder, preview, answers.state)

    def page_state(self, folder: Path, preview: bool, templates: Sequence[str], answers: Answers) -> PageState:
        from jiading_cli.incremental.avoidance import Memo
        from jiading_cli.incremental.pagestore import PageStore

        memo = answers if isinstance(answers, Memo) else None
        return PageStore(self.config, folder, preview, templates, self.sources, memo)

    def page_makers(self, writer: Writer) -> Makers | None:
        from jiading_cli.incremental.pagejobs import PageJobs

        jobs = keys.jobs()
        return PageJobs(writer, jobs) if jobs > 1 else None
