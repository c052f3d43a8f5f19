"""`jiading serve`: the preview build, rebuilt when a file of the site changes, and what it serves.

A :class:`Session` builds the site as ``jiading build --include-drafts`` does, into the preview
folder (``{output_dir}-preview/``, never the deployed one), and again after each change
:func:`watch` sees. The build is the incremental one: feeds from the ledger, pages made again only
where their inputs changed, only files whose bytes changed written. A rebuild that fails keeps the
last good files and holds its problems for the page and the terminal; a failure of any kind never
ends the session. Share previews are made when asked for, from the articles of the last good build.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.heldfolder import Held
from jiading_cli.app.letgo import release
from jiading_cli.app.settings import load
from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.incremental.avoidance import Span, outside, window
from jiading_cli.model.article import Article
from jiading_cli.model.errors import JiadingError, Raced

if TYPE_CHECKING:
    from watchfiles import Change

    from jiading_cli.app.validate import Report

Clock = Callable[[], dt.datetime]
IGNORED_NAMES = frozenset({"__pycache__", "node_modules"})
BACKUPS = ("~", ".swp", ".swx", ".tmp")  # editors' backup and swap files
CACHE_NAME = ".jiading-cache"
SHARE_PREFIX = "/_jiading/share"
RACED_TRIES = 3  # builds of one rebuild, while each is overtaken by an edit of a file it read


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """What one rebuild did: how long it took, how many files it changed, the problems that stopped it."""

    seconds: float
    changed: int  # files new, changed or removed
    problems: tuple[str, ...]
    generation: int  # counts the rebuilds that changed a file
    warnings: int = 0
    trigger: tuple[str, ...] = ()  # the files whose change started it, relative to the site
    built: bool = True  # whether a good build stands in the preview folder (this one, or one before it)
    left: tuple[str, ...] = ()  # files the last build wrote, changed by hand since, left in place (site-relative)
    overtaken: bool = False  # each of its builds overtaken by an edit: nothing changed, built again when idle


class Unsettled(Raced):
    """An article file changed while a rebuild ran, once its files were in place: what the preview answers from is
    never a mix of two builds, so it is built again (``changed``: the files this one changed, told with the next)."""

    def __init__(self, changed: int) -> None:
        super().__init__("an article changed while the preview was rebuilt; built again")
        self.changed = changed


@dataclass(frozen=True, slots=True)
class Page:
    """An article page of the preview: its article, its status and the link to its share preview."""

    article: Article
    status: str  # published, draft or scheduled
    href: str
    digest: bytes = b""  # of the bytes of the article's file the build read (``Loaded.digest``)


@dataclass
class Index:
    """What the last good build holds: article pages by output file, RSS and Atom files, marked links."""

    pages: dict[str, Page] = field(default_factory=dict)
    articles: tuple[Article, ...] = ()
    feeds: frozenset[str] = frozenset()  # RSS and Atom files, relative to the preview folder
    marks: dict[str, str] = field(default_factory=dict)  # link to a draft's or scheduled article's page -> status
    number: int = 0  # counts the indexes the session made: each good rebuild's, whether or not it changed a file


class Session:
    """One `jiading serve`: the config, the preview folder, and the state of its last rebuild."""

    def __init__(self, config: Config, clock: Clock, env: Mapping[str, str] | None = None) -> None:
        from jiading_cli.feeds.folder import check_own_preview, chosen_folder

        self.config = config
        self.clock = clock
        self.env = os.environ if env is None else env  # the networks' secrets, for the figures of posted articles
        self.folder = chosen_folder(config, None, True)  # a loop of links on the way is the first rebuild's problem
        check_own_preview(config, self.folder, strict=True)  # a link, a file, a FIFO there: refused, exit 2
        self.opened = Held()  # the preview folders held open, the last one served
        self.hold()
        self.generation = 0
        self.problems: tuple[str, ...] = ()
        self.index = Index()
        self.span: Span = (None, None)  # the moments between which what the last rebuild showed holds (time passing)
        self.closing = False
        self.changes = threading.Condition()  # notified after each rebuild and when closing
        self.held = False  # whether the last rebuild's leftovers are still held (see :func:`release`)
        self.built = False  # whether the preview folder holds a good build of this session
        self.left = ("nothing", 0, 0, 0)  # what the last rebuild left in the preview folder's place (:meth:`standing`)
        self.followed: tuple[str, ...] = ()  # the links the last rebuild's walk of the articles followed
        self.overtaken: tuple[str, ...] | None = None  # a rebuild's trigger, while each of its builds was overtaken
        self.untold = 0  # files changed by builds overtaken once in place (:class:`Unsettled`), told with the next

    def hold(self) -> None:
        """Hold open the folder standing at the preview folder's place, if a folder (:class:`~.heldfolder.Held`)."""
        self.opened.hold(self.folder)

    def served(self) -> Path | None:
        """The folder the server serves: the last one the session made or found at the preview folder's place, never
        reached through a link put there since; None before there is one."""
        return self.opened.served(self.folder)

    def seen(self) -> tuple[Index, int]:
        """The last good build's index and the rebuild count, read together."""
        with self.changes:
            return self.index, self.generation

    def shown_folder(self) -> str:
        """The preview folder as the user sees it (relative to the site)."""
        from jiading_cli.content.site import relative

        return relative(self.config, self.folder)

    def rebuild(self, trigger: Iterable[str] = ()) -> Rebuilt:
        """Build the preview again; never raises for what the site holds."""
        self.settle()
        moment = self.clock()
        start = time.perf_counter()
        changed, warnings = 0, 0
        left: tuple[str, ...] = ()
        before = self.left
        self.overtaken = None
        placed = False  # whether a build went in place, whatever overtook it then
        for _ in range(RACED_TRIES):  # an edit overtook it (a file saved again as it was read): built again at once
            try:
                changed, warnings, problems, left = self._build(moment)
            except Raced as exc:  # no failure: the preview is as it was, and it is built again when the edits pause
                self.overtaken, problems = tuple(trigger), self.problems
                if isinstance(exc, Unsettled):
                    placed, self.untold = True, self.untold + exc.changed
                continue
            except JiadingError as exc:
                problems = tuple(exc.lines())
            except Exception as exc:  # noqa: BLE001  # a preview outlives any one failed rebuild; shown, not hidden
                problems = (f"internal error: {type(exc).__name__}: {exc}",)
            self.overtaken = None
            break
        self.hold()
        self.span = window(self.index.articles, moment)  # of what the preview shows: its last good build's articles
        if not problems and self.overtaken is None:
            changed, self.untold = changed + self.untold, 0
        with self.changes:
            if changed and not problems:
                self.generation += 1
            self.problems = problems
            # a good build stands in the preview folder: this one, or one before it whose folder is still there
            self.left = self.standing()
            self.built = (not problems and self.overtaken is None) or placed or (self.built and self.left == before)
            self.changes.notify_all()
            generation = self.generation
        self.held = True
        took = time.perf_counter() - start
        overtaken = self.overtaken is not None
        return Rebuilt(took, changed, problems, generation, warnings, tuple(trigger), self.built, left, overtaken)

    def _build(self, moment: dt.datetime) -> tuple[int, int, tuple[str, ...], tuple[str, ...]]:
        from jiading_cli.app import build
        from jiading_cli.app.feeds import output_folder
        from jiading_cli.app.validate import shut_out, unfollowed, unused_templates, validate, with_unfollowed
        from jiading_cli.incremental.api import open_cache

        config = load(self.config.root, str(self.config.path), moment.astimezone(dt.UTC).date())
        self.config = config
        self.folder = output_folder(config, None, True)  # `site.output_dir` may have changed: its preview now
        speed = open_cache(config)
        walk = speed.walk()
        names, self.followed = walk.names, walk.followed
        before = stats(config.root, names)  # the article files as the build is to find them
        shut = shut_out(config, moment, walk, speed, True)  # a folder it could not read (JD118): no rebuild
        result = (
            build.SiteResult(failed=shut) if shut is not None else build.build(config, self.folder, True, moment, names)
        )
        if result.failed is not None:
            if stats(config.root, names) != before:  # what it read was a save half done (truncated, not yet written)
                raise Raced("an article changed while the preview was rebuilt; built again")
            failed = with_unfollowed(config, result.failed, walk)
            errors = [p for p in failed.problems if p.severity == "error"]
            return 0, 0, tuple(p.render() for p in errors) or ("the build failed",), ()
        changed = sum(1 for row in [*result.feeds, *result.files] if row["status"] != "unchanged")
        feeds = [row["path"] for row in result.feeds if row["format"] in ("rss", "atom")]
        report = result.report
        if report is None:  # its pages made from what changed alone: every article loaded again, for the index
            report = validate(config, moment, every=names, preview=True)
            if stats(config.root, names) != before:  # one saved since (truncated, as editors save): not the build's
                raise Unsettled(changed + len(result.removed))
        self._index(config, moment, report, feeds)
        # the links the walk left out (JD116) and the templates no page uses (JD175) are warnings too, as `build`
        # says them: this run's own, from the site as it is now (never a stored answer's)
        warnings = result.warnings + len(unfollowed(config, walk)) + len(unused_templates(config))
        return changed + len(result.removed), warnings, (), tuple(result.left)

    def _index(self, config: Config, moment: dt.datetime, report: Report, feeds: list[str]) -> None:
        from jiading_cli.content.site import public_url, status
        from jiading_cli.feeds.sets import select
        from jiading_cli.pages.urls import link, output_file

        index = Index(articles=report.articles, number=self.index.number + 1)
        for article in select(report.articles, moment, True):
            url = public_url(config, article)
            path = output_file(config, url)
            if path is None:
                continue
            shown = status(article, moment)
            index.pages[path] = Page(article, shown, link(config, url), report.digests.get(article.path, b""))
            if shown != "published":
                index.marks[link(config, url)] = shown
        root = real(self.folder)
        index.feeds = frozenset(real(config.root / name).relative_to(root).as_posix() for name in feeds)
        with self.changes:
            self.index = index

    def share_page(self, path: str) -> bytes | None:
        """The share preview of the article whose page is ``path`` (:func:`~.sharepreview.share_page`)."""
        from jiading_cli.app.sharepreview import share_page

        return share_page(self, path)

    def share_index(self) -> bytes:
        """The page listing every article's share preview (:func:`~.sharepreview.share_index`)."""
        from jiading_cli.app.sharepreview import share_index

        return share_index(self)

    def settle(self) -> None:
        """Let go of what the last rebuild kept for the process (:func:`release`), once: when the watcher is idle
        after it, else before the next rebuild, so that no rebuild or reload waits for it."""
        if self.held:
            self.held = False
            release()

    def close(self) -> None:
        with self.changes:
            self.closing = True
            self.changes.notify_all()

    def standing(self) -> tuple[str, int, int, int]:
        """What stands where the preview folder goes: ``folder``, ``nothing``, or ``other`` (a file put in its place,
        a link to nothing, a name no file can have), with its device and inode and the inode of the build's manifest
        in it (0 for none): a folder made anew in its place (an empty one, which may get the inode of the one
        removed) is not the folder a build wrote, while one whose entries a failed rebuild made and removed (its
        temporary files, its mark of writing: a full disk) or whose mode changed still holds the last good build,
        which only a build's own rename of the manifest replaces."""
        import stat

        from jiading_cli.feeds.manifest import MANIFEST

        try:
            entry = self.folder.lstat()
        except FileNotFoundError:
            return ("nothing", 0, 0, 0)
        except (OSError, ValueError):
            return ("other", 0, 0, 0)
        try:
            found = self.folder.stat()
        except (OSError, ValueError):
            found = entry
        if not stat.S_ISDIR(found.st_mode):
            return ("other", found.st_dev, found.st_ino, 0)
        try:
            manifest = (self.folder / MANIFEST).lstat().st_ino
        except (OSError, ValueError):
            manifest = 0
        return ("folder", found.st_dev, found.st_ino, manifest)

    def damaged(self) -> bool:
        """Whether what stands at the preview folder's place is not what the last rebuild left there (removed by
        hand, a file put there, or put back): then it is built again, whatever that rebuild's problems."""
        return self.standing() != self.left

    def is_folder_entry(self, path: str) -> bool:
        """Whether ``path`` names the preview folder's own entry (not what is in it, not what a link there leads to)."""
        given, folder = Path(path), self.folder
        return real(given.parent) / given.name == real(folder.parent) / folder.name

    def unwatched(self) -> tuple[Path, ...]:
        """The folders whose changes are the session's own, by their full paths however nested: the preview
        folder, the deployed output folder (``site.output_dir``, ``out/public`` as well as ``public``) and the
        cache, unless a symbolic link stands where it goes: that is no cache (nothing is written through it), and
        where it leads (the articles, the site's folder) is watched as ever."""
        config = self.config
        cache = config.root / CACHE_NAME
        linked = os.path.islink(cache)  # noqa: PTH114 - False for what cannot be looked at, never an error
        folders = (self.folder, config.output_path) if linked else (self.folder, config.output_path, cache)
        return tuple(real(folder) for folder in folders)

    def relevant(self, path: str) -> bool:
        """Whether a change to ``path`` can change the preview: not in a folder :meth:`unwatched` names,
        a hidden folder (``.git``), ``__pycache__`` or ``node_modules``; not an editor's backup."""
        target = Path(path)
        here = real(target)
        try:
            parts = here.relative_to(real(self.config.root)).parts
        except ValueError:
            return False
        if not parts or any(skipped(part) for part in parts):
            return False
        if any(here.is_relative_to(folder) for folder in self.unwatched()):
            return False
        return not target.name.endswith(BACKUPS)


def stats(root: Path, names: Sequence[str]) -> list[tuple[int, int, int, int] | None]:
    """Each file's inode, size and times, following links (None: none to be had): a save, however done, moves them."""
    found: list[tuple[int, int, int, int] | None] = []
    for name in names:
        try:
            info = os.stat(os.path.join(root, name))  # noqa: PTH116, PTH118 - strings: a third of the time of Paths
            found.append((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        except (OSError, ValueError):
            found.append(None)
    return found


def skipped(name: str) -> bool:
    """Whether a folder or file of this name is never watched: hidden ones (``.git``), ``__pycache__``,
    ``node_modules``."""
    return name.startswith(".") or name in IGNORED_NAMES


def watch(
    session: Session,
    told: Callable[[Rebuilt], None],
    ready: Callable[[], None],
    stop: threading.Event | None = None,
    warned: Callable[[str], None] = lambda _: None,
    notify: Callable[..., Iterator[set[tuple[Change, str]]]] | None = None,
) -> None:
    """Rebuild after each batch of changes to the site's files, telling ``told``; returns when ``stop`` is
    set. Ctrl-C raises KeyboardInterrupt here. ``ready`` is called once the watcher runs, after a rebuild
    that catches what changed since the last one (told only when it changed a file or failed). The system's
    watcher (``notify``) failing, however it fails, is told once to ``warned``; the site is then looked over
    every second (:mod:`jiading_cli.app.polling`), after a rebuild that catches what changed meanwhile."""
    from jiading_cli.app import changes, polling

    root = session.config.root

    def chosen(change: object, path: str) -> bool:
        if session.relevant(path):
            return True
        # the preview folder's own entry removed, or something else in its place: built again, whatever the problems
        # of the last rebuild; what a rebuild itself did there (a failed first one makes the folder and removes it,
        # a good one writes in it) is what it left, and starts nothing
        return session.is_folder_entry(path) and session.damaged()

    pages = session.config.pages

    def links() -> tuple[Path, ...]:  # what may be a link leading out of the site
        return (session.config.articles_path, *map(Path, session.followed))

    linked_out = polling.Outside(root, pages.templates_dir if pages.enabled else None, links)
    folders = changes.Folders(root, session.unwatched, skipped)

    def named(batch: Iterable[tuple[object, str]]) -> list[str]:  # read before the batch's folders are updated
        names = changes.named(root, batch, folders)
        folders.update(batch)
        return names

    waiting = True
    for batch in polling.batches(root, session.unwatched, skipped, chosen, stop, warned, notify):
        if waiting or batch is polling.CAUGHT_UP:
            before = session.problems
            caught = session.rebuild(named(batch))
            if caught.changed or caught.problems != before:  # the first build's problems are told once
                told(caught)
            if waiting:
                ready()
            waiting = False
        elif batch:
            told(session.rebuild(named(batch)))
        elif session.overtaken is not None:  # the edits that overtook the last rebuild have paused: built again
            again = session.rebuild(session.overtaken)
            if not again.overtaken:  # told once while edits go on overtaking it
                told(again)
        elif outside(session.span, session.clock()):  # a scheduled article's time came: the preview shows it out
            told(session.rebuild())
        elif linked := linked_out.changed():  # a template or an article reached through a link out of the site
            told(session.rebuild(linked))
        else:  # nothing changed for a while
            session.settle()
