"""The line a problem of jiading.toml names is the line its key is written on, as TOML counts lines (a line feed
ends one; U+2028 or U+0085 in a comment or a string does not) and whatever values stand before it: a string of
many lines holding ``[feeds]``, ``title = 1`` or another string's quotes, an array whose items stand on lines of
their own (``[1],`` is no table), CRLF line ends."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config.lines import key_lines

VALUES = [
    "1",
    "'one'",
    '"two # not a comment [x]"',
    "\"'''\"",
    '\'"""\'',
    '"a\u2028b\x85c"',
    "'''\n[feeds]\ntitle = 1\n'''",
    '"""\n[[share]]\nx = \'\'\'\n"""',
    '"""a \\\n  b"""',
    '""""quoted" twice""""',
    "'''''x'''''",
    "[\n  [1],\n  [2, [3]],\n]",
    "[\n  {a = 1},\n  'b = 2',\n]",
    "[ # a comment [site]\n  1,\n]",
    "{a = [1, [2]], b = {c = 'd'}}",
    "2026-12-01",
    "[\n'''\n[site]\n''',\n]",
]
COMMENTS = ["", " # a note", " # [feeds] title = 1", " # \u2028 \x85 \u2029", " # '''"]
NAMES = st.text("abcdefghij", min_size=1, max_size=6)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, int]]:
    """A TOML text and, for each key and table in it, the line it is written on."""
    tables = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    where: dict[str, int] = {}
    for table in tables:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(COMMENTS)).strip())
        header = draw(st.sampled_from([f"[{table}]", f"[ '{table}' ]", f'[ "{table}" ]']))
        lines.append(header + draw(st.sampled_from(COMMENTS)))
        where[table] = len(lines)
        for key in draw(st.lists(NAMES, max_size=5, unique=True)):
            written = draw(st.sampled_from([key, f"'{key}'", f'"{key}"']))
            value = draw(st.sampled_from(VALUES))
            where[f"{table}.{key}"] = len(lines) + 1
            lines.extend((f"{written} = {value}" + draw(st.sampled_from(COMMENTS))).split("\n"))
    return end.join(lines) + end, where


@settings(max_examples=300)
@given(documents())
def test_each_key_is_named_at_the_line_it_is_written_on(document: tuple[str, dict[str, int]]) -> None:
    text, where = document
    tomllib.loads(text)  # the text is TOML, as every text key_lines is given
    found = key_lines(text)
    assert {path: found.get(path) for path in where} == where


CASES = {
    "a multi-line string holding a table": "x = '''\n[feeds]\n'''\n",
    "a multi-line string holding a key": 'x = """\ntitle = "T"\n"""\n',
    "an array of arrays across lines": "x = [\n  [1],\n]\n",
    "a string holding three quotes": "x = \"'''\"\n",
    "a comment with U+2028 and U+0085": "# a \u2028 b \x85 c\n",
    "a description with U+2029": 'description = "a\u2029b"\n',
}


@pytest.mark.parametrize("case", CASES)
def test_the_error_line_names_the_key_after_any_value(site: Site, case: str) -> None:
    before = '[site]\nbase_url = "https://news.example.com"\n' + CASES[case]
    site.write("jiading.toml", before + 'title = ""\n')
    line = before.count("\n") + 1
    result = site.run("validate")
    assert result.exit_code == 2, result.output
    assert f"jiading.toml:{line}: error JD002 site.title: expected a non-empty string, got ''" in result.stderr


def test_the_lines_are_found_in_time_linear_in_the_text() -> None:
    """Keys, strings of many lines and arrays by the ten thousand: each read once."""
    import time

    size = 20_000
    text = "[site]\n" + "".join(f"k{n} = [\n  '''a\n''', [1], \"'''\"\n]\n" for n in range(size))
    started = time.perf_counter()
    found = key_lines(text)
    assert found[f"site.k{size - 1}"] == 2 + 4 * (size - 1)
    assert time.perf_counter() - started < 5
