"""jiading.toml nests keys at most 100 deep, however the nesting is written (a table's name, a dotted key, an array
of tables, arrays, inline tables, or all of them at once): deeper is one JD001 line at the line of the key and exit
2 for every command, never a traceback (the config's checks walked its values by recursion) nor a wait (the TOML
reader takes time growing as the square of a dotted key's names)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import parse_config
from jiading_cli.model.errors import ConfigError
from jiading_cli.share.registry import BUILT_IN

PLUGINS = BUILT_IN.plugins()
MESSAGE = "expected keys nested at most 100 deep (tables, dotted keys, arrays and inline tables), found {:,} deep"


def nested(header: int, dotted: int, arrays: int, inline: int, many: bool = False) -> tuple[str, int]:
    """A table ``header`` names deep (an array of tables when ``many``), a key ``dotted`` names deep in it, and its
    value ``inline`` tables deep inside ``arrays`` arrays: the text after CONFIG, and how deep its deepest value is
    (with no table of its own, the key is CONFIG's last table's, [site]: one name deep)."""
    names = ".".join(["a"] * header)
    table = (f"[[{names}]]" if many else f"[{names}]") if header else ""
    value = "[" * arrays + "{b = " * inline + "1" + "}" * inline + "]" * arrays
    key = ".".join(['"c"'] * dotted)
    return f"{table}\n{key} = {value}\n", (header or 1) + int(many and header > 0) + dotted + arrays + inline


def refusal(header: int, dotted: int, depth: int) -> tuple[int, int] | None:
    """The line (of the text after CONFIG) and the depth a refusal names; None for a config taken."""
    if header > 100:
        return 1, header  # its table's name, seen before the file is parsed
    if (header or 1) + dotted > 100:
        return 2, (header or 1) + dotted  # the key's names with its table's
    return (2, depth) if depth > 100 else None


@given(
    st.integers(0, 130),
    st.integers(1, 130),
    st.integers(0, 30),
    st.integers(0, 30),
    st.booleans(),
)
def test_a_config_is_taken_when_and_only_when_it_nests_at_most_100_deep(
    header: int, dotted: int, arrays: int, inline: int, many: bool
) -> None:
    extra, depth = nested(header, dotted, arrays, inline, many)
    expected = refusal(header, dotted, depth)
    start = CONFIG.count("\n")
    try:
        parse_config(CONFIG + extra, Path("/site/jiading.toml"), PLUGINS)
    except ConfigError as exc:
        assert expected is not None, [p.render() for p in exc.problems]
        assert [(p.code, p.line) for p in exc.problems] == [("JD001", start + expected[0])]
        assert exc.problems[0].message.startswith(MESSAGE.format(expected[1]))
        return
    assert expected is None


CASES = {
    "a table's name": nested(1200, 1, 0, 0),
    "a dotted key": nested(0, 1200, 0, 0),
    "an array of tables": nested(60, 60, 0, 0, many=True),
    "inline tables in arrays": nested(1, 1, 100, 100),
}
COMMANDS = [
    ["validate"],
    ["list"],
    ["build"],
    ["feed", "build"],
    ["share"],
    ["new-article", "Title"],
    ["serve", "--port", "0"],
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_says_nesting_too_deep_in_one_line(site: Site, case: str, command: list[str]) -> None:
    extra, _ = CASES[case]
    site.write("jiading.toml", CONFIG + extra)
    before = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*"))
    result = site.run(*command)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: jiading.toml:"), lines
    assert "error JD001 expected keys nested at most 100 deep" in lines[0]
    assert sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*")) == before


def test_a_long_dotted_key_is_refused_at_once(site: Site) -> None:
    """64,000 names (128 KB): the TOML reader alone would take a minute over it."""
    site.write("jiading.toml", CONFIG + "[x]\n" + ".".join(["k"] * 64_000) + " = 1\n")
    started = time.perf_counter()
    result = site.run("validate")
    assert time.perf_counter() - started < 3
    line = CONFIG.count("\n") + 2
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: jiading.toml:{line}: error JD001 {MESSAGE.format(64_001)}"]
