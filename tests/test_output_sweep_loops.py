"""A loop of links at any path a user names or a site's config points at — the articles folder or a folder
below it, an article, a file an article names, the templates folder, the output folder, each named on the
command line or in ``jiading.toml`` — ends every command that meets it in the lines it gives for anything else
unreadable there: the place named as it stands, the exit code of docs/exit-codes.md, never a traceback
(``Path.resolve()`` raised ``RuntimeError`` on a loop)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pages.sample import make, run

UNREADABLE = "error JD100 cannot read the file: Too many levels of symbolic links"
IN_THE_WAY = "cannot write: a loop of links is in the way of the folder"
NO_ARTICLES = "Error: articles/: no such folder; the articles live there"
LISTING = pytest.mark.xfail(
    strict=True,
    reason="incremental/listing.py resolves the articles folder with Path.resolve(), which raises on a loop",
)


def loop(at: Path) -> None:
    """A link to itself where ``at`` was."""
    if at.is_dir() and not at.is_symlink():
        shutil.rmtree(at)
    elif os.path.lexists(at):
        at.unlink()
    at.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(at.name, at)


def configured(site: Path, key: str, value: str) -> None:
    """``key = value`` in the section of jiading.toml it belongs to."""
    config = site / "jiading.toml"
    section = "[pages]\n" if key == "templates_dir" else "[site]\n"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(section, f'{section}{key} = "{value}"\n'), encoding="utf-8")


VALIDATE, BUILD, FEEDS = ["validate"], ["build"], ["feed", "build"]
NAMED = [("signing.png", 11, "JD160"), ("hall.png", 18, "JD162"), ("agreement.pdf", 20, "JD162")]  # file, line, rule


def case(
    place: str, setting: tuple[str, str] | None, command: list[str], code: int, line: str, *marks: pytest.MarkDecorator
) -> object:
    """Where the loop stands, what jiading.toml says (key, value), the command, its exit code, a line it prints."""
    said = f"{setting[0]}={setting[1]}-" if setting else ""
    return pytest.param(place, setting, command, code, line, marks=list(marks), id=f"{place}-{said}{' '.join(command)}")


CASES = [
    *[case("articles", None, command, 2, NO_ARTICLES, LISTING) for command in (VALIDATE, BUILD, FEEDS)],
    *[
        case("articles", None, command, 2, NO_ARTICLES)
        for command in (["list"], ["share"], ["validate", "articles/en"], ["share", "articles/en"])
    ],
    case("loop", ("articles_dir", "loop/articles"), ["list"], 2, "Error: loop/articles/: no such folder"),
    case("loop", ("articles_dir", "loop/articles"), VALIDATE, 2, "Error: loop/articles/", LISTING),
    case("articles/en", None, ["validate", "articles/en"], 1, f"articles/en: {UNREADABLE}"),
    case("articles/en", None, ["validate", "articles/en/2017"], 2, "Error: articles/en/2017: no such file or folder"),
    case("articles/en", None, ["share", "articles/en"], 1, "Error: 1 file(s) could not be read"),
    *[
        case("articles/en/2016/park.md", None, command, 1, f"articles/en/2016/park.md: {UNREADABLE}")
        for command in (VALIDATE, ["validate", "articles/en/2016/park.md"], BUILD, FEEDS)
    ],
    *[
        case(f"articles/en/2017/{name}", None, command, 1, f"articles/en/2017/finance.md:{line}: error {code} ")
        for name, line, code in NAMED
        for command in (VALIDATE, BUILD, FEEDS)
    ],
    case("templates", ("templates_dir", "templates"), BUILD, 1, "Error: templates: expected the folder"),
    *[
        case("loop", ("output_dir", where), command, 1, f"Error: loop: {IN_THE_WAY}")
        for where in ("loop", "loop/public")
        for command in (BUILD, FEEDS)
    ],
    case("public/assets", None, BUILD, 1, f"Error: public/assets: {IN_THE_WAY}"),
]


@pytest.mark.parametrize(("place", "setting", "command", "code", "line"), CASES)
def test_a_loop_of_links_at_a_path_the_user_names_is_one_line(
    tmp_path: Path, place: str, setting: tuple[str, str] | None, command: list[str], code: int, line: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    if place.startswith("public/"):
        assert run(site, "build").exit_code == 0
    if setting is not None:
        configured(site, *setting)
    loop(site / place)
    result = run(site, *command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    said = result.stdout.splitlines() + result.stderr.splitlines()
    assert [each for each in said if each.startswith(line)], said
    assert all(each.startswith(("Error: ", "Warning: ")) for each in result.stderr.splitlines()), result.stderr
    if code == 2 or (command[0] == "build" and not line.startswith("articles/")):
        assert result.stderr.count("\n") == 1, result.stderr  # one line, naming the loop's place
    assert not list(site.rglob("*.jiading-*.tmp")) and not list(site.rglob("*.writing"))
