"""JD169: a file an article names whose path the site writes itself (a feed, the sitemap, a news list, ``assets/``,
a folder of one or below one) is reported by ``validate`` on the line naming it, so a build, full or incremental,
never starts on it, the names the build keeps for its own files among them; the build alone refuses a file at an
article's page (or a folder of one, or below one), in one line naming the article's line and the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site
from jiading_cli.validate.codes import quoted
from test_asset_clash import PAGE, PIECES, _name, snapshot

OWN = "a name jiading keeps for its own files (the build's manifests and marks, its temporary files)"
FOUND = {  # a path the site writes, as validate says it
    "feed.xml": "a file of the site's own at the top of the output folder",
    "sitemap.xml": "a file of the site's own at the top of the output folder",
    "feed.xml/cover.png": "its folder feed.xml/ would take the place of the site's file feed.xml",
    "en/feed.json": "the en/ news list or its feeds",
    "Feed.XML": "a file of the site's own at the top of the output folder, but for case or Unicode form, which "
    "Windows and macOS do not tell apart",
    "ASSETS/x.css": "in the site's assets/ folder, but for case or Unicode form, which Windows and macOS do not "
    "tell apart",
    "sitemap.xml/a.png": "its folder sitemap.xml/ would take the place of the site's file sitemap.xml",
    "assets": "in the site's assets/ folder",
    "en/page/2/x.pdf": "the en/ news list or its feeds",
    "en": "a file where the site's en/ folder must be, for the en/ news list and its feeds",
    ".jiading-pages.json": OWN,
    ".jiading-manifest.json.writing": OWN,
    ".report.pdf.jiading-abcdefgh.tmp": OWN,
    ".jiading-pages.json/en": OWN,
    "en/.index.html.jiading-abcdefgh.tmp": OWN,
}


@pytest.mark.parametrize("name", list(FOUND))
def test_a_named_file_where_the_site_writes_its_own_is_one_line_of_validate(site: Site, name: str) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    out = site.root / "public"
    before = snapshot(out)
    _name(site, name)
    checked = site.run("validate")
    assert checked.exit_code == 1
    assert [line for line in checked.stdout.splitlines() if " error " in line] == [
        f"articles/a.md:7: error JD169 body: expected a file published at a path of its own, got '{name}', "
        f"articles/{name}, published at {name}: {FOUND[name]}; rename the file"
    ]
    assert site.run("build").exit_code == 1
    assert snapshot(out) == before


def test_a_site_path_to_the_site_s_own_file_is_the_site_s_file_unless_the_articles_folder_holds_one(site: Site) -> None:
    site.article(body="Read [our feed](/feed.xml).\n")
    assert site.run("validate").exit_code == 0
    site.write("articles/feed.xml", "<x/>\n")
    (line,) = [line for line in site.run("validate").stdout.splitlines() if " error " in line]
    assert line.startswith(
        "articles/a.md:7: error JD169 body: expected a file published at a path of its own, got '/feed.xml'"
    )


@settings(max_examples=25)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
@example(["jiading.css", "index.html", "index.html", ".a.jiading-0123abcd.tmp", ".a.jiading-0123abcd.tmp"])
def test_what_validate_passes_the_build_publishes_but_at_an_articles_page(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    """Paths drawn from the pieces of the site's own: where ``validate`` finds no error the build publishes the file,
    or refuses it as an article's page (or a folder of one, or below one), which only the build makes; where it
    reports JD169 (the names the build keeps for its own files among them), the build writes nothing."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    name = "/".join(parts)
    here = Path.cwd()
    os.chdir(root)
    try:
        _name(site, name)
        checked = site.run("validate")
        built = site.run("build")
    finally:
        os.chdir(here)
    out = root / "public"
    reported = [line for line in checked.stdout.splitlines() if " error " in line]
    if reported:
        assert all(" JD169 " in line for line in reported), checked.stdout
        assert built.exit_code == 1 and not out.exists()
    elif built.exit_code == 0:
        assert (out / name).read_bytes() == (root / "articles" / name).read_bytes()
    else:  # what validate cannot know: an article's page
        (line,) = built.stderr.splitlines()
        assert line.startswith(f"Error: articles/a.md:7: body: {quoted(name)} names articles/{name}, which "), line
        assert PAGE.startswith(name + "/") or name == PAGE or name.startswith(PAGE + "/"), line
