"""Create a new article file with complete front matter and a fresh permanent id."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from jiading_cli.app.newfiles import (
    alike,
    alike_there,
    blocked,
    create_all,
    in_the_way,
    kind_of,
    language_folder,
    listed,
    no_control,
    one_line,
    taken,
)
from jiading_cli.base import isodates
from jiading_cli.base.alike import folded
from jiading_cli.base.folderlock import locked
from jiading_cli.base.tempnames import remove_leftovers_of
from jiading_cli.config import Config
from jiading_cli.content.loader import in_utc, out_of_range
from jiading_cli.content.names import each_once
from jiading_cli.content.portable import unportable
from jiading_cli.content.slug import LONGEST, slugify
from jiading_cli.model import kinds, languages
from jiading_cli.model.article import Article, in_range, in_zone, repeated, skipped, start_of, whole_minutes
from jiading_cli.model.errors import FileExistsProblem, Refusals, UsageError, describe


@dataclass(frozen=True)
class NewArticle:
    path: Path
    id: str
    slug: str
    text: str
    article: Article  # as `validate` loads it from ``text``


def parse_date(value: str, timezone: str) -> dt.datetime:
    """An ISO 8601 date or time from the command line; no offset means the site time zone."""
    try:
        parsed = isodates.moment(value)
    except ValueError as exc:
        if isodates.MOMENT.fullmatch(value.strip()):  # written as one, but no such day or time: say which part
            raise UsageError(f"--date: expected a day and time that exist, got {describe(value)} ({exc})") from None
        raise UsageError(
            f"--date: expected an ISO 8601 date such as 2017-07-03T09:00:00+08:00, got {describe(value)}"
        ) from None
    if parsed.tzinfo is None:
        day = isodates.DAY.fullmatch(value.strip())  # a day means its first moment, as in the front matter
        parsed = start_of(parsed.date(), ZoneInfo(timezone)) if day else parsed.replace(tzinfo=ZoneInfo(timezone))
        if skipped(parsed):
            raise UsageError(
                f"--date: {value} never happened in {timezone} (its clocks were put forward); give the offset"
            )
        if not day and (second := repeated(parsed)) is not None:  # which of the two is meant, only the user knows
            raise UsageError(
                f"--date: {value} was twice in {timezone} (its clocks were put back); give the offset meant: "
                f"the first, {parsed.isoformat()}, or the second, {second.isoformat()}"
            )
    if not in_range(parsed):  # first, as validate says of such a date: no offset would bring it in range
        raise UsageError(f"--date: {out_of_range()}, got {describe(value)}{in_utc(parsed)}")
    if not whole_minutes(parsed):  # the front matter could carry it only tagged, and no feed or page at all
        raise UsageError(
            f"--date: expected a UTC offset in whole minutes, such as +05:30, got {describe(value)}"
            + ("" if parsed.tzinfo is not ZoneInfo(timezone) else f" (in {timezone} then, local mean time); give one")
        )
    return parsed


def _names(option: str, values: Sequence[str]) -> list[str]:
    """Repeated options, each also taking a comma-separated list, as front matter does; an empty entry of a list
    (``a,,b``) and an option given nothing (``--tag ""``, an unset variable in a script) refused."""
    what = {"--tag": "a tag", "--author": "an author"}[option]
    names = []
    for value in values:
        one_line(option, value)
        names.extend(listed(option, value, what))
    if option == "--tag":  # each once as the site groups tags ('Park', 'park', 'ｐａｒｋ'), in its first spelling
        return list(each_once(names))
    return list(dict.fromkeys(names))


def _given(value: str | None) -> None:
    """Refuse ``--category`` given a blank value: it would be left out without a word."""
    if value is not None and not kinds.string_list(value):
        raise UsageError(f"--category: expected a category, got {describe(value)}")


def _title(title: str) -> None:
    if kinds.blank(title):  # spaces, or characters that show nothing: a headline no one sees
        raise UsageError(f"TITLE: expected one line of text, got {describe(title)}")
    one_line("TITLE", title)


def _category(category: str | None) -> str | None:
    if category is not None:
        one_line("--category", category)
    _given(category)
    return (category or "").strip() or None


def _language(config: Config, lang: str | None) -> str:
    """``--lang`` checked, in the site's spelling when it is the site's language, else in BCP 47's case."""
    if lang is None:
        language_folder("site.language", config.site.language)
        return config.site.language
    given, lang = lang, lang.strip()  # without the white space around it, as --date and init --language are read
    if wrong := languages.check(lang):
        raise UsageError(f"--lang: expected {wrong}, got {describe(given)}")
    language_folder("--lang", lang)
    return config.site.language if lang.lower() == config.site.language.lower() else kinds.cased_tag(lang)


def _slug(title: str, slug: str | None) -> str:
    """The slug from ``--slug`` (rewritten as a slug, never cut) or from the title (cut after a word)."""
    if slug is None:
        made = slugify(title)
        if not made:
            raise UsageError(f"TITLE: cannot make an ASCII slug from {describe(title)}; pass --slug with latin letters")
        return made
    made = slugify(slug, None)
    if not made:
        raise UsageError(f"--slug: cannot make an ASCII slug from {describe(slug)}; pass --slug with latin letters")
    if len(made) > LONGEST:
        raise UsageError(f"--slug: expected a slug of at most {LONGEST} characters, got one of {len(made):,}")
    return made


def _unportable(path: Path) -> str | None:
    """Why a checkout on Windows or macOS could not hold the new file beside what its folder holds (``JD117``)."""
    why = unportable(path.name)
    if why is not None or os.path.lexists(path):  # a file there already is refused as such when it is written
        return why
    try:
        names = os.listdir(path.parent)  # noqa: PTH208 - names alone
    except OSError:  # no folder yet (it is made), or one that cannot be listed (refused when the file is written)
        return None
    mine = folded(path.name)
    alike = sorted(name for name in names if name != path.name and folded(name) == mine)
    if alike:
        return (
            f"'{alike[0]}' in the same folder differs from it only in case or Unicode form, which Windows and macOS "
            "do not tell apart"
        )
    return None


def article_path(config: Config, lang: str, date: dt.datetime, slug: str) -> Path:
    """``{articles}/{lang}/{year}/{slug}.md`` — the documented place for a new article."""
    year = in_zone(date, ZoneInfo(config.site.timezone)).year  # the permalink's year
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
    """Everything about the new file, without writing it; refused when the site has no place for it. Each argument
    is checked whatever the others' checks found, and every one that is wrong is named (:class:`Refusals`)."""
    refused = Refusals()
    titled = refused.passes(lambda: _title(title))
    refused.passes(lambda: no_control("--summary", summary))
    language = refused.take(lambda: _language(config, lang), config.site.language)
    # a slug made from a title already refused would only say so again
    made = refused.take(lambda: _slug(title, slug), "") if titled or slug is not None else ""
    zone = ZoneInfo(config.site.timezone)
    dated = refused.take(partial(parse_date, date, config.site.timezone), None) if date is not None else None
    when = (dated or in_zone(now, zone)).replace(microsecond=0)  # an offset the front matter can hold
    none: list[str] = []
    chosen_authors = refused.take(lambda: _names("--author", authors), none)
    chosen_tags = refused.take(lambda: _names("--tag", tags), none)
    chosen_category = refused.take(lambda: _category(category), None)
    refused.close()
    article_id = f"urn:uuid:{uuid.uuid4()}"
    fields: dict[str, Any] = {
        "id": article_id,
        "title": title.strip(),
        "date": when,
        "summary": "" if kinds.blank(summary) else summary.strip(),  # as it reads back: none yet
        "authors": chosen_authors or list(config.site.authors),
        "tags": chosen_tags,
        "category": chosen_category,
        "lang": language,
        "slug": made,
        "draft": not publish,
    }
    path = article_path(config, language, when, made)
    if (why := _unportable(path)) is not None:  # JD117 for the file it would make
        given = "--slug" if slug is not None else "TITLE"
        raise UsageError(
            f"{given}: expected a file name every system's checkout can hold, would make '{path.name}': {why}; "
            "pass --slug with another name"
        )
    text = render(fields, "\n")
    return NewArticle(path=path, id=article_id, slug=made, text=text, article=_passes_validation(config, path, text))


OPTIONS = {
    "title": "TITLE",
    "summary": "--summary",
    "category": "--category",
    "authors": "--author",
    "tags": "--tag",
    "lang": "--lang",
    "slug": "--slug",
    "date": "--date",
    "draft": "--publish",
}
"""The argument or option each field of the new file comes from, by which a problem the rules find in it is named
(its id alone is jiading's own)."""


def _passes_validation(config: Config, path: Path, text: str) -> Article:
    """Refuse to write what `jiading validate` would reject: the same rules run on the text about to be written."""
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults
    from jiading_cli.validate.rules import check_content

    loaded = parse(text.encode("utf-8"), in_site(config, path), defaults(config), path.stem)
    found = list(loaded.problems)
    if loaded.article is not None:
        found += check_content(loaded.article, config)  # sharing's rules come with the config
    errors = [p for p in found if p.severity == "error"]
    if errors:
        lines = [f"{OPTIONS.get(p.field, p.field)}: {p.code} {p.message}" for p in errors]
        raise UsageError(*(f"{line}; the new article would not pass `jiading validate`" for line in lines))
    if loaded.article is None:  # never without an error; said all the same
        raise UsageError("TITLE: the new article would not load; it would not pass `jiading validate`")
    return loaded.article


def in_site(config: Config, path: Path) -> str:
    """``path`` as messages show it: relative to the site's folder, as it is spelt (no link followed)."""
    from jiading_cli.content.source import shown_path

    try:
        return shown_path(path.relative_to(config.root).as_posix())
    except ValueError:
        return shown_path(str(path))


def create(config: Config, new: NewArticle, shown: Callable[[str], str] = str, last: bool = True) -> str:
    """Write the new article, complete or not at all, and return its path relative to the site.

    Refused, naming what is in the way, when its place is taken: by anything at its path, by something other
    than a real folder where one of its folders should be (a file, or a symbolic link, whose files `validate`
    never reads), or by another article's public URL. Runs at once for one site take turns, on a lock held on
    the site's folder itself (no lock file), so two never both find a URL free and both take it.
    ``shown``: a site-relative path as messages show it. ``last``: writing it is the command's last work (no
    editor opens it after), so that a stop once it is in place ends nothing (``newfiles.create_all``).
    """
    from jiading_cli.content.site import relative

    def show(path: Path) -> str:
        return shown(in_site(config, path))

    where = show(new.path)
    articles = config.articles_path
    if (found := kind_of(articles)) is not None and not os.path.isdir(articles):  # noqa: PTH112 - never an error
        folder = config.site.articles_dir
        raise UsageError(f"{folder}: expected the folder of articles (site.articles_dir), found {found}")
    if (blocker := in_the_way(articles, new.path)) is not None:
        raise blocked(where, blocker, show)
    if (clash := alike_there(articles, new.path)) is not None:
        raise alike(where, *clash, show)
    with _one_at_a_time(config.root) as alone:  # runs at once, one after another: each checks the site with the others'
        if (exists := taken(where, new.path, HINT)) is not None:
            raise exists
        _fits_the_site(config, new, where, shown)
        if alone:  # a staged copy of this file is a killed run's: no other run writes a file not there yet
            remove_leftovers_of(new.path)
        create_all([new.path], [new.text], show, HINT, last=last)
    return relative(config, new.path)


HINT = " (choose another --slug)"


@contextmanager
def _one_at_a_time(root: Path) -> Iterator[bool]:
    """The site's lock for the block, and whether it is held; a site folder that cannot be opened to lock (no read
    permission) is written to unlocked, as before, rather than not at all."""
    with ExitStack() as stack:
        held = False
        with suppress(OSError):
            stack.enter_context(locked(root))
            held = True
        yield held


def _fits_the_site(config: Config, new: NewArticle, where: str, shown: Callable[[str], str]) -> None:
    """Refuse a new article that the rules across articles would reject, as `validate` runs them on the site with
    it: its public URL another article's already (JD122; exit 1, something is in its place), or any other error
    it would bring, on itself or on an article already there (its page one of the site's own, JD125: a slug such
    as ``tags`` under a permalink of ``/{slug}/``; a language whose news list takes another article's page)."""
    from jiading_cli.app.articles import every_readable
    from jiading_cli.content.site import public_url, relative
    from jiading_cli.validate.rules import check_site

    others: list[Article] = []
    if os.path.isdir(config.articles_path):  # noqa: PTH112 - never an error; no folder, no article
        own = relative(config, new.path)
        found = every_readable(config, shown, "the new article's")
        others = [a for a in found if a.path != own and not a.unread]
    url = public_url(config, new.article)
    for other in others:
        if public_url(config, other) == url:
            raise FileExistsProblem(f"{where}: {shown(other.path)} has the same public URL already: {url}{HINT}")
    before = {(p.path, p.code, p.message) for p in check_site(others, config) if p.severity == "error"}
    brought = [
        p
        for p in check_site([*others, new.article], config)
        if p.severity == "error" and (p.path, p.code, p.message) not in before
    ]
    lines = [
        f"{OPTIONS.get(p.field, p.field)}: {p.code} {p.message}; the new article would not pass `jiading validate`"
        if p.path == new.article.path
        else f"{where}: {p.code} {shown(p.path)}: {p.message}; with the new article, that one would not pass "
        "`jiading validate`"
        for p in brought
    ]
    if lines:
        raise UsageError(*lines)
