"""A read answered 429 or 503 with ``Retry-After`` waits as a post does: the wait asked for (not the backoff's
second), and a wait longer than ``share.retry_after_max`` ends it at once, naming the wait, never read again a few
times in a few seconds while the API says when to come back. Every read alike: the listing that reconciles a post,
``--check``'s read of the Page or organization, ``--stats``'s figures.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.sites import ARTICLE_ID, make_site

RECORDS = f"""\
syndication:
- network: facebook
  article: {ARTICLE_ID}
  state: posted
  remote_id: '1234_1'
- network: linkedin
  article: {ARTICLE_ID}
  state: posted
  remote_id: urn:li:share:7000
"""
READS = {  # the command, and what a read of it answers once it may
    "reconcile": (("--post",), {"data": [], "elements": []}),
    "check": (("--check",), {"id": "1234", "name": "Jiading", "localizedName": "Jiading"}),
    "stats": (("--stats",), {"likesSummary": {"totalLikes": 1}, "reactions": {"summary": {"total_count": 1}}}),
}


def _busy(wait: str, then: dict[str, object], reads: list[float]) -> object:
    def handle(request: Request) -> Response:
        if request.method == "POST" and request.path.endswith("/feed"):
            return Response(json.dumps({"id": "1234_2"}), content_type="application/json")
        if request.method == "POST":
            return Response("", status=201, headers={"x-restli-id": "urn:li:share:7001"})
        reads.append(time.monotonic())
        if len(reads) == 1:
            return Response('{"message": "slow down"}', status=429, headers={"Retry-After": wait})
        return Response(json.dumps(then), content_type="application/json")

    return handle


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
@pytest.mark.parametrize("read", sorted(READS))
def test_a_read_waits_as_long_as_retry_after_asks(
    read: str, network: str, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    reads: list[float] = []
    args, then = READS[read]
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_busy("1", then, reads))
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article(extra=RECORDS if read == "stats" else "")
    result = site.run("share", *args, "--network", network)
    assert result.exit_code == 0, result.output
    assert len(reads) == 2
    assert reads[1] - reads[0] >= 0.9, "the backoff's hundredth of a second, not the second asked for"


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
@pytest.mark.parametrize("read", sorted(READS))
def test_a_read_asked_to_wait_past_retry_after_max_ends_naming_the_wait(
    read: str, network: str, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    reads: list[float] = []
    args, then = READS[read]
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_busy("3600", then, reads))
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article(extra=RECORDS if read == "stats" else "")
    result = site.run("share", *args, "--network", network)
    assert result.exit_code == 1, result.output
    assert "answered 429 (slow down); the server asks to wait 3600 s: run again later" in result.output
    assert len(reads) == 1
    if read == "reconcile":
        assert "nothing was sent" in result.output
        assert site.records() == []
