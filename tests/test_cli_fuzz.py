"""Any command line gives lines and a documented exit code: Hypothesis draws a command (every one the CLI
registers, found by walking it, so a new command or option is drawn too), its options and arguments in any
order with awkward values, and runs it in a small site. Whatever it is asked, jiading answers with 0, 1 or 2,
never a traceback, prints no control character a terminal would act on, never touches an article file unless
the command writes articles (``new-article``, ``share``'s records, ``init``), and writes nothing outside the
folder it runs in.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from jiading_cli.cli import app

# Not drawn: `serve` runs until stopped; the completion installers edit the shell's own files.
LEFT_OUT = {("serve",)}
GLOBAL_LEFT_OUT = {"--install-completion", "--show-completion"}
WRITES_ARTICLES = {("new-article",), ("share",), ("init",)}
CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = "https://news.example.com"
language = "en"
timezone = "Asia/Shanghai"

[facebook]
page_id = "1234"
api_base = "http://127.0.0.1:9"

[linkedin]
organization = "5678"
api_base = "http://127.0.0.1:9"

[email]
sender = "Newsroom <news@example.com>"
to = ["readers@example.com"]
smtp_host = "127.0.0.1"
smtp_port = 9
smtp_security = "none"

[share]
timeout = 0.2
attempts = 1
"""
ARTICLE = """\
---
id: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}
title: Financial industry to boost Jiading {n}
date: 2017-07-0{n}T18:00:00+08:00
summary: Jiading signed a memorandum of strategic cooperation on finance with Shanghai.
tags: [finance]
category: Economy
---
Shanghai's Jiading district signed a memorandum on July 3. [Link](https://example.com/)
"""
BROKEN = "one\nSECOND-LINE"  # a value with a line break: what follows it must never start a line of output
VALUES = st.sampled_from(
    [
        "", " ", "-", "--", "-x", "articles", "articles/a1.md", "a1.md", "articles/none.md", "x" * 300, ".", "..",
        "../..", "../../..", "2026-13-45", "2017-07-03", "2017-07-03T18:00:00+08:00", "yesterday", "0", "-1",
        "99999999999999999999", "facebook", "linkedin", "email", "myspace", "JD100", "jd999", "bash", "zsh", "en",
        "zh-CN", "xx-!!", "https://e.com", "javascript:x", "1234_5", "urn:li:share:1", "public", "out/dir",
        "Asia/Shanghai", "Mars/Base", "\x1b[2J", "a\nb", "tab\there", "{title}", "%s%n", "标题", "\u202eevil",
        "json", "text", "github", "*", "~", BROKEN,
    ]
) | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"), max_size=12)  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _commands() -> dict[tuple[str, ...], list[Any]]:
    """Every command the CLI registers, by its words, with its parameters."""
    root = typer.main.get_command(app)
    found: dict[tuple[str, ...], list[Any]] = {}

    def walk(command: Any, context: click.Context, words: tuple[str, ...]) -> None:
        if hasattr(command, "list_commands"):  # a group (typer's own click)
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                assert sub is not None
                walk(sub, click.Context(sub, parent=context), (*words, name))
        elif words not in LEFT_OUT:
            found[words] = list(command.params)

    walk(root, click.Context(root), ())
    return found


COMMANDS = _commands()


@st.composite
def command_lines(draw: Any) -> list[str]:
    words = draw(st.sampled_from(sorted(COMMANDS)))
    params = COMMANDS[words]
    line = list(words)
    for param in draw(st.lists(st.sampled_from(params), max_size=5)) if params else []:
        if param.param_type_name == "argument":
            line += draw(st.lists(VALUES, min_size=1, max_size=2))
            continue
        name = draw(st.sampled_from(param.opts))
        if name in GLOBAL_LEFT_OUT:
            continue
        line.append(name)
        if not getattr(param, "is_flag", False):
            choices = getattr(param.type, "choices", None)
            if choices and draw(st.booleans()):
                line.append(str(draw(st.sampled_from(list(choices)))))
            else:
                line.append(draw(VALUES))
    line += draw(st.lists(VALUES, max_size=1))  # a stray word
    return line


def run_in(site: Path, line: list[str]) -> Result:
    """``line`` run from the site's folder, the clock pinned, no editor, config, token or password from outside."""
    env = {"JIADING_NOW": "2026-11-27T12:00:00+08:00", "EDITOR": "true", "VISUAL": "", "JIADING_CONFIG": ""}
    env.update({name: "" for name in ("JIADING_FACEBOOK_TOKEN", "JIADING_LINKEDIN_TOKEN", "JIADING_SMTP_PASSWORD")})
    here = os.getcwd()
    os.chdir(site)
    try:
        return CliRunner().invoke(app, line, env=env)
    finally:
        os.chdir(here)


def _site(root: Path) -> Path:
    """A site three folders down in ``root`` (so ``..``, ``../..`` and ``../../..``, which commands such as
    ``init`` write into as told, stay inside ``root/one``), with two articles."""
    site = root / "one" / "two" / "three" / "site"
    (site / "articles").mkdir(parents=True)
    (site / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in (1, 2):
        (site / "articles" / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    return site


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(max_examples=150, deadline=None)
@given(line=command_lines())
@example(line=["build", "--now", "99999999999999999999"])
@example(line=["share", "--since", "2026-13-45", "--digest"])
@example(line=["new-article", "\x1b[2J", "--lang", "xx-!!", "--date", "yesterday"])
@example(line=["feed", "build", "--config", "~0"])  # a ~name of no user: as written, as a shell leaves it
@example(line=["init", "../..", "--yes", "--language", "zh-CN", "--timezone", "Mars/Base"])
@example(line=["init", "../../.."])  # a site made where it is told, three folders up: still inside the test's folder
@example(line=["validate", "--format", "github", BROKEN])
@example(line=["share", "--resolve", BROKEN, "--network", "facebook", "--not-posted"])
@example(line=["share", "--resolve", "articles/a1.md", "--network", "facebook", "--remote-id", "\u202eevil"])
@example(line=["feed", "build", "--out", "out/dir", "--include-drafts", "--ping"])
def test_any_command_line_gives_lines_and_a_documented_exit_code(line: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = _site(root)
        before = _files(site / "articles")
        result = run_in(site, line)
        assert result.exception is None or isinstance(result.exception, SystemExit), (line, result.output)
        assert result.exit_code in (0, 1, 2), (line, result.output)
        assert "Traceback" not in result.output
        starts = [shown.removeprefix("Error: ").removeprefix("Warning: ") for shown in result.output.splitlines()]
        assert not any(start.startswith("SECOND-LINE") for start in starts), (line, result.output)
        assert not CONTROL.search(result.output.replace("\n", "").replace("\t", "")), (line, result.output)
        if result.exit_code == 2:  # a refusal of the command line is its one line, never click's usage block
            assert not any(shown.startswith(("Usage: ", "Try '")) for shown in result.output.splitlines()), line
        if tuple(w for w in line if not w.startswith("-"))[:1] not in {w[:1] for w in WRITES_ARTICLES}:
            assert _files(site / "articles") == before, line
        assert sorted(p.name for p in root.iterdir()) == ["one"], line


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            ["validate", "--bogus"],
            "Error: No such option: --bogus (Possible options: --verbose); see 'jiading validate --help'",
        ),
        (["bogus"], "Error: No such command 'bogus'; see 'jiading --help'"),
        (["feed", "bogus"], "Error: No such command 'bogus'; see 'jiading feed --help'"),
        (
            ["validate", "--format", "xml"],
            "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'; "
            "see 'jiading validate --help'",
        ),
        (["new-article"], "Error: Missing argument 'TITLE'; see 'jiading new-article --help'"),
        (["build", "--out"], "Error: Option '--out' requires an argument."),
    ],
)
def test_a_command_line_refused_is_one_line_naming_the_help(tmp_path: Path, line: list[str], said: str) -> None:
    result = run_in(_site(tmp_path), line)
    assert result.exit_code == 2
    assert result.output == said + "\n"


@pytest.mark.parametrize("line", [[], ["feed"]])
def test_a_group_given_no_command_shows_its_help(tmp_path: Path, line: list[str]) -> None:
    """Not a refusal of one line: the commands it has, to choose from (exit 2, as click gives it)."""
    result = run_in(_site(tmp_path), line)
    assert result.exit_code == 2
    assert result.output.startswith(f"Usage: jiading {' '.join([*line, ''])}[OPTIONS] COMMAND [ARGS]...\n")
    assert "Error:" not in result.output
