"""`share --stats`: each recorded post's reactions, comments and shares, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from jiading_cli.app.share import Outcome, Selection, connect, dump
from jiading_cli.config import Config

if TYPE_CHECKING:
    from jiading_cli.share.network import Connection
    from jiading_cli.share.reach import Figures
    from jiading_cli.share.registry import Registry

COLUMNS = ("path", "network", "remote_id", "url", "reactions", "comments", "shares", "problem")


def _cell(value: int | None) -> str:
    return "—" if value is None else str(value)


def _table(rows: Sequence[Figures]) -> str:
    if not rows:
        return "no recorded post to read back\n"
    width = max(len(row.path) for row in rows)
    lines = [f"{'article':<{width}}  {'network':<8}  {'reactions':>9}  {'comments':>8}  {'shares':>6}"]
    for row in rows:
        if row.problem:
            lines.append(f"{row.path:<{width}}  {row.network:<8}  could not read: {row.problem}")
            continue
        counts = f"{_cell(row.reactions):>9}  {_cell(row.comments):>8}  {_cell(row.shares):>6}"
        lines.append(f"{row.path:<{width}}  {row.network:<8}  {counts}")
    return "\n".join(lines) + "\n"


def _csv(rows: Sequence[Figures]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if value is None else value for value in asdict(row).values()])
    return out.getvalue()


def stats(
    config: Config, registry: Registry, chosen: Selection, names: Sequence[str], env: Mapping[str, str], fmt: str
) -> Outcome:
    """Read back every recorded post of the chosen articles; ``fmt`` is text, json or csv."""
    from jiading_cli.share.reach import figures

    def opened(name: str) -> Connection:
        return connect(config, registry, [name], env).connections[name]

    rows = figures(config, registry, chosen.paths, names, opened)
    failed = any(row.problem for row in rows)
    if fmt == "json":
        return Outcome(dump({"posts": [asdict(row) for row in rows]}), failed=failed)
    if fmt == "csv":
        return Outcome(_csv(rows), failed=failed)
    return Outcome(_table(rows), failed=failed)
