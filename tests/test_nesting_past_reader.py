"""A front-matter value nested past the limit (16 levels) is one `JD108` line on its field's line, the same line
however deep it goes: past the 1,000 levels the YAML reader (libyaml) follows too, where it stops with its own
words, ``exceeded maximum nesting depth``, which `validate` once printed as a YAML syntax error (`JD101`) naming
no field and no limit."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import front, validate_one
from jiading_cli.content.limits import DEEPER
from jiading_cli.model.fields import ALIASES, FIELDS

NAMES = sorted({*FIELDS, *ALIASES, "zz_unknown", "zh-CN"})


def nested(style: str, depth: int) -> str:
    """A value of ``depth`` levels of lists or mappings, written in ``style``."""
    if style == "flow lists":
        return "[" * depth + "x" + "]" * depth
    if style == "flow mappings":
        return "{a: " * depth + "x" + "}" * depth
    if style == "flow mixed":
        return "[{a: " * (depth // 2) + "x" + "}]" * (depth // 2)
    if style == "block lists":  # compact: '- - - x' on the line after the field's
        return "\n" + "- " * depth + "x"
    return "\n  " + "[" * depth + "\n  x" + "]" * depth  # a flow value over lines, below the field


def validate(root: Path, name: str, value: str) -> list[str]:
    result = validate_one(root, front(**{name: value}) + "Body.\n")
    assert result.exit_code == 1, result.output
    return [line.split("articles/", 1)[-1] for line in result.output.splitlines() if line.startswith(("..", "/", "a"))]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    style=st.sampled_from(["flow lists", "flow mappings", "flow mixed", "block lists", "flow over lines"]),
    depth=st.sampled_from([1002, 1500, 5000, 20_000]),
)
def test_nesting_past_the_reader_is_the_limit_on_the_field(bare_root: Path, name: str, style: str, depth: int) -> None:
    deepest = validate(bare_root, name, nested(style, depth))
    field = ALIASES.get(name, name)
    line = (
        6
        if name not in ("id", "title", "date", "summary")
        else [None, "id", "title", "date", "summary"].index(name) + 1
    )
    assert deepest == [f"a.md:{line}: error JD108 {field}: {DEEPER}"], deepest
    if field not in ("id", "title", "date"):  # just past the limit, the same line
        assert deepest[0] in validate(bare_root, name, nested(style, 18))
