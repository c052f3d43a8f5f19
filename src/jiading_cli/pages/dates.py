"""An article's date in its language, by Babel's CLDR data: ``3 July 2017``, ``2017年7月3日``."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from jiading_cli.content.messages import Messages

if TYPE_CHECKING:
    from babel import Locale


@cache
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


def local_date(when: dt.datetime, messages: Messages) -> str:
    """The date part of ``when`` (already in the site's time zone), as the catalogue's pattern writes it."""
    return _date_text(when.date(), messages.text("date"), messages.locale)


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
