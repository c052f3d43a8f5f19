"""Every environment variable jiading reads: what each may hold, read and checked here alone.

Each variable is a row of :data:`VARIABLES`: its name, what it must hold (as the error line says it), and
the check of a value. An empty value is the variable unset (``JIADING_JOBS= jiading build``, the shell's
way of undoing an export); any other value jiading does not understand (only white space among them) is
one line, ``NAME: expected …, got '…'``, the value shortened past :data:`SHOWN` characters and a secret's
never shown.

The readers never fail (a library caller gets the default for a value it does not understand);
:func:`problems` says which of the variables every command reads are not understood, so that the
command line stops with a usage error before it reads anything, instead of quietly doing something else
than asked. A secret is checked where it is used, by :func:`secret`, with the same line.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jiading_cli.base import isodates
from jiading_cli.model.errors import UsageError

OFF = ("off", "0", "no", "false")
ON = ("on", "1", "yes", "true")
SWITCHES = ("JIADING_CACHE", "JIADING_FAST_FRONT")
JOBS = "JIADING_JOBS"
NOW = "JIADING_NOW"
CONFIG = "JIADING_CONFIG"
TOKENS = ("JIADING_FACEBOOK_TOKEN", "JIADING_LINKEDIN_TOKEN")
PASSWORD = "JIADING_SMTP_PASSWORD"  # noqa: S105 - the name of the variable, not a secret
MAX_JOBS = 8  # processes one kind of work is shared among, at most: each holds memory of its own
SHOWN = 120  # characters of a value an error line shows, at most
MAX_TOKEN = 8192  # characters of an access token, at most: it goes in a request's header
MAX_PASSWORD = 1024
MAX_NAME = 255  # bytes of one name in a path, at most (Linux's NAME_MAX)
MAX_PATH = 4096  # bytes of a whole path (PATH_MAX)


@dataclass(frozen=True, slots=True)
class Variable:
    """One environment variable: what it must hold and how a value is checked (a value set, not empty)."""

    name: str
    expected: str
    valid: Callable[[str], bool]
    secret: bool = False  # its value is never shown
    every_run: bool = True  # checked before any command reads the site; else where it is used
    detail: Callable[[str], str | None] = lambda _value: None  # what is wrong with a value refused, in words


def _switch(value: str) -> bool:
    return value.strip().lower() in OFF + ON


def ascii_number(value: str, most: int) -> int | None:
    """A whole number from 0 to ``most`` written in ASCII digits, white space around it ignored, leading zeros or
    not ('08' is 8): every number jiading reads from text given to it (a variable, an option such as ``serve
    --port``) is read so. A digit of another script ('٣', '８', which Python's ``int`` takes), a sign, an underscore
    ('8_0', which it takes too) is none, and a run of digits thousands long is read no further than a number up to
    ``most`` can go (never parsed whole)."""
    given = value.strip()
    if not (given.isascii() and given.isdecimal()):
        return None
    digits = given.lstrip("0") or "0"
    if len(digits) > len(str(most)) or int(digits) > most:
        return None
    return int(digits)


def _jobs(value: str) -> bool:
    return value.strip().lower() == "auto" or ascii_number(value, MAX_JOBS) is not None


EARLIEST = dt.datetime(2, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9998, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
MOMENTS = "in the years 2 to 9998 (UTC)"
"""The moments a run may be pinned to: every day a later step derives from one (its UTC day, its day in any time
zone, a day before or after) is a day Python's dates can hold, so no conversion of it fails mid-run."""


def within(moment: dt.datetime) -> bool:
    """Whether an aware ``moment`` is one a run may take as its "now" (see :data:`MOMENTS`)."""
    try:
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # its UTC time is before year 1 or after year 9999
        return False
    return EARLIEST <= utc <= LATEST


def now_of(value: str) -> dt.datetime | None:
    """The moment ``value`` pins as ``JIADING_NOW``: an ISO 8601 time with an offset, :func:`within` the moments a
    run may take; None for any other value."""
    given = value.strip()
    if not given.isascii():
        return None
    try:
        found = isodates.moment(given)
    except ValueError:
        return None
    return found if found.tzinfo is not None and found.utcoffset() is not None and within(found) else None


def now_detail(value: str) -> str | None:
    """What is wrong with a ``JIADING_NOW`` written as a time, in the words ``--now`` says it for the same value: the
    part that names nothing (``its day 29 is not from 1 to 28``, ``its hour 24 is not from 0 to 23``), or the offset
    it lacks; None for a value not written as one (``tomorrow``) or one outside :data:`MOMENTS` (the line says
    which moments are taken)."""
    given = value.strip()
    if not given.isascii():
        return None
    try:
        found = isodates.moment(given)
    except ValueError as exc:
        return str(exc) if isodates.MOMENT.fullmatch(given) else None
    return "it has no UTC offset, such as +00:00" if found.utcoffset() is None else None


def _path(value: str) -> bool:
    if not value.strip():
        return False
    data = os.fsencode(value)
    return len(data) < MAX_PATH and all(len(part) <= MAX_NAME for part in data.split(b"/"))


def _token(value: str) -> bool:
    given = value.strip()
    return bool(given) and len(given) <= MAX_TOKEN and given.isascii() and given.isprintable() and " " not in given


def _password(value: str) -> bool:
    # smtplib sends a login in ASCII: a password with any other character could never be sent
    return bool(value.strip()) and len(value) <= MAX_PASSWORD and value.isascii() and value.isprintable()


SWITCH_TEXT = "on or off (or 1/0, yes/no, true/false)"
TOKEN_TEXT = "an access token: printable ASCII without spaces"  # noqa: S105 - what a token must be, not one
VARIABLES: dict[str, Variable] = {
    variable.name: variable
    for variable in (
        Variable("JIADING_CACHE", SWITCH_TEXT, _switch),
        Variable(JOBS, f"'auto' or a number of processes from 1 to {MAX_JOBS}", _jobs),
        Variable("JIADING_FAST_FRONT", SWITCH_TEXT, _switch),
        Variable(
            NOW, f"an ISO 8601 time with offset, {MOMENTS}", lambda value: now_of(value) is not None, detail=now_detail
        ),
        Variable(CONFIG, "the path of a jiading.toml or of its folder", _path),
        *(Variable(name, TOKEN_TEXT, _token, secret=True, every_run=False) for name in TOKENS),
        Variable(PASSWORD, "a password of printable ASCII characters", _password, secret=True, every_run=False),
    )
}


def value(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The variable's value as set; None when it is unset or empty."""
    found = (os.environ if env is None else env).get(name, "")
    return found or None


def problem(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The error line for the variable's value, None when it is unset, empty or understood."""
    variable = _variable(name)
    found = value(name, env)
    if found is None or variable.valid(found):
        return None
    return refused(name, found)


def refused(name: str, found: str) -> str:
    """The one error line of a variable whose value ``found`` is not understood, or names nothing there, saying what is
    wrong with it where its row can tell (a part of a time that names nothing, as the option that takes the same
    value says it)."""
    variable = _variable(name)
    detail = None if variable.secret else variable.detail(found)
    return f"{name}: expected {variable.expected}, got {_shown(found, variable.secret)}" + (
        f" ({detail})" if detail else ""
    )


def _variable(name: str) -> Variable:
    """The row of ``name``; a plug-in network's secret, not in the table, is checked as a token."""
    return VARIABLES.get(name) or Variable(name, TOKEN_TEXT, _token, secret=True, every_run=False)


def _shown(found: str, secret: bool) -> str:
    if secret:
        return f"a value of {len(found)} character{'' if len(found) == 1 else 's'} (not shown)"
    if len(found) <= SHOWN:
        return repr(found)
    return f"{found[:SHOWN]!r}… ({len(found)} characters)"


def problems(env: Mapping[str, str] | None = None) -> list[str]:
    """One line for each variable every command reads whose value is not understood."""
    return [line for name, v in VARIABLES.items() if v.every_run and (line := problem(name, env)) is not None]


def checked(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The variable's value, stripped of white space around it; None when unset or empty; a
    :class:`UsageError` with its line when it is not understood."""
    line = problem(name, env)
    if line is not None:
        raise UsageError(line)
    found = value(name, env)
    return None if found is None else found.strip()


def secret(name: str, env: Mapping[str, str]) -> str | None:
    """A secret from ``env`` as :func:`checked` reads it (a password is taken as it is)."""
    found = checked(name, env)
    return env[name] if found is not None and name == PASSWORD else found


def switch(name: str) -> bool:
    """A switch that is on unless set to off (``off``, ``0``, ``no`` or ``false``, in any case)."""
    return (value(name) or "").strip().lower() not in OFF


def jobs(default: int) -> int:
    """``JIADING_JOBS``: a number from 1 to :data:`MAX_JOBS` as given, else ``default`` (unset, ``auto``,
    ``0`` or not understood)."""
    given = value(JOBS)
    if given is None or not _jobs(given) or given.strip().lower() == "auto":
        return default
    return ascii_number(given, MAX_JOBS) or default


def now() -> dt.datetime | None:
    """``JIADING_NOW``: the moment it pins; None when unset or not understood."""
    given = value(NOW)
    return None if given is None else now_of(given)


def config_path(env: Mapping[str, str] | None = None) -> str | None:
    """``JIADING_CONFIG`` as it is set, white space around it kept (a file's name may begin or end with a space),
    for ``config.find_config`` to read as it reads ``--config``; None when unset or empty; a :class:`UsageError`
    with its line when it is not understood (white space alone, a name no file system allows)."""
    checked(CONFIG, env)
    return value(CONFIG, env)
