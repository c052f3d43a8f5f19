"""An API's error said with a 2xx (a gateway or proxy answering 200 to every request, or the API itself) is the
refusal it says, for every read: `--check` never says a token works on an answer saying it expired, and `--stats`
never shows figures read from an error, `0` shares among them."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from share.sites import make_site

POSTED = (
    "syndication:\n"
    "- network: facebook\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: posted\n"
    "  remote_id: '1234_1'\n  time: '2026-11-27T04:00:00Z'\n"
    "- network: linkedin\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: posted\n"
    "  remote_id: urn:li:share:7000\n  time: '2026-11-27T04:00:00Z'\n"
)
FACEBOOK_CODES = {190: "create a new Page access token", 200: "lacks a permission", 100: ""}
LINKEDIN_STATUSES = {401: "has expired or is not valid", 403: "lacks a permission", 400: "", 500: ""}
MESSAGES = st.sampled_from(["Error validating access token: Session has expired", "Invalid access token", "no"])


def _answers(facebook: tuple[int, str], linkedin: tuple[int, str]) -> dict[str, str]:
    graph = {"error": {"message": facebook[1], "type": "OAuthException", "code": facebook[0]}}
    rest = {"message": linkedin[1], "status": linkedin[0], "serviceErrorCode": 65600}
    return {"facebook": json.dumps(graph), "linkedin": json.dumps(rest)}


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    status=st.sampled_from([200, 201, 203]),
    facebook=st.tuples(st.sampled_from(sorted(FACEBOOK_CODES)), MESSAGES),
    linkedin=st.tuples(st.sampled_from(sorted(LINKEDIN_STATUSES)), MESSAGES),
    command=st.sampled_from(["--check", "--stats"]),
)
@example(status=200, facebook=(190, "Session has expired"), linkedin=(401, "Invalid access token"), command="--check")
@example(
    status=200, facebook=(100, "Unsupported get request"), linkedin=(403, "Not enough permissions"), command="--stats"
)
def test_an_error_answered_with_a_2xx_is_a_read_refused(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    facebook: tuple[int, str],
    linkedin: tuple[int, str],
    command: str,
) -> None:
    httpserver.clear()
    bodies = _answers(facebook, linkedin)
    for path, network in [
        ("/v25.0/1234", "facebook"), ("/v25.0/1234_1", "facebook"),
        ("/rest/organizations/5678", "linkedin"), ("/rest/socialActions/urn:li:share:7000", "linkedin"),
    ]:  # fmt: skip
        answer = Response(bodies[network], status=status, content_type="application/json")
        httpserver.expect_request(path, method="GET").respond_with_response(answer)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"))
        site.article(extra=POSTED)
        result = site.run("share", command, "--network", "facebook", "--network", "linkedin")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        for network, (code, message), hints in [
            ("facebook", facebook, FACEBOOK_CODES), ("linkedin", linkedin, LINKEDIN_STATUSES),
        ]:  # fmt: skip
            [line] = [line for line in lines if f"  {network}  " in f"  {line}  "]
            label = "Facebook" if network == "facebook" else "LinkedIn"
            said = f"{label} answered {status} with an error ({message})"
            assert said in line, result.output
            assert hints[code] in line, result.output
            assert not line.startswith("ok"), result.output
        assert " 0 " not in result.output.replace("  ", " "), result.output


@pytest.mark.parametrize(
    "body",
    [
        {"id": "1234", "name": "Invest in Jiading", "status": "ACTIVE"},  # a field named status, of text
        {"id": "1234", "name": "Invest in Jiading", "error": None},
        {"id": "1234", "name": "Invest in Jiading", "status": 404},  # a number, but no message with it
    ],
)
def test_an_answer_that_holds_no_error_is_read_as_data(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, body: dict[str, Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    httpserver.expect_request("/v25.0/1234", method="GET").respond_with_json(body)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    result = site.run("share", "--check", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert result.output == "ok         facebook  the token reads the Page 'Invest in Jiading' (1234)\n"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"status": 403, "message": "Not enough permissions to edit"}, "(403: Not enough permissions to edit)"),
        ({"error": {"message": "Unsupported post request", "code": 100}}, "(400: Unsupported post request)"),
    ],
)
def test_an_edit_answered_with_an_error_in_a_2xx_is_not_recorded_and_goes_again(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, body: dict[str, Any], said: str
) -> None:
    """LinkedIn's edit is answered 204; one answered 200 with an error in its body left the post's old text, and was
    recorded as made all the same, so the next ``--update`` found the text unchanged and never sent the correction."""
    monkeypatch.chdir(tmp_path)
    edit = re.compile(r"^/rest/posts/urn(?:%3A|:)li(?:%3A|:)share(?:%3A|:)7000$")
    refused = Response(json.dumps(body), status=200, content_type="application/json")
    httpserver.expect_ordered_request(edit, method="POST").respond_with_response(refused)
    httpserver.expect_ordered_request(edit, method="POST").respond_with_response(Response("", status=204))
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article(
        extra=POSTED[POSTED.index("- network: linkedin") :].join(["syndication:\n", "  text_sha256: '0000'\n"])
    )
    first = site.run("share", "--update", "--network", "linkedin")
    assert first.exit_code == 1, first.output
    assert f"failed     linkedin  articles/a.md  LinkedIn answered 200 with an error {said}" in first.output
    assert "the post keeps its old text; run again" in first.output
    assert site.records()[0]["text_sha256"] == "0000"
    again = site.run("share", "--update", "--network", "linkedin")
    assert again.exit_code == 0, again.output
    assert "\nupdated    linkedin  articles/a.md  urn:li:share:7000\n" in again.output, again.output
    assert site.records()[0]["text_sha256"] != "0000"
