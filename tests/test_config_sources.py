"""``--config PATH`` and ``JIADING_CONFIG=PATH`` are one way of naming the config: whatever stands at the path (each
thing that can stand where a file should and is no file, a folder without one, a device, nothing, a path through a
file), both say the same line about it, the variable's naming the variable first, and exit alike."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CONFIG, STANDING, Site


def _empty_folder(path: Path) -> None:
    path.mkdir()


def _folder_of(put: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.mkdir()
        put(path / "jiading.toml")

    return make


def _file(path: Path) -> None:
    path.write_text(CONFIG, encoding="utf-8")


def _folder_with_the_file(path: Path) -> None:
    (path / "articles").mkdir(parents=True)
    _file(path / "jiading.toml")


PUT: dict[str, tuple[Callable[[Path], None], str]] = {
    **{kind: (put, "") for kind, put in STANDING.items()},
    **{f"a folder holding {kind} as jiading.toml": (_folder_of(put), "") for kind, put in STANDING.items()},
    "a folder without jiading.toml": (_empty_folder, ""),
    "nothing": (lambda path: None, ""),
    "a path through a file": (lambda path: _file(path.parent / "file"), "/../file/x"),
    "a config file": (_file, ""),
    "a folder holding a config file": (_folder_with_the_file, ""),
}


@pytest.mark.parametrize("kind", sorted(PUT))
def test_the_option_and_the_variable_say_the_same_of_what_stands_there(site: Site, kind: str) -> None:
    put, tail = PUT[kind]
    path = site.root / "given"
    put(path)
    named = str(path) + tail
    by_option = site.run("--config", named, "validate")
    by_variable = site.run("validate", env={"JIADING_CONFIG": named})
    assert by_option.exit_code == by_variable.exit_code, (by_option.output, by_variable.output)
    if by_option.exit_code == 0:
        return
    assert by_option.exit_code == 2, by_option.output
    assert len(by_option.stderr.splitlines()) == 1, by_option.stderr
    line = by_option.stderr.removeprefix("Error: ")
    assert by_variable.stderr == f"Error: JIADING_CONFIG: {line}", (by_option.stderr, by_variable.stderr)


def test_a_device_is_said_alike_too(site: Site) -> None:
    by_option = site.run("--config", os.devnull, "validate")
    by_variable = site.run("validate", env={"JIADING_CONFIG": os.devnull})
    assert by_option.stderr == "Error: /dev/null: expected a config file (jiading.toml), found a character device\n"
    assert by_variable.stderr == f"Error: JIADING_CONFIG: {by_option.stderr.removeprefix('Error: ')}"
    assert by_option.exit_code == by_variable.exit_code == 2
