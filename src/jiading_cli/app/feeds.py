"""``feed build``: answered by build avoidance when nothing it reads has changed, else built from the last
build's ledger when it can (an incremental build), else in full; either way it writes the same files.
It returns what the command prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.app.progress import SILENT, Progress
from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.incremental.api import Answers, FeedState, Speed, open_cache
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.feeds.joint import Joint
    from jiading_cli.feeds.ping import Ping as Ping
    from jiading_cli.feeds.write import Outcome
    from jiading_cli.incremental.avoidance import Span
    from jiading_cli.incremental.ledger.delta import Delta, Row
    from jiading_cli.model.article import Article
    from jiading_cli.model.errors import Problem
    from jiading_cli.validate.probe import Stat
    from jiading_cli.validate.report import Report

COMMAND = "feed-build"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """The articles a build leaves out of the feeds (and pages): drafts, and articles dated after now."""

    drafts: int = 0
    scheduled: int = 0

    @staticmethod
    def of(articles: Sequence[Article], now: dt.datetime) -> LeftOut:
        from jiading_cli.content.site import status

        states = [status(a, now) for a in articles]
        return LeftOut(states.count("draft"), states.count("scheduled"))


@dataclass
class Result:
    """What a build did: its files, or the report that stopped it (then nothing was written)."""

    out: str = ""  # the output folder, as shown
    rows: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # files the last build wrote, changed since by hand: left in place
    warnings: int = 0
    changed: list[str] = field(default_factory=list)  # the URLs of files not left unchanged
    failed: Report | None = None
    unfollowed: tuple[Problem, ...] = ()  # JD116 and JD117: the links the walk did not follow, the odd names
    pings: list[Ping] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)  # why the feeds still owed a ping could not be recorded
    left_out: LeftOut = field(default_factory=LeftOut)  # drafts and scheduled articles in no feed (none in a preview)
    report: Report | None = None  # what validation found, when this build validated the site (a full build)
    # An incremental build ran the rules on the changed articles alone (the others' results are its ledger's):
    # every file the articles name (and some they named before).
    named: tuple[str, ...] | None = None
    changes: Changed | None = None  # and the article files it read or saw gone
    # each file the articles name, with its stat as the rules found it (this build's or the last full one's, which
    # this one found holding; None: nothing there): a copy is made only of a file that still has it
    looked: Mapping[str, Stat | None] = field(default_factory=dict, repr=False)
    # the stat of each file as the build put it in place or found it so, by full path (``Outcome.placed``)
    placed: dict[str, tuple[int, int, int, int]] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class Changed:
    """The article files an incremental feed build read again (each article, with the digest of the bytes it
    was read from) or found gone, by file name; and the span its answer holds for (``avoidance.window``)."""

    read: dict[str, tuple[Article, bytes]]
    gone: frozenset[str]
    span: Span
    # every file the articles name was found as the last build left it (not one changed moments before its check)
    files_as_left: bool = True


def row_shape() -> object:
    """The shape of one feed file's row, as a stored answer keeps it."""
    from jiading_cli.incremental.shapes import Record

    return Record(dict, feed=str, kind=str, name=str, format=str, items=int, path=str, url=str, status=str)


def stored_shape() -> object:
    """The shape of a build's stored answer: its rows, its warnings, the drafts and scheduled articles left out."""
    from jiading_cli.incremental.shapes import Each, Fixed

    return Fixed(Each(list, row_shape()), int, int, int)


def output_folder(config: Config, out: str | None, preview: bool) -> Path:
    from jiading_cli.feeds.folder import output_folder as chosen

    return chosen(config, out, preview)


def ping_refused(config: Config, preview: bool) -> None:
    """Refuse ``--ping`` (of `feed build` and `build` alike) where nothing can be announced: a preview, or a site
    without a hub."""
    if preview:
        raise UsageError("--ping: a preview is never announced; leave out --include-drafts")
    if not config.feeds.websub_hub:
        raise UsageError("--ping: no WebSub hub; set websub_hub in the [feeds] table of jiading.toml")


def feed_build(
    config: Config, out: str | None, preview: bool, now: dt.datetime, ping: bool = False, progress: Progress = SILENT
) -> Result:
    """Build the feeds into ``out`` (default: ``site.output_dir``, or its preview folder); with ``ping``,
    tell the WebSub hub which files changed. ``progress`` is told of each step."""
    from jiading_cli.content.site import relative

    if ping:
        ping_refused(config, preview)
    from jiading_cli.app.validate import shut_out, unfollowed, with_unfollowed

    folder = output_folder(config, out, preview)
    speed = open_cache(config)
    walk = speed.walk()
    names = walk.names
    shut = shut_out(config, now, walk, speed, preview)  # a folder it could not read: nothing written (JD118)
    result = Result(failed=shut) if shut is not None else _built(speed, config, folder, preview, now, names, progress)
    if ping and result.failed is None:
        from jiading_cli.app.websub import announce  # once the files are in place

        announced = announce(config, result.rows)
        result.pings, result.unrecorded = announced.pings, announced.unrecorded
    result.out = relative(config, folder)
    if result.failed is not None:
        result.failed = with_unfollowed(config, result.failed, walk)  # its report, as `validate` gives it
    else:
        result.unfollowed = unfollowed(config, walk)  # this run's, never a stored answer's
    return result


def _built(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    progress: Progress,
) -> Result:
    """The build of the feeds: the stored one when nothing it reads has changed, else :func:`build`."""
    from jiading_cli.content.site import relative

    answers = speed.answers(COMMAND, (str(real(folder)), preview), names)
    stored = answers.recall(now, stored_shape())
    if stored is None:
        return build(speed, config, folder, preview, now, names, answers, progress)
    from jiading_cli.feeds.mark import tidy  # nothing the build reads has changed, and its files are as it left them

    tidy(folder, lambda p: relative(config, p))  # but a build killed since may have left temporary files
    result = Result(rows=[{**row, "status": "unchanged"} for row in stored[0]], warnings=stored[1])
    result.left_out = LeftOut(stored[2], stored[3])
    return result


def build(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    answers: Answers,
    progress: Progress = SILENT,
    joint: Joint | None = None,
) -> Result:
    """Build the feeds into ``folder``, from the ledger when it can; ``names``: the article files.

    With ``joint``, the files are staged there and go in place with another build's (``jiading build``'s pages):
    what the result says of the files removed and their stat, and what is recorded of them (the ledger, the
    stored answer), follow the joint's commit, and never come when it fails."""
    progress.step("looking for changed articles")
    state = speed.feed_state(folder, preview, answers)
    delta = state.attempt(now)
    if delta is not None:
        progress.step("writing changed feeds")
        return _incremental(config, folder, preview, now, delta, state, answers, len(names), joint)
    with speed.full_build(len(names)):  # before the articles are loaded
        return _full(speed, config, folder, preview, now, names, state, answers, progress, joint)


def _rows(config: Config, folder: Path, rows: Sequence[Row], outcome: Outcome) -> list[dict[str, Any]]:
    from jiading_cli.content.site import below

    shown = below(config, folder)
    return [
        {
            "feed": r.label,
            "kind": r.kind,
            "name": r.name,
            "format": r.fmt,
            "items": r.items,
            "path": shown(r.path),
            "url": r.url,
            "status": outcome.status[r.path],
        }
        for r in rows
    ]


def _finish(
    config: Config, folder: Path, rows: Sequence[Row], outcome: Outcome, warnings: int
) -> tuple[Result, list[str]]:

    result = Result(rows=_rows(config, folder, rows, outcome), warnings=warnings)
    result.changed = [r.url for r in rows if outcome.status[r.path] != "unchanged"]
    written = [str(folder / r.path) for r in rows] + [str(folder / name) for name in beside_feeds()]
    return result, written


def _placed(config: Config, folder: Path, result: Result, outcome: Outcome) -> None:
    """What a build's files are once in place: those removed, and the stat of each."""
    from jiading_cli.content.site import below

    result.removed = [*map(below(config, folder), outcome.removed)]
    result.left = [*map(below(config, folder), outcome.left)]
    result.placed = {str(folder / name): found for name, found in outcome.placed.items()}


def _then(joint: Joint | None, staged: tuple[Outcome, Any], record: Callable[[Outcome], object]) -> None:
    """``record`` with the outcome: now, when the files are in place; else once the joint's commit put them."""
    outcome, writer = staged
    if joint is None:
        record(outcome)
    else:
        joint.then(writer, record)


def beside_feeds() -> tuple[str, str]:
    """The files a feed build writes in its folder beside the feeds, which are no rows of its table: the
    stylesheet the RSS and Atom files name, and the manifest of what it wrote."""
    from jiading_cli.content.layout import STYLESHEET
    from jiading_cli.feeds.manifest import MANIFEST

    return STYLESHEET, MANIFEST


def _write(
    config: Config,
    folder: Path,
    preview: bool,
    files: list[tuple[str, bytes]],
    joint: Joint | None,
    rows: Sequence[Row],
    kept: dict[str, str] | None = None,
) -> tuple[Outcome, Any]:
    """The files written (or, with ``joint``, staged there: the outcome says what will happen to each), and the
    writer holding them (with ``joint``). Before any goes in place, the feeds of ``rows`` about to change are
    recorded as owed a WebSub ping (not in a preview): no stop after they change can lose one."""
    from jiading_cli.content.layout import STYLESHEET
    from jiading_cli.content.site import relative
    from jiading_cli.feeds.build import stylesheet_bytes
    from jiading_cli.feeds.write import Writer, Written

    files = [*files, (STYLESHEET, stylesheet_bytes())]  # the RSS and Atom files name it; not a row of the table

    def owe(outcome: Outcome) -> None:
        from jiading_cli.app.websub import owe as record

        if not preview:
            record(config, [r.url for r in rows], [r.url for r in rows if outcome.status[r.path] != "unchanged"])

    shown = lambda p: relative(config, p)  # noqa: E731 - one name for the two calls
    if joint is None:
        with Writer(folder, Written(preview, shown)) as alone:
            alone.keep(kept or {})
            for name, data in files:
                alone.put(name, data)
            owe(alone.ready())
            return alone.commit(), None
    writer = joint.hold(Written(preview, shown), files, kept)
    joint.first(writer, owe)
    return writer.ready(), writer


def _incremental(
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    delta: Delta,
    state: FeedState,
    answers: Answers,
    articles: int,
    joint: Joint | None = None,
) -> Result:
    files = [(o.path, o.data) for o in delta.made]
    staged = _write(config, folder, preview, files, joint, delta.rows, delta.kept)
    ledger = delta.ledger
    result, written = _finish(config, folder, delta.rows, staged[0], ledger.warnings)
    site = ledger.groups.get(("site", ""))
    if not preview and site is not None:
        left = max(0, articles - site.size)
        result.left_out = LeftOut(min(ledger.drafts, left), max(0, left - ledger.drafts))
    result.named, result.looked = tuple(ledger.refs), {**ledger.refs, **delta.named}
    read = {name: (article, delta.digests[name]) for name, article in delta.fresh.items()}
    result.changes = Changed(read, frozenset(delta.gone), (ledger.since, ledger.until), not delta.unsure)
    payload = (result.rows, result.warnings, result.left_out.drafts, result.left_out.scheduled)

    made = [name for name, _ in files]  # their bytes are not held while the pages are made

    def record(outcome: Outcome) -> None:
        _placed(config, folder, result, outcome)
        state.settle(delta, made, outcome.digests, written)
        refs = ledger.refs  # each with its stat as the rules found it, in this build or the last full one
        answers.remember(now, (ledger.since, ledger.until), refs, written, payload, result.placed, looked=refs)

    _then(joint, staged, record)
    return result


def _full(
    speed: Speed,
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    names: Sequence[str],
    state: FeedState,
    answers: Answers,
    progress: Progress = SILENT,
    joint: Joint | None = None,
) -> Result:
    from jiading_cli.app.validate import validate
    from jiading_cli.feeds.build import build_feeds
    from jiading_cli.incremental.avoidance import window
    from jiading_cli.incremental.ledger.delta import row_of
    from jiading_cli.incremental.ledger.store import Build
    from jiading_cli.validate.suppress import UNUSED

    report = validate(config, now, every=names, speed=speed, progress=progress, preview=preview)
    if report.failed():
        return Result(failed=report)
    warnings: dict[str, int] = {}
    for problem in report.problems:
        if problem.severity == "warning" and problem.code != UNUSED:  # unused suppressions: --strict only
            warnings[problem.path] = warnings.get(problem.path, 0) + 1
    total = sum(warnings.values())
    progress.step("making feeds")
    built = build_feeds(config, report.articles, now, include_drafts=preview, reuse=state.reuse, depth=state.depth)
    files = [(o.path, o.data) for o in built.outputs]
    progress.step("writing feed files")
    rows = [row_of(o) for o in built.outputs]
    staged = _write(config, folder, preview, files, joint, rows)
    result, written = _finish(config, folder, rows, staged[0], total)
    result.left_out = LeftOut() if preview else LeftOut.of(report.articles, now)
    result.report, result.looked = report, report.looked
    span = window(report.articles, now)
    seen = Build(
        now=now,
        names=names,
        articles=report.articles,
        warnings=warnings,
        references=report.references,
        looked=report.looked,
        named=report.named,
        groups=built.groups,
        outputs=built.outputs,
        written=written,
        items=built.items,
        span=span,
        chosen=built.chosen,
        digests=staged[0].digests,
        urls=report.urls or None,
    )
    # What the ledger keeps is made now, and the feeds' bytes and items let go: nothing of them is held while the
    # pages are made, until the ledger is kept once the files are in place.
    keep = state.record(seen, [name for name, _ in files], staged[0].digests)
    references, looked = report.references, report.looked
    result.report = replace(report, named=())  # read by the ledger alone: not held while the pages are made
    payload = (result.rows, total, result.left_out.drafts, result.left_out.scheduled)

    def record(outcome: Outcome) -> None:
        _placed(config, folder, result, outcome)
        keep()
        answers.remember(now, span, references, written, payload, result.placed, looked=looked)

    _then(joint, staged, record)
    return result
