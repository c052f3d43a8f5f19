"""Shell completion: `jiading completion SHELL` prints the script; article paths complete one folder at a time."""

import os
from enum import StrEnum
from typing import Annotated

import typer

PROG = "jiading"
VARIABLE = "_JIADING_COMPLETE"
HIDDEN = (".", "_")


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def articles(incomplete: str) -> list[str]:
    """Folders (ending in '/') and Markdown files that start with what has been typed, one level deep."""
    folder, _, start = incomplete.rpartition("/")
    where = folder or "."
    try:
        entries = sorted(os.scandir(where), key=lambda entry: entry.name)
    except OSError:
        return []
    prefix = f"{folder}/" if folder else ""
    found = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(HIDDEN) and not start):
            continue
        if entry.is_dir():
            found.append(f"{prefix}{entry.name}/")
        elif entry.name.endswith(".md"):
            found.append(f"{prefix}{entry.name}")
    return found


def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", metavar="SHELL")],
) -> None:
    """Print the completion script for bash, zsh or fish (load it from your shell's start-up file)."""
    # typer has no public function for a named shell's script: its own options find the shell from the process
    # tree, and click's public classes make scripts of another protocol than typer's completion answers.
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    typer.echo(get_completion_script(prog_name=PROG, complete_var=VARIABLE, shell=shell.value))


def register(app: typer.Typer) -> None:
    app.command("completion")(completion)
