"""A character of ``jiading.toml`` that looks like one of TOML's own and is another (a curly quotation mark a word
processor typed, a full-width ``＝`` or ``，`` an input method typed, a no-break space) is named by ``JD001`` on its
line, with what TOML takes there, and the line mended when TOML then reads past it; the mended line, written back,
loads. Hypothesis puts one such character in place of TOML's own anywhere in a config."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.config import parse_config
from jiading_cli.config.tomlhints import LOOKALIKES
from jiading_cli.model.errors import ConfigError

CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = 'https://news.example.com'
authors = ["Newsroom", "Li Wei"]
timezone = "Asia/Shanghai"  # the site's zone

[validate]
ignore = ["JD150"]
"""
SPACES = ["\u00a0", "\u3000", "\u2007", "\u202f", "\u2003"]
SWAPS = [(meant, odd) for odd, meant in LOOKALIKES.items()] + [(" ", space) for space in SPACES]


@settings(max_examples=200, deadline=None)
@given(swap=st.sampled_from(SWAPS), data=st.data())
def test_a_look_alike_of_tomls_own_character_is_named_on_its_line(swap: tuple[str, str], data: st.DataObject) -> None:
    meant, odd = swap
    places = [at for at, char in enumerate(CONFIG) if char == meant]
    if not places:
        return
    at = data.draw(st.sampled_from(places))
    text = CONFIG[:at] + odd + CONFIG[at + 1 :]
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        pass
    else:
        return  # inside a string or a comment: text, and no error
    try:
        parse_config(text, __import__("pathlib").Path("/site/jiading.toml"))
    except ConfigError as exc:
        (problem,) = exc.problems
    line = CONFIG.count("\n", 0, at) + 1
    assert problem.code == "JD001" and problem.line == line, problem.render()
    assert f"; found U+{ord(odd):04X} (" in problem.message and f" where TOML takes {meant!r}" in problem.message, (
        problem.render()
    )
    if ": write the line " in problem.message:
        mended = problem.message.partition(": write the line ")[2]
        rows = text.split("\n")
        rows[line - 1] = mended
        tomllib.loads("\n".join(rows))
