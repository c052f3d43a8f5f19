"""A pinned API version is checked against the day the network retires it: a warning 30 days ahead, then an error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jiading_cli.config import parse_config
from jiading_cli.model.errors import ConfigError
from jiading_cli.share import versions
from jiading_cli.share.linkedin import LinkedInSection
from jiading_cli.share.registry import current
from share.sites import ShareSite, make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path)
    made.article()
    return made


def pin(site: ShareSite, old: str, new: str) -> None:
    path = site.root / "jiading.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_retired_linkedin_version_fails_validation_with_the_date(site: ShareSite) -> None:
    pin(site, 'api_version = "202610"', 'api_version = "202411"')
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:24: error JD009 linkedin.api_version: expected a version LinkedIn still serves: "
        "LinkedIn API version 202411 was retired on 2025-11-01; set linkedin.api_version to a current version\n"
    )


def test_a_version_retiring_within_30_days_is_a_warning(site: ShareSite) -> None:
    pin(
        site,
        'api_base = "http://127.0.0.1:9"\n\n[linkedin]',
        'api_base = "http://127.0.0.1:9"\napi_version = "v21.0"\n\n[linkedin]',
    )
    early = site.run("validate", env={"JIADING_NOW": "2026-12-01T09:00:00+08:00"})
    assert early.exit_code == 0 and "JD008" not in early.stderr
    late = site.run("validate", env={"JIADING_NOW": "2027-01-01T09:00:00+08:00"})
    assert late.exit_code == 0
    assert (  # in validate's report, as an article's warning is
        "jiading.toml:20: warning JD008 facebook.api_version: Facebook API version v21.0 is retired on "
        "2027-01-21, in 20 day(s); set facebook.api_version to a current version before then"
    ) in late.stdout
    gone = site.run("share", "--post", "--network", "facebook", env={"JIADING_NOW": "2027-01-21T09:00:00+08:00"})
    assert gone.exit_code == 2 and "error JD009 facebook.api_version" in gone.stderr


def test_the_defaults_are_supported_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    config = (
        '[site]\ntitle = "T"\nbase_url = "https://e.com"\n[facebook]\npage_id = "1"\n[linkedin]\norganization = "2"\n'
    )
    (tmp_path / "jiading.toml").write_text(config, encoding="utf-8")
    site = ShareSite(tmp_path, CliRunner())
    result = site.run("validate", env={"JIADING_NOW": "2026-12-01T00:00:00+00:00"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ('page_id = "1234"', 'page_id = "1234"\napi_version = "v２０.0"', "facebook.api_version"),  # full-width digits
        ('page_id = "1234"', 'page_id = "1234"\napi_version = "v020.0"', "facebook.api_version"),  # v20.0, retired
        ('page_id = "1234"', 'page_id = "1234"\napi_version = "v20.00"', "facebook.api_version"),
        ('api_version = "202610"', 'api_version = "２０２６１０"', "linkedin.api_version"),
    ],
)
def test_a_version_in_another_form_than_the_apis_is_refused(site: ShareSite, old: str, new: str, shown: str) -> None:
    """A retired version written another way ('v020.0' for 'v20.0') would slip past its retirement date, and
    digits of another script would go into every request's path: only the API's own form is taken."""
    pin(site, old, new)
    result = site.run("validate")
    assert result.exit_code == 2
    assert f"error JD002 {shown}: expected a version such as" in result.stderr


@pytest.mark.parametrize("moment", ["2027-09-30T23:00:00+00:00", "2027-10-01T07:00:00+08:00"])
def test_the_day_a_version_is_retired_is_a_utc_day_however_now_is_written(site: ShareSite, moment: str) -> None:
    """One instant, written at two offsets: the same day of UTC, the same finding (LinkedIn 202610 goes 2027-10-01)."""
    result = site.run("validate", env={"JIADING_NOW": moment})
    assert "warning JD008 linkedin.api_version" in result.stderr + result.stdout
    assert "JD009" not in result.stderr + result.stdout


UNUSED = '[site]\ntitle = "T"\nbase_url = "https://e.com"\n'


@given(st.dates(dt.date(2, 1, 1), dt.date(9998, 12, 31)), st.sampled_from(["", "[facebook]\n[linkedin]\n"]))
def test_a_network_the_site_does_not_configure_has_no_version_checked(day: dt.date, tables: str) -> None:
    """Without a key in its table (no table, or the empty one `init` writes), a network is not used: its default
    version is never the site's problem, on any day."""
    config = parse_config(UNUSED + tables, Path("jiading.toml"), current().plugins(day))
    assert [p.code for p in config.warnings] == []


@given(st.dates(dt.date(2, 1, 1), dt.date(9998, 12, 31)))
def test_a_network_the_site_configures_is_checked_on_every_day(day: dt.date) -> None:
    text = UNUSED + '[linkedin]\norganization = "2"\n'
    retired = versions.linkedin(LinkedInSection().api_version)
    assert retired is not None
    try:
        config = parse_config(text, Path("jiading.toml"), current().plugins(day))
    except ConfigError as exc:
        assert day >= retired and [p.code for p in exc.problems] == ["JD009"]
    else:
        expected = ["JD008"] if retired - dt.timedelta(days=versions.WARN_DAYS) <= day < retired else []
        assert [p.code for p in config.warnings] == expected


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
def test_now_given_either_way_judges_the_versions_alike(site: ShareSite, command: list[str]) -> None:
    late = "2027-10-01T00:00:00+00:00"
    by_env = site.run(*command, env={"JIADING_NOW": late})
    by_option = site.run(*command, "--now", late)
    assert by_env.exit_code == by_option.exit_code == 2
    assert "error JD009 linkedin.api_version" in by_env.stderr
    assert by_option.stderr == by_env.stderr
