"""``--config`` and ``JIADING_CONFIG`` read a path alike, white space around it included: the path as given when
something is there (a file's name may begin or end with a space), else the path without the white space around
it (a variable set in CI or from a file often ends in a line break); white space alone is refused both ways."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import NOW
from jiading_cli.cli import app

SITES = {"site": "Plain", " lead": "Leading space", "lead": "Lead", "trail ": "Trailing space"}
PADS = st.text(alphabet=" \t\n", max_size=2)


def run(*args: str, env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(app, list(args), env={"JIADING_NOW": NOW, "JIADING_CONFIG": None, **env})


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder of sites, each with its own title: ``site``, `` lead`` and ``lead``, ``trail `` (no ``trail``); the
    current folder while the tests run, which is no site."""
    top = tmp_path_factory.mktemp("sites")
    before = Path.cwd()
    os.chdir(top)
    try:
        for name, title in SITES.items():
            result = run("init", "--yes", "--title", title, "--", name, env={})
            assert result.exit_code == 0, result.output
        yield top
    finally:
        os.chdir(before)


def expected(top: Path, value: str) -> str | None:
    """The title of the site ``value`` names, as the rule reads it; None for none."""
    for name in (value, value.strip()):
        if name.endswith("jiading.toml/"):  # a file named as a folder: the system says "Not a directory"
            continue
        folder = name.removesuffix("/").removesuffix("/jiading.toml")
        if folder in SITES and (top / name).exists():
            return SITES[folder]
    return None


def said(result: Result) -> str:
    return result.stderr.replace("Error: JIADING_CONFIG: ", "Error: ").replace("Error: --config: ", "Error: ")


@settings(max_examples=60, deadline=None)
@given(
    left=PADS,
    name=st.sampled_from(["site", "lead", " lead", "trail", "trail ", "none", ""]),
    file=st.booleans(),
    slash=st.booleans(),
    right=PADS,
)
def test_the_option_and_the_variable_read_a_path_alike(
    sites: Path, left: str, name: str, file: bool, slash: bool, right: str
) -> None:
    value = left + name + ("/jiading.toml" if file and name else "") + ("/" if slash and name else "") + right
    assume(value)  # an empty variable is one unset, and an empty option refused: said on the environment's page
    by_option = run("--config", value, "list", env={})
    by_variable = run("list", env={"JIADING_CONFIG": value})
    assert (by_option.exit_code, by_option.stdout) == (by_variable.exit_code, by_variable.stdout), repr(value)
    assert said(by_option) == said(by_variable), repr(value)
    title = expected(sites, value)
    if title is None:
        assert by_option.exit_code == 2, (repr(value), by_option.output)
        assert len(by_option.stderr.splitlines()) == 1, by_option.stderr
        if value.strip() != value and value.strip():
            assert repr(value) in by_option.stderr  # the white space shows, as given
    else:
        assert by_option.exit_code == 0, (repr(value), by_option.output)
        assert f"\tWelcome to {title}\t" in by_option.stdout, repr(value)


def test_a_name_with_a_space_is_taken_as_given_and_a_trailing_line_break_is_not(sites: Path) -> None:
    assert "Leading space" in run("--config", " lead", "list", env={}).stdout
    assert "Leading space" in run("list", env={"JIADING_CONFIG": " lead"}).stdout
    assert "\tWelcome to Plain\t" in run("list", env={"JIADING_CONFIG": "site\n"}).stdout
    assert "\tWelcome to Plain\t" in run("--config", "site\n", "list", env={}).stdout
    nowhere = run("--config", " nowhere", "list", env={})
    assert nowhere.exit_code == 2
    assert nowhere.stderr == "Error: 'nowhere' (nothing at ' nowhere' either, as given): no such config file\n"


@pytest.mark.parametrize("ending", ["/", "/.", "/.."])
def test_a_config_file_named_with_a_slash_after_it_is_refused_as_the_system_refuses_it(
    sites: Path, ending: str
) -> None:
    given = f"site/jiading.toml{ending}"
    for args, env in ((("--config", given), {}), ((), {"JIADING_CONFIG": given})):
        result = run(*args, "list", env=env)
        assert result.exit_code == 2 and result.stdout == ""
        assert said(result) == (
            f"Error: {given}: expected a folder, as the {ending!r} it ends in says; found a file (leave out the "
            f"{ending!r} to name it)\n"
        )
    assert "\tWelcome to Plain\t" in run("--config", "site/", "list", env={}).stdout
