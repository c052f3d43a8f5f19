"""A number given as text, in a variable (``JIADING_JOBS``) or an option (``serve --port``), is read in ASCII digits
alone: '８０' and '٨٠' (digits of other scripts) and '8_0' are 80 to Python's ``int`` and to the command-line
parser's, and each is refused in one line naming what was given, exit 2, before anything is done."""

from __future__ import annotations

import re
from typing import Any

import click
import typer
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.cli import app
from jiading_cli.config.environment import ascii_number

DIGITS = re.compile("[0-9]+")
TEXT = st.text(st.sampled_from("0123456789 _+-.eE\t²٣٨８０\u0660\u0966x"), max_size=8) | st.sampled_from(
    ["８０", "8_0", "+80", "-0", "0x50", "1e3", "٨٠", " 0080 ", "65535", "65536", "9" * 5000, ""]
)


def _reference(text: str, most: int) -> int | None:
    given = text.strip()
    if not DIGITS.fullmatch(given) or len(given.lstrip("0")) > 20:
        return None
    return int(given) if int(given) <= most else None


@given(text=TEXT, most=st.sampled_from([8, 65535]))
def test_a_number_is_read_from_ascii_digits_alone(text: str, most: int) -> None:
    assert ascii_number(text, most) == _reference(text, most)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_a_port_not_in_ascii_digits_is_refused_in_one_line(site: Site, text: str) -> None:
    assume(_reference(text, 65535) is None)  # one that is a port would start the server
    result = site.run("serve", "--port", text)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: --port: expected a port number from 0 to 65535 in ASCII digits, got '"), line
    assert not (site.root / "public-preview").exists()


def _every_parameter(command: Any, context: click.Context) -> list[tuple[str, Any]]:
    if hasattr(command, "list_commands"):  # a group
        found = [(command.name, param) for param in command.params]
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            found += _every_parameter(sub, click.Context(sub, parent=context))
        return found
    return [(command.name, param) for param in command.params]


def test_no_option_is_read_as_a_number_by_the_command_line_parser() -> None:
    """Each number an option or argument takes is read as above (``serve`` among them): none is left to the
    parser's int or float, which take '８０'."""
    root = typer.main.get_command(app)
    numbers = [
        (name, param.name)
        for name, param in _every_parameter(root, click.Context(root))
        if any(kind.__name__ == "_NumberParamTypeBase" for kind in type(param.type).__mro__)
    ]
    assert numbers == []
