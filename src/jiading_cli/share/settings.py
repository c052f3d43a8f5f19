"""The ``[share]`` section of ``jiading.toml`` and the checkers every share section uses.

Each network's own section lives in its module (``facebook``, ``linkedin``, ``email``); the
registry hands all of them to the config loader, which checks them like the core's sections.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiading_cli.base import isodates
from jiading_cli.config import Config, key
from jiading_cli.model import kinds
from jiading_cli.model.errors import describe

PLACEHOLDERS = ("title", "summary", "url", "hashtags", "site", "author", "date", "category")
"""What a share template may name, e.g. ``"{title}\\n\\n{summary}\\n\\n{hashtags}"``."""


seconds = kinds.number(0.001, 3600, "a number of seconds", "10 or 0.5")
"""A duration in seconds: at least a millisecond (a wait shorter than any server can answer in is none), at most an
hour."""


def template_names(text: str) -> list[str]:
    """The placeholder names in a template; raises ValueError for a malformed one."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(name)
        names.append(name)
    return names


def template(*extra: str) -> Callable[[Any], str]:
    """A text template using only known placeholders (``{{`` and ``}}`` for literal braces)."""
    allowed = (*PLACEHOLDERS, *extra)
    expected = "a text using only the placeholders " + ", ".join("{" + n + "}" for n in allowed)

    def check(value: Any) -> str:
        text = kinds.text(value)
        if kinds.blank(text):
            raise kinds.Expected(expected.replace("a text", "a non-empty text", 1))
        try:
            names = template_names(text)
        except ValueError as exc:
            raise kinds.Expected(expected) from exc
        if any(name not in allowed for name in names):
            raise kinds.Expected(expected)
        return text

    return check


X_ACCOUNT = re.compile(r"@?[A-Za-z0-9_]{1,15}")
"""An X user name as X takes one (at most 15 letters, digits or '_'), with or without its '@'."""


def x_account(value: Any) -> str:
    """The X account credited in X share links (``via=``) and pages (``twitter:site``): a URL, a space or a bare
    '@' there would credit no account, without a word."""
    name = kinds.nonempty_line(value).strip()
    if not X_ACCOUNT.fullmatch(name):
        raise kinds.Expected(
            "an X user name such as 'investjiading' or '@investjiading': at most 15 letters, digits or '_'"
        )
    return name


def day(value: Any) -> dt.date:
    """A calendar day: a TOML date (``2026-12-01``) or the same as a string."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise kinds.Expected("a date such as 2026-12-01")
    if isinstance(value, dt.date):
        return value
    try:
        return isodates.day(value)
    except ValueError as exc:  # written as a day, but naming none (2017-02-29): which part, in words
        wrong = f"{describe(value)} ({exc})" if isodates.DAY.fullmatch(value.strip()) else None
        raise kinds.Expected("a date as YYYY-MM-DD, such as 2026-12-01", wrong) from None


@dataclass(frozen=True, slots=True)
class ShareSection:
    utm_source: str = key(kinds.line, "utm_source added to shared links ('' for none).", "")
    utm_medium: str = key(kinds.line, "utm_medium added to shared links.", "social")
    utm_campaign: str = key(kinds.line, "utm_campaign added to shared links.", "")
    x_via: str | None = key(kinds.optional(x_account), "X account credited in X share links.", None)
    since: dt.date | None = key(  # noqa: RUF009 - key() returns a dataclasses.field, as for every key
        kinds.optional(day), "First day posted without being named: older articles need `share ARTICLE --post`.", None
    )
    networks: tuple[str, ...] = key(
        kinds.line_list, "Networks `share` uses without --network (default: every configured one).", ()
    )
    x_template: str = key(template(), "Text of the X share link.", "{title}")
    weibo_template: str = key(template(), "Text of the Weibo share link.", "{title} {hashtags}")
    mailto_template: str = key(template(), "Body of the mailto: share link.", "{summary}\n\n{url}")
    reconcile: bool = key(
        kinds.boolean, "Ask each network for its posts before posting, and settle unknown outcomes the same way.", True
    )
    timeout: float = key(seconds, "Seconds to wait for a server to connect or answer.", 10.0)
    attempts: int = key(kinds.whole(20), "Tries per request when the error is worth retrying.", 4)
    backoff: float = key(seconds, "First wait between tries, in seconds; doubles, with jitter.", 1.0)
    backoff_max: float = key(seconds, "Longest wait between tries, in seconds.", 30.0)
    retry_after_max: float = key(
        seconds, "Longest Retry-After honoured, in seconds; a longer one fails the post.", 120.0
    )


def share(config: Config) -> ShareSection:
    """The ``[share]`` section (its defaults when the config was loaded without the share sections)."""
    return config.section("share", ShareSection)
