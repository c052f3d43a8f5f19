"""Every warning about jiading.toml is a problem of `validate`'s report as an article's is: counted, failing
``--strict``, listed by ``--format json`` and annotated by ``--format github``; ``validate.ignore`` leaves it
out as it leaves out an article's."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.model.errors import ConfigError

WARNED = {
    "JD003 key": ("[feeds]\nlimt = 5\n", "feeds.limt"),
    "JD003 table": ("[fedds]\nlimit = 5\n", "fedds"),
    "JD007": ('[validate]\nignore = ["JD999"]\n', "validate.ignore"),
    "JD008": ('[linkedin]\norganization = "2"\napi_version = "202701"\n', "linkedin.api_version"),
}
SOON = "2027-12-10T00:00:00+00:00"  # LinkedIn serves 202701 to 2028-01-01: 22 days on, JD008


def configured(site: Site, extra: str) -> None:
    site.write("jiading.toml", CONFIG + extra)
    site.article()


@pytest.mark.parametrize("case", WARNED)
def test_a_config_warning_is_in_every_format_of_the_report(site: Site, case: str) -> None:
    extra, field = WARNED[case]
    configured(site, extra)
    env = {"JIADING_NOW": SOON}
    code = case.split()[0]
    text = site.run("validate", env=env)
    assert text.exit_code == 0, text.output
    assert "jiading.toml:" in text.stdout and f"warning {code} {field}:" in text.stdout
    assert "1 warning" in text.stdout
    assert code not in text.stderr  # said once, in the report
    strict = site.run("validate", "--strict", env=env)
    assert strict.exit_code == 1
    data = json.loads(site.run("validate", "--format", "json", env=env).stdout)
    assert data["warnings"] == 1
    assert [(p["code"], p["field"]) for p in data["problems"]] == [(code, field)]
    github = site.run("validate", "--format", "github", env=env).stdout
    assert "::warning file=jiading.toml," in github and f"title={code}::{field}:" in github


def test_an_ignored_code_leaves_the_config_warning_out(site: Site) -> None:
    configured(site, '[feeds]\nlimt = 5\n[validate]\nignore = ["JD003"]\n')
    result = site.run("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "JD003" not in result.output


def test_other_commands_say_a_config_warning_on_stderr(site: Site) -> None:
    configured(site, "[feeds]\nlimt = 5\n")
    result = site.run("list")
    assert result.exit_code == 0
    assert "warning JD003 feeds.limt" in result.stderr


KEYS = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["site", "validate", "feeds", "pages", "share", "email", "nowhere"]), KEYS)
def test_every_warning_the_config_has_is_counted(site: Site, section: str, name: str) -> None:
    """Whatever unknown key a table holds, the report counts what the config found, no fewer and no more."""
    from jiading_cli.app.settings import load

    configured(site, f'[{section}]\n{name} = "x"\n' if section != "site" else "")
    if section == "site":
        site.write("jiading.toml", CONFIG + f'{name} = "x"\n')
    try:
        config = load(site.root)
    except ConfigError:  # a key that is a real one, given a wrong value: no warning to count
        return
    data = json.loads(site.run("validate", "--format", "json").stdout)
    shown = [(p["code"], p["field"]) for p in data["problems"] if p["path"] == "jiading.toml"]
    assert shown == [(p.code, p.field) for p in config.warnings]
    assert data["warnings"] >= len(config.warnings)
