"""An article's date in its language, by Babel's CLDR data: ``3 July 2017``, ``2017年7月3日``."""

from __future__ import annotations

import datetime as dt
from functools import cache
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
    from babel.dates import format_date

    pattern = messages.text("date")
    return str(format_date(when.date(), pattern, locale=_locale(messages.locale)))


def language_name(lang: str, messages: Messages) -> str:
    """A language's name in that language: the catalogue's own name when it is the catalogue's language."""
    from babel import Locale, UnknownLocaleError

    try:
        found = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang
    own = _locale(messages.locale)
    if found.language == own.language:
        return messages.text("language_name")
    return str(found.get_display_name(found) or lang)
