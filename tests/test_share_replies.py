"""A network's answer of any shape is read without an exception: a field of the wrong type is a field missing, an
id not in its documented form is no id (never recorded, never put in a path), and a link an answer names is
followed with the token only on the API's own site. Hypothesis draws the answers: JSON of every type where the
documented fields are, at first on their own, then through a real loopback server that ``jiading share`` talks to.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jiading_cli.share import facebook, linkedin, replies
from jiading_cli.share.facebook import NETWORK as FACEBOOK
from jiading_cli.share.linkedin import NETWORK as LINKEDIN
from jiading_cli.share.request import Verdict
from share.sites import make_site
from share.smtpd import smtp_server

URL = "https://news.example.com/en/news/2017/07/a/"
ELSEWHERE = "<elsewhere>"  # replaced, as an answer is sent, by a URL of another server the test listens on
FIELDS = [
    "id", "data", "paging", "next", "attachments", "unshimmed_url", "url", "created_time", "permalink_url",
    "error", "code", "message", "elements", "content", "article", "source", "createdAt", "value", "uploadUrl",
    "image", "errorDetails", "inputErrors", "summary", "total_count", "shares", "count", "reactions",
    "comments", "likesSummary", "totalLikes", "commentsSummary", "aggregatedTotalComments", "name",
    "localizedName",
]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([10**400, -(10**400), 2**63, 2**64])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            URL, URL + "?utm_source=facebook", "1234_1", "1234_x", "../../me/feed", "urn:li:share:7000",
            "urn:li:image:C4E10AQ", "urn:li:share:7\n0", ELSEWHERE, "2017-07-03T10:00:00+0000", "\x1b[31mred",
            "https://www.facebook.com/1234/posts/1", "javascript:alert(1)", "x" * 500, "http://[::1",
            "https://l.facebook.com/l.php?u=" * 2000 + URL,
        ]
    )
)  # fmt: skip
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4),
    max_leaves=16,
)  # fmt: skip
OBJECTS = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=5)
BODIES = OBJECTS.map(json.dumps) | JSON.map(json.dumps) | st.binary(max_size=40).map(lambda b: b.decode("latin-1"))
STATUSES = st.sampled_from([200, 201, 204, 400, 401, 403, 404, 409, 422, 426, 429, 500, 503]) | st.integers(100, 599)
HEADERS = st.dictionaries(
    st.sampled_from(["x-restli-id", "x-linkedin-id", "Retry-After"]),
    st.sampled_from(["urn:li:share:7000", "urn:li:share:", "7000", "../x", "120", "Wed, 21 Oct 2026 07:28:00 GMT"])
    | st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=20),
)
KINDS = {"ok", "duplicate", "unknown", "retry", "fail"}
FORMS = {"facebook": facebook.POST_ID, "linkedin": linkedin.URN}
ATTACHED = {"data": [{"url": URL}]}
HUGE = {"createdAt": 10**400, "content": {"article": {"source": 5}}}  # 50 of them: a whole page, read on
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _checked(verdict: Verdict, form: re.Pattern[str]) -> None:
    assert verdict.kind in KINDS
    assert verdict.remote_id is None or form.fullmatch(verdict.remote_id)
    assert not CONTROL.search(verdict.message)
    if verdict.kind == "duplicate":  # the server's own words, carried apart for a line that says them otherwise
        assert verdict.said.startswith("(") and verdict.message.endswith(
            f" says the post is already there {verdict.said}"
        )
    else:
        assert verdict.said == ""


@settings(max_examples=300, deadline=None)
@given(status=STATUSES, headers=HEADERS, body=BODIES)
@example(200, {}, json.dumps({"id": {"x": 1}}))
@example(200, {"x-restli-id": "urn:li:share:1/../2"}, "{}")
@example(400, {}, json.dumps({"error": {"code": "506", "message": "\x1b[2J" + "y" * 900}}))
@example(400, {}, json.dumps({"error": {"code": 506, "message": "Duplicate status message"}}))
@example(422, {}, json.dumps({"message": "Content is a duplicate of urn:li:share:7000", "status": 422}))
def test_every_answer_to_a_post_is_a_verdict_with_an_id_in_its_documented_form(
    status: int, headers: dict[str, str], body: str
) -> None:
    data = body.encode("utf-8", "surrogatepass")
    _checked(facebook.interpret(status, headers, data), facebook.POST_ID)
    _checked(facebook.interpret_scrape(status, headers, data), facebook.POST_ID)
    _checked(FACEBOOK.interpret_edit(status, headers, data), facebook.POST_ID)
    _checked(linkedin.interpret(status, headers, data), linkedin.URN)
    _checked(LINKEDIN.interpret_edit(status, headers, data), linkedin.URN)
    upload = linkedin.interpret_upload(status, headers, data)
    _checked(upload, linkedin.IMAGE_URN)
    assert upload.kind != "ok" or (upload.url and upload.remote_id)


@settings(max_examples=300, deadline=None)
@given(data=OBJECTS)
@example({"shares": {"count": -3}, "reactions": {"summary": {"total_count": True}}})
@example({"localizedName": "\x1b]0;owned\x07", "id": ["x"]})
def test_every_answer_read_is_counts_or_none_and_a_line_of_text(data: dict[str, Any]) -> None:
    for network in (FACEBOOK, LINKEDIN):
        reach = network.reach_counts(data)
        for found in (reach.reactions, reach.comments, reach.shares):
            assert found is None or (isinstance(found, int) and not isinstance(found, bool) and found >= 0)
        said = network.describe(data)
        assert not CONTROL.search(said) and len(said) < 3 * replies.SHOWN_MAX


@pytest.mark.parametrize(
    ("url", "base", "followed"),
    [
        ("https://graph.facebook.com/v25.0/1/posts?after=x", "https://graph.facebook.com", True),
        ("https://www.linkedin.com/dms-uploads/x", "https://api.linkedin.com", True),
        ("https://evil.example/x", "https://graph.facebook.com", False),
        ("https://graph.facebook.com.evil.example/x", "https://graph.facebook.com", False),
        ("https://xlinkedin.com/x", "https://api.linkedin.com", False),
        ("http://graph.facebook.com/x", "https://graph.facebook.com", False),
        ("https://graph.facebook.com:8443/x", "https://graph.facebook.com", False),
        ("https://www.linkedin.com:444/x", "https://api.linkedin.com", False),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/", True),
        ("http://127.0.0.1:8081/x", "http://127.0.0.1:8080/", False),
        ("http://127.0.0.2:8080/x", "http://127.0.0.1:8080/", False),
        ("https://example.com/x", "https://example.com", True),
        ("https://other.com/x", "https://example.com", False),
        ("/relative/next", "https://graph.facebook.com", False),
        ("https://graph.facebook.com/x y", "https://graph.facebook.com", False),
        ("https://graph.facebook.com:99999/x", "https://graph.facebook.com", False),
        (12, "https://graph.facebook.com", False),
    ],
)
def test_a_link_in_an_answer_is_followed_only_on_the_apis_own_site(url: Any, base: str, followed: bool) -> None:
    assert (replies.follows(url, base) is not None) is followed


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    """Another server, on another port: the token must never reach it."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def _answer(drawn: dict[str, str], there: str) -> Any:
    def handle(request: Request) -> Response:
        key = f"{request.method} {request.path}"
        body = drawn.get(key, drawn["default"]).replace(ELSEWHERE, there)
        headers = {"x-restli-id": drawn["urn"]} if request.path == "/rest/posts" else {}
        return Response(body, status=int(drawn.get(key + " status", "200")), headers=headers)

    return handle


ANSWERS = st.fixed_dictionaries(
    {
        "GET /v25.0/1234/published_posts": OBJECTS.map(json.dumps) | BODIES,
        "POST /v25.0/1234/feed": OBJECTS.map(json.dumps),
        "POST /v25.0/1234/feed status": st.sampled_from(["200", "400", "500"]),
        "GET /rest/posts": OBJECTS.map(json.dumps) | BODIES,
        "POST /rest/posts": st.just(""),
        "POST /rest/posts status": st.sampled_from(["201", "422", "401"]),
        "urn": st.sampled_from(["urn:li:share:7000", "urn:li:share:", "garbage"]),
        "default": st.just("{}"),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(drawn=ANSWERS)
@example(
    drawn={
        "GET /v25.0/1234/published_posts": json.dumps({"data": [], "paging": {"next": ELSEWHERE}}),
        "POST /v25.0/1234/feed": "{}",
        "GET /rest/posts": json.dumps({"elements": 5}),
        "POST /rest/posts": "",
        "urn": "urn:li:share:7000",
        "default": "{}",
    }
)
@example(
    drawn={
        "GET /v25.0/1234/published_posts": json.dumps({"data": [{"id": "1/../2", "attachments": ATTACHED}]}),
        "POST /v25.0/1234/feed": json.dumps({"id": {"x": 1}}),
        "GET /rest/posts": json.dumps({"elements": [{"id": 7, "content": {"article": {"source": URL}}}]}),
        "POST /rest/posts": "",
        "urn": "garbage",
        "default": "{}",
    }
)  # fmt: skip
@example(
    drawn={
        "GET /v25.0/1234/published_posts": json.dumps(
            {"data": [{"id": "1234_1", "attachments": {"data": [{"url": "http://[::1"}, {"url": "l.php?u=" * 9}]}}]}
        ),
        "POST /v25.0/1234/feed": json.dumps({"id": "1234_2"}),
        "GET /rest/posts": "{}",
        "POST /rest/posts": "",
        "urn": "urn:li:share:7000",
        "default": "{}",
    }
)
@example(
    drawn={
        "GET /v25.0/1234/published_posts": "{}",
        "POST /v25.0/1234/feed": json.dumps({"id": "1234_2"}),
        "GET /rest/posts": json.dumps({"elements": [HUGE] * 50}),
        "POST /rest/posts": "",
        "urn": "urn:li:share:7000",
        "default": "{}",
    }
)  # fmt: skip
def test_share_reads_any_answer_without_a_traceback_and_sends_the_token_nowhere_else(
    drawn: dict[str, str], httpserver: HTTPServer, elsewhere: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.clear()
    elsewhere.clear()
    there = elsewhere.url_for("/next")
    elsewhere.expect_request(re.compile(".*")).respond_with_json({"data": []})
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_answer(drawn, there))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True, timeout=2)
        site.article()
        result = site.run("share", "--post", "--network", "facebook", "--network", "linkedin")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        assert not CONTROL.search(result.output.replace("\n", ""))
        for record in site.records():
            remote = record.get("remote_id")
            assert remote is None or FORMS[record["network"]].fullmatch(str(remote)), record
            assert record["state"] != "posted" or remote is not None, record
    assert elsewhere.log == [], "a request went to a server an answer named"


def test_a_mail_servers_reply_reaches_the_terminal_as_text_not_control_sequences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(server: Any, session: Any, envelope: Any) -> str:
        return "550 \x1b]0;owned\x07\x1b[2J refused"

    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        monkeypatch.setattr(inbox, "handle_DATA", refuse)
        site = make_site(tmp_path, smtp_port=inbox.port)
        site.article()
        monkeypatch.chdir(tmp_path)
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 1
    assert not CONTROL.search(result.output.replace("\n", ""))
    assert "refused the message (550 \\x1b]0;owned\\x07\\x1b[2J refused)" in result.output
    assert site.records() == []
