"""A path a user names through a folder that is not there yet and back out of it (``x/../site``): a command that
makes folders at it makes those the path leads to, never ``x``, which it would make only to pass through and leave
behind. Every such path is settled first (``base.realpath.settled``), and the folder makers refuse one that is
not, as the system does."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import chdir
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jiading_cli.app.newfiles import create_all
from jiading_cli.base.files import Stager, make_folders
from jiading_cli.base.realpath import settled
from jiading_cli.model.errors import JiadingError
from test_init_edges import run

NAMES = st.lists(st.sampled_from(["a", "b", "in", "link", "..", "."]), min_size=1, max_size=7)


def folders(root: Path) -> set[str]:
    """Every folder under ``root`` (links not followed), relative to it."""
    return {
        os.path.relpath(os.path.join(top, name), root)
        for top, names, _ in os.walk(root)
        for name in names
        if not os.path.islink(os.path.join(top, name))
    }


def test_init_through_a_missing_folder_makes_only_the_site(tmp_path: Path) -> None:
    with chdir(tmp_path):
        result = run("init", "--yes", "x/../site")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert "Created site/jiading.toml\n" in result.stdout  # named as it now is: `x/../site/…` leads nowhere
    assert result.stdout.endswith('Next: cd site && jiading new-article "Title", jiading validate, jiading build\n')


@pytest.mark.parametrize(
    "command",
    [["build", "--out"], ["build", "--include-drafts", "--out"], ["feed", "build", "--out"], ["share", "--out"]],
)
def test_out_through_missing_folders_makes_only_the_output_folder(tmp_path: Path, command: list[str]) -> None:
    with chdir(tmp_path):
        assert run("init", "--yes", "site").exit_code == 0
    site = tmp_path / "site"
    before = {p.name for p in site.iterdir()}
    with chdir(site):
        result = run(*command, "x/y/../../z/../out")
    assert result.exit_code == 0, result.output
    assert {p.name for p in site.iterdir()} - before - {".jiading-cache"} == {"out"}
    assert not any(name.split(os.sep)[0] in {"x", "y", "z"} for name in folders(site / "out"))


@settings(max_examples=40, deadline=None)
@given(NAMES)
def test_init_makes_the_folders_of_the_path_and_no_other(names: list[str]) -> None:
    """Drawn paths of names, ``.`` and ``..``, from an empty folder ``in``: `init` makes the folders its site's folder
    is reached through, as the system reads the path once they are made, and none other; each file it names is
    there, as named."""
    path = "/".join(name for name in names if name != "link") or "."
    assume(not os.path.normpath(os.path.join("in", path)).startswith(".."))
    with tempfile.TemporaryDirectory() as made:
        top = Path(made).resolve()
        (top / "in").mkdir()
        with chdir(top / "in"):
            result = run("init", "--yes", path)
            created = [line.removeprefix("Created ") for line in result.stdout.splitlines() if "Created " in line]
            assert created and all(Path(name).is_file() for name in created), (path, result.output)
        assert result.exit_code == 0, (path, result.output)
        site = Path(os.path.normpath(top / "in" / path))
        on_the_way = {os.path.relpath(p, top) for p in (site, *site.parents) if p.is_relative_to(top) and p != top}
        inside_site = {os.path.relpath(site / name, top) for name in folders(site)}
        assert folders(top) - inside_site == (on_the_way | {"in"}) - inside_site, path


def _tree(top: Path) -> None:
    """Folders ``a/in`` and ``b``, a file ``f``, and ``link`` leading to ``a/in``."""
    (top / "a" / "in").mkdir(parents=True)
    (top / "b").mkdir()
    (top / "f").write_text("x")
    (top / "link").symlink_to(top / "a" / "in")


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_settled_leads_where_the_path_does_and_passes_through_nothing(names: list[str]) -> None:
    """Over a tree with a link: the settled path leads where the path does (``realpath``: links followed, and a
    ``..`` after a missing name taken out with it), no ``..`` in it follows a name not there, and making its
    folders makes only folders on the way to where it leads."""
    with tempfile.TemporaryDirectory() as made:
        top = Path(made).resolve()
        _tree(top)
        with chdir(top / "b"):
            path = Path(*names)
            before = folders(top)
            leads = os.path.realpath(path)
            settled_path = settled(path)
            assert settled(settled_path) == settled_path
            assert os.path.realpath(settled_path) == leads, (path, settled_path)
            so_far = Path(settled_path.anchor)
            for name in settled_path.parts:
                if name == "..":
                    assert os.path.lexists(so_far), (path, settled_path)
                so_far /= name
            try:
                make_folders(settled_path)
            except OSError:  # a file on the way (f/…): the system's error, as before
                return
            on_the_way = {leads, *map(str, Path(leads).parents)}
            assert {str(top / f) for f in folders(top) - before} <= on_the_way, (path, settled_path)


@pytest.mark.parametrize("maker", [make_folders, lambda folder: Stager().own(folder)])
def test_the_folder_makers_refuse_a_folder_only_passed_through(tmp_path: Path, maker: Callable[[Path], object]) -> None:
    """A path that is not settled never makes ``x``: the system's error, as opening a file under it raises."""
    with pytest.raises(FileNotFoundError):
        maker(tmp_path / "x" / ".." / "site")
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_through_a_folder_only_passed_through_is_refused_whole(tmp_path: Path) -> None:
    with pytest.raises(JiadingError, match=r"x/\.\./site/a\.md: cannot write: .* \(nothing was written\)$"):
        create_all([tmp_path / "x" / ".." / "site" / "a.md"], ["text"], lambda path: path.as_posix())
    assert list(tmp_path.iterdir()) == []
