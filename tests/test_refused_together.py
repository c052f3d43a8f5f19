"""`jiading new-article` and `jiading init` given several wrong arguments name every one of them at once, each in the
line it gets when it is the only one wrong, exit 2 and nothing written: never the first alone, for the user to fix
and run again only to meet the next."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import NOW
from jiading_cli.cli import app
from test_new_article_edges import new_site, snapshot

# Each argument: a value it takes, then values refused by its own check, whatever the other arguments are.
NEW_ARTICLE: dict[str, tuple[str, list[str]]] = {
    "TITLE": ("Open day in Jiading", ["  ", "a\nb", "a\tb", "News\x07"]),
    "--summary": ("Jiading's innovation park opens its doors to visitors.", ["a\x1bb", "\udcff"]),
    "--lang": ("en", ["bogus--", "con", "", "en_US"]),
    "--slug": ("open-day-in-jiading", ["", "😀", "x" * 201]),
    "--date": ("2026-11-20", ["garbage", "2026-02-30", "", "2026-01-01T10:00:00+08:00:30"]),
    "--tag": ("park", ["", " , ", "a\nb", "a,,b"]),
    "--category": ("News", [" ", "a\tb", "a\u2028b"]),
    "--author": ("Newsroom", ["", "a\rb", "x,"]),
    "--edit": ("", ["with no editor set"]),  # given, with VISUAL and EDITOR empty
}
INIT: dict[str, tuple[str, list[str]]] = {
    "DIR": ("site", ["", "a-file"]),
    "--title": ("Invest in Jiading", ["", "News\nsite", "a\tb"]),
    "--base-url": ("https://news.example.com", ["news.example.com", "https://u:p@news.example.com", "ftp://x.com"]),
    "--language": ("en,zh-CN", ["xx-bogus", "en,EN", "con", ",", "en,"]),
    "--timezone": ("Asia/Shanghai", ["Mars/Base", "asia/shanghai", ""]),
}


def run(args: list[str], env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, args, env={"JIADING_NOW": NOW, "JIADING_CONFIG": None, **(env or {})})


def new_article(values: dict[str, str]) -> Result:
    args = ["new-article"]
    for option, value in values.items():
        if option == "--edit":
            args += ["--edit"] if value else []
        elif option != "TITLE":
            args += [option, value]
    return run([*args, "--", values["TITLE"]], {"EDITOR": "", "VISUAL": ""})


def wrong(table: dict[str, tuple[str, list[str]]]) -> st.SearchStrategy[dict[str, str]]:
    """Two or more of ``table``'s arguments given a value their check refuses, the others one it takes."""
    names = sorted(table)
    return st.lists(st.sampled_from(names), min_size=2, max_size=len(names), unique=True).flatmap(
        lambda bad: st.fixed_dictionaries(
            {name: st.sampled_from(table[name][1]) if name in bad else st.just(table[name][0]) for name in names}
        )
    )


def alone(table: dict[str, tuple[str, list[str]]], values: dict[str, str], name: str) -> dict[str, str]:
    """``values`` with every argument but ``name`` given the value it takes."""
    return {other: value if other == name else table[other][0] for other, value in values.items()}


def hold(combined: Result, each: list[Result], before: object, after: object) -> None:
    """The refusal of several wrong arguments is every line each gives alone, in one run, exit 2, nothing written."""
    expected = [line for result in each for line in result.stderr.splitlines()]
    assert all(result.exit_code == 2 and result.stdout == "" for result in each), [r.output for r in each]
    assert (combined.exit_code, combined.stdout) == (2, ""), combined.output
    assert sorted(combined.stderr.splitlines()) == sorted(dict.fromkeys(expected)), (combined.stderr, expected)
    assert after == before


@settings(max_examples=30, deadline=None)
@given(values=wrong(NEW_ARTICLE))
@example(values={**{name: good for name, (good, _) in NEW_ARTICLE.items()}, "--lang": "bogus--", "--date": "garbage"})
def test_new_article_names_every_wrong_argument_at_once(values: dict[str, str]) -> None:
    bad = [name for name, value in values.items() if value != NEW_ARTICLE[name][0]]
    with new_site() as root:
        each = [new_article(alone(NEW_ARTICLE, values, name)) for name in bad]
        before = snapshot(root)
        combined = new_article(values)
        hold(combined, each, before, snapshot(root))


@contextmanager
def empty_folder() -> Iterator[Path]:
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="jiading-together-") as folder:
        os.chdir(folder)
        try:
            Path("a-file").write_text("not a folder", encoding="utf-8")
            yield Path(folder)
        finally:
            os.chdir(here)


def init(values: dict[str, str]) -> Result:
    args = ["init", "--yes"]
    for option, value in values.items():
        if option != "DIR":
            args += [option, value]
    return run([*args, "--", values["DIR"]])


@settings(max_examples=30, deadline=None)
@given(values=wrong(INIT))
@example(values={**{name: good for name, (good, _) in INIT.items()}, "DIR": "a-file", "--timezone": "Mars/Base"})
def test_init_names_every_wrong_answer_and_folder_at_once(values: dict[str, str]) -> None:
    bad = [name for name, value in values.items() if value != INIT[name][0]]
    with empty_folder() as root:
        each = [init(alone(INIT, values, name)) for name in bad]
        before = snapshot(root)
        combined = init(values)
        hold(combined, each, before, snapshot(root))
