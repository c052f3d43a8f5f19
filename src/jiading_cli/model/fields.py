"""The front-matter schema: one table of fields, each with its checker and documentation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from jiading_cli.base import isodates
from jiading_cli.model import kinds, listed
from jiading_cli.model.errors import describe

T = TypeVar("T")


def timestamp(value: Any) -> dt.datetime | dt.date:
    """A date or datetime; strings are read as ISO 8601. Offsets are resolved by the loader."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    wrong = None
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return isodates.day(value)
            return isodates.moment(value)
        except ValueError as exc:  # the part that names nothing, when written in the form (a day 29 of February)
            wrong = f"{describe(value)} ({exc})" if isodates.MOMENT.fullmatch(value.strip()) else None
    raise kinds.Expected("an ISO 8601 date with a UTC offset, such as 2017-07-03T09:00:00+08:00", wrong)


def mapping_of_text(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise kinds.Expected("a mapping of name: text")
    wrong = [name for name, item in value.items() if not isinstance(name, str) or not isinstance(item, str)]
    if wrong:  # every wrong entry said at once
        raise kinds.Expected("a mapping of name: text", listed.entries_of(value, wrong))
    return dict(value)


RECORDS = "a list of records written by `jiading share`"
SETTINGS = "a mapping {ignore: [rule codes such as JD150]}"


def records(value: Any) -> tuple[dict[str, Any], ...]:
    """``syndication``: a list of mappings; an item that is none is named by its place."""
    if not isinstance(value, list):
        raise kinds.Expected(RECORDS)
    if wrong := [number for number, item in enumerate(value, 1) if not isinstance(item, dict)]:
        raise kinds.Expected(RECORDS, listed.items_of(value, wrong))
    return tuple(value)


def settings(value: Any) -> dict[str, Any]:
    """``jiading: {ignore: [JD150, …]}``: rules not to report in this file. What is wrong in a mapping is named (a
    key other than ``ignore``, a code by its place), never only that a mapping was found where one is expected."""
    if not isinstance(value, dict):
        raise kinds.Expected(SETTINGS)
    other = [name for name in value if name != "ignore"]
    if other:
        raise kinds.Expected(SETTINGS, listed.joined([f"the key {describe(name)}" for name in other]))
    if not value:
        raise kinds.Expected(SETTINGS, "an empty mapping")
    codes = value["ignore"]
    try:
        codes_listed = kinds.string_list(codes) if codes is not None else ()
    except kinds.Expected as exc:
        raise kinds.Expected(SETTINGS, f"ignore: {exc.found or describe(codes)}") from None
    if not codes_listed:
        raise kinds.Expected(SETTINGS, "ignore: no rule code")
    # ASCII digits: 'JD１５０' names no rule
    if wrong := [number for number, code in enumerate(codes_listed, 1) if kinds.RULE_CODE.fullmatch(code) is None]:
        raise kinds.Expected(SETTINGS, f"ignore: {listed.items_of(codes_listed, wrong)}")
    return {"ignore": codes_listed}


LINE_BREAKS = kinds.LINE_BREAKS  # none belongs in a field of :data:`ONE_LINE`


def link(value: Any) -> str:
    """:func:`kinds.reference`, but text holding a line break is kept as written (not percent-encoded), so that
    the rule of its field reports it."""
    found = kinds.text(value)
    return found if any(mark in found for mark in LINE_BREAKS) else kinds.reference(found)


def image(value: Any) -> str:
    """A local file or a web address, not empty (:func:`link`), without the spaces around it: the URL validation
    checks (``kinds.https_url`` strips them, JD160, JD170) is the one every page, feed and share card writes."""
    return link(kinds.nonempty_text(value))


def slug(value: Any) -> str:
    return kinds.nonempty_text(value)


def or_empty(checker: kinds.Checker[T], nothing: Callable[[], T]) -> kinds.Checker[T]:
    """``checker``, with an empty value (nothing after the colon, which YAML reads as null, or '') read as
    ``nothing()``: ``tags:`` left empty by a template is no tags, as ``tags: ''`` and ``tags: []`` are."""

    def check(value: Any) -> T:
        return nothing() if value is None or value == "" else checker(value)

    return check


def share_texts(value: Any) -> dict[str, str]:
    """``share``: each network's text as written; one that shows nothing (:func:`kinds.blank`: spaces, U+200B, the
    Braille blank) is an empty one, which JD182 warns about, never a post of characters no one sees."""
    return {name: "" if kinds.blank(item) else item for name, item in mapping_of_text(value).items()}


mappings = or_empty(share_texts, dict)
"""A mapping of name: text (``share``); left empty, an empty one."""


def ids_by_language(value: Any) -> dict[str, str]:
    """``translations``: each language's id, read without the spaces around it, as ``id`` itself is read."""
    return {name: item.strip() for name, item in mapping_of_text(value).items()}


@dataclass(frozen=True)
class FieldSpec:
    checker: kinds.Checker[Any]
    doc: str
    required: bool = False


FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec(kinds.nonempty_text, "Permanent URI, e.g. urn:uuid:…; never change it.", True),
    "title": FieldSpec(kinds.nonempty_text, "Headline.", True),
    "date": FieldSpec(timestamp, "Publication time, ISO 8601 with offset.", True),
    "updated": FieldSpec(or_empty(timestamp, lambda: None), "Time of the last significant edit."),
    "summary": FieldSpec(or_empty(kinds.text, str), "One or two sentences for feeds and share cards."),
    "authors": FieldSpec(or_empty(kinds.string_list, tuple), "List of names (or a comma string); `author` works too."),
    "tags": FieldSpec(or_empty(kinds.string_list, tuple), "List of tags (or a comma string)."),
    "category": FieldSpec(kinds.optional(kinds.nonempty_text), "One category."),
    "lang": FieldSpec(kinds.nonempty_text, "BCP 47 language tag; default: site.language."),
    "slug": FieldSpec(slug, "URL segment; default: the file name without .md."),
    "image": FieldSpec(kinds.optional(image), "Local file or https URL of the lead image."),
    "image_alt": FieldSpec(kinds.optional(kinds.shown_or_none), "Text alternative of the image."),
    "draft": FieldSpec(kinds.boolean, "true keeps the article out of feeds and shares."),
    "canonical_url": FieldSpec(kinds.optional(image), "Canonical https URL, if not the permalink."),
    "translations": FieldSpec(or_empty(ids_by_language, dict), "Mapping of language tag to the translation's id."),
    "share": FieldSpec(mappings, "Per-network text overrides: facebook, linkedin, email, x, weibo."),
    "jiading": FieldSpec(settings, "{ignore: [JD150, …]}: rules not reported for this file."),
    "syndication": FieldSpec(records, "Written by `jiading share --post`; do not edit by hand."),
}

ALIASES: dict[str, str] = {
    "author": "authors",
    "modified": "updated",  # Pelican's name for the time of the last edit
    "lastmod": "updated",  # Hugo's
    "last_modified_at": "updated",  # Jekyll's (jekyll-last-modified-at)
}
"""Other names a field is written under, as Hugo, Jekyll and Pelican write it: read as that field, never dropped as
an unknown one (a `modified` time dropped so left every feed saying the article never changed)."""

LISTS = frozenset({"tags", "authors"})
"""Fields that take a list or a comma-separated text: a bare number there is refused, not read as text."""

ONE_LINE = frozenset(
    {
        "id",
        "title",
        "authors",
        "tags",
        "category",
        "lang",
        "slug",
        "image",
        "image_alt",
        "canonical_url",
        "translations",
    }
)
"""Fields whose every text is one line (a name, a tag, a URI): a line break in one is refused (``validate.fields``).
``summary`` and ``share`` may hold several lines."""

TEXTS = frozenset({"title", "summary", "share", "tags", "authors", "category", "image_alt"})
"""Fields of free text, where a ``#`` after a plain value (a YAML comment) is likely meant as text."""
