"""Loading one article file: any bytes in, an Article (or a partial one) and located problems out."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jiading_cli.base.alike import lookalikes, read_as, unlike
from jiading_cli.content import limits, source
from jiading_cli.content import quickyaml as fastfront
from jiading_cli.model import kinds
from jiading_cli.model.article import (
    EARLIEST,
    LATEST,
    Article,
    Defaults,
    Loaded,
    digest,
    in_range,
    repeated,
    skipped,
    start_of,
    whole_minutes,
)
from jiading_cli.model.errors import Problem, Severity, describe
from jiading_cli.model.fields import ALIASES, FIELDS

REQUIRED = ("id", "title", "date")
MARKED = "# jiading: ignore"  # in an article's lines when its front matter or its body holds a line marker
TAGGED = "each is a list page and three feeds carrying the article: keep the few a reader follows"
PLACEHOLDERS: dict[str, Any] = {"id": "", "title": "", "date": EARLIEST}


def _problem(path: str, line: int, code: str, name: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(path, line, code, severity, name, message)


def _shown(summary: str) -> str:
    """A summary without the white space around it; one that shows nothing (spaces, zero-width characters only) is
    none, as an empty one: no feed, page or card carries an item's summary that says nothing (JD150 warns)."""
    summary = summary.strip()
    return "" if kinds.blank(summary) else summary


def parse(raw: bytes, path: str, defaults: Defaults, stem: str) -> Loaded:
    """Load one article file's bytes. Never raises for any input."""
    key = digest(raw)
    wrong = source.name_problem(stem, path)
    path = source.shown_path(path)
    if wrong is not None:
        return Loaded(path, None, (_problem(path, 0, "JD100", "", wrong),), key)
    text, problems = source.decode(raw, path)
    if text is None:
        return Loaded(path, None, tuple(problems), key)
    parts = source.split(text, path)
    if isinstance(parts, Problem):
        return Loaded(path, None, (parts,), key)
    front, body, body_line = parts
    fast = fastfront.read(front) if fastfront.enabled() else None
    if fast is not None:
        (values, lines), problems = fast, []
    else:
        from jiading_cli.content import safeyaml  # PyYAML, imported only for front matter the fast reader leaves

        read = safeyaml.read(front, path)
        if isinstance(read, list):
            return Loaded(path, None, tuple(read), key)
        values, lines, problems = read
    if MARKED not in lines and (MARKED[2:] in front or MARKED[2:] in body):  # suppressions read the file again
        lines = {**lines, MARKED: 0}
    clean = _checked(values, lines, path, defaults, problems)
    unread = tuple(name for name in REQUIRED if name not in clean)
    article = Article(
        path=path,
        id=clean.get("id", ""),
        title=clean.get("title", ""),
        date=clean.get("date", EARLIEST),
        updated=clean.get("updated"),
        summary=_shown(clean.get("summary", "")),
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
        unread=unread,
    )
    if unread:
        return Loaded(path, None, tuple(problems), key, partial=article)
    return Loaded(path, article, tuple(problems), key)


def _checked(
    values: dict[str, Any], lines: dict[str, int], path: str, defaults: Defaults, problems: list[Problem]
) -> dict[str, Any]:
    """Each known field's value checked and normalised; a problem for each that is not what it takes."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        spec = FIELDS.get(name)
        if spec is None:
            problems.append(_problem(path, lines[name], "JD105", name, unknown_field(name), "warning"))
            continue
        longest = _longest(value)
        if longest > limits.VALUE_CHARACTERS:
            message = f"expected text of at most {limits.VALUE_CHARACTERS:,} characters, found {longest:,}"
            problems.append(_problem(path, lines[name], "JD108", name, message))
            continue
        try:
            clean[name] = spec.checker(value)
        except kinds.Expected as exc:  # each problem of the value its own line
            for one in exc.each():
                found = one.found or describe(value)
                problems.append(_problem(path, lines[name], "JD104", name, f"expected {one.expected}, got {found}"))
            continue
        if name == "tags" and len(clean[name]) > limits.TAGS:
            message = f"expected at most {limits.TAGS} tags, found {len(clean.pop(name)):,}; {TAGGED}"
            problems.append(_problem(path, lines[name], "JD108", name, message))
    for name, spec in FIELDS.items():
        if spec.required and name not in lines:
            expected = f"expected {spec.doc[0].lower()}{spec.doc[1:]}"
            problems.append(_problem(path, 1, "JD103", name, f"required field is missing; {expected}"))
    for name in ("date", "updated"):
        if clean.get(name) is not None:  # ``updated:`` left empty is no time, as when it is not written
            clean[name], notes = _aware(name, to_second(clean[name]), defaults.timezone, path, lines[name])
            if not in_range(clean[name]) or not whole_minutes(clean[name]):  # the error below says how it was read
                notes = [note for note in notes if note.code != "JD110"]
            problems.extend(notes)
            if not in_range(clean[name]):
                moment = clean.pop(name)
                message = f"{out_of_range()}, got {moment.isoformat()}{in_utc(moment)}"
                problems.append(_problem(path, lines[name], "JD104", name, message))
            elif not whole_minutes(clean[name]):
                moment = clean.pop(name)
                read_here = isinstance(moment.tzinfo, ZoneInfo)  # no offset written: the site's zone gave it
                then = f" ({defaults.timezone} then, local mean time)" if read_here else ""
                message = f"expected a UTC offset in whole minutes, such as +08:00, got {moment.isoformat()}{then}"
                problems.append(_problem(path, lines[name], "JD104", name, message + "; write the offset meant"))
        if name in clean and any(p.field == name and p.severity == "error" for p in problems):
            del clean[name]  # a time read with an error (JD113) is no time: not listed, published or scheduled
    return clean


def _longest(value: Any) -> int:
    """The length of the longest string in a value (lists and mappings looked into; keys too)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max((max(_longest(key), _longest(item)) for key, item in value.items()), default=0)
    if isinstance(value, list | tuple):
        return max((_longest(item) for item in value), default=0)
    return 0


def to_second(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    """The time without its fraction of a second: every page, feed and sitemap writes an article's times to the
    second, the one form each takes (RSS has no fraction, HTML's ``datetime`` at most three digits of one), so
    they all name the same instant, the one ``list`` and ``share`` use."""
    return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value


def _aware(name: str, value: dt.datetime | dt.date, tz: str, path: str, line: int) -> tuple[dt.datetime, list[Problem]]:
    """The time with its offset; a time without one is read in the site's time zone, with a note."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None and value.utcoffset() is not None:
        return value, []
    zone = ZoneInfo(tz)
    if isinstance(value, dt.datetime):
        aware = value.replace(tzinfo=zone)
    else:  # a day: its first moment, where the clocks skip its midnight too
        aware, value = start_of(value, zone), dt.datetime.combine(value, dt.time())
    if skipped(aware):
        later = aware.astimezone(dt.UTC).astimezone(zone)
        message = (
            f"{value.isoformat()} never happened in {tz} (its clocks were put forward); "
            f"write the UTC offset meant, such as {later.isoformat()}"
        )
        return aware, [_problem(path, line, "JD113", name, message)]
    second = repeated(aware) if isinstance(value, dt.datetime) else None  # a day's first moment is its first
    if second is not None:
        note = (
            f"has no UTC offset, and {value.isoformat()} was twice in {tz} (its clocks were put back): read as the "
            f"first, {aware.isoformat()}; write the offset meant, {_offset(aware)} or {_offset(second)} (the second)"
        )
        return aware, [_problem(path, line, "JD110", name, note, "warning")]
    note = f"has no UTC offset; read as {aware.isoformat()} ({tz}); write the offset to be explicit"
    return aware, [_problem(path, line, "JD110", name, note, "warning")]


def _offset(moment: dt.datetime) -> str:
    """The UTC offset ``moment`` has, as ISO 8601 writes it: ``-04:00``."""
    offset = moment.utcoffset() or dt.timedelta()
    minutes = abs(offset) // dt.timedelta(minutes=1)
    return f"{'-' if offset < dt.timedelta() else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def unknown_field(name: str) -> str:
    """ "unknown field", with the closest known name when there is one (one look-up per name). A name that reads as
    a known one and is not (it holds a character no editor shows, a zero-width space or a byte-order mark pasted
    with it, or a letter of another script that looks like an ASCII one) is written with its characters escaped
    and those named (``\u200btitle``, ``tіtle``)."""
    close = _closest(name) if len(name) <= limits.SUGGESTED_NAME else None
    close = read_as(name, [*FIELDS, *ALIASES]) or close
    suggested = f"; did you mean {close!r}?" if close else ""
    why = unlike(name, close)
    if not (why or lookalikes(name)):
        return f"unknown field{suggested}"
    return f"unknown field {describe(name)}{': ' * bool(why)}{why}{suggested}"


@lru_cache(maxsize=1024)
def _closest(name: str) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, [*FIELDS, *ALIASES], n=1)
    return close[0] if close else None


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def out_of_range() -> str:
    """What a date refused by ``in_range`` was expected to be: the bounds as the instants they are (a date of the
    last day of 9998 is past the last one, 9998-12-31T00:00:00Z, and would not be, said as 'years 2 to 9998')."""
    return f"expected a date from {_instant(EARLIEST)} to {_instant(LATEST)}"


def in_utc(moment: dt.datetime) -> str:
    """`` (… in UTC)`` for a date given with another offset, which the bounds are compared in; '' for UTC or for
    a date no time zone can show."""
    offset = moment.utcoffset()
    if not offset:
        return ""
    try:
        return f" ({_instant(moment)} in UTC)"
    except OverflowError:
        return ""
