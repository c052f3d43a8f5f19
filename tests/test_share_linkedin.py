"""Posting to a LinkedIn organization: a loopback server answers as the Posts API does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from jiading_cli.app.settings import load
from jiading_cli.share import linkedin
from jiading_cli.share.settings import share
from jiading_cli.share.transport import Policy, Sender, session
from share.sites import POSTS_PATH, ShareSite, make_site
from tinyimages import png_bytes, png_header

PNG = png_bytes(200, 100)


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    made.article()
    return made


def created(urn: str = "urn:li:share:7001") -> Response:
    return Response("", status=201, headers={"x-restli-id": urn})


def test_a_post_has_the_documented_shape_and_is_recorded(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(POSTS_PATH, method="POST").respond_with_response(created())
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    request = httpserver.log[0][0]
    assert request.headers["LinkedIn-Version"] == "202610"
    assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert request.headers["Authorization"] == "Bearer li-secret-token"
    body = json.loads(request.get_data())
    assert body["author"] == "urn:li:organization:5678"
    assert body["visibility"] == "PUBLIC" and body["lifecycleState"] == "PUBLISHED"
    assert body["distribution"]["feedDistribution"] == "MAIN_FEED"
    assert body["content"]["article"]["title"] == "Financial industry to boost Jiading"
    assert body["commentary"].endswith("{hashtag|\\#|finance} {hashtag|\\#|IntegratedCircuits}")
    [record] = site.records()
    assert record["remote_id"] == "urn:li:share:7001"
    assert record["url"] == "https://www.linkedin.com/feed/update/urn:li:share:7001/"


def test_reserved_characters_are_escaped_so_linkedin_does_not_cut_the_post(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    site.article(title='"Jiading (Shanghai) & the #1 [finance] hub_2025 <news> @home *now* ~ok|x\\\\y {z}"')
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_response(created())
    assert site.run("share", "--post", "--network", "linkedin").exit_code == 0
    commentary = json.loads(httpserver.log[0][0].get_data())["commentary"]
    first_line = commentary.split("\n")[0]
    assert (
        first_line == r"Jiading \(Shanghai\) & the \#1 \[finance\] hub\_2025 \<news\> \@home \*now\* \~ok\|x\\y \{z\}"
    )


def test_a_duplicate_post_is_recorded_with_the_urn_linkedin_names(site: ShareSite, httpserver: HTTPServer) -> None:
    body = {
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": "Content is a duplicate of urn:li:share:7141138937766391808",
        "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected", "code": "DUPLICATE_POST"}]},
        "status": 422,
    }
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_json(body, status=422)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == "urn:li:share:7141138937766391808"


def test_an_expired_token_says_what_to_do(site: ShareSite, httpserver: HTTPServer) -> None:
    body = {
        "status": 401,
        "serviceErrorCode": 65601,
        "code": "REVOKED_ACCESS_TOKEN",
        "message": "The token used in the request has been revoked by the user",
    }
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_json(body, status=401)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    assert "the LinkedIn token has expired or is not valid" in result.output
    assert "create a new one and set JIADING_LINKEDIN_TOKEN" in result.output
    assert len(httpserver.log) == 1 and site.records() == []


def test_a_version_linkedin_does_not_serve_says_what_to_set(site: ShareSite, httpserver: HTTPServer) -> None:
    """LinkedIn answers 426 for a month past its year of support and for one not yet released alike: the line says
    both, and names the setting, never that the version is one LinkedIn served once."""
    body = {"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested version 20271201 is not active"}
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_json(body, status=426)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    assert "LinkedIn does not serve the API version asked for" in result.output
    assert "or one not yet released" in " ".join(result.output.split())
    assert "set linkedin.api_version to a month it serves (YYYYMM)" in " ".join(result.output.split())
    assert len(httpserver.log) == 1 and site.records() == []


def test_429_and_503_are_retried_and_then_the_post_goes_out(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_json(
        {"status": 429, "message": "Too many requests"}, status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_json({"status": 503, "message": "busy"}, status=503)
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_response(created("urn:li:share:9"))
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert len(httpserver.log) == 3 and site.records()[0]["remote_id"] == "urn:li:share:9"


def test_retry_after_is_honoured_and_a_too_long_one_fails(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_json({}, status=429, headers={"Retry-After": "3"})
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_response(created())
    httpserver.expect_ordered_request(POSTS_PATH).respond_with_json({}, status=429, headers={"Retry-After": "3600"})
    config = load(site.root)
    waits: list[float] = []
    sender = Sender(Policy.from_config(share(config)), session(), sleep=waits.append)
    request = linkedin.post_request(config, "Hello", "https://news.example.com/", "Title", "", None)
    assert sender.send(request, "token", linkedin.interpret).outcome == "posted"
    assert waits == [3.0]
    refused = sender.send(request, "token", linkedin.interpret)
    assert refused.outcome == "failed" and "asks to wait 3600 s: run again later" in refused.message


@pytest.mark.parametrize("image", [PNG, png_header(6013, 6012)], ids=["1 pixel", "36,150,156 pixels"])
def test_a_local_image_is_uploaded_and_becomes_the_thumbnail(
    site: ShareSite, httpserver: HTTPServer, image: bytes
) -> None:
    """One LinkedIn takes, up to one just under the 36,152,320 pixels it takes (``test_share_thumbnails.py``)."""
    (site.root / "articles" / "lead.png").write_bytes(image)
    site.article(extra="image: lead.png\nimage_alt: The signing ceremony\n")
    upload = {"value": {"uploadUrl": httpserver.url_for("/upload/1"), "image": "urn:li:image:C4E"}}
    httpserver.expect_ordered_request("/rest/images", method="POST").respond_with_json(upload)
    httpserver.expect_ordered_request("/upload/1", method="PUT").respond_with_data("", status=201)
    httpserver.expect_ordered_request(POSTS_PATH, method="POST").respond_with_response(created())
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert httpserver.log[1][0].get_data() == image
    body = json.loads(httpserver.log[2][0].get_data())
    assert body["content"]["article"]["thumbnail"] == "urn:li:image:C4E"


def test_an_image_made_a_fifo_after_validation_fails_the_post_in_one_line_and_never_waits(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    """Between the articles' validation and the upload, the image may become something else: the upload's first
    step (which makes nothing to see) turns it into a FIFO, which no one writes."""
    import os
    import signal

    from werkzeug import Request

    lead = site.root / "articles" / "lead.png"
    lead.write_bytes(PNG)
    site.article(extra="image: lead.png\nimage_alt: The signing ceremony\n")
    upload = {"value": {"uploadUrl": httpserver.url_for("/upload/1"), "image": "urn:li:image:C4E"}}

    def started(request: Request) -> Response:
        lead.unlink()
        os.mkfifo(lead)
        return Response(json.dumps(upload), status=200, content_type="application/json")

    httpserver.expect_ordered_request("/rest/images", method="POST").respond_with_handler(started)
    signal.alarm(30)
    try:
        result = site.run("share", "--post", "--network", "linkedin")
    finally:
        signal.alarm(0)
    assert result.exit_code == 1, result.output
    assert "cannot read the image articles/lead.png: not a regular file but a FIFO" in result.output
    assert [request.path for request, _ in httpserver.log] == ["/rest/images"]  # nothing uploaded, nothing posted
    assert site.records() == []  # nothing went out: the next run posts it
