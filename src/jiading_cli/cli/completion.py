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
    """Folders (ending in '/') and articles' files (``*.md`` in any case, as ``validate`` reads them) that start with
    what has been typed, one level deep. Never fails:
    an entry whose kind cannot be told (a loop of links, one shut) is a plain name (offered when an article's name),
    and a name no shell takes as one completion word (see :func:`one_word`) is left out."""
    from jiading_cli.base.filekinds import is_article_name

    folder, _, start = incomplete.rpartition("/")
    where = folder or "."
    try:
        entries = sorted(os.scandir(where), key=lambda entry: entry.name)
    except (OSError, ValueError):  # not there, shut, a NUL typed: nothing to offer
        return []
    prefix = f"{folder}/" if folder else ""
    found = []
    for entry in entries:
        name = entry.name
        if not name.startswith(start) or (name.startswith(HIDDEN) and not start) or not one_word(prefix + name):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            found.append(f"{prefix}{name}/")
        elif is_article_name(name):
            found.append(f"{prefix}{name}")
    return found


def one_word(path: str) -> bool:
    """Whether ``path`` can be one completion word: the shells' scripts take one a line, and a control character
    (a line break, a tab), a line or paragraph separator, or a byte that is not UTF-8 (escaped in the name Python
    gives) would split it or could not be written back as the file's name."""
    import unicodedata

    return not any(unicodedata.category(character) in UNSAYABLE for character in path)


UNSAYABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})  # control characters, escaped bytes, line and paragraph separators


BASH = "    return 0\n}"
"""The end of typer's bash function. bash puts what a function offers on the command line as it is written, then
a space: a name with a space, a quote, a ``$`` or a ``*`` became other words than the file's, and a folder offered
one level at a time was followed by a space to take back before its files could be completed."""
BASH_FILENAMES = "    case ${COMPREPLY[0]-} in */* | *.[mM][dD]) compopt -o filenames ;; esac\n" + BASH
"""The same, the offers taken as file names when they are paths (a folder's, ending in '/', or an article's): bash
then quotes each as it puts it on the line (``open\\ day.md``), and puts no space after a folder. A command's or an
option's name is never taken for one, so a folder of that name beside it (``build/``) is not offered instead."""


def bash_filenames() -> None:
    """typer's bash script, wherever it is printed or installed (``completion bash``, ``--show-completion``,
    ``--install-completion``), with :data:`BASH_FILENAMES`: typer keeps its scripts in one table. That table is
    typer's own, not its interface: a typer that keeps it elsewhere, or writes another script, is left as it is
    (completion then works as typer's does), never a command that fails to start (tests/test_completion.py runs the
    script in a real bash)."""
    try:
        from typer import _completion_shared

        scripts = _completion_shared._completion_scripts
        scripts["bash"] = scripts["bash"].replace(BASH, BASH_FILENAMES, 1)
    except (ImportError, AttributeError, KeyError, TypeError):
        return


bash_filenames()


def shell_found_or_said() -> None:
    """``--show-completion`` and ``--install-completion`` find the shell among the processes that started jiading;
    where there is none they know (a cron job, a process started without a shell), typer said ``Shell  not
    supported.`` (on stdout for an install) and exited 1: now one ``Error:`` line on stderr naming the way out,
    exit 1 still. As for :func:`bash_filenames`, a typer that keeps these elsewhere is left as it is."""
    try:
        from typer import _completion_shared, completion
    except ImportError:
        return
    scripts = getattr(_completion_shared, "_completion_scripts", None)
    show, install, detect = (
        getattr(completion, name, None) for name in ("get_completion_script", "install", "_get_shell_name")
    )
    if not isinstance(scripts, dict) or not (callable(show) and callable(install) and callable(detect)):
        return

    def refused(shell: object) -> typer.Exit:
        found = (
            f"the shell '{shell}' is not one jiading completes"
            if shell
            else "no shell was found among the processes that started jiading"
        )
        typer.echo(f"Error: {found}; name it instead: jiading completion bash, zsh or fish", err=True)
        return typer.Exit(1)

    # the script names the program as installed, however this one was started: typer names it after the command
    # line's program, and `python -m jiading_cli --show-completion` printed a function for `python -m jiading_cli`,
    # which ran a command '_PYTHON' (its variable's name made of those words) that no shell has
    def shown(*, prog_name: str, complete_var: str, shell: str) -> object:
        if shell not in scripts:
            raise refused(shell)
        return show(prog_name=PROG, complete_var=VARIABLE, shell=shell)

    def installed(shell: str | None = None, prog_name: str | None = None, complete_var: str | None = None) -> object:
        named = shell if shell is not None else detect()
        if named not in scripts:
            raise refused(named)
        return install(shell=named, prog_name=PROG, complete_var=VARIABLE)

    setattr(completion, "get_completion_script", shown)  # noqa: B010 - typer's module, not an interface of its
    setattr(completion, "install", installed)  # noqa: B010


shell_found_or_said()


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


BASH_WORDS = {
    "COMP_WORDS": "the words of the command line bash is completing",
    "COMP_CWORD": "the number of the word bash is completing, in ASCII digits",
}
"""What bash's completion hands over, as the script sets it: typer reads them unchecked (``int(COMP_CWORD)``, a
``KeyError`` where one is unset), so one set by hand, or by another shell, ended the run in a traceback."""


def unreadable_request() -> str | None:
    """The one line, naming the variable, for a completion asked of jiading (``_JIADING_COMPLETE=complete_bash``)
    whose words it cannot read; None when none is asked or its words can be read (then completing never fails)."""
    instruction, _, shell = os.environ.get(VARIABLE, "").partition("_")
    if (instruction, shell) != ("complete", "bash"):
        return None
    for name, expected in BASH_WORDS.items():
        given = os.environ.get(name)
        if given is None or (name == "COMP_CWORD" and not (given.isascii() and given.isdecimal())):
            from jiading_cli.base.printable import quoted

            got = "nothing (it is unset)" if given is None else quoted(given)
            set_by = "it is set by the script that jiading completion bash prints"
            return f"{name}: expected {expected}, got {got}; {set_by}"
    return None


def register(app: typer.Typer) -> None:
    app.command("completion")(completion)
