"""The hint of a YAML error about a ': ' where no field may start is only one that mends the line: a value is told
to be quoted only when it holds ': ', a field indented under the one before it is told to start where that one
does, and following the hint never brings the same error back on that line (it once looped: ``slug: "\\"b\\""``)."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, front
from jiading_cli.content.safeyaml import SafeLoader
from jiading_cli.content.yamlhints import KEY_LINE, colon_fix

VALUES = ["a", "b: c", "Note:", '"q"', "x # y: z", "a:b", "'s: t'", "[1, 2]", "u: v: w"]


def _error_row(text: str) -> int | None:
    """The line (from 0) of YAML's 'mapping values' error in ``text``; None when there is none."""
    try:
        yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and "mapping values" in (exc.problem or ""):
            return mark.line
    return None


@st.composite
def front_matters(draw: st.DrawFn) -> list[str]:
    """Lines of fields, some indented, some with values that hold ': ' or end in ':', some opening a mapping."""
    rows = []
    for number in range(draw(st.integers(1, 5))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4]))
        value = draw(st.sampled_from(["", *VALUES]))
        rows.append(f"{indent}f{number}:" + (f" {value}" if value else ""))
    return rows


@given(front_matters())
def test_a_hint_mends_its_line_and_says_only_what_is_so(rows: list[str]) -> None:
    row = _error_row("\n".join(rows))
    if row is None:
        return
    mended = colon_fix(rows, row)
    if mended is None:
        return
    line, what = mended
    again = _error_row("\n".join([*rows[:row], line, *rows[row + 1 :]]))
    assert again is None or again > row, (rows, mended)
    match = KEY_LINE.match(rows[row])
    assert match is not None
    value = match.group(2).split(" #", 1)[0].rstrip()
    if "holding ': '" in what:
        assert ": " in value, (rows, mended)
    if "ending in ':'" in what:
        assert value.endswith(":"), (rows, mended)
    if "start it where" in what:
        assert len(line) - len(line.lstrip()) < len(rows[row]) - len(rows[row].lstrip())


def test_an_indented_field_is_told_to_start_where_the_one_before_does(site: Site) -> None:
    site.article(title="a\n  slug: b")
    result = site.run("validate")
    assert result.stdout.splitlines()[0] == (
        "articles/a.md:4: error JD101 YAML syntax error: mapping values are not allowed in this context; a field "
        "indented more than the one before it continues that one's value; start it where that one does: slug: b"
    )


def test_a_value_is_told_to_be_quoted_only_when_quoting_it_mends_the_line() -> None:
    assert colon_fix(["title: a", '  slug: "b"'], 1) == (
        'slug: "b"',
        "a field indented more than the one before it continues that one's value; start it where that one does",
    )
    assert colon_fix(["title: Jiading: a park"], 0) == (
        'title: "Jiading: a park"',
        "a value holding ': ' must be quoted",
    )
    assert colon_fix(["- a", "b: c"], 1) is None  # a list then a field: nothing on the line mends it


@pytest.mark.parametrize("first", [True, False], ids=["first field", "a later field"])
@pytest.mark.parametrize("length", [1030, 5000])
def test_a_key_longer_than_yaml_reads_says_its_length(site: Site, length: int, first: bool) -> None:
    """YAML looks for a key's ':' within 1,024 characters of its start: past that it says only "could not find
    expected ':'" (or, on the first line, "mapping values are not allowed"), which the line now explains."""
    key = "summ" + "a" * (length - 4)
    site.write("articles/a.md", front() + "Body.\n")
    lines = (site.root / "articles/a.md").read_text(encoding="utf-8").split("\n")
    at = 1 if first else 3
    lines.insert(at, f"{key}: x")
    (site.root / "articles/a.md").write_text("\n".join(lines), encoding="utf-8")
    result = site.run("validate")
    assert result.exit_code == 1
    shown = [line for line in result.output.splitlines() if "JD101" in line]
    assert len(shown) == 1 and shown[0].startswith(f"articles/a.md:{at + 1}: error JD101 YAML syntax error: ")
    assert shown[0].endswith(f"; a key is at most 1,024 characters, and this one has {length:,}")


def test_a_key_whose_colon_is_missing_gets_no_length(site: Site) -> None:
    site.write("articles/a.md", front() + "Body.\n")
    text = (site.root / "articles/a.md").read_text(encoding="utf-8")
    (site.root / "articles/a.md").write_text(text.replace("---\n", "---\nnote\n  more\n", 1), encoding="utf-8")
    result = site.run("validate")
    assert result.exit_code == 1 and "JD101" in result.output and "a key is at most" not in result.output


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["@", "`", "%"]), st.text(alphabet="ab @`%:#'\"", max_size=8))
def test_a_value_starting_with_a_character_yaml_reserves_is_told_to_be_quoted_as_it_was_meant(
    site: Site, first: str, rest: str
) -> None:
    """A title of ``@handle``, `` `code` `` or ``%x`` (no plain YAML value starts with one): the error names the
    character and gives the line quoted, and that line, written in its place, reads as the title that was meant."""
    value = (first + rest).rstrip()
    site.article(title=value)
    shown = site.run("validate").stdout.splitlines()[0]
    said = "articles/a.md:3: error JD101 YAML syntax error: found character that cannot start any token; a plain "
    said += f"value cannot start with '{first}', which YAML reserves: quote the value: "
    assert shown.startswith(said), shown
    mended = shown.removeprefix(said)
    meant = value.split(" #", 1)[0].rstrip()  # a comment stays one
    assert yaml.safe_load(mended) == {"title": meant}
    site.article(title=mended.removeprefix("title: "))
    assert "JD101" not in site.run("validate").stdout


@pytest.mark.parametrize(
    ("fields", "line", "mended"),
    [({"tags": "\n\t- a"}, 7, "- a"), ({"tags": "\n  -\ta"}, 7, "-  a")],
)
def test_a_tab_where_yaml_wants_spaces_is_named_with_the_line_as_it_reads_with_spaces(
    site: Site, fields: dict[str, str], line: int, mended: str
) -> None:
    site.article(**fields)
    assert site.run("validate").stdout.splitlines()[0] == (
        f"articles/a.md:{line}: error JD101 YAML syntax error: found character that cannot start any token; expected "
        f"spaces, found a tab on this line, which YAML takes neither to indent nor between items: {mended}"
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, categories=["L", "N", "S", "P"]))
def test_a_character_escaped_as_json_escapes_it_is_told_as_yaml_escapes_it(site: Site, character: str) -> None:
    """JSON writes a character past U+FFFF as two escapes, a UTF-16 pair (``\\ud83d\\ude00``), which YAML does not
    join: the error names the pair and the one escape YAML reads, and that escape gives the character."""
    pair = json.dumps(character)  # ASCII: the pair of escapes, in quotes
    site.article(title=f"{pair[:-1]} opens{pair[-1]}")
    shown = site.run("validate").stdout.splitlines()[0]
    said = f"found {pair[1:-1]}, a UTF-16 pair, which YAML does not join: write the character itself"
    assert shown.startswith("articles/a.md:3: error JD101 YAML syntax error: ") and said in shown, shown
    escape = shown.rsplit(", or ", 1)[1]
    assert escape == f"\\U{ord(character):08X}" and yaml.safe_load(f'"{escape}"') == character
    site.article(title=f'"{escape} opens"', summary="''")
    assert "JD101" not in site.run("validate").stdout


@pytest.mark.parametrize(("space", "said"), [(" ", "' #'"), ("\t", "'\\t#'"), (" \t ", "' #'"), ("\t \t", "'\\t#'")])
def test_a_comment_after_a_value_is_named_by_the_mark_yaml_took_for_one(site: Site, space: str, said: str) -> None:
    site.article(title=f"Big news in{space}#Jiading")
    assert site.run("validate").stdout.splitlines()[0] == (
        f"articles/a.md:3: warning JD109 title: the text after {said} is a YAML comment and is dropped; to keep it, "
        f"quote the value: {json.dumps('Big news in' + space + '#Jiading')}"
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    after=st.sampled_from([" # end", " x", "  title: Park", " ---", " ..."]),
    where=st.integers(1, 4),  # on the first line, it is YAML's own start of the one document
    body=st.sampled_from(["", "Body.\n", "Body.\n---\nMore.\n"]),
)
def test_a_dashes_line_with_text_after_it_is_told_it_closes_nothing(
    site: Site, after: str, where: int, body: str
) -> None:
    """A line of ``---`` with text after it (``--- # end``) in the front matter ends nothing: YAML reads it as a second
    document. The error names it and what to remove, and removing that closes the front matter where it was meant."""
    rows = front().splitlines()[1:-1]
    where = min(where, len(rows))
    lines = [*rows[:where], "---" + after, *rows[where:]]
    site.write("articles/a.md", "---\n" + "\n".join(lines) + "\n---\n" + body)
    said = [row for row in site.run("validate").stdout.splitlines() if " JD101 " in row]
    assert said == [
        f"articles/a.md:{where + 2}: error JD101 YAML syntax error: but found another document; expected the front "
        f"matter to end at a line of '---' alone, found {'---' + after!r}, which YAML reads as the start of a second "
        "document: remove what follows the '---'"
    ]
    site.write("articles/a.md", "---\n" + "\n".join([*rows[:where], "---", *rows[where:]]) + "\n---\n" + body)
    assert " JD101 " not in site.run("validate").stdout


SPACES = [chr(c) for c in range(0x80, 0x3001) if unicodedata.category(chr(c)) == "Zs"]  # U+00A0, U+2000…, U+3000
COLON_TYPOS = [*(":" + space for space in SPACES), ":", *(c + " " for c in "\uff1a\ufe55\ufe13\u2236\ua789"), "\uff1a"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typo=st.sampled_from(COLON_TYPOS), row=st.integers(0, 3))
def test_a_colon_yaml_does_not_take_is_named_on_its_line_with_the_line_mended(site: Site, typo: str, row: int) -> None:
    """A field whose ':' is another script's colon (``title： Park``, as a Chinese input method types it), or has a
    space other than a plain one after it (a no-break space), or none, is JD101 on that field's line, never on the
    line after, naming what was found; writing the line as the hint writes it takes the error away."""
    rows = front().splitlines()[1:-1]
    name, _, value = rows[row].partition(": ")
    rows[row] = f"{name}{typo}{value}"
    site.write("articles/a.md", "---\n" + "\n".join(rows) + "\n---\nBody.\n")
    said = [line for line in site.run("validate").stdout.splitlines() if " JD101 " in line]
    assert len(said) == 1 and said[0].startswith(f"articles/a.md:{row + 2}: error JD101 "), (said, rows)
    assert "; expected ':' and a space after the field's name, found " in said[0], said
    mended = said[0].rpartition(": ")[0].rpartition(": ")[2] + ": " + said[0].rpartition(": ")[2]
    assert mended == f"{name}: {value}", said
    rows[row] = mended
    site.write("articles/a.md", "---\n" + "\n".join(rows) + "\n---\nBody.\n")
    assert " JD101 " not in site.run("validate").stdout
