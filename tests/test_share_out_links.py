"""``share --out DIR`` never writes through what stands below DIR where one of its folders should be: a symbolic
link (to a folder elsewhere, to nothing, to itself), a file or a FIFO there is one line naming it, exit 1, and
nothing is written, in DIR or where a link leads, as the builds refuse a link in their output folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, tree

ELSEWHERE = "elsewhere"


def _link_to_folder(path: Path) -> None:
    path.symlink_to(path.parents[2] / ELSEWHERE, target_is_directory=True)


STANDING: dict[str, Callable[[Path], None]] = {
    "a symbolic link": _link_to_folder,
    "a symbolic link to nothing": lambda path: path.symlink_to(path.parent / "nothing"),
    "a symbolic link in a loop": lambda path: path.symlink_to(path.name),
    "a file": lambda path: path.write_text("x", encoding="utf-8"),
    "a FIFO": lambda path: os.mkfifo(path),
}


def _share(site: Site, where: str, standing: str, slug: str = "a") -> None:
    out = site.root / "out"
    elsewhere = site.root / ELSEWHERE
    elsewhere.mkdir(exist_ok=True)
    blocker = out / where
    blocker.parent.mkdir(parents=True, exist_ok=True)
    STANDING[standing](blocker)
    before = {name: data for name, data in tree(site.root).items() if not name.startswith(".jiading-cache/")}
    result = site.run("share", "--out", "out")
    assert result.exit_code == 1, result.output
    kind = standing.removesuffix(" to nothing").removesuffix(" in a loop")
    said = f"Error: out/en/{slug}/links.json: cannot write: out/{where} is {kind}, not a folder"
    assert result.stderr.splitlines() == [said], result.stderr
    after = {name: data for name, data in tree(site.root).items() if not name.startswith(".jiading-cache/")}
    assert after == before and not any(elsewhere.iterdir())  # nothing written, here or where the link leads


@pytest.mark.parametrize("standing", sorted(STANDING))
@pytest.mark.parametrize("where", ["en", "en/a"])
def test_what_stands_where_a_folder_of_share_out_goes_is_named_and_nothing_is_written(
    site: Site, where: str, standing: str
) -> None:
    site.article("a.md", slug="a")
    _share(site, where, standing)


def test_real_folders_there_already_are_written_in(site: Site) -> None:
    site.article("a.md", slug="a")
    (site.root / "out/en/a").mkdir(parents=True)
    result = site.run("share", "--out", "out")
    assert result.exit_code == 0, result.output
    assert (site.root / "out/en/a/links.json").is_file()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["a", "b"]), st.sampled_from(sorted(STANDING)))
def test_no_article_of_several_is_written_through_a_link(site: Site, slug: str, standing: str) -> None:
    import shutil

    for name in ("out", ELSEWHERE):
        shutil.rmtree(site.root / name, ignore_errors=True)
        if (site.root / name).is_symlink() or (site.root / name).exists():
            (site.root / name).unlink()
    site.article("a.md", slug="a")
    site.article("b.md", slug="b", id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a11")
    _share(site, f"en/{slug}", standing, slug)


@pytest.mark.parametrize(
    ("out", "digest"),
    [(".", False), ("articles", False), ("articles/x", False), ("templates", False), (".jiading-cache/x", True)],
)
def test_share_out_among_the_site_s_own_files_is_refused_as_a_build_s(site: Site, out: str, digest: bool) -> None:
    site.article("a.md", slug="a")
    before = tree(site.root)
    result = site.run("share", *(["--digest", "--since", "2017-07-01"] if digest else []), "--out", out)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: --out: {out}: the output folder ") and line.endswith(
        "; share --out needs a folder of its own, such as 'share-out'"
    )
    assert tree(site.root) == before


@pytest.mark.parametrize(
    ("out", "blocker", "standing"),
    [
        ("out", "out", "a file"),
        ("out/x", "out", "a file"),
        ("out", "out", "a symbolic link to nothing"),
        ("out/x/y", "out", "a FIFO"),
    ],
)
def test_what_stands_where_dir_or_a_folder_holding_it_goes_is_named(
    site: Site, out: str, blocker: str, standing: str
) -> None:
    site.article("a.md", slug="a")
    STANDING[standing](site.root / blocker)
    before = {name: data for name, data in tree(site.root).items() if not name.startswith(".jiading-cache/")}
    result = site.run("share", "--out", out)
    assert result.exit_code == 1, result.output
    kind = standing.removesuffix(" to nothing")
    assert result.stderr == f"Error: {out}/en/a/links.json: cannot write: {blocker} is {kind}, not a folder\n"
    assert {name: data for name, data in tree(site.root).items() if not name.startswith(".jiading-cache/")} == before


def test_dir_named_as_a_link_to_a_folder_is_written_in(site: Site) -> None:
    """``DIR`` itself is the user's to name, a link to a folder too, as for a build's ``--out``."""
    site.article("a.md", slug="a")
    (site.root / "elsewhere").mkdir()
    (site.root / "out").symlink_to("elsewhere", target_is_directory=True)
    assert site.run("share", "--out", "out").exit_code == 0
    assert (site.root / "elsewhere/en/a/links.json").is_file()
