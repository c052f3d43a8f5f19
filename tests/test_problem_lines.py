"""A problem's line is at most ``LINE_MAX`` characters in every format, whatever it quotes: a field's name (a key an
article invents) and the message are cut to fit, ending in '…'; only a path longer than the room left makes it
longer, as a path is never cut."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.cli.report import github_line
from jiading_cli.model.errors import LINE_MAX, Problem

TEXT = st.text(st.characters(codec="utf-8"), max_size=3_000) | st.builds(
    lambda c, n: c * n, st.text(min_size=1, max_size=3), st.integers(0, 3_000)
)
PATHS = st.text("abc/%:,. é", min_size=1, max_size=100)  # a path is never cut: within 100, no line is longer


@given(
    PATHS,
    st.integers(0, 10**9),
    st.sampled_from(["error", "warning", "info"]),
    TEXT,
    TEXT,
)
def test_every_line_of_a_problem_fits(path: str, line: int, severity: str, field: str, message: str) -> None:
    problem = Problem(path, line, "JD105", severity, field, message)  # type: ignore[arg-type]
    assert len(problem.render()) <= LINE_MAX
    assert len(github_line(problem, str)) <= LINE_MAX
    assert len(problem.field) + len(problem.message) <= LINE_MAX


def test_a_problem_cut_ends_in_an_ellipsis_and_keeps_its_start() -> None:
    problem = Problem("a.md", 2, "JD105", "warning", "k" * 1_020, "unknown field")
    assert problem.field.endswith("k…") and problem.message == "unknown field"
    github = github_line(Problem("a.md", 2, "JD104", "error", "title", "%" * 2_000), str)
    assert len(github) <= LINE_MAX and github.endswith("%25…")


@pytest.mark.parametrize("key", ["k" * 1_020, "? " + "z" * 200_000 + "\n:"])
def test_a_long_key_is_a_line_within_the_cap_in_every_format(site: Site, key: str) -> None:
    site.article(body="Body.\n")
    path = site.root / "articles" / "a.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{key} 1\n" if key.startswith("?") else f"---\n{key}: 1\n", 1))
    plain = site.run("validate").stdout.splitlines()
    assert any("JD105" in line for line in plain), plain
    assert max(len(line) for line in plain) <= LINE_MAX
    github = site.run("validate", "--format", "github").stdout.splitlines()
    assert any("JD105" in line for line in github) and max(len(line) for line in github) <= LINE_MAX
    problems = json.loads(site.run("validate", "--format", "json").stdout)["problems"]
    assert problems and all(len(Problem(**p).render()) <= LINE_MAX for p in problems)
