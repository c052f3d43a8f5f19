"""A network added through the registry alone is seen by `share`, `validate` (JD180) and the config checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.share import registry
from share import toy
from share.sites import ShareSite, make_site

TOY = '\n[toy]\naccount = "jiading"\napi_base = "{base}"\n'
TOKEN = {"JIADING_TOY_TOKEN": "toy-secret-token"}
LONG = "Jiading district signs a memorandum of strategic cooperation on finance"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ShareSite]:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    with (tmp_path / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write(TOY.format(base=httpserver.url_for("/").rstrip("/")))
    made.article(title="Jiading opens a park")
    with registry.extended(toy.NETWORK):
        yield made


def test_a_dry_run_shows_the_new_network_s_request(site: ShareSite) -> None:
    result = site.run("share", "--network", "toy")
    assert result.exit_code == 0, result.output
    assert "\ntoy: POST http://localhost:" in result.output and "/api/statuses\n" in result.output
    assert '"status": "Jiading opens a park #finance #IntegratedCircuits"' in result.output
    assert "toy-secret-token" not in result.output


def test_a_post_goes_to_the_new_network_once_and_is_recorded(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/api/statuses", method="POST").respond_with_json({"id": "42"})
    result = site.run("share", "--post", "--network", "toy", env=TOKEN)
    assert result.exit_code == 0, result.output
    assert "posted     toy       articles/a.md  https://toy.example/@jiading/42" in result.output
    assert httpserver.log[0][0].headers["Authorization"] == "Bearer toy-secret-token"
    assert json.loads(httpserver.log[0][0].get_data())["account"] == "jiading"
    [record] = site.records()
    assert record["network"] == "toy" and record["state"] == "posted" and record["remote_id"] == "42"
    again = site.run("share", "--post", "--network", "toy", env=TOKEN)
    assert again.exit_code == 0 and "skipped: 1 already posted" in again.output
    assert len(httpserver.log) == 1


def test_validate_warns_when_the_new_network_s_text_will_be_cut(site: ShareSite) -> None:
    site.article(title=LONG)
    result = site.run("validate")
    assert "warning JD180 title: toy: the text from the template is longer than the 60 allowed" in result.output
    assert "facebook:" not in result.output


def test_the_new_network_s_section_is_checked_with_the_config(site: ShareSite) -> None:
    with (site.root / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write('acount = "typo"\n')
    result = site.run("validate")
    assert "jiading.toml:37: warning JD003 toy.acount: unknown key (did you mean 'account'?)" in result.stdout


def test_a_secret_in_the_new_network_s_section_names_its_variable(site: ShareSite) -> None:
    with (site.root / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write('token = "abc"\n')
    result = site.run("validate")
    assert result.exit_code == 2
    assert "error JD005 toy.token: secrets never go in jiading.toml" in result.stderr
    assert "JIADING_TOY_TOKEN" in result.stderr


def test_the_new_network_s_section_is_part_of_the_cached_checks_key(site: ShareSite) -> None:
    site.article(title=LONG)
    cached = {"JIADING_CACHE": "1"}
    assert "JD180" in site.run("validate", env=cached).output
    text = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(
        text.replace('account = "jiading"', 'account = "jiading"\ntemplate = "{site}"')
    )
    assert "JD180" not in site.run("validate", env=cached).output


def test_without_the_registration_the_section_is_an_unknown_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    with (tmp_path / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write(TOY.format(base="https://toy.example"))
    site.article()
    assert "warning JD003 toy: unknown key" in site.run("validate").stdout
    refused = site.run("share", "--network", "toy")
    assert (
        refused.exit_code == 2 and "--network: expected one of facebook, linkedin, email, got 'toy'" in refused.stderr
    )


def test_every_key_of_every_network_s_section_is_in_the_config_reference() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    reference = (docs / "config.md").read_text(encoding="utf-8")
    for name, section in registry.BUILT_IN.plugins().sections.items():
        for spec in fields(section):
            assert f"| `{name}.{spec.name}` |" in reference, f"{name}.{spec.name} is not in docs/config.md"
    assert "`Network`" in (docs / "sharing.md").read_text(encoding="utf-8"), "docs/sharing.md has no `Network`"


def test_share_networks_names_only_networks_of_the_registry(site: ShareSite) -> None:
    text = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(text.replace("[share]\n", '[share]\nnetworks = ["toy", "twitter"]\n'))
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:8: error JD002 share.networks: expected a list of networks among 'facebook', "
        "'linkedin', 'email', 'toy', got 'twitter' (item 2 of 2)\n"
    )
