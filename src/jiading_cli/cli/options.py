"""Options every command takes, before or after its name, and the command group that adds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, cast

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from jiading_cli.base.printable import MESSAGE_MAX, message_line, short_values, shortened

QUIET_HELP = "Print only problems, errors and the closing summary."
VERBOSE_HELP = "Also print each step with its time (on a pipe or in CI too)."
CONFIG_HELP = "Path to jiading.toml or its folder (default: search upwards; env JIADING_CONFIG)."


@dataclass(slots=True)
class Globals:
    """What the global options chose for this run, wherever on the command line they were given."""

    config: str | None = None
    quiet: bool = False
    verbose: bool = False


def globals_of(ctx: typer.Context) -> Globals:
    """The run's global options (defaults when a command is invoked on its own, as in tests)."""
    found = ctx.find_object(Globals)
    if found is None:
        found = Globals()
        ctx.find_root().obj = found
    return found


def _set(ctx: typer.Context, param: Any, value: Any) -> Any:
    """Record a global option given after the command name (the last one given wins)."""
    if value is None or value is False or ctx.resilient_parsing:
        return value
    chosen = globals_of(ctx)
    setattr(chosen, param.name, value)
    if param.name == "quiet":
        chosen.verbose = False
    elif param.name == "verbose":
        chosen.quiet = False
    return value


def _after_name() -> list[TyperOption]:
    """The global options as a command takes them after its name."""
    common: dict[str, Any] = {"expose_value": False, "callback": _set, "is_eager": True}
    return [
        TyperOption(param_decls=["--config", "config"], type=str, metavar="PATH", help=CONFIG_HELP, **common),
        TyperOption(param_decls=["-q", "--quiet", "quiet"], is_flag=True, help=QUIET_HELP, **common),
        TyperOption(param_decls=["-v", "--verbose", "verbose"], is_flag=True, help=VERBOSE_HELP, **common),
    ]


def _first_sentence(text: str) -> str:
    first = " ".join(text.strip().split("\n\n")[0].split())
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


# An option or argument given nothing (``--out "$DIR"`` with DIR unset) is never taken for one not given: each is
# refused with exit 2, by the command's own check where it has one (these, with their own words), else here.
OWN_CHECK = frozenset(
    {"TITLE", "--lang", "--category", "--slug", "--date", "--tag", "--author", "PATH", "DIR", "--title"}
    | {"--base-url", "--language", "--timezone", "--now", "--network", "CODE", "SHELL", "--port"}
)
MAY_BE_EMPTY = frozenset({"--summary"})  # new-article --summary "": no summary yet, as without it
EXPECTED = {
    "--config": "the path of a jiading.toml or of its folder, got ''",  # as a command that reads it says
    "DIR": "a folder, got '' (nothing was written)", "ARTICLE": "an article's file or folder, or an article id, got ''",
    "DATE": "a date, got ''", "ID": "the post's id, got ''", "URL": "an address, got ''", "NAME": "a name, got ''",
}  # fmt: skip


class Refused(typer.BadParameter):
    """An empty value refused: one line, ``Error: --out: expected a folder, got '' …``, exit 2 (as the commands'
    own refusals read), not the usage and a hint before it."""

    def show(self, file: Any = None) -> None:
        typer.echo(f"Error: {message_line(self.message)}", err=True)


def _label(param: Any) -> str:
    return str(param.opts[0] if isinstance(param, TyperOption) else (param.metavar or param.name).rstrip("."))


def _refusing_empty(param: Any) -> None:
    """Refuse ``''`` as ``param``'s value (or one of its values), in one line, exit 2."""
    label = _label(param)
    chained = param.callback

    def refuse(ctx: Any, given: Any, value: Any) -> Any:
        values = value if isinstance(value, tuple | list) else (value,)
        if not ctx.resilient_parsing and any(each == "" for each in values):
            what = EXPECTED.get(label) or EXPECTED.get(str(param.metavar).rstrip("."), "a value, got ''")
            raise Refused(f"{label}: expected {what}")
        return chained(ctx, given, value) if chained is not None else value

    param.callback = refuse


def _fit(command: Any) -> None:
    """Give ``command`` (and every command under it) the global options, a whole first sentence as its
    line in the list of commands, ``NAME...`` for an argument that takes several values, and the refusal of an
    empty value to each option and argument that takes text and does not refuse it itself."""
    _reading_shortened(command)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _fit(sub)
        return
    taken = {opt for param in command.params for opt in getattr(param, "opts", [])}
    command.params.extend(option for option in _after_name() if not set(option.opts) & taken)
    if command.help and not command.short_help:
        command.short_help = _first_sentence(command.help)
    for param in command.params:
        if isinstance(param, TyperArgument) and param.nargs == -1 and param.metavar and "..." not in param.metavar:
            param.metavar = f"{param.metavar}..."
        label = _label(param)
        if not getattr(param, "is_flag", False) and label not in OWN_CHECK | MAY_BE_EMPTY and param.metavar:
            _refusing_empty(param)


class Group(TyperGroup):
    """jiading's top-level group: every command below it takes the global options too."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for param in self.params:  # the global options before a command's name
            if not getattr(param, "is_flag", False) and param.metavar:
                _refusing_empty(param)
        _reading_shortened(self)
        for command in self.commands.values():
            _fit(command)
            if isinstance(command, TyperGroup) and command.help and not command.short_help:
                command.short_help = _first_sentence(command.help)


def _reading_shortened(command: Any) -> None:
    """``command``'s reading of its command line (its options and arguments, and for a group the name of the command
    below it) says a refusal (``No such option: --…``, ``Invalid value for '--port': '…'``) with each long value in it
    shortened, as jiading's own errors say theirs (``base.printable.short_values``). Set on the command itself, so
    that no call of it stands on the stack while a command runs (a template's recursion is cut where it always was)."""
    for name in ("make_context", "resolve_command"):
        if (step := getattr(command, name, None)) is not None:
            setattr(command, name, _shortening(step))


def _shortening(step: Callable[..., Any]) -> Callable[..., Any]:
    def read(*args: Any, **kwargs: Any) -> Any:
        try:
            return step(*args, **kwargs)
        except typer.TyperException as exc:  # click's errors, as typer carries them
            if isinstance(message := getattr(exc, "message", None), str):
                exc.message = short_values(message)
            if isinstance(exc, USAGE) and getattr(type(exc), "show", None) is USAGE_SHOW:  # click's usage block
                cast(Any, exc).show = partial(_one_line, exc)  # this refusal's way of saying itself, below
            raise

    return read


# click's refusal of a command line, as typer carries it (the class ``typer.BadParameter`` is one of)
USAGE: type[Exception] = next((c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"), typer.BadParameter)
USAGE_SHOW = getattr(USAGE, "show", None)  # its way of saying itself: the usage, a hint, then the error (a subclass
# with a way of its own keeps it: ``Refused``, and the help shown for a group given no command)


def _one_line(exc: Any, file: Any = None) -> None:
    """A refusal of the command line in one line, with the help to ask for at its end (``Error: No such option:
    --bogus; see 'jiading validate --help'``), where click writes the command's usage and a hint first, four lines."""
    ctx = getattr(exc, "ctx", None)
    hint = ""
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        hint = f"; see '{ctx.command_path} {ctx.help_option_names[0]}'"
    message = exc.format_message()
    if hint:  # the line no longer than a message alone may be: the message shortened for the hint
        message = shortened(message.removesuffix("."), MESSAGE_MAX - len(hint))
    typer.echo(f"Error: {message_line(message)}{hint}", err=True)


OutOption = Annotated[
    str | None, typer.Option("--out", help="Folder to write to (default: site.output_dir).", metavar="DIR")
]
"""``--out``, as `build` and `feed build` both take it."""

NowOption = Annotated[
    str | None,
    typer.Option("--now", help="Build as of this ISO 8601 time (default: now; env JIADING_NOW).", metavar="ISO"),
]
"""``--now``, as `build` and `feed build` both take it."""
