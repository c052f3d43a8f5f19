"""The article model and its loader: any bytes in, an Article or located problems out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from jiading_cli.content import quickyaml as fastfront
from jiading_cli.model import kinds
from jiading_cli.model.errors import Problem, Severity, describe
from jiading_cli.model.fields import ALIASES, FIELDS

OPENING = re.compile(r"---[ \t]*\n")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
EARLIEST, LATEST = dt.datetime(2, 1, 1, tzinfo=dt.UTC), dt.datetime(9998, 12, 31, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Defaults:
    """What the site supplies when an article leaves a field out."""

    timezone: str = "UTC"
    lang: str = "en"
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    path: str
    id: str
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    summary: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    category: str | None
    lang: str
    slug: str
    image: str | None
    image_alt: str | None
    draft: bool
    canonical_url: str | None
    translations: dict[str, str]
    share: dict[str, str]
    syndication: tuple[dict[str, Any], ...]
    body: str
    body_line: int
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def modified(self) -> dt.datetime:
        return self.updated or self.date

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading one file.

    ``article`` is present whenever id, title and date could be read, so that every other
    rule can still run; ``ok`` says whether loading found no error at all.
    """

    path: str
    article: Article | None
    problems: tuple[Problem, ...]
    digest: bytes = b""  # of the file's bytes: what results derived from this file are keyed by

    @property
    def ok(self) -> bool:
        return self.article is not None and not any(p.severity == "error" for p in self.problems)


def _problem(path: str, line: int, code: str, name: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(path, line, code, severity, name, message)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with BOM removed and line ends made LF, or a located problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = raw[exc.start : exc.start + 1].hex()
        return None, [_problem(path, line, "JD100", "", f"expected UTF-8 text, found byte 0x{found}")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [_problem(path, line, "JD100", "", "expected a text file, found a NUL byte")]
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), []


def split(text: str, path: str) -> tuple[str, str, int] | Problem:
    """(front matter, body, line where the body starts), or why the file has no front matter."""
    if not text.strip():
        return _problem(path, 1, "JD102", "", "empty file; expected front matter between '---' lines")
    opening = OPENING.match(text)
    if not opening:
        return _problem(path, 1, "JD102", "", "expected the file to start with a '---' line opening the front matter")
    closing = CLOSING.search(text, opening.end())
    if not closing:
        return _problem(path, 1, "JD102", "", "front matter is never closed; expected a '---' line after it")
    front = text[opening.end() : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return front, text[body_start:], body_line


def _aware(name: str, value: dt.datetime | dt.date, tz: str, path: str, line: int) -> tuple[dt.datetime, list[Problem]]:
    if isinstance(value, dt.datetime) and value.tzinfo is not None and value.utcoffset() is not None:
        return value, []
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    aware = value.replace(tzinfo=ZoneInfo(tz))
    note = f"has no UTC offset; read as {aware.isoformat()} ({tz}); write the offset to be explicit"
    return aware, [_problem(path, line, "JD110", name, note, "warning")]


def in_range(moment: dt.datetime) -> bool:
    """Whether a time can be shown in any time zone (years 2 to 9998), so no conversion overflows."""
    return EARLIEST <= moment <= LATEST


def _unknown_field(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(FIELDS) + list(ALIASES), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field{hint}"


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def parse(raw: bytes, path: str, defaults: Defaults, stem: str) -> Loaded:
    """Load one article file's bytes. Never raises for any input."""
    return _parse(raw, path, defaults, stem, digest(raw))


def _parse(raw: bytes, path: str, defaults: Defaults, stem: str, key: bytes) -> Loaded:
    text, problems = decode(raw, path)
    if text is None:
        return Loaded(path, None, tuple(problems), key)
    parts = split(text, path)
    if isinstance(parts, Problem):
        return Loaded(path, None, (parts,), key)
    front, body, body_line = parts
    fast = fastfront.read(front) if fastfront.enabled() else None
    if fast is not None:
        (values, lines), problems = fast, []
    else:
        from jiading_cli.content import (
            safeyaml as yamlfront,  # PyYAML, imported only for front matter the fast reader leaves to it
        )

        read = yamlfront.read(front, path)
        if isinstance(read, list):
            return Loaded(path, None, tuple(read), key)
        values, lines, problems = read
    clean: dict[str, Any] = {}
    for name, value in values.items():
        spec = FIELDS.get(name)
        if spec is None:
            problems.append(_problem(path, lines[name], "JD105", name, _unknown_field(name), "warning"))
            continue
        try:
            clean[name] = spec.checker(value)
        except kinds.Expected as exc:
            problems.append(
                _problem(
                    path, lines[name], "JD104", name, f"expected {exc.expected}, got {exc.found or describe(value)}"
                )
            )
    for name, spec in FIELDS.items():
        if spec.required and name not in lines:
            problems.append(
                _problem(
                    path, 1, "JD103", name, f"required field is missing; expected {spec.doc[0].lower()}{spec.doc[1:]}"
                )
            )
    for name in ("date", "updated"):
        if name in clean:
            clean[name], notes = _aware(name, clean[name], defaults.timezone, path, lines[name])
            problems.extend(notes)
            if not in_range(clean[name]):
                found = clean.pop(name).isoformat()
                message = f"expected a date between years 0002 and 9998, got {found}"
                problems.append(_problem(path, lines[name], "JD104", name, message))
    if not {"id", "title", "date"} <= clean.keys():
        return Loaded(path, None, tuple(problems), key)
    article = Article(
        path=path,
        id=clean["id"],
        title=clean["title"],
        date=clean["date"],
        updated=clean.get("updated"),
        summary=clean.get("summary", "").strip(),
        authors=clean.get("authors", defaults.authors),
        tags=clean.get("tags", ()),
        category=clean.get("category"),
        lang=clean.get("lang", defaults.lang),
        slug=clean.get("slug", stem),
        image=clean.get("image"),
        image_alt=clean.get("image_alt"),
        draft=clean.get("draft", False),
        canonical_url=clean.get("canonical_url"),
        translations=clean.get("translations", {}),
        share=clean.get("share", {}),
        syndication=clean.get("syndication", ()),
        body=body,
        body_line=body_line,
        lines=lines,
    )
    return Loaded(path, article, tuple(problems), key)
