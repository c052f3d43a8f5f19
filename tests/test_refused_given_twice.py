"""A field given twice where one of the two has a value that must not be built (an alias, a key given twice inside
it, nesting past the limit, a tag its text fails, a number too long to write out) is said as any field given twice
is: the refused value's own line, and `JD106` on the second's line naming the first. Such a field first, then given
again, once ended `validate` in a ``KeyError`` traceback (the refused field's line was kept, not its name)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import validate_one
from jiading_cli.model.fields import ALIASES, FIELDS

HEAD = "---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: T\ndate: 2017-07-03T18:00:00+08:00\n"
REFUSED = {  # a value refused before it is built, and the code that says why
    "{a: 1, a: 2}": "JD106",
    "*anchored": "JD114",
    "[" * 18 + "]" * 18: "JD108",
    "!!bool maybe": "JD104",
    "{a: 0x" + "f" * 3600 + "}": "JD104",
}
FINE = ["x", "[x]", "{a: b}", ""]
NAMES = sorted({*FIELDS, *ALIASES} - {"id", "title", "date"})


@settings(max_examples=80, deadline=None)
@given(
    first=st.sampled_from(NAMES),
    second=st.sampled_from(NAMES),
    values=st.tuples(st.sampled_from([*REFUSED, *FINE]), st.sampled_from([*REFUSED, *FINE])).filter(
        lambda pair: pair[0] in REFUSED or pair[1] in REFUSED
    ),
)
def test_a_refused_field_given_twice_is_said_never_a_traceback(
    bare_root: Path, first: str, second: str, values: tuple[str, str]
) -> None:
    field = ALIASES.get(first, first)
    other = next((name for name in NAMES if ALIASES.get(name, name) == field and name != first), first)
    second = second if ALIASES.get(second, second) == field else other  # the same field, under either name
    text = f"{HEAD}anchor: &anchored x\n{first}: {values[0]}\n{second}: {values[1]}\n---\nBody.\n"
    result = validate_one(bare_root, text)
    assert result.exit_code == 1, result.output
    lines = [line.split("articles/", 1)[-1] for line in result.output.splitlines() if "articles/a.md:" in line]
    assert any(line.startswith(f"a.md:7: error JD106 {field}: field given twice") for line in lines), lines
    assert "line 6" in next(line for line in lines if "field given twice" in line)  # the first, by either name
    for line, value in ((6, values[0]), (7, values[1])):
        if value in REFUSED:
            assert any(found.startswith(f"a.md:{line}: error {REFUSED[value]} {field}: ") for found in lines), lines
