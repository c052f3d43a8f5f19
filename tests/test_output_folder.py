"""A build's folder is its own: never the site's folder, a folder holding it, or the articles, templates, cache or
.git folder (or inside one, or holding one) — asked by `--out` or by `site.output_dir`, followed through links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import tree
from pages.sample import make, run

MIXED = {
    ".": "is the site's folder",
    "..": "holds the site's folder",
    "articles": "is the site's articles folder (articles/)",
    "articles/en/out": "is inside the site's articles folder (articles/)",
    "templates": "is the site's templates folder (templates/)",
    ".jiading-cache/x": "is inside the site's cache folder (.jiading-cache/)",
    ".git": "is the site's git folder (.git/)",
    ".github": "is the site's GitHub folder (.github/)",  # its CI workflow: `init` writes .github/workflows/
    ".github/workflows": "is inside the site's GitHub folder (.github/)",
}


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
@pytest.mark.parametrize("out", list(MIXED))
def test_out_where_the_sites_files_are_is_refused_and_nothing_is_written(
    tmp_path: Path, out: str, command: list[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    before = tree(tmp_path)
    result = run(site, *command, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --out: {out}: the output folder {MIXED[out]}; a build needs a folder of its own, such as 'public'\n"
    )
    assert tree(tmp_path) == before


def test_a_link_to_the_articles_folder_is_the_articles_folder(tmp_path: Path) -> None:
    make(tmp_path)
    os.symlink(tmp_path / "articles", tmp_path / "out")
    before = tree(tmp_path / "articles")
    result = run(tmp_path, "build", "--out", "out")
    assert result.exit_code == 2 and "the output folder is the site's articles folder (articles/)" in result.stderr
    assert tree(tmp_path / "articles") == before


@pytest.mark.parametrize(
    "command", [["build"], ["feed", "build"], ["serve", "--port", "0"], ["validate"], ["list"], ["new-article", "T"]]
)
def test_an_output_dir_in_the_articles_folder_is_a_config_error(tmp_path: Path, command: list[str]) -> None:
    """Every command, `validate` too: it passed a site every build refused."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[site]\n", '[site]\noutput_dir = "articles/web"\n'))
    before = tree(tmp_path)
    result = run(tmp_path, *command)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:2: error JD002 site.output_dir: expected the output folder apart from the site's own "
        "files, found that site.output_dir ('articles/web') is inside the site's articles folder (site.articles_dir: "
        "'articles')\n"
    )
    assert tree(tmp_path) == before


def test_a_folder_of_its_own_anywhere_is_fine(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    assert run(site, "build", "--out", "../web").exit_code == 0
    assert (tmp_path / "web/index.html").is_file()


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
def test_a_folder_named_with_a_byte_that_is_not_utf8_is_built_into_and_kept(tmp_path: Path, command: list[str]) -> None:
    """Its name keys the cache's stores (the ledger, the page store, the feeds' reuse): held as its bytes, never a
    traceback, and the next build finds every file as it left it."""
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    out = os.fsdecode(b"out\xff")
    first = run(site, *command, "--out", out)
    assert first.exit_code == 0, first.output
    again = run(site, *command, "--out", out, "--json")
    assert again.exit_code == 0, again.output
    assert '"status": "new"' not in again.output and '"status": "changed"' not in again.output
    assert (site / out / "feed.xml").is_file()


LINKED = {
    "articles": "is the site's articles folder (articles/)",
    "articles/en": "is inside the site's articles folder (articles/)",
    ".": "is the site's folder",
    "..": "holds the site's folder",
    ".git": "is the site's git folder (.git/)",
}


@pytest.mark.parametrize("command", [["build"], ["feed", "build"], ["build", "--include-drafts"], ["validate"]])
@pytest.mark.parametrize(("to", "written"), [(to, written) for to in LINKED for written in (True, False)])
def test_an_output_dir_a_link_makes_one_of_the_sites_own_is_said_at_its_line(
    tmp_path: Path, to: str, written: bool, command: list[str]
) -> None:
    """``site.output_dir`` (written, or ``public`` by default) a link to where the site's own files are: one line
    naming the config file, the line of the key (of its section when the key is not written) and the key;
    nothing written anywhere."""
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    (site / ".git").mkdir()
    name = "out" if written else "public"
    if written:
        config = site / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("[site]\n", '[site]\noutput_dir = "out"\n'))
    os.symlink(site / to, site / (name + "-preview" if "--include-drafts" in command else name))
    before = tree(tmp_path)
    result = run(site, *command)
    assert result.exit_code == 2, result.output
    where = "jiading.toml:2" if written else "jiading.toml:1"  # the key's line, else its section's
    preview = f" (its preview, {name}-preview/)" if "--include-drafts" in command else ""
    assert result.stderr == (
        f"Error: {where}: site.output_dir: {name}{preview}: the output folder {LINKED[to]}; a build needs a folder "
        "of its own, such as 'public'\n"
    )
    assert tree(tmp_path) == before
