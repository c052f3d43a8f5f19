"""Create a new article file with complete front matter and a fresh permanent id."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from jiading_cli.base.files import create_new
from jiading_cli.base.xmlchars import NOT_XML
from jiading_cli.config import Config
from jiading_cli.content.slug import slugify
from jiading_cli.model import kinds, languages
from jiading_cli.model.article import in_range, skipped
from jiading_cli.model.errors import FileExistsProblem, JiadingError, UsageError


@dataclass(frozen=True)
class NewArticle:
    path: Path
    id: str
    slug: str
    text: str


def parse_date(value: str, timezone: str) -> dt.datetime:
    """An ISO 8601 date or time from the command line; no offset means the site time zone."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--date: expected an ISO 8601 date such as 2017-07-03T09:00:00+08:00, got {value!r}"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
        if skipped(parsed):
            raise UsageError(
                f"--date: {value} never happened in {timezone} (its clocks were put forward); give the offset"
            )
    if not in_range(parsed):
        raise UsageError(f"--date: expected a date between years 0002 and 9998, got {value!r}")
    return parsed


def _no_control(option: str, value: str) -> None:
    """Refuse text the new file could not carry: control characters fail `validate` (JD140)."""
    if match := NOT_XML.search(value):
        raise UsageError(f"{option}: expected text without control characters, found U+{ord(match.group()):04X}")


def _names(option: str, values: Sequence[str]) -> list[str]:
    """Repeated options, each also taking a comma-separated list, as front matter does; blanks dropped."""
    for value in values:
        _no_control(option, value)
    return list(dict.fromkeys(name for value in values for name in kinds.string_list(value)))


def article_path(config: Config, lang: str, date: dt.datetime, slug: str) -> Path:
    """``{articles}/{lang}/{year}/{slug}.md`` — the documented place for a new article."""
    year = date.astimezone(ZoneInfo(config.site.timezone)).year
    return config.articles_path / lang.lower() / f"{year:04d}" / f"{slug}.md"


def render(fields: dict[str, Any], body: str = "") -> str:
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{body}"


def plan(
    config: Config,
    title: str,
    now: dt.datetime,
    *,
    lang: str | None = None,
    tags: Sequence[str] = (),
    category: str | None = None,
    authors: Sequence[str] = (),
    summary: str = "",
    slug: str | None = None,
    date: str | None = None,
    publish: bool = False,
) -> NewArticle:
    """Everything about the new file, without writing it."""
    if not title.strip() or "\n" in title or "\r" in title:
        raise UsageError(f"TITLE: expected one line of text, got {title!r}")
    _no_control("TITLE", title)
    _no_control("--summary", summary)
    if category is not None:
        _no_control("--category", category)
    language = lang or config.site.language
    if wrong := languages.check(language):
        raise UsageError(f"--lang: expected {wrong}, got {language!r}")
    made = slugify(slug if slug is not None else title)
    if not made:
        source = "--slug" if slug is not None else "TITLE"
        raise UsageError(f"{source}: cannot make an ASCII slug from {slug or title!r}; pass --slug with latin letters")
    when = parse_date(date, config.site.timezone) if date else now.astimezone(ZoneInfo(config.site.timezone))
    when = when.replace(microsecond=0)
    article_id = f"urn:uuid:{uuid.uuid4()}"
    fields: dict[str, Any] = {
        "id": article_id,
        "title": title.strip(),
        "date": when,
        "summary": summary.strip(),
        "authors": _names("--author", authors) or list(config.site.authors),
        "tags": _names("--tag", tags),
        "category": (category or "").strip() or None,
        "lang": language,
        "slug": made,
        "draft": not publish,
    }
    path = article_path(config, language, when, made)
    text = render(fields, "\n")
    _passes_validation(config, path, text)
    return NewArticle(path=path, id=article_id, slug=made, text=text)


OPTIONS = {"title": "TITLE", "summary": "--summary", "category": "--category", "authors": "--author"}


def _passes_validation(config: Config, path: Path, text: str) -> None:
    """Refuse to write what `jiading validate` would reject: the same rules run on the text about to be written."""
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults, relative
    from jiading_cli.validate.rules import check_content

    loaded = parse(text.encode("utf-8"), relative(config, path), defaults(config), path.stem)
    found = list(loaded.problems)
    if loaded.article is not None:
        found += check_content(loaded.article, config)  # sharing's rules come with the config
    errors = [p for p in found if p.severity == "error"]
    if errors:
        lines = [f"{OPTIONS.get(p.field, p.field)}: {p.code} {p.message}" for p in errors]
        raise UsageError(*(f"{line}; the new article would not pass `jiading validate`" for line in lines))


def write_new(path: Path, text: str, shown: str | None = None) -> None:
    """Write a file that must not exist yet: complete or not at all, never over another file.

    ``shown`` is the path as messages name it (default: ``path``).
    """
    where = shown or str(path)
    try:
        create_new(path, text.encode("utf-8"))
    except (FileExistsError, NotADirectoryError):
        if not path.parent.is_dir():  # a file stands where a folder of the path should be
            raise JiadingError(f"{where}: cannot write: a file is in the way of its folder") from None
        raise FileExistsProblem(f"{where}: already exists; not overwritten (choose another --slug)") from None
    except OSError as exc:
        raise JiadingError(f"{where}: cannot write: {exc.strerror or exc}") from None
