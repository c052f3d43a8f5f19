"""A post id a network's answer names is recorded only when the record passes validation: every record ``share``
writes is one ``jiading validate`` takes (no ``JD183``), whatever id a server gives. Facebook's ids say whose post
they are (``{page-id}_{post-id}``): a post answered, or listed, with another Page's id or one with a leading zero is
never recorded as the article's, since ``--update`` and ``--stats`` would refuse the record (and the article be
refused for it) or name another object of the Graph API. Hypothesis draws the ids, through a real loopback server.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.sites import make_site

URL = "https://news.example.com/en/news/2017/07/a/"
OURS = re.compile(r"1234_[1-9][0-9]*")  # a post of the Page facebook.page_id names (1234), as validate takes it
IDS = st.from_regex(r"0?[0-9]{1,5}(_0?[0-9]{1,5})?", fullmatch=True) | st.sampled_from(
    ["1234_5", "9999_5", "01234_5", "1234_05", "1234_0", "5", "1234", "12345_6", "123_4"]
)
SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _answering(post: str, listing: str) -> object:
    def handle(request: Request) -> Response:
        if request.path == "/v25.0/1234/feed":
            return Response(post, content_type="application/json")
        if request.path == "/v25.0/1234/published_posts":
            return Response(listing, content_type="application/json")
        return Response("{}", content_type="application/json")  # the scrape

    return handle


def _share(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, post: str, listing: str) -> tuple[str, list]:
    """``share --post`` to Facebook answering ``post`` and listing ``listing``; the output, the records, and
    what ``validate`` says of them."""
    httpserver.clear()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_answering(post, listing))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True)
        site.article()
        result = site.run("share", "--post", "--network", "facebook")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        checked = site.run("validate")
        assert "JD183" not in checked.output, (result.output, checked.output)
        return result.output, site.records()


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW)
@given(remote=IDS)
@example(remote="9999_5")
@example(remote="01234_5")
@example(remote="1234_05")
def test_a_post_answered_with_an_id_validate_refuses_is_pending_never_recorded(
    remote: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, records = _share(httpserver, monkeypatch, json.dumps({"id": remote}), json.dumps({"data": []}))
    [record] = records
    if OURS.fullmatch(remote):
        assert record["state"] == "posted" and record["remote_id"] == remote, output
    elif "_" in remote:  # in the form of a post's id, but not the Page's: it may have gone out
        assert record["state"] == "intent" and "remote_id" not in record, output
        assert "pending    facebook  articles/a.md  Facebook answered with a post id that cannot be recorded" in output
        assert f"got '{remote}'); the post may have gone out" in output
    else:  # no post's id at all
        assert record["state"] == "intent" and "remote_id" not in record, output


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW)
@given(remote=IDS)
@example(remote="9999_5")
@example(remote="5")
def test_a_post_listed_with_an_id_validate_refuses_is_no_answer_and_nothing_is_sent(
    remote: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = {"id": remote, "created_time": "2026-11-27T04:00:00+0000", "attachments": {"data": [{"url": URL}]}}
    output, records = _share(httpserver, monkeypatch, json.dumps({"id": "1234_77"}), json.dumps({"data": [listed]}))
    assert not any(request.path.endswith("/feed") for request, _ in httpserver.log), output
    if OURS.fullmatch(remote):
        [record] = records
        assert record["remote_id"] == remote and record["note"].startswith("found on Facebook"), output
    else:
        assert records == [], output
        assert "failed     facebook  articles/a.md  could not ask Facebook whether it is posted already" in output
        assert "listed a post of the article with an id that cannot be recorded (expected" in output
