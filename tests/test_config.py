"""Finding the site and checking jiading.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CONFIG, Site


def test_site_is_found_from_a_subfolder(site: Site, monkeypatch) -> None:
    site.article()
    (site.root / "articles" / "deep").mkdir()
    monkeypatch.chdir(site.root / "articles" / "deep")
    result = site.run("validate")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 0 notes in 1 file" in result.stdout


def test_outside_any_site_says_so_in_one_line_and_exits_2(tmp_path: Path, site: Site, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site.root / "jiading.toml").unlink()
    monkeypatch.chdir(elsewhere)
    result = site.run("list")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: no jiading.toml in {elsewhere} or any parent folder")


def test_config_option_and_environment_variable_name_the_site(site: Site, tmp_path: Path, monkeypatch) -> None:
    site.article()
    monkeypatch.chdir(tmp_path.parent)
    assert site.run("--config", str(site.root / "jiading.toml"), "validate").exit_code == 0
    assert site.run("validate", env={"JIADING_CONFIG": str(site.root)}).exit_code == 0


def test_missing_config_file_named_by_option_exits_2(site: Site) -> None:
    result = site.run("--config", "nowhere.toml", "list")
    assert result.exit_code == 2
    assert result.stderr == "Error: nowhere.toml: no such config file\n"


def test_every_config_problem_is_reported_at_once_with_key_path(site: Site) -> None:
    site.write(
        "jiading.toml",
        """\
        [site]
        title = ""
        base_url = "http://insecure.example.com"
        timezone = "Mars/Olympus"
        [feeds]
        limit = 0
    """,
    )
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: jiading.toml:2: error JD002 site.title: expected a non-empty string, got ''",
        "Error: jiading.toml:3: error JD002 site.base_url: expected an absolute https:// URL, "
        "got 'http://insecure.example.com', where its scheme is 'http:', not 'https:'",
        "Error: jiading.toml:4: error JD002 site.timezone: expected an IANA time zone name such as "
        "'Asia/Shanghai', got 'Mars/Olympus'",
        "Error: jiading.toml:6: error JD002 feeds.limit: expected a whole number from 1 to 100000, got int 0",
    ]


def test_missing_required_key_is_named(site: Site) -> None:
    site.write("jiading.toml", '[site]\ntitle = "T"\n')
    result = site.run("validate")
    assert result.exit_code == 2
    assert "site.base_url: required key is missing" in result.stderr


def test_unknown_keys_are_warned_about_with_a_suggestion(site: Site) -> None:
    site.article()
    site.write("jiading.toml", CONFIG + 'time_zone = "UTC"\n[feed]\nlimit = 3\n')
    result = site.run("validate")
    assert result.exit_code == 0
    assert "site.time_zone: unknown key (did you mean 'timezone'?)" in result.stdout  # in the report
    assert "feed: unknown key (did you mean 'feeds'?)" in result.stdout


def test_invalid_toml_reports_the_line(site: Site) -> None:
    site.write("jiading.toml", '[site]\ntitle = "T\n')
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: jiading.toml:2: error JD001 invalid TOML:")


def test_ignored_rule_codes_are_not_reported(site: Site) -> None:
    site.article(summary="short")
    assert "JD151" in site.run("validate").stdout
    site.write("jiading.toml", CONFIG + '[validate]\nignore = ["JD151"]\n')
    assert "JD151" not in site.run("validate").stdout


def test_bad_permalink_pattern_is_rejected(site: Site) -> None:
    site.write("jiading.toml", CONFIG.replace('language = "en"', 'permalink = "/news/{title}/"'))
    result = site.run("validate")
    assert result.exit_code == 2
    assert "site.permalink: expected a path such as '/{lang}/news/{year}/{month}/{slug}/'" in result.stderr


def test_a_secret_in_the_config_is_refused(site: Site) -> None:
    site.write("jiading.toml", CONFIG + '[facebook]\naccess_token = "EAAB..."\n')
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:8: error JD005 facebook.access_token: secrets never go in jiading.toml; remove it and "
        "set JIADING_FACEBOOK_TOKEN, JIADING_LINKEDIN_TOKEN or JIADING_SMTP_PASSWORD in the environment\n"
    )


def test_an_empty_config_option_is_a_usage_error(site: Site) -> None:
    result = site.run("--config", "", "list")
    assert result.exit_code == 2
    assert result.stderr == "Error: --config: expected the path of a jiading.toml or of its folder, got ''\n"


LONG = "x" * 300


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'timezone = "{LONG}"', "site.timezone: expected an IANA time zone name such as 'Asia/Shanghai'"),
        (f'articles_dir = "{LONG}"', "site.articles_dir: expected a folder path inside the site of at most 1024"),
        (f'output_dir = "a/{LONG}"', "site.output_dir: expected a folder path inside the site of at most 1024"),
        (f'articles_dir = "{"/".join(["abc"] * 300)}"', "site.articles_dir: expected a folder path inside the site"),
    ],
)
def test_a_name_no_file_system_takes_is_a_config_error(site: Site, line: str, expected: str) -> None:
    config = site.root / "jiading.toml"
    text = config.read_text(encoding="utf-8")
    key = line.split(" = ")[0]
    kept = [row for row in text.splitlines() if not row.startswith(f"{key} = ")]
    config.write_text("\n".join(kept).replace("[site]", f"[site]\n{line}", 1) + "\n", encoding="utf-8")
    for command in ("validate", "build", "share"):
        result = site.run(command)
        assert result.exit_code == 2, result.output
        assert f"error JD002 {expected}" in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("kind", ["a FIFO", "a character device"])
def test_a_config_path_that_is_no_file_says_what_it_is_and_reads_nothing(site: Site, kind: str) -> None:
    import os

    path = "/dev/zero"  # read, it would never end
    if kind == "a FIFO":
        path = str(site.root / "pipe.toml")
        os.mkfifo(path)  # read, it would wait for ever
    result = site.run("--config", path, "validate")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: expected a config file (jiading.toml), found {kind}\n"
