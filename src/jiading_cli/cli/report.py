"""Printing a validation report as text, JSON or GitHub Actions workflow commands."""

from __future__ import annotations

import json

import typer

from jiading_cli.app.validate import Report
from jiading_cli.cli.output import console
from jiading_cli.model.errors import Problem

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


def summary(report: Report) -> str:
    counts = [(report.count("error"), "error"), (report.count("warning"), "warning"), (report.count("info"), "note")]
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts]
    files = f"{report.files} file{'' if report.files == 1 else 's'}"
    return f"{', '.join(parts)} in {files}"


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github_line(p: Problem) -> str:
    props = f"file={_escape(p.path, True)},line={p.line or 1},title={_escape(p.code, True)}"
    message = f"{p.field}: {p.message}" if p.field else p.message
    return f"::{GITHUB[p.severity]} {props}::{_escape(message)}"


def print_report(report: Report, fmt: str, strict: bool) -> None:
    if fmt == "json":
        data = {
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
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    groups = report.by_file()
    if fmt == "github":
        for group in groups:
            lines = [github_line(p) for p in group.shown]
            if group.more:
                lines.append(f"::notice file={_escape(group.path, True)}::{_more(group.more)}")
            typer.echo("\n".join(lines))
        typer.echo(summary(report))
        return
    out = console()
    if not out.is_terminal:  # plain text, written at once: a report of 100,000 lines costs no more than its text
        parts: list[str] = []
        for group in groups:
            parts.extend(p.render() for p in group.shown)
            if group.more:
                parts.append(f"{group.path}: {_more(group.more)}")
            parts.append("")
        parts.append(summary(report))
        typer.echo("\n".join(parts))
        return
    from rich.text import Text

    text = Text()
    for group in groups:
        for p in group.shown:
            where = f"{p.field}: " if p.field else ""
            text.append(f"{p.location()}: ")
            text.append(p.severity, style=STYLES[p.severity])
            text.append(f" {p.code} {where}{p.message}\n")
        if group.more:
            text.append(f"{group.path}: {_more(group.more)}\n")
        text.append("\n")
    text.append(summary(report))
    out.print(text)


def _more(count: int) -> str:
    return f"{count:,} more problem{'' if count == 1 else 's'} not shown; `--format json` lists every one"
