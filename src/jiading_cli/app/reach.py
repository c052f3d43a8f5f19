"""`share --stats`: each recorded post's reactions, comments and shares, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.share import Outcome, Selection, connect, dump
from jiading_cli.config import Config
from jiading_cli.share.reach import Figures

if TYPE_CHECKING:
    from jiading_cli.share.network import Connection
    from jiading_cli.share.registry import Registry

COLUMNS = ("path", "network", "remote_id", "url", "reactions", "comments", "shares", "problem")


def _cell(value: int | None) -> str:
    return "—" if value is None else str(value)


def could_not(problem: str) -> str:
    """Why a post's figures were not read, as a row says it: "could not read" once, whatever words the problem came
    with (``--stats`` says ``not read: …``, a failed request ``could not read from …``)."""
    rest = problem
    while rest.startswith("not read: "):
        rest = rest.removeprefix("not read: ")
    return rest if rest.startswith("could not read") else f"could not read: {rest}"


def _table(rows: Sequence[Figures]) -> str:
    if not rows:
        return "no recorded post to read back\n"
    width = max(len(row.path) for row in rows)
    lines = [f"{'article':<{width}}  {'network':<8}  {'reactions':>9}  {'comments':>8}  {'shares':>6}"]
    for row in rows:
        if row.problem:
            lines.append(f"{row.path:<{width}}  {row.network:<8}  {could_not(row.problem)}")
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


@dataclass(frozen=True, slots=True)
class Standing:
    """How an article does on one network, for its share preview: its figures, or one line saying why none."""

    network: str
    figures: Figures | None
    note: str = ""  # "not posted yet", or why the network could not be read


def _reports_figures(config: Config, network: object) -> bool:
    """Whether ``network`` reads figures back (a mailbox reports nothing)."""
    asked = getattr(network, "reach_request", None)
    return callable(asked) and asked(config, "0") is not None


def _read(config: Config, registry: Registry, path: Path, name: str, env: Mapping[str, str]) -> Standing:
    """The figures of the article's post on ``name``, read now; one line saying why when they cannot be."""
    from jiading_cli.model.errors import JiadingError
    from jiading_cli.share.reach import figures

    def opened(network: str) -> Connection:
        return connect(config, registry, [network], env).connections[network]

    try:
        rows = figures(config, registry, [path], [name], opened)
    except JiadingError as exc:  # no secret, or a section the network cannot use
        return Standing(name, None, could_not(" ".join(exc.lines())))
    if not rows:
        return Standing(name, None, could_not("no answer"))
    if rows[0].problem:
        return Standing(name, None, could_not(rows[0].problem))
    return Standing(name, rows[0])


def standing(config: Config, registry: Registry, path: Path, env: Mapping[str, str]) -> list[Standing]:
    """Each network that reports figures, read now for the article at ``path`` as `share --stats` reads them.

    A network's failure (no secret, no answer within ``share.timeout``, an error) is its note, never raised.
    """
    from jiading_cli.content.site import load_file, unloaded
    from jiading_cli.share import records
    from jiading_cli.share.checks import unread_records

    loaded = load_file(config, path)
    article = loaded.article
    found = []
    for name in registry.names():
        if not _reports_figures(config, registry.get(name)):
            continue
        record = records.find(article.syndication, name) if article else None
        if article is None:  # its records unknown: never "not posted yet"
            found.append(Standing(name, None, could_not(unloaded(loaded))))
        elif (unread := unread_records(loaded)) is not None:
            found.append(Standing(name, None, could_not(unread)))
        elif record is None or not record.posted or not record.remote_id:
            found.append(Standing(name, None, "not posted yet"))
        else:
            found.append(_read(config, registry, path, name, env))
    return found
