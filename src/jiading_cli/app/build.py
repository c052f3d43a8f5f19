"""`jiading build`: the whole site into the output folder — feeds, pages, sitemap and assets.

The feeds are built as ``feed build`` builds them (with its build avoidance and ledger); the pages
and the files articles name are then written by the same atomic, minimal writer under a manifest of
their own, so each build removes only what it wrote itself and unchanged files are never touched.
A page made from the same inputs as the last build's is left in place (the speed's page state).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.app.feeds import LeftOut
from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.content.layout import PAGES_MANIFEST as PAGES_MANIFEST
from jiading_cli.content.site import below, relative
from jiading_cli.incremental.api import Answers, Made, PageState, Speed, open_cache
from jiading_cli.model.errors import JiadingError, cannot

if TYPE_CHECKING:
    from jiading_cli.app.feeds import Changed
    from jiading_cli.app.feeds import Result as Feeds
    from jiading_cli.feeds.joint import Joint
    from jiading_cli.feeds.write import Outcome, Writer
    from jiading_cli.incremental.avoidance import Span
    from jiading_cli.model.article import Article
    from jiading_cli.model.errors import Problem
    from jiading_cli.pages.build import Built, Known
    from jiading_cli.pages.makers import Makers
    from jiading_cli.validate.probe import Stat
    from jiading_cli.validate.report import Report
    from jiading_cli.validate.single import Seen

COMMAND = "site-build"


@dataclass
class SiteResult:
    """What a site build did: the feed files, the page and asset files, or the report that stopped it."""

    feeds: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)  # path, kind (page or asset), status
    removed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # files the last build wrote, changed since by hand: left in place
    warnings: int = 0
    failed: Report | None = None
    report: Report | None = None  # what validation found, when the build went through
    unfollowed: tuple[Problem, ...] = ()  # JD116 and JD117: the links the walk did not follow, the odd names
    out: str = ""  # the output folder, as shown
    left_out: LeftOut = field(
        default_factory=LeftOut
    )  # drafts and scheduled articles without a page or feed item (none in a preview)
    written: list[str] = field(default_factory=list, repr=False)  # the pages and assets, relative to the folder
    span: Span | None = None  # while its answer holds (``avoidance.window``); None: not known
    references: tuple[str, ...] = ()  # the files the articles name
    # each with its stat as the rules found it (None: nothing there): copied only while it still has it
    looked: Mapping[str, Stat | None] = field(default_factory=dict, repr=False)
    # the stat of each file (feed, page, asset) as the build put it in place or found it so, by full path
    # (``Outcome.placed``)
    placed: dict[str, tuple[int, int, int, int]] = field(default_factory=dict, repr=False)


def site_build(config: Config, out: str | None, preview: bool, now: dt.datetime) -> SiteResult:
    """Build the site into ``out`` (default: ``site.output_dir``, or its preview folder)."""
    from jiading_cli.app.feeds import output_folder
    from jiading_cli.app.validate import shut_out, unfollowed, unused_templates, with_unfollowed

    folder = output_folder(config, out, preview)
    speed = open_cache(config)
    walk = speed.walk()
    shut = shut_out(config, now, walk, speed, preview)  # a folder it could not read: nothing written (JD118)
    result = SiteResult(failed=shut) if shut is not None else build(config, folder, preview, now, walk.names)
    result.out = relative(config, folder)
    unused = unused_templates(config)  # a misspelt override, which no page takes (JD175)
    if result.failed is not None:  # its report, as `validate` gives it
        failed = with_unfollowed(config, result.failed, walk)
        result.failed = replace(failed, problems=tuple(sorted([*failed.problems, *unused])))
    else:
        result.unfollowed = (*unfollowed(config, walk), *unused)  # this run's, never a stored answer's
    return result


def _templates(config: Config) -> list[str]:
    """The site's own template files: a build reads them, so they key its stored answer."""
    from jiading_cli.base.realpath import standing
    from jiading_cli.pages.theme import site_names

    folder = config.root / config.pages.templates_dir
    if folder.is_dir():  # read only to make pages
        return site_names(folder, config.root) if config.pages.enabled else []
    found = standing(folder)  # a file, a broken link, a loop on the way...: the site's templates left out unsaid
    if found is not None:
        raise JiadingError(
            f"{relative(config, folder)}: expected the folder of the site's templates (pages.templates_dir), "
            f"found {found}; remove it or change pages.templates_dir"
        )
    return []


def build(config: Config, folder: Path, preview: bool, now: dt.datetime, names: Sequence[str]) -> SiteResult:
    """Build feeds, then pages and assets (pages only when ``[pages] enabled``) into ``folder``.

    When nothing the last build read has changed and its files are as it left them, its answer is reused
    (build avoidance, as for ``feed build``).
    """
    speed = open_cache(config)
    templates = _templates(config)
    answers = speed.answers(COMMAND, (str(real(folder)), preview), [*names, *templates])
    stored = answers.recall(now, _stored_shape())
    if stored is not None:  # nothing the build reads has changed, and its files are as it left them
        from jiading_cli.feeds.manifest import MANIFEST
        from jiading_cli.feeds.mark import tidy

        for manifest in (MANIFEST, PAGES_MANIFEST):  # but a build killed since may have left temporary files
            tidy(folder, lambda p: relative(config, p), manifest)
        feeds, (paths, kinds), warnings, drafts, scheduled = stored
        shown = zip(_split(paths), kinds, strict=True)
        files = [{"path": path, "kind": kind, "status": "unchanged"} for path, kind in shown]
        return SiteResult(feeds, files, warnings=warnings, left_out=LeftOut(drafts, scheduled))
    result = _build(speed, config, folder, preview, now, names, templates, answers)
    if result.failed is None and result.span is not None:
        from jiading_cli.feeds.manifest import MANIFEST, read_manifest

        written = [*read_manifest(folder), MANIFEST, *sorted(result.written), PAGES_MANIFEST]  # in any order made
        feeds = [{**row, "status": "unchanged"} for row in result.feeds]  # as the next build shows them
        table = ("\0".join(row["path"] for row in result.files), [row["kind"] for row in result.files])
        payload = (feeds, table, result.warnings, result.left_out.drafts, result.left_out.scheduled)
        where = os.fspath(folder).rstrip("/") + "/"  # strings: a Path per file costs more than its stat
        outputs = [where + name for name in written]
        answers.remember(now, result.span, result.references, outputs, payload, result.placed, result.looked)
    return result


def _stored_shape() -> object:
    """The shape of a site build's stored answer: the feed rows, the files (their paths joined by NUL, and each
    one's kind), the warnings, the drafts and scheduled articles left out."""
    from jiading_cli.app.feeds import row_shape
    from jiading_cli.incremental.shapes import Each, Fixed

    return Fixed(Each(list, row_shape()), Fixed(str, Each(list, str)), int, int, int)


def _split(paths: str) -> list[str]:
    return paths.split("\0") if paths else []


def _feeds(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    joint: Joint,
) -> tuple[SiteResult, Changed | None, Feeds | None]:
    """The feeds, built as ``feed build`` builds them and staged in ``joint``; with the validation report when
    that build made one.

    Beside them, when the feed build was incremental (its rules ran on the changed articles alone and found
    no error): the files it read and found gone, and in the result, the files the articles name; else None.
    Last, the feed build's own result, whose files removed and stats come once the joint's commit is done.
    """
    from jiading_cli.app import feeds

    answers = speed.answers(feeds.COMMAND, (str(real(folder)), preview), names)
    stored = answers.recall(now, feeds.stored_shape())
    if stored is not None:
        return SiteResult(feeds=[{**row, "status": "unchanged"} for row in stored[0]], warnings=stored[1]), None, None
    made = feeds.build(speed, config, folder, preview, now, names, answers, joint=joint)
    result = SiteResult(feeds=made.rows, warnings=made.warnings, failed=made.failed)
    result.report, result.left_out, result.references = made.report, made.left_out, made.named or ()
    result.looked = made.looked
    made.report = None  # the site build's result holds it: what the pages take out of it is let go as they go
    return result, made.changes, made


def _copy(writer: Writer, name: str, source: Path, config: Config, checked: frozenset[Stat]) -> None:
    """Put a file an article names at ``name``, as it is now, a block at a time: opened without blocking, so that
    one made a FIFO or a device since it was validated is an error line, never a read that waits for a writer or
    never ends. Only while it has a stat the rules found a named file with (``checked``): one changed since its
    check, however soon, is an error line, and no build publishes bytes the rules did not see."""
    from jiading_cli.base.blocks import SourceChanged
    from jiading_cli.model.errors import Raced

    try:
        writer.put_file(name, source, checked)
    except SourceChanged:
        shown = relative(config, source)
        raise Raced(f"{shown}: changed while the build ran, after it was checked; build again") from None
    except OSError as exc:
        gone = isinstance(exc, FileNotFoundError)
        reason = OSError("it is gone since the articles were validated") if gone else exc
        raise JiadingError(cannot(relative(config, source), reason, "read")) from None


def _build(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    templates: Sequence[str],
    answers: Answers,
) -> SiteResult:
    """The feeds, then the pages: from the changed articles alone when the feeds' build was incremental and the
    page store can say what every other article's page is (``PageState.plan``), else from every article.

    Every file is staged before any goes in place (:class:`~jiading_cli.feeds.joint.Joint`): a build that fails
    leaves the output folder as it was, and records nothing."""
    from jiading_cli.feeds.joint import Joint
    from jiading_cli.feeds.manifest import MANIFEST

    with Joint(folder, lambda p: relative(config, p), (MANIFEST, PAGES_MANIFEST)) as joint:
        result, changes, made = _feeds(speed, config, folder, preview, now, names, joint)
        if result.failed is not None:
            return result
        result = _site(speed, config, folder, preview, now, names, templates, answers, joint, result, changes)
    if made is not None:  # the feeds are in place: what they removed, and their stat
        result.removed[:0] = made.removed
        result.left[:0] = made.left
        result.placed = {**made.placed, **result.placed}
    return result


def _site(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    templates: Sequence[str],
    answers: Answers,
    joint: Joint,
    result: SiteResult,
    changes: Changed | None,
) -> SiteResult:
    """The pages and assets, staged beside the feeds in ``joint`` and put in place with them."""
    from jiading_cli.incremental.pagedelta import UNDECODED
    from jiading_cli.pages.build import Stale

    pages = speed.page_state(folder, preview, templates, answers)
    # A named file changed since the pages in place were made (a feed build in between checked it): where it leads
    # may have changed with it (a link's is its target's path), which the pages naming it show and their records do
    # not say, so every page is keyed again (a full page build).
    left = changes is not None and changes.files_as_left and pages.named_as_left(result.looked)
    plan = None if result.report is not None or changes is None or not left else pages.plan(changes.read, changes.gone)
    articles: Sequence[Article] = ()
    if plan is not None and changes is not None:
        try:
            written = _write(speed, config, folder, now, preview, plan.articles, pages, result, joint, plan.known)
        except Stale:  # a page is not as the last build left it, or the site's shape changed: every article
            plan = None
        except UNDECODED:  # a fact of the page store of the wrong shape (a damaged store): every article
            plan = None
        else:
            articles, result.span = plan.articles, changes.span
    if plan is None:
        report = _report(speed, config, now, names, result, changes is not None, preview)
        if report.failed():
            return SiteResult(failed=report)
        seen = dict(zip((a.path for a in report.articles), report.seen, strict=True)) if report.seen else None
        # taken out by the pages as they use them: none is held while the pages are made
        report = result.report = replace(report, seen=())
        result.looked = report.looked
        written = _write(speed, config, folder, now, preview, report.articles, pages, result, joint, seen=seen)
        from jiading_cli.incremental.avoidance import window

        articles, result.span, result.references = report.articles, window(report.articles, now), report.references
        result.left_out = LeftOut() if preview else LeftOut.of(report.articles, now)
    kinds, outcome, keys, built = written
    made = Made(articles, built, incremental=plan is not None, named=result.looked)
    pages.save(keys, outcome.digests, made, outcome.placed)
    shown = below(config, folder)
    status = outcome.status
    result.files = [{"path": shown(name), "kind": kinds[name], "status": status[name]} for name in sorted(kinds)]
    result.removed += [shown(name) for name in outcome.removed]
    result.left += [shown(name) for name in outcome.left]
    result.written = list(outcome.digests)
    where = os.fspath(folder).rstrip("/") + "/"  # as the stored answer names its outputs
    result.placed.update((where + name, found) for name, found in outcome.placed.items())
    return result


def _report(
    speed: Speed,
    config: Config,
    now: dt.datetime,
    names: Sequence[str],
    result: SiteResult,
    incremental: bool,
    preview: bool,
) -> Report:
    """The site's validation report: the feeds' full build's, or every article loaded when an ``incremental``
    one checked the changed ones, or the site validated now."""
    from jiading_cli.app.validate import checked, validate

    report = result.report  # the feeds' full build validated the site; an incremental one, what changed
    if report is None and incremental:
        report = checked(speed, names, result.references, result.looked)
    return report or validate(config, now, every=names, speed=speed, preview=preview)


def _write(
    speed: Speed,
    config: Config,
    folder: Path,
    now: dt.datetime,
    preview: bool,
    articles: Sequence[Article],
    pages: PageState,
    result: SiteResult,
    joint: Joint,
    known: Known | None = None,
    seen: dict[str, Seen] | None = None,
) -> tuple[dict[str, str], Outcome, dict[str, str], Built]:
    """Write the pages and assets: each kind by path, what happened to each file, each page's or asset's key.

    An asset whose source file has the identity it had when the file in place was copied from it (its real
    path and the digest of its bytes, known by its stat when it was settled: ``pages.reuse.Files``) is left
    in place unread, as a page made from the same inputs is. In an incremental build (``known``: made only when
    every file the articles name is as the pages in place found it), an asset the last build recorded keeps its
    key.
    ``seen``: what the pages take from each article's validation, by path (its URL and the files it names).
    """
    from jiading_cli.content.layout import STYLESHEET
    from jiading_cli.feeds.manifest import MANIFEST
    from jiading_cli.feeds.mark import MARK
    from jiading_cli.feeds.write import Written
    from jiading_cli.pages.assets import Taken, naming
    from jiading_cli.pages.reuse import Files, key_of

    with joint.writer(Written(preview, lambda p: relative(config, p), PAGES_MANIFEST)) as writer:
        makers = speed.page_makers(writer)
        made = _pages(config, articles, now, preview, pages, writer, makers, known, seen, result.looked)
        kinds = dict.fromkeys([*made.made, *made.kept], "page")
        kept, keys = dict(made.kept), dict(made.keys)
        shown = below(config, folder)  # as the feeds' rows show their paths
        feeds = {row["path"] for row in result.feeds} | {shown(STYLESHEET)}
        files = Files(pages.digests)
        checked = frozenset(found for found in result.looked.values() if found is not None)
        own = [shown(name + mark) for name in (MANIFEST, PAGES_MANIFEST) for mark in ("", MARK)]
        taken = Taken([*map(shown, kinds), *feeds], own)  # each as the feeds' rows show it
        for asset in made.assets:
            clash = taken.clash(shown(asset.path))
            if clash is not None:
                source = relative(config, Path(asset.source))
                where = naming(config, articles, asset)
                said = f"{source}: a file an article names" if where is None else f"{where} names {source}, which"
                raise JiadingError(f"{said} would be published at {shown(asset.path)}, {clash}; rename the file")
            kinds[asset.path] = "asset"
            stored = pages.stored(asset.path) if known is not None else None
            key = keys[asset.path] = stored or key_of("asset", files.identity(asset.source))
            digest = pages.known(asset.path, key)
            if digest is None:
                _copy(writer, asset.path, Path(asset.source), config, checked)
            else:
                kept[asset.path] = digest
        writer.keep(kept, pages.looked)
        return kinds, joint.commit(writer)[0], keys, made


def _pages(
    config: Config,
    articles: Sequence[Article],
    now: dt.datetime,
    preview: bool,
    pages: PageState,
    writer: Writer,
    makers: Makers | None,
    known: Known | None,
    seen: dict[str, Seen] | None = None,
    looked: Mapping[str, Stat | None] | None = None,
) -> Built:
    """The pages, each written as it is made (when ``[pages] enabled``), and the assets the articles name;
    article pages by ``makers``."""
    from jiading_cli.content.markdown import render_html
    from jiading_cli.feeds.sets import select
    from jiading_cli.pages.assets import assets
    from jiading_cli.pages.build import Built, build_pages

    if config.pages.enabled:
        return build_pages(config, articles, now, render_html, writer.put, preview, pages, makers, known, seen, looked)
    chosen = select(articles, now, preview)
    return Built([], assets(config, chosen, frozenset(a.path for a in articles), looked=looked), {}, {})
