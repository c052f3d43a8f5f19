"""Global options anywhere, -q and -v, paths relative to the current folder, and `jiading rule`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONFIG, NOW, Site, front, untimed
from jiading_cli.cli import app


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_is_accepted_before_or_after_the_command(site: Site, where: str) -> None:
    site.article()
    (site.root / "jiading.toml").rename(site.root / "x.toml")
    args = ["--config", "x.toml", "validate"] if where == "before" else ["validate", "--config", "x.toml"]
    result = site.run(*args)
    assert result.exit_code == 0, result.stderr


def test_global_options_follow_a_subcommand_of_a_group(site: Site) -> None:
    site.article()
    result = site.run("feed", "build", "-q")
    assert result.exit_code == 0
    assert untimed(result.stdout) == "6 feed files in public/: 6 new, 0 changed, 0 unchanged, 0 removed\n"


def test_quiet_validate_prints_only_problems_and_the_summary(site: Site) -> None:
    site.article(summary="''")
    result = site.run("-q", "validate")
    assert untimed(result.stdout).splitlines()[-1] == "0 errors, 1 warning, 0 notes in 1 file"
    assert result.stdout.startswith("articles/a.md:5: warning JD150")


def test_verbose_prints_each_step_on_stderr(site: Site) -> None:
    site.article()
    result = site.run("validate", "--verbose")
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["loading 1 article", "checking articles"]


def test_paths_are_printed_relative_to_the_current_folder(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.article("en/2026/a.md", summary="''")
    monkeypatch.chdir(site.root / "articles" / "en")
    assert site.run("validate").stdout.startswith("2026/a.md:5: warning JD150")
    made = site.run("new-article", "Open day", "--date", "2026-11-20T09:00:00+08:00")
    assert made.stdout == "2026/open-day.md\n"
    assert (site.root / "articles" / "en" / made.stdout.strip()).is_file()
    assert site.run("list").stdout.splitlines()[0].endswith("\t2026/open-day.md")


def test_json_keeps_site_relative_paths_and_gives_the_root(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.article("en/a.md", summary="''")
    monkeypatch.chdir(site.root / "articles" / "en")
    data = json.loads(site.run("validate", "--format", "json").stdout)
    assert data["root"] == str(site.root) and data["problems"][0]["path"] == "articles/en/a.md"
    made = json.loads(site.run("new-article", "Open day", "--json", "--date", "2026-11-20").stdout)
    assert made["path"] == "articles/en/2026/open-day.md" and made["root"] == str(site.root)


def test_github_annotations_of_a_site_in_no_repository_name_files_from_the_current_folder(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.article("en/a.md", summary="''")
    monkeypatch.chdir(site.root / "articles")
    assert site.run("validate", "--format", "github").stdout.startswith("::warning file=en/a.md,line=5,")


@pytest.mark.parametrize("git", ["folder", "file"])  # a clone's .git, or a worktree's or a submodule's
@pytest.mark.parametrize("where", [".", "news", "news/articles/en", "elsewhere"])
def test_github_annotations_name_files_from_the_top_of_the_repository_wherever_the_job_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git: str, where: str
) -> None:
    """GitHub takes an annotation's file from the top of the repository: a site in a folder of it (a job with
    ``working-directory: news``), validated from any folder, names its files as the repository does."""
    top = tmp_path / "repo"
    (top / "news" / "articles" / "en").mkdir(parents=True)
    (top / "elsewhere").mkdir()
    if git == "folder":
        (top / ".git").mkdir()
    else:
        (top / ".git").write_text("gitdir: ../.git/worktrees/repo\n")
    (top / "news" / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (top / "news" / "articles" / "en" / "a.md").write_text(front(summary="''") + "Body.\n", encoding="utf-8")
    monkeypatch.chdir(top / where)
    env = {"JIADING_CONFIG": str(top / "news" / "jiading.toml"), "JIADING_NOW": NOW}
    found = CliRunner().invoke(app, ["validate", "--format", "github"], env=env)
    assert found.stdout.startswith("::warning file=news/articles/en/a.md,line=5,title=JD150::summary: "), found.stdout


def test_rule_explains_a_rule_with_an_example_and_its_fix(site: Site) -> None:
    result = site.run("rule", "jd150")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "JD150 (warning): summary is missing"
    assert "Example of the problem:" in lines and "Fixed:" in lines
    assert "jiading: {ignore: [JD150]}" in result.stdout


def test_rule_without_a_code_lists_every_rule(site: Site) -> None:
    from jiading_cli.app.rules import codes

    rows = [line.split("\t") for line in site.run("rule").stdout.splitlines()]
    assert [row[0] for row in rows] == codes()
    assert rows[0] == ["JD001", "error", "jiading.toml is not valid TOML or not UTF-8"]


def test_every_rule_has_an_explanation_and_examples() -> None:
    from jiading_cli.app.rules import every_rule

    for rule in every_rule():
        assert rule.why and rule.problem and rule.fix and rule.problem != rule.fix, rule.code


def test_rule_json_is_data(site: Site) -> None:
    data = json.loads(site.run("rule", "JD110", "--json").stdout)
    assert data["code"] == "JD110" and data["severity"] == "warning" and "+08:00" in data["fix"]


@pytest.mark.parametrize("command", [["validate"], ["list"], ["feed", "build"], ["build"]], ids=" ".join)
def test_verbose_says_each_step_of_every_command_of_long_work_with_its_time(site: Site, command: list[str]) -> None:
    """-v prints each step with its time on stderr, the main job's (`build`) among them, which printed none."""
    site.article()
    result = site.run(*command, "-v")
    assert result.exit_code == 0, result.output
    steps = result.stderr.splitlines()
    assert steps and all(re.fullmatch(r"[a-z][\w ()]*: \d+\.\d\d s", step) for step in steps), result.stderr


def test_verbose_list_says_how_long_loading_took(site: Site) -> None:
    site.article()
    result = site.run("list", "-v")
    assert result.exit_code == 0 and result.stderr.startswith("loading articles: ")
