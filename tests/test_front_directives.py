"""A YAML directive (`%YAML 1.2`, `%TAG ! tag:…`) on any line of the front matter: YAML reads one only before a
`---` line, which closes the front matter, so it can never be taken there. `jiading validate` says so in one line
on the directive's own line, naming it, and what the line should be: never YAML's `did not find expected
<document start>` on the line after it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, front
from jiading_cli.model.errors import describe

DIRECTIVES = st.sampled_from(
    ["%YAML 1.2", "%YAML 1.1", "%YAML", "%TAG ! tag:example.com,2000:", "%TAG !e! tag:e.com:", "%", "%FOO bar"]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(directive=DIRECTIVES, at=st.integers(0, 4), trailing=st.sampled_from(["", " ", "  # a comment"]))
def test_a_directive_in_the_front_matter_is_named_on_its_line(
    site: Site, directive: str, at: int, trailing: str
) -> None:
    """(The one article is written whole for each draw.)"""
    rows = front().split("\n")  # '---', four fields, '---', ''
    rows.insert(1 + at, directive + trailing)
    site.write("articles/a.md", "\n".join(rows) + "Body.\n")
    result = site.run("validate")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("articles/a.md")]
    shown = describe((directive + trailing).strip())
    assert lines == [
        f"articles/a.md:{2 + at}: error JD101 expected fields (field: value), found the YAML directive {shown}; "
        "front matter takes none (the '---' line one needs after it closes the front matter): remove the line"
    ]
