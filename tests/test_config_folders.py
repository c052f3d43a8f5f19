"""The folders jiading.toml names are apart as a build needs them: `site.output_dir` (and its preview,
``{output_dir}-preview``) is neither the articles, the templates, the cache nor ``.git``, nor inside or holding one.
The config says so on loading, one JD002 line at the key the file sets, for every command, so that `validate`
fails on a site no build could write; what it refuses is exactly what the build's own check of the folder
(``check_apart``, which also follows links) refuses of a site without links."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONFIG, Site, tree
from jiading_cli.config import Config, parse_config
from jiading_cli.feeds.folder import check_apart
from jiading_cli.model.errors import ConfigError, UsageError
from jiading_cli.share.registry import BUILT_IN

PLUGINS = BUILT_IN.plugins()
ROOT = Path("/nonexistent-site")
NAMES = st.sampled_from(["a", "b", "a-preview", "public", "public-preview", ".git", ".jiading-cache", "."])
FOLDERS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)


def _config(output: str | None, articles: str | None, templates: str | None) -> str:
    site = "".join(
        f'{key} = "{value}"\n' for key, value in (("output_dir", output), ("articles_dir", articles)) if value
    )
    pages = f'[pages]\ntemplates_dir = "{templates}"\n' if templates else ""
    return CONFIG + site + pages


def _refused_by_the_build(config: Config) -> bool:
    """Whether the build's check of its folder refuses the output folder or its preview (no links on the way)."""
    preview = config.output_path.with_name(config.output_path.name + "-preview")
    try:
        check_apart(config, config.output_path, "out")
        check_apart(config, preview, "preview")
    except UsageError:
        return True
    return False


BASE = parse_config(CONFIG, ROOT / "jiading.toml", PLUGINS)


@given(st.none() | FOLDERS, st.none() | FOLDERS, st.none() | FOLDERS)
def test_the_config_refuses_the_folders_a_build_would_refuse(
    output: str | None, articles: str | None, templates: str | None
) -> None:
    text = _config(output, articles, templates)
    try:
        parse_config(text, ROOT / "jiading.toml", PLUGINS)
    except ConfigError as exc:
        problems = [p for p in exc.problems if p.severity == "error"]
        if any(p.field != "site.output_dir" or p.code != "JD002" or "output folder" not in p.message for p in problems):
            return  # a value refused on its own ('.', a folder in .git): no folder to compare
        assert len(problems) == 1
        written = {f"site.{k}" for k, v in (("output_dir", output), ("articles_dir", articles)) if v}
        written |= {"pages.templates_dir"} if templates else set()
        assert problems[0].field in written or problems[0].field == "site.output_dir"
        refused = True
    else:
        refused = False
    site = dataclasses.replace(
        BASE.site,
        output_dir=(output or "public").rstrip("/"),
        articles_dir=(articles or "articles").rstrip("/"),
    )
    pages = dataclasses.replace(BASE.pages, templates_dir=(templates or "templates").rstrip("/"))
    if "." in (site.output_dir,) or any(".git" in f.split("/") for f in (site.articles_dir, pages.templates_dir)):
        return  # refused on their own (above), never built
    assert refused == _refused_by_the_build(dataclasses.replace(BASE, site=site, pages=pages)), text


CASES = {
    "output in the articles": ('output_dir = "articles/web"\n', "site.output_dir", "is inside", "articles"),
    "articles as the output": ('articles_dir = "public"\n', "site.articles_dir", "is", "articles"),
    "articles holding the output": ('articles_dir = "."\n', "site.articles_dir", "is inside", "articles"),
    "the preview as the articles": ('articles_dir = "public-preview"\n', "site.articles_dir", "is", "articles"),
    "output holding the templates": (
        'output_dir = "x"\n[pages]\ntemplates_dir = "x/t"\n', "site.output_dir", "holds", "templates"
    ),
    "output in the cache": ('output_dir = ".jiading-cache/web"\n', "site.output_dir", "is inside", "cache"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", [["validate"], ["list"], ["build"], ["new-article", "Title"]], ids=" ".join)
def test_every_command_says_the_folders_overlap_in_one_line(site: Site, case: str, command: list[str]) -> None:
    extra, field, relation, name = CASES[case]
    site.write("jiading.toml", CONFIG + extra)
    line = CONFIG.count("\n") + 1
    before = tree(site.root)
    result = site.run(*command)
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: jiading.toml:{line}: error JD002 {field}: expected the output folder apart ")
    assert f" {relation} the site's {name} folder (" in lines[0]
    assert tree(site.root) == before
