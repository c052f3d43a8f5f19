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


@settings(max_examples=20, deadline=None)
@given(
    depth=st.integers(100, 3000),
    opening=st.sampled_from(["\uff3b", "\uff5b"]),
    inner=st.sampled_from(["1", "a = 1", ""]),
)
def test_look_alikes_mended_into_deep_nesting_are_named_never_read_deep(depth: int, opening: str, inner: str) -> None:
    """A line of full-width brackets would nest deeper than TOML's reader follows once mended: the hint's reading of
    the mended file is guarded as the file's own is, so the error is one line, never the reader's recursion."""
    closing = {"\uff3b": "\uff3d", "\uff5b": "\uff5d"}[opening]
    text = CONFIG + f"\n[extra]\nx = {opening * depth}{inner}{closing * depth}\n"
    try:
        parse_config(text, __import__("pathlib").Path("/site/jiading.toml"))
    except ConfigError as exc:
        (problem,) = exc.problems
    assert problem.code == "JD001" and problem.line == CONFIG.count("\n") + 3, problem.render()
    assert f"; found U+{ord(opening):04X} (" in problem.message
