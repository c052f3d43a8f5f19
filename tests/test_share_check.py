"""`share --check` tries each network's secret with a read-only call, as CI can do daily; nothing is posted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.sites import ShareSite, make_site
from share.smtpd import PASSWORD, USER, smtp_server

PAGE = "/v25.0/1234"
ORGANIZATION = "/rest/organizations/5678"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path, base=httpserver.url_for("/"))


def test_working_tokens_are_reported_with_what_they_read(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PAGE, method="GET", query_string={"fields": "id,name"}).respond_with_json(
        {"id": "1234", "name": "Invest in Jiading"}
    )
    organization = {"id": 5678, "localizedName": "Jiading Investment Promotion"}
    httpserver.expect_request(ORGANIZATION, method="GET").respond_with_json(organization)
    result = site.run("share", "--check", "--network", "facebook", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "ok         facebook  the token reads the Page 'Invest in Jiading' (1234)\n"
        "ok         linkedin  the token reads the organization 'Jiading Investment Promotion' (5678)\n"
    )
    assert httpserver.log[1][0].headers["LinkedIn-Version"] == "202610"
    assert all(request.method == "GET" for request, _ in httpserver.log)


def test_an_expired_token_fails_the_check(site: ShareSite, httpserver: HTTPServer) -> None:
    error = {"error": {"message": "Error validating access token: Session has expired", "code": 190}}
    httpserver.expect_request(PAGE, method="GET").respond_with_json(error, status=400)
    result = site.run("share", "--check", "--network", "facebook", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["networks"][0]["detail"] == (
        "Facebook answered 400 (Error validating access token: Session has expired); "
        "Facebook rejected the token: create a new Page access token and set JIADING_FACEBOOK_TOKEN"
    )
    assert "fb-secret-token" not in result.output


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (401, "the LinkedIn token has expired or is not valid: create a new one and set JIADING_LINKEDIN_TOKEN"),
        (403, "the token JIADING_LINKEDIN_TOKEN lacks a permission this read needs, or an admin role"),
        (426, "LinkedIn does not serve the API version asked for (a month past its year of support, or one not yet"),
        (404, "JIADING_LINKEDIN_TOKEN may have expired or lack a permission"),
    ],
)
def test_a_refused_read_says_what_to_do_as_a_refused_post_does(
    site: ShareSite, httpserver: HTTPServer, status: int, said: str
) -> None:
    """LinkedIn's answer refusing the check names the fix a refused post names: the token, the permission, the
    version (426, for a month past its year of support or not yet released); any other, the secret as suspect."""
    httpserver.expect_request(ORGANIZATION, method="GET").respond_with_json({"status": status}, status=status)
    result = site.run("share", "--check", "--network", "linkedin", "--json")
    assert result.exit_code == 1
    detail = json.loads(result.stdout)["networks"][0]["detail"]
    assert detail.startswith(f"LinkedIn answered {status}; "), detail
    assert said in detail, detail


def test_a_missing_secret_is_reported_per_network(site: ShareSite) -> None:
    result = site.run("share", "--check", "--network", "linkedin", env={"JIADING_LINKEDIN_TOKEN": ""})
    assert result.exit_code == 1
    assert result.output == (
        "failed     linkedin  set JIADING_LINKEDIN_TOKEN to the access token (it is never read from a file)\n"
    )


def test_the_smtp_login_is_tried_without_sending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with smtp_server(tmp_path) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, security="starttls", email_extra=f'smtp_user = "{USER}"')
        env = {"JIADING_SMTP_PASSWORD": PASSWORD, "SSL_CERT_FILE": str(tmp_path / "ca.pem")}
        result = site.run("share", "--check", "--network", "email", env=env)
        wrong = site.run("share", "--check", "--network", "email", env={**env, "JIADING_SMTP_PASSWORD": "nope"})
    assert result.exit_code == 0, result.output
    assert result.output == f"ok         email     127.0.0.1:{inbox.port} (starttls) accepts the login of {USER}\n"
    assert wrong.exit_code == 1 and f"refused the login for {USER}" in wrong.output
    assert inbox.messages == []


def test_a_check_that_meets_no_answer_from_the_api_does_not_blame_the_token(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(PAGE, method="GET").respond_with_data("", 302, headers={"Location": "https://evil/"})
    result = site.run("share", "--check", "--network", "facebook")
    assert result.exit_code == 1
    assert result.output == (
        "failed     facebook  Facebook answered 302, a redirect to https://evil/, which jiading does not follow\n"
    )


@pytest.mark.parametrize(
    ("page", "organization", "said"),
    [
        (
            {"id": "1234"},
            {"id": 5678},
            [
                "ok         facebook  the token reads a Page Facebook gave no name (1234)",
                "ok         linkedin  the token reads an organization LinkedIn gave no name (5678)",
            ],
        ),
        (
            {"name": "Invest in Jiading"},
            {"localizedName": ""},
            [
                "ok         facebook  the token reads the Page 'Invest in Jiading' (no id given)",
                "ok         linkedin  the token reads an organization LinkedIn gave no name (no id given)",
            ],
        ),
    ],
)
def test_what_the_answer_leaves_out_is_said_in_words(
    site: ShareSite, httpserver: HTTPServer, page: dict[str, str], organization: dict[str, object], said: list[str]
) -> None:
    """An answer without the name or the id is said so, never as ``the Page '?' (1234)``."""
    httpserver.expect_request(PAGE, method="GET").respond_with_json(page)
    httpserver.expect_request(ORGANIZATION, method="GET").respond_with_json(organization)
    result = site.run("share", "--check", "--network", "facebook", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == said
