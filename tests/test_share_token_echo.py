"""A server that writes the token back (Facebook's ``Malformed access token EAAG…``, a proxy showing the request's
headers, a redirect whose ``Location`` carries it) never gets it shown: every answer is read with the token taken
out, in every form a server may write it (as sent, percent-encoded, escaped as JSON), before anything reads it.

Hypothesis draws where the answer holds the token (an error's message, a body that is no JSON, a header), in which
form, with which status, to which request (a post, a listing, a read of ``--check`` or ``--stats``); the loopback
server answers so, and nothing ``jiading share`` prints, nor the article file, holds the token.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.sites import make_site

TOKEN = "EAAG/t0k+en=secret&x"  # a token with the characters that change when encoded
TOKENS = {"JIADING_FACEBOOK_TOKEN": TOKEN, "JIADING_LINKEDIN_TOKEN": TOKEN}
FORMS = {"as sent": TOKEN, "percent-encoded": quote(TOKEN, safe=""), "JSON-escaped": json.dumps(TOKEN)[1:-1]}
RECORD = """\
syndication:
- network: facebook
  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10
  state: posted
  remote_id: '1234_1'
- network: linkedin
  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10
  state: posted
  remote_id: urn:li:share:7000
"""
COMMANDS = {
    "post": ("share", "--post"),
    "post --json": ("share", "--post", "--json"),
    "check": ("share", "--check"),
    "stats": ("share", "--stats"),
    "stats --csv": ("share", "--stats", "--csv"),
}


def _answer(status: int, place: str, form: str) -> Any:
    echoed = FORMS[form]

    def handle(request: Request) -> Response:
        said = f"Malformed access token {echoed}"
        headers = {"Location": f"https://elsewhere.example/?access_token={echoed}", "WWW-Authenticate": said}
        if place == "a JSON error":
            body = json.dumps({"error": {"message": said, "code": 190}, "message": said, "status": status})
            return Response(body, status=status, content_type="application/json", headers=headers)
        if place == "a text body":
            return Response(said, status=status, content_type="text/plain", headers=headers)
        return Response(json.dumps({"id": said, "x": said}), status=status, headers={"x-restli-id": said, **headers})

    return handle


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    status=st.sampled_from([200, 201, 301, 302, 307, 400, 401, 403, 422, 429, 500]),
    place=st.sampled_from(["a JSON error", "a text body", "an id"]),
    form=st.sampled_from(sorted(FORMS)),
    command=st.sampled_from(sorted(COMMANDS)),
)
@example(status=400, place="a JSON error", form="as sent", command="post")
@example(status=302, place="a text body", form="percent-encoded", command="check")
def test_a_token_the_server_writes_back_is_never_shown(
    status: int, place: str, form: str, command: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.clear()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_answer(status, place, form))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True, timeout=2)
        site.article(extra=RECORD if command.startswith("stats") else "")
        args = [*COMMANDS[command], "--network", "facebook", "--network", "linkedin"]
        result = site.run(*args, env=TOKENS)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        written = (root / "articles" / "a.md").read_text(encoding="utf-8")
    for shown in FORMS.values():
        assert shown not in result.output, result.output
        assert shown not in written
    assert httpserver.log, "the server was asked"


def test_the_message_names_the_token_as_taken_out(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    said = {"error": {"message": f"Malformed access token {TOKEN}", "type": "OAuthException", "code": 190}}
    httpserver.expect_request("/v25.0/1234/feed", method="POST").respond_with_json(said, status=400)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    result = site.run("share", "--post", "--network", "facebook", env=TOKENS)
    assert result.exit_code == 1
    assert "Facebook rejected the token (code 190: Malformed access token [redacted])" in result.output
