"""Posting to a Facebook Page: a loopback server answers as the Graph API does; records show what happened."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.fakes import LIST_PATH
from share.sites import ARTICLE_ID, FEED_PATH, ShareSite, make_site


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    made.article()
    return made


def graph_error(code: int, message: str, status: int = 400) -> Response:
    body = {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}}
    return Response(json.dumps(body), status=status, content_type="application/json")


def test_a_post_sends_the_documented_request_and_records_the_post(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_987"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert "posted     facebook  articles/a.md  https://www.facebook.com/1234/posts/987" in result.output
    request = httpserver.log[0][0]
    assert request.headers["Authorization"] == "Bearer fb-secret-token"
    form = parse_qs(request.get_data(as_text=True))
    assert form["link"] == ["https://news.example.com/en/news/2017/07/a/?utm_source=facebook&utm_medium=social"]
    assert form["message"][0].startswith("Financial industry to boost Jiading\n\nJiading signed")
    assert form["message"][0].endswith("#finance #IntegratedCircuits")
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == "1234_987" and record["article"] == ARTICLE_ID
    assert record["time"] == "2026-11-27T04:00:00Z" and len(record["sha256"]) == 64


def test_a_second_run_never_posts_again(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_987"})
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    again = site.run("share", "--post", "--network", "facebook")
    assert again.exit_code == 0
    assert "nothing to post; skipped: 1 already posted" in again.output
    assert len(httpserver.log) == 1


def test_a_duplicate_is_recorded_as_the_post_linking_the_article(site: ShareSite, httpserver: HTTPServer) -> None:
    """Error 506 names no post: the Page's posts are read back, and the one linking the article is recorded, with its
    id (``tests/test_share_facebook_duplicates.py`` has the rest)."""
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_response(graph_error(506, "Duplicate status message"))
    link = "https://news.example.com/en/news/2017/07/a/?utm_source=facebook&utm_medium=social"
    post = {"id": "1234_7", "created_time": "2027-01-15T00:00:00+0000", "attachments": {"data": [{"url": link}]}}
    httpserver.expect_oneshot_request(LIST_PATH, method="GET").respond_with_json({"data": [post]})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert "duplicate  facebook  articles/a.md  https://www.facebook.com/1234/posts/7" in result.output
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == "1234_7" and "duplicate" in record["note"]


def test_an_expired_token_fails_once_with_what_to_do_and_records_nothing(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    error = graph_error(190, "Error validating access token: Session has expired")
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_response(error)
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "create a new Page access token and set JIADING_FACEBOOK_TOKEN" in result.output
    assert "fb-secret-token" not in result.output
    assert len(httpserver.log) == 1 and site.records() == []


def test_rate_limit_codes_are_retried_with_backoff(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(FEED_PATH).respond_with_response(graph_error(32, "Page request limit reached"))
    httpserver.expect_ordered_request(FEED_PATH).respond_with_response(graph_error(2, "Service unavailable", 500))
    httpserver.expect_ordered_request(FEED_PATH).respond_with_json({"id": "1234_5"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert len(httpserver.log) == 3 and site.records()[0]["remote_id"] == "1234_5"


def test_retries_are_bounded_and_then_fail_without_a_record(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_request(FEED_PATH).respond_with_data("upstream down", status=503)
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "Facebook answered 503 (gave up after 3 tries)" in result.output
    assert len(httpserver.log) == 3 and site.records() == []


def test_a_timeout_keeps_the_intent_and_the_next_run_does_not_post(site: ShareSite, httpserver: HTTPServer) -> None:
    received = []
    answered = threading.Event()

    def slow(request: Request) -> Response:
        received.append(request.get_data())
        time.sleep(1.0)  # longer than share.timeout = 0.5
        answered.set()
        return Response(json.dumps({"id": "1234_1"}), content_type="application/json")

    httpserver.expect_request(FEED_PATH).respond_with_handler(slow)
    first = site.run("share", "--post", "--network", "facebook")
    assert first.exit_code == 1
    assert "Facebook did not answer within 0.5 s; the post may have gone out" in first.output
    assert "jiading share --resolve articles/a.md --network facebook" in first.output
    assert [r["state"] for r in site.records()] == ["intent"]
    second = site.run("share", "--post", "--network", "facebook")
    assert second.exit_code == 1
    assert "pending    facebook  articles/a.md  a post started at 2026-11-27T04:00:00Z has an unknown outcome" in (
        second.output
    )
    assert len(received) == 1
    assert answered.wait(5)  # the loopback server is free again for the next test
