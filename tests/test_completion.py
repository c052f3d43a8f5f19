"""Shell completion: the scripts load, and bash completes a command, an option, an article path and a network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not (BIN / "jiading").exists() or shutil.which("bash") is None, reason="needs bash")


def complete(words: list[str], cwd: Path) -> list[str]:
    """What bash offers after ``words`` (the last one being typed), with jiading's script loaded."""
    script = subprocess.run([BIN / "jiading", "completion", "bash"], capture_output=True, text=True, check=True).stdout
    line = " ".join(words)
    program = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; COMP_POINT={len(line)}\n"
        '_jiading_completion jiading; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", program], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return [word for word in done.stdout.splitlines() if word]


def test_bash_completes_a_command(site: Site) -> None:
    assert complete(["jiading", "val"], site.root) == ["validate"]


def test_bash_completes_an_option_of_a_command(site: Site) -> None:
    assert complete(["jiading", "validate", "--str"], site.root) == ["--strict"]


def test_bash_completes_an_article_path_one_folder_at_a_time(site: Site) -> None:
    site.article("en/2026/open-day.md")
    site.article("en/2026/opening.md")
    assert complete(["jiading", "validate", "art"], site.root) == ["articles/"]
    assert complete(["jiading", "validate", "articles/en/2026/op"], site.root) == [
        "articles/en/2026/open-day.md",
        "articles/en/2026/opening.md",
    ]


def test_bash_completes_a_network_name(site: Site) -> None:
    assert complete(["jiading", "share", "--network", "li"], site.root) == ["linkedin"]


def test_bash_completes_a_rule_code(site: Site) -> None:
    assert complete(["jiading", "rule", "JD15"], site.root) == ["JD150", "JD151", "JD152", "JD153"]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "compopt -o filenames"),
        ("zsh", "#compdef jiading"),
        ("fish", "complete --command jiading"),
    ],
)
def test_each_shell_has_a_script(site: Site, shell: str, marker: str) -> None:
    result = site.run("completion", shell)
    assert result.exit_code == 0
    assert marker in result.stdout and "_JIADING_COMPLETE" in result.stdout


def at_a_bash_prompt(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``command`` as typed at a bash prompt: bash runs it as its child (a lone command would be exec'd in bash's
    place), so the shell jiading finds it runs in is bash, whatever started the tests (a terminal, a background
    job, CI)."""
    env = {**(env or os.environ), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", f"{command}; exit $?"], cwd=cwd, env=env, capture_output=True, text=True)


def test_typer_s_own_show_completion_prints_the_script_of_the_shell_it_runs_in(site: Site) -> None:
    shown = at_a_bash_prompt("jiading --show-completion", site.root)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "_JIADING_COMPLETE=complete_bash" in shown.stdout
    assert shown.stdout == site.run("completion", "bash").stdout


@pytest.mark.parametrize("option", ["--show-completion", "--install-completion"])
def test_the_script_names_jiading_however_it_was_started(site: Site, tmp_path: Path, option: str) -> None:
    """``python -m jiading_cli --show-completion`` (or ``--install-completion``): the script is ``jiading``'s, which
    bash reads and completes with; it named the program ``python -m jiading_cli`` and asked ``_PYTHON _M
    JIADING_CLI_COMPLETE=complete_bash`` of bash."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    done = at_a_bash_prompt(f"{sys.executable} -m jiading_cli {option}", site.root, env)
    assert done.returncode == 0, done.stdout + done.stderr
    script = done.stdout if option == "--show-completion" else (home / ".bash_completions/jiading.sh").read_text()
    assert script.rstrip("\n") == site.run("completion", "bash").stdout.rstrip("\n")
    line = "jiading val"
    program = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD=1; COMP_LINE='{line}'; COMP_POINT={len(line)}\n"
        '_jiading_completion jiading; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    shown = subprocess.run(["bash", "-c", program], cwd=site.root, env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["validate"], shown.stderr


HEAVY = {"rich", "yaml", "feedgen", "markdown_it", "cmarkgfm", "cffi", "requests", "lxml", "pypinyin"}


def test_help_imports_no_heavy_module() -> None:
    command = [sys.executable, "-X", "importtime", "-m", "jiading_cli", "--help"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert done.returncode == 0 and "completion" in done.stdout
    assert imported & HEAVY == set()


def test_install_completion_writes_a_script_bash_loads_from_its_start_up_file(site: Site, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    done = at_a_bash_prompt("jiading --install-completion", site.root, env)
    assert done.returncode == 0 and "bash completion installed" in done.stdout, done.stdout + done.stderr
    program = (
        "source ~/.bashrc; COMP_WORDS=(jiading rul); COMP_CWORD=1; _jiading_completion jiading; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    shown = subprocess.run(["bash", "-c", program], cwd=site.root, env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["rule"]


NAMES = st.one_of(
    st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=12),
    st.binary(min_size=1, max_size=8).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
    st.sampled_from(["a.md", "new\nline.md", "tab\there", "x\xff.md", "loop", "loop.md", "sub"]),
).filter(lambda name: name not in (".", "..") and len(os.fsencode(name)) <= 255)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(NAMES, st.sampled_from(["file", "folder", "loop", "nowhere"])), max_size=8), NAMES)
def test_completion_never_fails_and_offers_only_words_a_shell_takes(entries: list[tuple[str, str]], typed: str) -> None:
    """Whatever the folder holds (links in a loop, links to nothing, names with line breaks or bytes not UTF-8),
    completing in it raises nothing, and each offer is one word with no control character, naming what is there."""
    import tempfile
    import unicodedata

    from jiading_cli.cli.completion import articles

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "articles"
        base.mkdir()
        for name, kind in entries:
            target = base / name
            if os.path.lexists(target):
                continue
            if kind == "file":
                target.write_text("x")
            elif kind == "folder":
                target.mkdir()
            else:
                os.symlink(name if kind == "loop" else "nowhere/at/all", target)
        here = os.getcwd()
        os.chdir(folder)
        try:
            for incomplete in ("articles/", f"articles/{typed[:1]}", f"articles/{typed}", typed):
                for offer in articles(incomplete):
                    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in offer), offer
                    assert os.path.lexists(offer.rstrip("/") or "."), offer
        finally:
            os.chdir(here)


def test_bash_completes_beside_a_loop_of_links(site: Site) -> None:
    (site.root / "articles" / "b").symlink_to("a")
    (site.root / "articles" / "a").symlink_to("b")
    os.mkdir(os.path.join(os.fsencode(site.root), b"articles", b"new\nline.md"))
    site.article("en/a.md")
    assert complete(["jiading", "validate", "articles/"], site.root) == ["articles/en/"]


def tab_at_bash(typed: str, cwd: Path) -> list[str]:
    """The words of the command line bash makes when ``typed`` is completed with Tab at its prompt, with jiading's
    script loaded as a user's start-up file loads it: the line is then run as the words of a function that prints
    them, each in ``<>``."""
    import pty
    import select
    import signal
    import time

    path = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "INPUTRC": "/dev/null", "PS1": "$ ", "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive bash at a terminal
        os.chdir(cwd)
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)

    def until(mark: bytes) -> bytes:
        seen, end = b"", time.monotonic() + 20
        while mark not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
        return seen

    try:
        loading = b'eval "$(jiading completion bash)"; shown() { printf "<%s>\\n" "$@"; echo "done"-words; }\n'
        os.write(fd, loading + b"echo loaded-script\n")
        until(b"\nloaded-script")
        # Tab, then Ctrl-A, the function's name, Ctrl-E and Enter: readline takes the keys after the Tab once the
        # completion it asked jiading for is on the line
        os.write(fd, typed.encode() + b"\t\x01shown \x05\n")
        seen = until(b"\ndone-words")  # never there if the line is left open (a quote the Tab put unclosed)
    finally:
        os.kill(pid, signal.SIGKILL)  # bash may be waiting for the rest of such a line: it is not asked to exit
        os.waitpid(pid, 0)
        os.close(fd)
    lines = seen.decode(errors="replace").replace("\r", "").split("\ndone-words")[0].splitlines()
    return [line[1:-1] for line in lines if line.startswith("<") and line.endswith(">")]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("articles/op", "articles/open day.md"),
        ("articles/it", "articles/it's.md"),
        ("articles/$", "articles/$HOME.md"),
        ("articles/a*", "articles/a*b.md"),
        ("articles/q", 'articles/q"x.md'),
        ("articles/b", "articles/back\\slash.md"),
        ("'articles/open d", "articles/open day.md"),
        ("articles/sp", "articles/sp ace/"),
        ("articles/sp\\ ace/", "articles/sp ace/in.md"),
    ],
)
def test_a_name_bash_completes_is_one_word_on_the_line_naming_the_file(site: Site, typed: str, name: str) -> None:
    """What Tab puts on the line is the file's name as the shell reads it back: quoted where it holds a space, a
    quote, a ``$`` or a ``*``, never split into other words or expanded; and a folder is followed by no space, so
    its files complete at the next Tab."""
    for each in ["open day.md", "it's.md", "$HOME.md", "a*b.md", 'q"x.md', "back\\slash.md"]:
        (site.root / "articles" / each).write_text("x")
    (site.root / "articles" / "sp ace").mkdir()
    (site.root / "articles" / "sp ace" / "in.md").write_text("x")
    assert tab_at_bash(f"jiading validate {typed}", site.root) == ["jiading", "validate", name]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="aA.mMdD_-", min_size=1, max_size=7), max_size=6))
def test_every_file_validate_reads_as_an_article_is_offered_and_no_other(names: list[str]) -> None:
    """Completion offers the files the walk of the articles folder reads as articles (``*.md`` in any case, not
    hidden: ``Open-Day.MD`` too) and no other file; one whose name starts with ``_`` only once it is typed."""
    import tempfile

    from jiading_cli.cli.completion import articles
    from jiading_cli.content.walk import is_article_name

    with tempfile.TemporaryDirectory() as folder:
        for name in set(names) - {".", ".."}:
            (Path(folder) / name).write_text("x")
        here = os.getcwd()
        os.chdir(folder)
        try:
            for typed in {"", *(name[:1] for name in names)}:
                shown = [n for n in os.listdir() if typed or not n.startswith("_")]
                wanted = sorted(n for n in shown if n.startswith(typed) and is_article_name(n))
                assert sorted(articles(typed)) == wanted, typed
        finally:
            os.chdir(here)


def test_a_command_bash_completes_is_its_name_whatever_folder_has_that_name(site: Site) -> None:
    """A command's name is never taken for a path: a folder ``validate/`` beside it is not offered instead."""
    (site.root / "validate").mkdir()
    assert tab_at_bash("jiading vali", site.root) == ["jiading", "validate"]


@pytest.mark.parametrize("option", ["--show-completion", "--install-completion"])
@pytest.mark.parametrize("found", [None, "tcsh"], ids=["no-shell", "tcsh"])
def test_no_shell_to_complete_in_is_one_error_line_naming_the_way_out(
    option: str, found: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A process started without a shell (a cron job), or by one jiading does not complete in: one `Error:` line on
    stderr saying what to run instead, exit 1, nothing printed or installed (typer's own was `Shell  not supported.`,
    on stdout for an install)."""
    import shellingham
    from typer.testing import CliRunner

    from jiading_cli.cli import app

    def detect() -> tuple[str, str]:
        if found is None:
            raise shellingham.ShellDetectionFailure
        return found, f"/bin/{found}"

    monkeypatch.setattr(shellingham, "detect_shell", detect)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", raising=False)
    result = CliRunner().invoke(app, [option])
    said = f"the shell '{found}' is not one jiading completes" if found else "no shell was found among the processes"
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr.startswith(f"Error: {said}") and result.stderr.endswith(
        "; name it instead: jiading completion bash, zsh or fish\n"
    )
    assert list(tmp_path.iterdir()) == []
