"""A long value on the command line is shown shortened in the middle in every line about it: each option and
argument of every command the CLI registers (found by walking it, so a new one is tried too) is given a
6,000-character value, and every ``Error:`` or ``Warning:`` line stays short and keeps both ends of the value
(``base.printable.VALUE_MAX``), whoever wrote the line, jiading or the command-line parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jiading_cli.base.printable import MESSAGE_MAX, VALUE_MAX, message_line, short_values, shortened
from jiading_cli.model.errors import describe
from test_cli_fuzz import ARTICLE, COMMANDS, CONFIG, GLOBAL_LEFT_OUT, run_in

LONG = "START" + "x" * 5990 + "END_"  # as a path, a slug, a URL's end: no space in it
WORDS = "START " + "word " * 1200 + "END_"  # a title, a path of words: a value with spaces
LINE_MAX = MESSAGE_MAX + 60  # "Error: ", and the words the parser puts before a message ("Invalid value for …: ")


def _cases() -> list[Any]:
    cases = []
    for value, name in ((LONG, "LONG"), (WORDS, "WORDS")):
        for words, params in sorted(COMMANDS.items()):
            for param in params:
                if getattr(param, "is_flag", False) or set(param.opts) & GLOBAL_LEFT_OUT:
                    continue
                given = [value] if param.param_type_name == "argument" else [param.opts[0], value]
                cases.append(pytest.param([*words, *given], id=" ".join([*words, *given[:-1], name])))
            cases.append(pytest.param([*words, "--" + value], id=" ".join([*words, "--" + name])))
        cases += [pytest.param([value], id=name), pytest.param(["--config", value, "validate"], id=f"--config {name}")]
    return cases


@pytest.mark.parametrize("line", _cases())
def test_a_long_value_is_shown_with_both_ends_in_a_short_line(line: list[str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (site / "articles" / "a1.md").write_text(ARTICLE.format(n=1), encoding="utf-8")
    result = run_in(site, line)
    assert result.exit_code in (0, 1, 2), (line[:-1], result.output[:2000])
    for shown in result.output.splitlines():
        if shown.startswith(("Error:", "Warning:")):
            assert len(shown) <= LINE_MAX, (line[:-1], shown[:2000])
            assert ("START" in shown) == ("END_" in shown), (line[:-1], shown)


@pytest.mark.parametrize("size", [0, 1, VALUE_MAX - 1, VALUE_MAX, VALUE_MAX + 1, 6000])
def test_shortened_keeps_both_ends_within_the_limit(size: int) -> None:
    value = "".join(chr(ord("a") + n % 26) for n in range(size))
    cut = shortened(value)
    assert len(cut) == min(size, VALUE_MAX)
    assert (
        cut == value
        if size <= VALUE_MAX
        else (value.startswith(cut.split("…")[0]) and value.endswith(cut.split("…")[1]))
    )


def test_only_long_runs_are_shortened_and_control_characters_still_escaped() -> None:
    assert short_values("a short line, with words") == "a short line, with words"
    assert message_line("bad \x1b[2J: " + LONG) == "bad \\x1b[2J: " + shortened(LONG)
    assert message_line(LONG + "\n" + LONG).count("…") == 1  # a line break is no space: one value, escaped in it
    assert message_line(WORDS + ": no such file") == shortened(WORDS + ": no such file", MESSAGE_MAX)
    assert describe(LONG) == repr(shortened(LONG, 60))
