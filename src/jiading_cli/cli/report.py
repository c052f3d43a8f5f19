"""Printing a validation report as text, JSON or GitHub Actions workflow commands."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import typer

from jiading_cli.app.validate import Report
from jiading_cli.base.printable import json_text
from jiading_cli.cli.output import console
from jiading_cli.cli.tables import INDENT, cells, fold, is_terminal, width
from jiading_cli.model.errors import FIELD_MAX, LINE_MAX, MESSAGE_MIN, FileProblems, Problem

UNUSED = "JD107"  # a suppression that suppresses nothing: reported with --strict only

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


def summary(report: Report, seconds: float | None = None) -> str:
    counts = [(report.count("error"), "error"), (report.count("warning"), "warning"), (report.count("info"), "note")]
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts]
    files = f"{report.files} file{'' if report.files == 1 else 's'}"
    took = "" if seconds is None else f" ({seconds:.2f} s)"
    return f"{', '.join(parts)} in {files}{took}"


def for_strictness(report: Report, strict: bool) -> Report:
    """The report as this run shows it: unused suppressions only with --strict."""
    if strict or not any(p.code == UNUSED for p in report.problems):
        return report
    return dataclasses.replace(report, problems=tuple(p for p in report.problems if p.code != UNUSED))


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github_line(p: Problem, here: Callable[[str], str]) -> str:
    """The problem as a workflow command, within :data:`LINE_MAX` characters as its text line is: its message's
    escapes (``%25`` for each ``%``) are counted, and a message they would make longer is cut, ending in '…'."""
    props = f"file={_escape(here(p.path), True)},line={p.line or 1},title={_escape(p.code, True)}"
    head = f"::{GITHUB[p.severity]} {props}::{_escaped_within(p.field, FIELD_MAX) + ': ' if p.field else ''}"
    return head + _escaped_within(p.message, max(LINE_MAX - len(head), MESSAGE_MIN))


def _escaped_within(text: str, most: int) -> str:
    """``text`` escaped, cut (before an escape, never inside one) to ``most`` characters, ending in '…'."""
    escaped = _escape(text)
    if len(escaped) <= most:
        return escaped
    kept, size = [], 0
    for char in text:
        piece = _escape(char)
        if size + len(piece) > most - 1:
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept) + "…"


def print_report(
    report: Report, fmt: str, strict: bool, *, here: Callable[[str], str], seconds: float, root: str
) -> None:
    """Every problem, then the summary with the time taken. ``here``: how a site-relative path is shown (text and
    github); JSON keeps site-relative paths and gives the site's ``root``. Each is asked of every caller (none has a
    default), so that every command's report is the one ``validate`` prints, from wherever it is run."""
    report = for_strictness(report, strict)
    if fmt == "json":
        data = {
            "root": root,
            "files": report.files,
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "notes": report.count("info"),
            "ok": not report.failed(strict),
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "code": p.code,
                    "severity": p.severity,
                    "field": p.field,
                    "message": p.message,
                }
                for p in report.problems
            ],
        }
        typer.echo(json_text(data))
        return
    groups = report.by_file()  # at most so many problems of each file, then how many more
    if fmt == "github":
        for group in groups:
            lines = [github_line(p, here) for p in group.shown]
            if group.more:
                lines.append(f"::notice file={_escape(here(group.path), True)}::{_more(group.more)}")
            typer.echo("\n".join(lines))
        typer.echo(summary(report, seconds))
        return
    print_problems(groups, here)
    if is_terminal():
        typer.echo("\n".join(fold("", summary(report, seconds), width())))
    else:
        typer.echo(summary(report, seconds))


def print_problems(groups: Sequence[FileProblems], here: Callable[[str], str]) -> None:
    """One line per problem, a blank line after each file's; on a terminal, long ones folded. Each path as every
    message shows one (:func:`printable`): a folder between the current one and the site may hold a line break or
    an escape, which would split the problem's line or act on the terminal."""
    from jiading_cli.base.printable import printable

    relative = here
    here = lambda path: printable(relative(path))  # noqa: E731 - the same callable, its paths shown
    if not is_terminal():
        for group in groups:
            more = [f"{here(group.path)}: {_more(group.more)}"] if group.more else []
            typer.echo("\n".join([*(_plain(p, here) for p in group.shown), *more]) + "\n")
        return
    from rich.text import Text

    out = console()
    total = width()
    for group in groups:
        for p in group.shown:
            where = f"{p.field}: " if p.field else ""
            located, rest = _where(p, here), f"{p.severity} {p.code} {where}"
            if cells(located) + 2 + cells(rest) > total - 10:  # the location alone, the rest under it
                out.print(Text(f"{located}:"))
                lines, at = fold(INDENT + rest, p.message, total), len(INDENT)
            else:
                lines, at = fold(f"{located}: {rest}", p.message, total), len(located) + 2
            first = Text(lines[0][:at])
            first.append(p.severity, style=STYLES[p.severity])
            first.append(lines[0][at + len(p.severity) :])
            out.print(first)
            for line in lines[1:]:
                out.print(Text(line))
        if group.more:
            out.print(Text(f"{here(group.path)}: {_more(group.more)}"))
        out.print()


def _more(count: int) -> str:
    return f"{count:,} more problem{'' if count == 1 else 's'} not shown; `--format json` lists every one"


def _plain(p: Problem, here: Callable[[str], str]) -> str:
    where = f"{p.field}: " if p.field else ""
    return f"{_where(p, here)}: {p.severity} {p.code} {where}{p.message}"


def _where(p: Problem, here: Callable[[str], str]) -> str:
    return f"{here(p.path)}:{p.line}" if p.line else here(p.path)
