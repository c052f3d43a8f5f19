"""What jiading writes to a terminal shows every character of a name or a value, and acts on none: control
characters, line separators and the controls of bidirectional text are written as escapes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Site, untimed
from jiading_cli.base.printable import CONTROL, json_text, printable

RLO = "\u202e"  # shows the rest of the line right to left: 'gnp.exe' reads as 'exe.png'


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"invoice{RLO}gnp.exe", "invoice\\u202egnp.exe"),
        ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),
        ("line\u2028break", "line\\u2028break"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("金融业助力嘉定发展", "金融业助力嘉定发展"),
        ("مرحبا بالعالم", "مرحبا بالعالم"),
    ],
)
def test_controls_are_written_as_escapes_and_letters_as_they_are(text: str, shown: str) -> None:
    assert printable(text) == shown


@given(st.text())
def test_nothing_printed_reorders_or_breaks_a_line(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not set(shown) & {"\u061c", "\u200e", "\u200f", "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F))}
    assert not set(shown) & set(map(chr, range(0x2066, 0x206A)))


def test_a_file_name_turned_around_is_one_error_shown_as_written(site: Site) -> None:
    site.article()
    site.write(f"articles/report{RLO}fdp.md", "---\ntitle: x\n---\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.output).splitlines() == [
        "articles/report\\u202efdp.md: error JD100 expected a file name without control characters, found U+202E; "
        "rename the file",
        "",
        "1 error, 0 warnings, 0 notes in 2 files",
    ]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES, st.sampled_from([None, 2]))
def test_json_for_programs_reads_back_the_same_and_holds_nothing_a_terminal_acts_on(
    value: object, indent: int | None
) -> None:
    text = json_text(value, indent)
    assert json.loads(text) == value
    assert CONTROL.search(text.replace("\n", "")) is None


def test_list_json_writes_a_titles_bidi_and_c1_controls_as_escapes(site: Site) -> None:
    site.article("en/a.md", title='"A\\u202eB\\x9bC 嘉定"')
    result = site.run("list", "--json")
    assert result.exit_code == 0, result.output
    assert '"title": "A\\u202eB\\u009bC 嘉定"' in result.stdout
    [row] = json.loads(result.stdout)
    assert row["title"] == "A\u202eB\x9bC 嘉定"
