"""Options every command takes, before or after its name, and the command group that adds them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

QUIET_HELP = "Print only problems, errors and the closing summary."
VERBOSE_HELP = "Also print each step with its time (on a pipe or in CI too)."
CONFIG_HELP = "Path to jiading.toml (default: search upwards; env JIADING_CONFIG)."


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


def _fit(command: Any) -> None:
    """Give ``command`` (and every command under it) the global options, a whole first sentence as its
    line in the list of commands, and ``NAME...`` for an argument that takes several values."""
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


class Group(TyperGroup):
    """jiading's top-level group: every command below it takes the global options too."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            _fit(command)
            if isinstance(command, TyperGroup) and command.help and not command.short_help:
                command.short_help = _first_sentence(command.help)


OutOption = Annotated[
    str | None, typer.Option("--out", help="Folder to write to (default: site.output_dir).", metavar="DIR")
]
"""``--out``, as `build` and `feed build` both take it."""

NowOption = Annotated[
    str | None,
    typer.Option("--now", help="Build as of this ISO 8601 time (default: now; env JIADING_NOW).", metavar="ISO"),
]
"""``--now``, as `build` and `feed build` both take it."""
