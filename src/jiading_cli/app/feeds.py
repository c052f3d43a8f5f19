"""One ``feed build`` that cannot be answered by build avoidance: validate, make, write, record.

It starts from the last build's ledger when it can (:mod:`.delta`), else validates every article and
makes every feed; either way it writes the same files. It returns what the command prints.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config
from jiading_cli.content.site import relative
from jiading_cli.feeds.write import MANIFEST, Outcome, write_all
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental.ledger.delta import Delta, Row, attempt, row_of
from jiading_cli.incremental.reuse import Reuse

if TYPE_CHECKING:
    from jiading_cli.app.validate import Report

COMMAND = "feed-build"


@dataclass
class Result:
    """What a build did: its files, or the report that stopped it (then nothing was written)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: int = 0
    changed: list[str] = field(default_factory=list)  # the URLs of files not left unchanged
    failed: Report | None = None


def _rows(config: Config, folder: Path, rows: Sequence[Row], outcome: Outcome) -> list[dict[str, Any]]:
    from jiading_cli.incremental.articles import Shower

    shown = Shower(config)  # site.relative, each folder resolved once
    return [
        {
            "feed": r.label,
            "kind": r.kind,
            "name": r.name,
            "format": r.fmt,
            "items": r.items,
            "path": shown(str(folder / r.path), False),
            "url": r.url,
            "status": outcome.status[r.path],
        }
        for r in rows
    ]


def _finish(
    config: Config, folder: Path, rows: Sequence[Row], outcome: Outcome, warnings: int
) -> tuple[Result, list[str]]:
    result = Result(_rows(config, folder, rows, outcome), warnings=warnings)
    result.removed = [relative(config, folder / name) for name in outcome.removed]
    result.changed = [r.url for r in rows if outcome.status[r.path] != "unchanged"]
    written = [str(folder / r.path) for r in rows] + [str(folder / MANIFEST)]
    return result, written


def build(
    config: Config, folder: Path, preview: bool, now: dt.datetime, state: memo.Inputs, names: Sequence[str]
) -> Result:
    """Build the feeds into ``folder``; ``state``: the article files as :func:`memo.inputs` found them."""
    from jiading_cli.feeds.build import for_preview
    from jiading_cli.incremental.articles import romanisations

    config = for_preview(config, folder) if preview else config

    reuse = Reuse(config, folder)
    delta = attempt(config, folder, preview, now, state, reuse)
    if delta is not None:
        return _incremental(config, folder, preview, now, state, delta, reuse)
    from jiading_cli.incremental.renderpool import helper

    with romanisations(config), helper(config, len(names)):  # forked before the articles are loaded
        return _full(config, folder, preview, now, state, names, reuse)


def _shown(config: Config) -> Any:
    return lambda p: relative(config, p)


def _incremental(
    config: Config, folder: Path, preview: bool, now: dt.datetime, state: memo.Inputs, delta: Delta, reuse: Reuse
) -> Result:
    from jiading_cli.incremental.ledger import model as ledgers
    from jiading_cli.incremental.ledger import store as record

    files = [(o.path, o.data) for o in delta.made]
    outcome = write_all(folder, files, preview=preview, shown=_shown(config), kept=delta.kept)
    reuse.save(files, outcome.digests)
    delta.settle(outcome.digests)
    ledger = delta.ledger
    result, written = _finish(config, folder, delta.rows, outcome, ledger.warnings)
    ledger.refs.update(delta.named)
    ledger.outputs = ledgers.stats(written)
    record.save(config, folder, preview, ledger, ledgers.lines(state, time.time_ns()))
    span = (ledger.since, ledger.until)
    memo.remember(config, COMMAND, state, now, span, ledger.refs, written, (result.rows, result.warnings))
    return result


def _full(
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    state: memo.Inputs,
    names: Sequence[str],
    reuse: Reuse,
) -> Result:
    from jiading_cli.app.validate import validate
    from jiading_cli.feeds.build import build_feeds
    from jiading_cli.incremental.htmlstore import html_writer
    from jiading_cli.incremental.ledger import model as ledgers
    from jiading_cli.incremental.ledger import store as record

    report = validate(config, now, every=names)
    if report.failed():
        return Result(failed=report)
    warnings: dict[str, int] = {}
    for problem in report.problems:
        if problem.severity == "warning":
            warnings[problem.path] = warnings.get(problem.path, 0) + 1
    total = sum(warnings.values())
    with html_writer(config):  # the articles in full-content feeds are rendered here, most of them anew
        built = build_feeds(
            config, report.articles, now, include_drafts=preview, reuse=reuse, depth=ledgers.depth(config)
        )
    files = [(o.path, o.data) for o in built.outputs]
    outcome = write_all(folder, files, preview=preview, shown=_shown(config))
    reuse.save(files, outcome.digests)
    result, written = _finish(config, folder, [row_of(o) for o in built.outputs], outcome, total)
    span = memo.window(report.articles, now)
    seen = record.Build(
        now=now,
        state=state,
        names=names,
        articles=report.articles,
        warnings=warnings,
        references=report.references,
        groups=built.groups,
        outputs=built.outputs,
        written=written,
        items=built.items,
        span=span,
        chosen=built.chosen,
        digests=outcome.digests,
        urls=report.urls or None,
    )
    record.record(config, folder, preview, seen, reuse)
    memo.remember(config, COMMAND, state, now, span, report.references, written, (result.rows, total))
    return result
