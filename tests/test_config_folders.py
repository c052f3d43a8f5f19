"""The folders jiading.toml names are apart as a build needs them: `site.output_dir` (and its preview,
``{output_dir}-preview``) is neither the articles, the templates, the cache nor ``.git``, nor inside or holding one.
The config says so on loading, one JD002 line at the key the file sets, for every command, so that `validate`
fails on a site no build could write; what it refuses is exactly what the build's own check of the folder
(``check_apart``, which also follows links) refuses of a site without links."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONFIG, Site, tree
from jiading_cli.config import Config, parse_config
from jiading_cli.feeds.folder import check_apart
from jiading_cli.model.errors import ConfigError, UsageError, describe
from jiading_cli.share.registry import BUILT_IN

PLUGINS = BUILT_IN.plugins()
ROOT = Path("/nonexistent-site")
NAMES = st.sampled_from(["a", "b", "a-preview", "public", "public-preview", ".git", ".github", ".jiading-cache", "."])
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


def _refused(output: str | None, articles: str | None, templates: str | None) -> list[str]:
    """The lines the config refuses its folders with (none when it takes them)."""
    try:
        parse_config(_config(output, articles, templates), ROOT / "jiading.toml", PLUGINS)
    except ConfigError as exc:
        return [p.message for p in exc.problems if p.severity == "error"]
    return []


def _alike(name: str) -> st.SearchStrategy[str]:
    """``name`` with any of its letters in upper case, in either Unicode form: Windows and macOS read each as it."""
    cased = st.lists(st.booleans(), min_size=len(name), max_size=len(name)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(name, upper, strict=True))
    )
    return cased.flatmap(lambda written: st.sampled_from([written, unicodedata.normalize("NFD", written)]))


ALIKE_NAMES = ["articles", "templates", "public", "public-preview", ".git", ".github", ".jiading-cache", "café", "x"]


FOLDER_NAMES = st.none() | st.lists(st.sampled_from(ALIKE_NAMES), min_size=1, max_size=2)


@given(st.data(), FOLDER_NAMES, FOLDER_NAMES, FOLDER_NAMES)
def test_folders_alike_but_for_case_or_unicode_form_are_one_folder(
    data: st.DataObject, output: list[str] | None, articles: list[str] | None, templates: list[str] | None
) -> None:
    """``output_dir = "Articles"`` wrote the site's pages into its articles folder on a Mac or Windows, where that
    is ``articles``; nor is ``.GIT/a`` outside git's folder there. A config whose folders are a refused one's but
    for the case and Unicode form of their names is refused too."""
    given = (output, articles, templates)
    meant = ["/".join(names) if names else None for names in given]
    written = ["/".join(data.draw(_alike(name)) for name in names) if names else None for names in given]
    assert bool(_refused(*written)) == bool(_refused(*meant)), written


@pytest.mark.parametrize("command", [["validate"], ["build"]], ids=" ".join)
def test_an_output_folder_alike_the_articles_says_why_it_is_the_same(site: Site, command: list[str]) -> None:
    site.write("jiading.toml", CONFIG + 'output_dir = "Articles"\n')
    before = tree(site.root)
    result = site.run(*command)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: jiading.toml:{CONFIG.count(chr(10)) + 1}: error JD002 site.output_dir: expected the output folder "
        "apart from the site's own files, found that site.output_dir ('Articles') is the site's articles folder "
        "(site.articles_dir: 'articles'), but for case or Unicode form, which Windows and macOS do not tell apart\n"
    )
    assert tree(site.root) == before


OWN_FOLDERS = {
    "articles",
    "templates",
    ".git",
    ".github",
    ".jiading-cache",
}  # the site's own, which check_apart keeps apart


@given(st.data(), st.lists(st.sampled_from(ALIKE_NAMES), min_size=1, max_size=2))
def test_the_build_takes_an_output_folder_alike_the_sites_own_for_it(data: st.DataObject, names: list[str]) -> None:
    """``build --out Articles`` wrote the pages into the articles folder on a Mac or Windows: the build's own check
    of its folder (``check_apart``, which ``--out`` and ``share --out`` go through too) compares names as those
    systems do, and says so when only that makes them one."""
    written = "/".join(data.draw(_alike(name)) for name in names)
    first = written.split("/")[0]
    try:
        check_apart(dataclasses.replace(BASE, root=ROOT), ROOT / written, written)
    except UsageError as exc:
        refused = str(exc)
    else:
        refused = ""
    assert bool(refused) == (unicodedata.normalize("NFC", first).lower() in OWN_FOLDERS), written
    alike = (
        ", but for case or Unicode form, which Windows and macOS do not tell apart; a build needs a folder of its own"
    )
    assert (alike in refused) == (bool(refused) and first not in OWN_FOLDERS), refused


ELSEWHERE = ["~", "~bob", "$HOME", "${HOME}", "$XDG_DATA_HOME", "%USERPROFILE%", "C:", "d:", "/srv", "/"]
"""How a shell or another system writes a folder outside the site: none is expanded in jiading.toml."""
EXAMPLES = {"site.output_dir": "public", "site.articles_dir": "articles", "pages.templates_dir": "templates"}


@given(
    key=st.sampled_from(sorted(EXAMPLES)),
    start=st.sampled_from(ELSEWHERE),
    rest=st.lists(st.sampled_from(["public", "site", "news", "~", "a b"]), max_size=2),
    slash=st.sampled_from(["/", "\\\\"]),
)
def test_a_folder_a_shell_would_read_as_elsewhere_is_refused_at_its_key(
    key: str, start: str, rest: list[str], slash: str
) -> None:
    """``~/public`` names a folder in the home folder to the user who writes it; jiading, which does not expand
    it, would make a folder named ``~`` inside the site: refused, one line, at the key."""
    value = slash.join([start, *rest])
    section, name = key.split(".")
    text = CONFIG + (f'{name} = "{value}"\n' if section == "site" else f'[pages]\n{name} = "{value}"\n')
    with pytest.raises(ConfigError) as refused:
        parse_config(text, ROOT / "jiading.toml", PLUGINS)
    (problem,) = [p for p in refused.value.problems if p.severity == "error"]
    assert (problem.code, problem.field) == ("JD002", key)
    assert problem.message.startswith(f"expected a folder path inside the site, such as '{EXAMPLES[key]}'")
    assert problem.message.endswith(f", got {describe(value.replace(chr(92) * 2, chr(92)))}")


@pytest.mark.parametrize("value", ["~", "~/public", "$HOME/public"])
def test_build_to_the_home_folder_is_refused_and_makes_no_folder(site: Site, value: str) -> None:
    site.write("jiading.toml", CONFIG + f'output_dir = "{value}"\n')
    before = tree(site.root)
    result = site.run("build")
    why = "'~' is not read as the home folder" if value[0] == "~" else "variables such as $HOME are not expanded"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: jiading.toml:{CONFIG.count(chr(10)) + 1}: error JD002 site.output_dir: expected a folder path "
        f"inside the site, such as 'public' ({why}), got {value!r}\n"
    )
    assert tree(site.root) == before


@pytest.mark.parametrize("output", ["jiading.toml", "./jiading.toml", "JIADING.toml", "jiading.toml/pages"])
@pytest.mark.parametrize("command", [["validate"], ["build"]], ids=" ".join)
def test_an_output_folder_at_the_config_file_is_said_of_the_key(site: Site, output: str, command: list[str]) -> None:
    """``output_dir = "jiading.toml"`` is the config's own error (JD002, exit 2, naming the key and its line), as an
    output folder among the site's other own files is: it was a build's ``a file is in the way of the folder``."""
    site.write("jiading.toml", CONFIG + f'output_dir = "{output}"\n')
    before = tree(site.root)
    result = site.run(*command)
    assert result.exit_code == 2, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: jiading.toml:{CONFIG.count(chr(10)) + 1}: error JD002 site.output_dir: "), line
    assert "the site's config file ('jiading.toml')" in line, line
    assert tree(site.root) == before
