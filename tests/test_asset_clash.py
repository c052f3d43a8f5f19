"""A file an article names is published at its path below the articles folder: where that path is a file the
build writes itself (a page, a feed, its manifests and marks, a temporary file's name), a folder of one, or
below one, validate reports it on the line naming it (JD169) or the build stops with one line naming that line
and the file (an article's page, which only the build makes), and the last build stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site
from jiading_cli.base import files, tempnames
from tinyimages import BY_SUFFIX, write_image

FEEDS = ("feed.xml", "atom.xml", "feed.json", "feed.xsl", ".jiading-manifest.json")
PAGE = "en/news/2017/07/a/index.html"
CLASHES = {  # what the build alone sees; a path of the site's own, or a name it keeps, is validate's
    "en/news": f"the folder of public/{PAGE}",
    PAGE: "a page's or a feed's file",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the feeds (written before the pages, see docs/pages.md)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(FEEDS)
    }


def _name(site: Site, name: str) -> None:
    """The article names ``articles/{name}``, which holds a few bytes."""
    if Path(name).suffix in BY_SUFFIX:  # a file named as an image is one (JD166)
        write_image(site.root / "articles" / name)
    else:
        site.write(f"articles/{name}", "named\n")
    site.article(title="Financial industry to boost Jiading", body=f"See [the file](<{name}>).\n")


@pytest.mark.parametrize("name", list(CLASHES))
def test_a_named_file_at_a_path_of_the_builds_own_is_one_line_and_the_last_build_stays(site: Site, name: str) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    out = site.root / "public"
    before = snapshot(out)
    _name(site, name)
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: articles/a.md:7: body: '{name}' names articles/{name}, which would be published at public/{name}, "
        f"{CLASHES[name]}; rename the file\n"
    )
    assert snapshot(out) == before
    assert list(tempnames.leftovers(out)) == []


PIECES = ["en", "news", "2017", "07", "a", "index.html", "feed.xml", "assets"]
PIECES += [
    "jiading.css",
    "sitemap.xml",
    ".jiading-pages.json",
    "page",
    "1",
    "tags",
    "x.png",
    "robots.txt",
    ".a.jiading-0123abcd.tmp",
]


@settings(max_examples=25)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_any_named_path_is_published_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    """Paths drawn from the pieces of the site's own: each either published as it is, beside every page and
    feed of the site, or refused in one line naming it (never a page overwritten, nor a folder in the way)."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    name = "/".join(parts)
    here = Path.cwd()
    os.chdir(root)
    try:
        _name(site, name)
        result = site.run("build")
    finally:
        os.chdir(here)
    out = root / "public"
    if result.exit_code == 0:
        assert (out / name).read_bytes() == (root / "articles" / name).read_bytes()
        assert (out / PAGE).is_file() and (out / "feed.xml").is_file() and (out / "assets/jiading.css").is_file()
    else:  # validate's line naming the file, or what the build alone sees (a name it keeps for its own files)
        (line,) = [line for line in result.output.splitlines() if " JD169 " in line] or result.stderr.splitlines()
        assert line.startswith(("articles/a.md:7: error JD169 body: ", "Error: articles/a.md:7: body: ")), line
        assert f"articles/{name}, " in line and line.endswith("; rename the file") and not (out / PAGE).exists()


@settings(max_examples=12)
@given(st.integers(200, 250), st.sampled_from(["a", "é", "中", "😀"]))
def test_a_file_of_the_longest_name_a_folder_can_hold_is_published(
    tmp_path_factory: pytest.TempPathFactory, size: int, letter: str
) -> None:
    """Its temporary file is named within the 255 bytes a name may have, whatever the name's length."""
    name = (letter * size).encode()[: size - 4].decode("utf-8", "ignore") + ".pdf"
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    here = Path.cwd()
    os.chdir(root)
    try:
        _name(site, name)
        result = site.run("build")
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert (root / "public" / name).read_bytes() == b"named\n"
    assert list(tempnames.leftovers(root / "public")) == []


def test_the_temporary_files_of_two_long_names_alike_are_told_apart(tmp_path: Path) -> None:
    """A long name's temporary file is cut short with a digest of the whole: tidying one file's leftovers never
    takes another's, whose name starts the same."""
    first, second = tmp_path / ("x" * 250 + ".a"), tmp_path / ("x" * 250 + ".b")
    staged = [files.stage(first, b"a"), files.stage(second, b"b")]
    assert all(len(path.name.encode()) <= 255 and tempnames.is_leftover(path.name) for path in staged)
    tempnames.remove_leftovers_of(first)
    assert [path.exists() for path in staged] == [False, True]
    files.commit(staged[1], second)
    assert second.read_bytes() == b"b" and list(tempnames.leftovers(tmp_path)) == []


def test_a_named_file_made_a_fifo_after_validation_is_an_error_line_never_a_wait(site: Site) -> None:
    """Between the articles' validation and the copy, a named file may become something else."""
    import signal

    from jiading_cli.app.build import _copy
    from jiading_cli.app.settings import load
    from jiading_cli.feeds.write import Writer, Written
    from jiading_cli.model.errors import JiadingError

    os.mkfifo(site.root / "articles/chart.png")
    signal.alarm(20)
    try:
        with pytest.raises(JiadingError) as raised, Writer(site.root / "public", Written()) as writer:
            _copy(writer, "chart.png", site.root / "articles/chart.png", load(site.root), frozenset())
    finally:
        signal.alarm(0)
    assert str(raised.value) == "articles/chart.png: cannot read: not a regular file but a FIFO"
