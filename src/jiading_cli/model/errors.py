"""Problems and domain exceptions.

The core never prints and never exits: it returns :class:`Problem` records or raises a
:class:`JiadingError`. The command layer maps both to output and to the exit codes
documented in the README.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, TypeVar

from jiading_cli.base.alike import lookalike_note
from jiading_cli.base.printable import CONTROL, SHOWS_NOTHING, SURROGATES, quoted, shortened
from jiading_cli.base.printable import printable as shown

Severity = Literal["error", "warning", "info"]
LINE_MAX = 1_000
"""Characters of a problem's line, ``path:line: severity code field: message``: a longer message is cut to fit, and
ends in '…' (a value quoted whole would make a line no one reads). Only a path of more than some 600 characters,
never cut (it names the file), makes a line longer; the message then keeps :data:`MESSAGE_MIN` characters."""
MESSAGE_MAX = LINE_MAX  # the longest message, of a line with no path and no field
FIELD_MAX = 200  # characters of a field's name (a key an article invents): a longer one is cut and ends in '…'
MESSAGE_MIN = 200


def cut(text: str, most: int) -> str:
    """``text`` within ``most`` characters: a longer one cut, ending in '…'."""
    return text if len(text) <= most else text[: most - 1] + "…"


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # validation problems, a failed post, a file that already exists
    USAGE = 2  # bad arguments, no site, invalid configuration
    INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: where, which rule, what was expected and found."""

    path: str
    line: int
    code: str
    severity: Severity
    field: str
    message: str

    def __post_init__(self) -> None:
        # Text that UTF-8 cannot carry (a lone surrogate from a "\ud800" escape or a file name in another
        # encoding) is written as an escape, so every report, JSON included, is valid UTF-8; and a field's name
        # and the message are one line that cannot drive a terminal, whatever text of a file or of a library's
        # error they quote: each control character (a line break, an escape) is written as an escape too.
        for name in ("path", "field", "message"):
            text = given = getattr(self, name)
            if name != "path" and CONTROL.search(text) is not None:
                text = CONTROL.sub(lambda found: repr(found.group())[1:-1], text)
            if not text.isascii():
                text = printable(text)
            if name == "field":
                text = cut(text, FIELD_MAX)
            if name == "message":  # the whole line within LINE_MAX, whatever its field and message quote
                text = cut(text, max(LINE_MAX - len(self._head()), MESSAGE_MIN))
            if text is not given:
                object.__setattr__(self, name, text)

    def _head(self) -> str:
        """The line before the message."""
        where = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {self.severity} {self.code} {where}"

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def render(self) -> str:
        return f"{self._head()}{self.message}"


@dataclass(frozen=True, slots=True)
class FileProblems:
    """One file's problems as a report people read shows them: the first ones, and how many more there are."""

    path: str
    shown: tuple[Problem, ...]
    more: int


def printable(text: str) -> str:
    """``text`` with anything UTF-8 cannot encode (lone surrogates) written as a backslash escape: a byte of a name
    that is not UTF-8 as the byte (``\\xff``), as :func:`~jiading_cli.base.printable.printable` shows it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATES.sub(lambda found: shown(found.group()), text)
    return text


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def describe(value: object) -> str:
    """A short, readable rendering of a found value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # both ends of it, as every long value is shown; what shows nothing as its escape,
        return SHOWS_NOTHING.sub(_escape, quoted(shortened(value, 60))) + lookalike_note(value)  # what reads as ASCII
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    if isinstance(value, set | frozenset):
        return f"a set of {len(value)}"  # never its items: their order changes from run to run
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!s:.60}"


class JiadingError(Exception):
    """Base of every error jiading reports to the user as one line per problem: each problem is one argument,
    so a problem's own text (a name, an argument with a line break in it) is never taken for two problems."""

    exit_code: ExitCode = ExitCode.PROBLEMS

    def __str__(self) -> str:
        return "\n".join(map(str, self.args))

    def lines(self) -> list[str]:
        """One line per problem, as given (a control character in one is escaped where it is shown)."""
        return [str(arg) for arg in self.args] or [""]


class Raced(JiadingError):
    """A file changed while the run read it, after it was checked: nothing was made from it. The same run made
    again reads the file as it is now (`jiading serve` does so at once)."""


def cannot(where: str, exc: OSError, doing: str = "write") -> str:
    """The one line for a file a command could not write (read, replace, remove): ``where`` is the file as shown,
    then why, as the system says it (``public/index.html: cannot write: No space left on device``)."""
    return f"{where}: cannot {doing}: {exc.strerror or exc}"


@contextmanager
def writing(where: str, error: type[JiadingError] = JiadingError, doing: str = "write") -> Iterator[None]:
    """Within the block, an ``OSError`` is ``error``'s one line naming ``where`` (:func:`cannot`)."""
    try:
        yield
    except OSError as exc:
        raise error(cannot(where, exc, doing)) from None


class UsageError(JiadingError):
    exit_code = ExitCode.USAGE


T = TypeVar("T")


class Refusals:
    """A command's arguments checked each on its own, whatever the others' checks found, and refused together: every
    argument that is wrong is named at once, one line each, as `validate` names every problem of a file, never the
    first alone for the user to fix and run again to meet the next."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[str] = []

    def take(self, check: Callable[[], T], fallback: T) -> T:
        """What ``check`` gives; ``fallback`` when it refuses, its lines kept for :meth:`close`."""
        try:
            return check()
        except UsageError as exc:
            self.lines += exc.lines()
            return fallback

    def passes(self, check: Callable[[], object]) -> bool:
        """Whether ``check`` passes; when it refuses, its lines are kept for :meth:`close`."""
        before = len(self.lines)
        self.take(check, None)
        return len(self.lines) == before

    def close(self) -> None:
        """Refuse, in one :class:`UsageError` with a line for each problem, when any check refused."""
        if self.lines:
            raise UsageError(*dict.fromkeys(self.lines))

    def last(self, check: Callable[[], T]) -> T:
        """What ``check`` gives, when it and every check before it pass; else every problem, its own and the rest."""
        try:
            value = check()
        except UsageError as exc:
            self.lines += exc.lines()
            raise UsageError(*dict.fromkeys(self.lines)) from None
        self.close()
        return value


class SiteNotFoundError(UsageError):
    def __init__(self, start: str) -> None:
        super().__init__(
            f"no jiading.toml in {start} or any parent folder "
            "(run `jiading init` to start a site here, run inside a site, or pass --config PATH / set JIADING_CONFIG)"
        )


class ConfigError(UsageError):
    """The site configuration is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))

    def lines(self) -> list[str]:
        return [p.render() for p in self.problems]


class FileExistsProblem(JiadingError):
    """A command refused to overwrite an existing file."""
