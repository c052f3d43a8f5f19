"""A line's suppression is read only from a real comment: a YAML comment token in the front matter, an HTML
comment Markdown reads as raw HTML in the body. Text that only looks like one (a quoted value, a block
scalar's line, a code span, a code block, an escaped ``<``, a script's text) suppresses nothing, and is no
suppression that ``--strict`` reports as unused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.validate.suppress import marks

MARK = "jiading: ignore JD105"

# Front-matter values that hold the mark as text, each as lines: none is a comment.
LITERAL_VALUES = [
    [f'"x # {MARK}"'],
    [f"'x # {MARK}'"],
    ["|", f"  short # {MARK}"],
    [">-", f"  # {MARK}", "  more"],
    [f'["a # {MARK}", b]'],
    ["x#jiading:ignore JD105"],  # a "#" with no space before it is part of a plain value
    ['"two', f'  lines # {MARK}"'],
]
# Body blocks that hold the mark as text, each as lines: none is a comment.
LITERAL_BLOCKS = [
    [f"See `<!-- {MARK} -->` here."],
    ["```", f"<!-- {MARK} -->", "```"],
    ["~~~html", f"a <!-- {MARK} -->", "~~~"],
    [f"    <!-- {MARK} -->"],
    [f"An escaped \\<!-- {MARK} -->."],
    [f"Plain text saying {MARK}."],
    ["<script>", f"var a = '<!-- {MARK} -->';", "</script>"],
    [f"`` a <!-- {MARK} --> ``"],
]


@st.composite
def front_matters(draw: st.DrawFn) -> tuple[str, set[int]]:
    """Front matter of fields whose values may hold the mark as text, some with a real comment after them;
    and the lines of the file those comments are on."""
    lines, commented = ["---", "id: x"], set()
    for number in range(draw(st.integers(1, 6))):
        value = draw(st.sampled_from([["plain"], ['"quoted"'], *LITERAL_VALUES]))
        value = [f"f{number}: {value[0]}", *value[1:]]
        if draw(st.booleans()):  # a comment after the value: on a block scalar's header, or its last line
            at = 0 if value[0].endswith(("|", ">-")) else len(value) - 1
            value[at] += f"  # {MARK}"
            commented.add(len(lines) + at + 1)
        lines.extend(value)
    lines.extend(["---", "Body.", ""])
    return "\n".join(lines), commented


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, set[int]]:
    """A body of blocks that may hold the mark as text, some a real comment; and the lines of those comments."""
    lines, commented = ["---", "id: x", "---"], set()
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["inline", "block", "quoted", "literal"]))
        if kind == "literal":
            lines.extend(draw(st.sampled_from(LITERAL_BLOCKS)))
        else:
            commented.add(len(lines) + 1)
            text = {"inline": f"A [link](x.pdf) <!-- {MARK} -->", "block": f"<!-- {MARK} -->"}.get(kind)
            lines.append(text or f"> quoted <!-- {MARK} --> and `<!-- {MARK} -->`")
        lines.append("")
    return "\n".join(lines), commented


@given(front_matters())
def test_only_the_front_matters_yaml_comments_suppress(case: tuple[str, set[int]]) -> None:
    text, commented = case
    assert set(marks(text, None).lines) == commented


@given(bodies())
def test_only_the_bodys_html_comments_suppress(case: tuple[str, set[int]]) -> None:
    text, commented = case
    assert set(marks(text, None).lines) == commented


def test_a_marker_in_a_code_span_hides_nothing(site: Site) -> None:
    site.article("a.md", body="See [x](no.pdf) `<!-- jiading: ignore JD162 -->`\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "articles/a.md:7: error JD162 body: expected the linked file to exist, got 'no.pdf'" in result.stdout


def test_a_marker_inside_a_quoted_value_hides_nothing(site: Site) -> None:
    site.article("a.md", foo='"x # jiading: ignore JD105"')
    result = site.run("validate")
    assert "articles/a.md:6: warning JD105 foo: unknown field" in result.stdout


def test_a_marker_in_a_block_scalar_or_a_code_block_is_no_unused_suppression(site: Site) -> None:
    body = "```\n<!-- jiading: ignore JD162 -->\n```\n"
    site.article("a.md", summary="|\n  A summary long enough # jiading: ignore JD151", body=body)
    result = site.run("validate", "--strict")
    assert result.exit_code == 0, result.stdout
