"""What jiading writes to a terminal shows every character of a name or a value, and acts on none: control
characters, line separators and the controls of bidirectional text are written as escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, Site, untimed
from jiading_cli.base.printable import CONTROL, json_text, printable, quoted
from jiading_cli.config.environment import VARIABLES
from test_cli_fuzz import ARTICLE, COMMANDS, GLOBAL_LEFT_OUT, run_in
from test_cli_fuzz import CONFIG as SITE

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


# A name of bytes that are not UTF-8, as Python reads it from the command line or the file system: each such byte a
# lone surrogate (0xff is '\udcff'). Every message shows it as the byte, as validate does: '\xff', never '\udcff'.
NOT_UTF8 = "caf\udce9\udcff"
SHOWN = "caf\\xe9\\xff"


@given(st.text(alphabet=st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF) | st.characters(), max_size=12))
def test_a_byte_not_utf8_is_shown_as_the_byte_everywhere(text: str) -> None:
    """printable and quoted show each byte not UTF-8 as \\xNN, every other lone surrogate as Python writes it, and
    give text that can be written (UTF-8), with nothing a terminal acts on."""
    from jiading_cli.base.printable import quoted
    from jiading_cli.model.errors import printable as error_printable

    for shown in (printable(text), quoted(text), error_printable(text)):
        shown.encode("utf-8")  # never raises
        assert not any(0xDC80 <= ord(c) <= 0xDCFF for c in shown)
    for char in set(text):
        if 0xDC80 <= ord(char) <= 0xDCFF:
            assert f"\\x{ord(char) - 0xDC00:02x}" in printable(text)
            assert f"\\x{ord(char) - 0xDC00:02x}" in quoted(text)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--config", f"{NOT_UTF8}.toml", "validate"], {}),
        (["validate", f"articles/{NOT_UTF8}.md"], {}),
        (["validate", f"{NOT_UTF8}/a.md"], {}),
        (["share", f"articles/{NOT_UTF8}.md"], {}),
        (["new-article", "Hello", "--edit"], {"EDITOR": f"/bin/{NOT_UTF8}", "VISUAL": None}),
        (["new-article", "Hello", "--edit"], {"VISUAL": f"/bin/{NOT_UTF8}"}),
        (["new-article", "Hello", "--edit"], {"EDITOR": f"'{NOT_UTF8}", "VISUAL": None}),
        (["share", "--resolve", f"articles/{NOT_UTF8}.md", "--network", "email", "--not-posted"], {}),
    ],
)
def test_every_command_line_error_shows_a_byte_not_utf8_as_validate_does(
    site: Site, args: list[str], env: dict[str, str | None]
) -> None:
    site.article()
    result = site.run(*args, env=env)  # type: ignore[arg-type]
    said = result.stdout + result.stderr
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert SHOWN in said, said
    assert "\\udc" not in said and not any(0xDC80 <= ord(c) <= 0xDCFF for c in said), said


def _each_value_given(value: str) -> list[list[str]]:
    """Every option and argument of every command the CLI registers (walked, so a new one is tried too) given
    ``value``; each command given it as an option's name too; and ``value`` as a command's name."""
    lines = [[value], ["--config", value, "validate"]]
    for words, params in sorted(COMMANDS.items()):
        for param in params:
            if getattr(param, "is_flag", False) or set(param.opts) & GLOBAL_LEFT_OUT:
                continue
            lines.append([*words, value] if param.param_type_name == "argument" else [*words, param.opts[0], value])
        lines.append([*words, f"--{value}"])
    return lines


@pytest.mark.parametrize("line", _each_value_given(NOT_UTF8), ids=lambda line: " ".join(line).replace(NOT_UTF8, "X"))
def test_a_byte_not_utf8_in_any_value_given_is_shown_as_the_byte(line: list[str], tmp_path: Path) -> None:
    """Whoever says what is wrong with a value, jiading or the command-line parser (``No such option: --caf\\xe9``,
    ``Invalid value for '--format': 'caf\\xe9'``, ``no rule 'caf\\xe9'``), shows its bytes as validate does."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "jiading.toml").write_text(SITE, encoding="utf-8")
    (tmp_path / "articles" / "a1.md").write_text(ARTICLE.format(n=1), encoding="utf-8")
    result = run_in(tmp_path, line)
    said = result.output
    assert result.exit_code in (0, 1, 2), (line, said)
    assert "\\udc" not in said and not any(0xDC80 <= ord(c) <= 0xDCFF for c in said), (line, said)


@pytest.mark.parametrize("name", sorted(name for name, each in VARIABLES.items() if each.every_run))
def test_a_byte_not_utf8_in_a_variable_is_shown_as_the_byte(site: Site, name: str) -> None:
    result = site.run("list", env={name: NOT_UTF8})
    assert result.exit_code == 2, result.output
    assert SHOWN in result.stderr, result.stderr
    assert "\\udc" not in result.output, result.output


@given(st.text(alphabet=st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF) | st.sampled_from("\\ud'c")))
def test_a_value_quoted_in_a_message_keeps_its_own_backslashes(text: str) -> None:
    """A value quoted with ``!r`` in a message reads as :func:`quoted` writes it: a byte not UTF-8 as the byte, and a
    backslash of the value's own (``\\udcff`` typed as six characters) never taken for one."""
    from jiading_cli.base.printable import message_line, quoted

    assert message_line(f"got {text!r}") == f"got {quoted(text)}"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "ascii"])
def test_stderr_shows_a_byte_not_utf8_that_reaches_it_as_the_byte(encoding: str) -> None:
    """What reaches stderr unescaped (a line no message function wrote) still shows a byte as the byte."""
    code = "from jiading_cli.cli import streams; import sys; streams.guard(); sys.stderr.write('caf\\udce9\\udcff 嘉')"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONIOENCODING": encoding}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=60)
    assert done.stderr.startswith(b"caf\\xe9\\xff "), done.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [("\u0301\u0302", "'\\u0301\\u0302'"), ("a\u0301", "'a\u0301'"), ("\u20dd!", "'\\u20dd!'"), ("", "''")],
)
def test_marks_a_value_starts_with_are_shown_as_escapes_not_on_the_quote(text: str, shown: str) -> None:
    assert quoted(text) == shown


def test_a_title_of_marks_alone_shows_nothing_and_is_refused(site: Site) -> None:
    site.article("a.md", title="\u0301\u0302")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "articles/a.md:3: error JD104 title: expected a non-empty string, got '\\u0301\\u0302'" in result.stdout


@given(st.text())
def test_a_value_is_quoted_as_repr_quotes_it_but_for_marks_with_nothing_to_sit_on(text: str) -> None:
    import itertools
    import unicodedata

    plain = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me"))
    assert quoted(plain) == repr(plain) or "\\udc" in repr(plain)
    shown = quoted(text)
    for before, mark in itertools.pairwise(shown):
        if unicodedata.category(mark) in ("Mn", "Me"):
            assert not before.isspace() and before not in "'\"", ascii(shown)
