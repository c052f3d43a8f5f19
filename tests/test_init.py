"""`jiading init`: a new site that validates and builds at once, never over an existing file."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from jiading_cli.cli import site as site_commands
from jiading_cli.config import SECTIONS
from pages.sample import run

FLAGS = ("--yes", "--title", "Invest in Jiading", "--base-url", "https://www.investinjiading.com")


def test_init_makes_a_site_that_validates_with_no_problem(tmp_path: Path) -> None:
    result = run(tmp_path, "init", *FLAGS, "--language", "en", "--language", "zh-CN", "--timezone", "Asia/Shanghai")
    assert result.exit_code == 0, result.output
    assert "Created jiading.toml" in result.output and "Created .github/workflows/jiading.yml" in result.output
    checked = run(tmp_path, "validate")
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("0 errors, 0 warnings, 0 notes in 2 files")


def test_init_then_build_gives_pages_in_both_languages(tmp_path: Path) -> None:
    assert run(tmp_path, "init", *FLAGS, "--language", "en,zh-CN").exit_code == 0
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "public/en/news/2026/11/welcome/index.html").is_file()
    zh = (tmp_path / "public/zh-cn/news/2026/11/welcome/index.html").read_text(encoding="utf-8")
    assert "欢迎访问Invest in Jiading" in zh and 'href="/en/news/2026/11/welcome/"' in zh


def test_examples_name_each_other_as_translations(tmp_path: Path) -> None:
    run(tmp_path, "init", *FLAGS, "--language", "en,zh-CN")
    en, zh = (
        yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        for p in (tmp_path / "articles/en/2026/welcome.md", tmp_path / "articles/zh-cn/2026/welcome.md")
    )
    assert en["translations"] == {"zh-CN": zh["id"]} and zh["translations"] == {"en": en["id"]}
    assert en["draft"] is False and zh["lang"] == "zh-CN"


def test_config_lists_every_key_documented(tmp_path: Path) -> None:
    run(tmp_path, "init", *FLAGS)
    text = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    for section, cls in SECTIONS.items():
        assert f"\n[{section}]\n" in text
        for spec in fields(cls):
            assert f"# {spec.metadata['doc']}\n" in text, spec.name
    data = tomllib.loads(text)
    assert data["site"] == {
        "title": "Invest in Jiading",
        "base_url": "https://www.investinjiading.com",
        "language": "en",
        "timezone": "UTC",
    }


def test_gitignore_and_ci_workflow(tmp_path: Path) -> None:
    run(tmp_path, "init", *FLAGS)
    ignored = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".jiading-cache/", "/public/", "/public-preview/"} <= set(ignored)
    workflow = yaml.safe_load((tmp_path / ".github/workflows/jiading.yml").read_text(encoding="utf-8"))
    steps = {name: [s.get("run") for s in job["steps"]] for name, job in workflow["jobs"].items()}
    assert "jiading validate --format github" in steps["validate"]
    assert "jiading build" in steps["build"]
    assert workflow["jobs"]["validate"]["if"] == "github.ref != 'refs/heads/main'"  # a pull request's ref is its own
    assert workflow[True]["pull_request"] is None  # YAML 1.1 reads 'on' as true
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["cancel-in-progress"] is False  # tests/test_ci_workflow.py runs it


def test_an_existing_file_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")  # added to, had the site been written
    (tmp_path / "jiading.toml").write_text("mine\n", encoding="utf-8")
    result = run(tmp_path, "init", *FLAGS)
    assert result.exit_code == 1
    assert result.stderr == "Error: jiading.toml: already exists; not overwritten (nothing was written)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "jiading.toml"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "jiading.toml").read_text(encoding="utf-8") == "mine\n"


def test_init_into_a_new_folder(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "news", *FLAGS)
    assert result.exit_code == 0, result.output
    assert "Created news/jiading.toml" in result.output
    next_steps = 'Next: cd news && jiading new-article "Title", jiading validate, jiading build'
    assert result.output.splitlines()[-1] == next_steps


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--base-url", "http://example.com", "--base-url: expected an absolute https:// URL"),
        ("--language", "english!", "--language: expected a BCP 47 language tag"),
        ("--timezone", "Mars/Olympus", "--timezone: expected an IANA time zone"),
        ("--title", " ", "--title: expected a non-empty string, got ' '"),
    ],
)
def test_wrong_answers_are_usage_errors(tmp_path: Path, option: str, value: str, message: str) -> None:
    result = run(tmp_path, "init", "--yes", option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_on_a_terminal_init_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from jiading_cli.cli import app

    monkeypatch.setattr(site_commands, "interactive", lambda yes: not yes)
    monkeypatch.chdir(tmp_path)
    answers = "Jiading News\nhttps://news.example.com\nzh-CN,en\nAsia/Shanghai\n"
    result = CliRunner().invoke(app, ["init"], input=answers, env={"JIADING_NOW": "2026-11-27T12:00:00+08:00"})
    assert result.exit_code == 0, result.output
    assert "Site title [News]: " in result.output
    data = tomllib.loads((tmp_path / "jiading.toml").read_text(encoding="utf-8"))
    assert data["site"]["language"] == "zh-CN" and data["site"]["base_url"] == "https://news.example.com"
    assert (tmp_path / "articles/en/2026/welcome.md").is_file()


def test_a_site_without_its_articles_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "jiading.toml").write_text('[site]\ntitle = "x"\nbase_url = "https://a.example"\n', encoding="utf-8")
    for command in (["validate"], ["build"], ["feed", "build"], ["list"]):
        result = run(tmp_path, *command)
        assert result.exit_code == 2, command
        assert result.stderr == (
            "Error: articles/: no such folder; the articles live there (site.articles_dir in jiading.toml): "
            "create it, or start a new site with `jiading init`\n"
        )


@pytest.mark.parametrize(
    "command", [["validate"], ["list"], ["new-article", "Title"], ["feed", "build"], ["build"], ["share"]]
)
def test_outside_a_site_every_command_points_to_init(tmp_path: Path, command: list[str]) -> None:
    result = run(tmp_path, *command)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: no jiading.toml in {tmp_path.resolve()} or any parent folder")
    assert "run `jiading init` to start a site here" in result.stderr
