"""An article's date in its language, by Babel's CLDR data: ``3 July 2017``, ``2017年7月3日``, ``3 juillet 2017``."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from jiading_cli.content.messages import Messages, foreign

if TYPE_CHECKING:
    from babel import Locale


@cache
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


def local_date(when: dt.datetime, messages: Messages, lang: str | None = None) -> str:
    """The date part of ``when`` (already in the site's time zone) in ``lang`` (by default the catalogue's): as the
    catalogue's pattern writes it when the catalogue is in ``lang``; else as CLDR's long date of ``lang`` writes it
    (``3 juillet 2017``, ``3. Juli 2017``), or, for a language CLDR has no data for, as the ISO date ``2017-07-03``:
    the words of an article's date are never another language's than the article's."""
    if lang is None or foreign(lang) is None:
        return _date_text(when.date(), messages.text("date"), messages.locale)
    return _own_date(when.date(), lang)


@lru_cache(maxsize=8192)
def _own_date(day: dt.date, lang: str) -> str:
    from babel import UnknownLocaleError, localedata

    subtags = lang.replace("_", "-").lower().split("-x-", 1)[0].split("-")  # private use names no locale
    script = next((s.title() for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    if script and not localedata.exists(f"{subtags[0]}_{script}"):
        return day.isoformat()  # CLDR does not write the language in that script (fa-Latn): no words of another
    try:
        locale = _locale("_".join(subtags))
    except (ValueError, UnknownLocaleError):
        return day.isoformat()
    return _date_text(day, "long", str(locale))


@lru_cache(maxsize=8192)  # a day per article at most
def _date_text(day: dt.date, pattern: str, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, pattern, locale=_locale(locale)))


def language_name(lang: str, messages: Messages) -> str:
    """A language's name in that language: the catalogue's own name when it is the catalogue's language."""
    return _language_name(lang, messages.locale, messages.text("language_name"))


@cache
def _language_name(lang: str, locale: str, own_name: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        found = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang
    if found.language == _locale(locale).language:
        return own_name
    return str(found.get_display_name(found) or lang)
