"""A loop of links at any path a user names or a site's config points at — the articles folder or a folder
below it, an article, a file an article names, the templates folder, the output folder, each named on the
command line or in ``jiading.toml`` — ends every command that meets it in the lines it gives for anything else
unreadable there: the place named as it stands, the exit code of docs/exit-codes.md, never a traceback
(``Path.resolve()`` raised ``RuntimeError`` on a loop)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jiading_cli.base.realpath import standing
from pages.sample import make, run

UNREADABLE = "error JD100 cannot read the file: it is a loop of symbolic links"
IN_THE_WAY = "cannot write: a loop of links is in the way of the folder"
NO_ARTICLES = "Error: articles: expected the folder of articles (site.articles_dir), found a loop of links"


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


ON_THE_WAY = "expected the folder of articles (site.articles_dir), found a loop of links on the way"
TEMPLATES = "Error: templates: expected the folder of the site's templates (pages.templates_dir), found"
VALIDATE, BUILD, FEEDS = ["validate"], ["build"], ["feed", "build"]
NAMED = [("signing.png", 11, "JD160"), ("hall.png", 18, "JD162"), ("agreement.pdf", 20, "JD162")]  # file, line, rule


def case(
    place: str, setting: tuple[str, str] | None, command: list[str], code: int, line: str, *marks: pytest.MarkDecorator
) -> object:
    """Where the loop stands, what jiading.toml says (key, value), the command, its exit code, a line it prints."""
    said = f"{setting[0]}={setting[1]}-" if setting else ""
    return pytest.param(place, setting, command, code, line, marks=list(marks), id=f"{place}-{said}{' '.join(command)}")


CASES = [
    *[
        case("articles", None, command, 2, NO_ARTICLES)
        for command in (
            VALIDATE,
            BUILD,
            FEEDS,
            ["list"],
            ["share"],
            ["validate", "articles/en"],
            ["share", "articles/en"],
        )
    ],
    *[
        case("loop", ("articles_dir", "loop/articles"), command, 2, f"Error: loop/articles: {ON_THE_WAY}")
        for command in (["list"], VALIDATE, BUILD)
    ],
    case("articles/en", None, ["validate", "articles/en"], 1, f"articles/en: {UNREADABLE}"),
    case(  # the look at it is refused: the real reason, never "no such file or folder"
        "articles/en",
        None,
        ["validate", "articles/en/2017"],
        2,
        "Error: articles/en/2017: cannot read: Too many levels of symbolic links",
    ),
    case("articles/en", None, ["share", "articles/en"], 1, f"Error: articles/en: {UNREADABLE[6:]}; not shared; run"),
    *[
        case("articles/en/2016/park.md", None, command, 1, f"articles/en/2016/park.md: {UNREADABLE}")
        for command in (VALIDATE, ["validate", "articles/en/2016/park.md"], BUILD, FEEDS)
    ],
    *[
        case(f"articles/en/2017/{name}", None, command, 1, f"articles/en/2017/finance.md:{line}: error {code} ")
        for name, line, code in NAMED
        for command in (VALIDATE, BUILD, FEEDS)
    ],
    case("templates", ("templates_dir", "templates"), BUILD, 1, f"{TEMPLATES} a loop of links;"),
    case(
        "loop",
        ("templates_dir", "loop/templates"),
        BUILD,
        1,
        f"{TEMPLATES.replace('templates:', 'loop/templates:', 1)} a loop of links on the way;",
    ),
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


@pytest.mark.parametrize(
    ("make_it", "words"),
    [
        (lambda p: None, None),
        (lambda p: p.mkdir(), None),
        (lambda p: (p.parent / "real").mkdir() or os.symlink("real", p), None),
        (lambda p: p.write_text("x"), "a file"),
        (lambda p: os.mkfifo(p), "a FIFO"),
        (lambda p: os.symlink("nowhere", p), "a link to nothing"),
        (lambda p: os.symlink(p.name, p), "a loop of links"),
    ],
)
@pytest.mark.parametrize("below", [False, True])
def test_what_stands_where_a_folder_goes_is_named(
    tmp_path: Path, make_it: Callable[[Path], object], words: str | None, below: bool
) -> None:
    """Where a folder is expected (the articles, the templates), what stands there instead, or on the way to it."""
    at = tmp_path / "x"
    make_it(at)
    if not below:
        assert standing(at) == words
    elif words is None:
        assert standing(at / "t") is None  # nothing there, or in a folder: nothing in the way
    else:
        expected = {"a FIFO": "a file", "a link to nothing": None}.get(words, words)  # the way through each
        assert standing(at / "t") == (None if expected is None else f"{expected} on the way")


@pytest.mark.parametrize(("obstacle", "words"), [("file", "a file on the way"), ("nowhere", "a link to nothing")])
def test_a_templates_folder_that_cannot_be_one_is_one_line(tmp_path: Path, obstacle: str, words: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    if obstacle == "file":
        (site / "file").write_text("x", encoding="utf-8")
        configured(site, "templates_dir", "file/templates")
        where = "file/templates"
    else:
        os.symlink("nowhere", site / "templates")
        configured(site, "templates_dir", "templates")
        where = "templates"
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {where}: expected the folder of the site's templates (pages.templates_dir), found {words};"
    )
    assert not (site / "public").exists()


def test_no_module_resolves_a_path_that_may_hold_a_loop() -> None:
    """``Path.resolve()`` raises on a loop of links: every path a user names is resolved by ``base.realpath.real``,
    which never does; only the package's own files (``Path(__file__)``) are resolved otherwise."""
    source = Path(__file__).resolve().parent.parent / "src" / "jiading_cli"
    found = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".resolve()" in line
        and "__file__" not in line
        and not line.lstrip().startswith(("#", '"', "``"))
        and path.name != "realpath.py"
    ]
    assert found == []
