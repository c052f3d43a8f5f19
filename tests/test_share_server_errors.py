"""A server error that does not say whether the server acted (500, 502, 504, Facebook's "unknown error") answering a
post: the post may have been made, so it is never sent again blind. It is pending; the next run asks the network
and finds it (or, when it is not there, posts it once). 503 Service Unavailable, 429 and Facebook's "service
temporarily unavailable" say the request was left undone, and are tried again at once; so is any server error
answering a request that makes nothing twice (an upload's start, an edit, a scrape).

The fakes make the post before they answer, whatever the answer says: the case a blind retry doubles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.share import facebook, linkedin
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, reconciling_site


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return reconciling_site(tmp_path, httpserver.url_for("/"))


def _settled_by_the_next_run(site: ShareSite, network: str, made: int) -> None:
    again = site.run("share", "--post", "--network", network)
    assert again.exit_code == 0, again.output
    assert "the unknown outcome was a post" in again.output
    [record] = site.records()
    assert record["state"] == "posted"
    assert made == 1


@pytest.mark.parametrize(
    "answer",
    [(500, 1), (500, None), (502, None), (504, None), (500, 100)],
    ids=["unknown error", "500", "502", "504", "500 other code"],
)
def test_facebook_failing_after_it_may_have_posted_leaves_the_post_pending(
    site: ShareSite, httpserver: HTTPServer, answer: tuple[int, int | None]
) -> None:
    fake = FakeFacebook(httpserver, fail_after_making=[answer]).serve()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "pending    facebook  articles/a.md" in result.output
    assert "which does not say whether the post was made; it may have gone out" in result.output
    assert fake.made == 1  # never sent again blind
    assert [r["state"] for r in site.records()] == ["intent"]
    _settled_by_the_next_run(site, "facebook", fake.made)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_linkedin_failing_after_it_may_have_posted_leaves_the_post_pending(
    site: ShareSite, httpserver: HTTPServer, status: int
) -> None:
    fake = FakeLinkedIn(httpserver, fail_after_making=[status]).serve()
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    assert f"pending    linkedin  articles/a.md  LinkedIn had a server error ({status}: Internal Server Error)" in (
        result.output
    )
    assert fake.made == 1
    _settled_by_the_next_run(site, "linkedin", fake.made)


def test_a_pending_post_the_network_does_not_have_is_posted_once_by_the_next_run(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    fake = FakeLinkedIn(httpserver, fail_after_making=[500]).serve()
    assert site.run("share", "--post", "--network", "linkedin").exit_code == 1
    fake.posts.clear()  # it was not made after all
    later = "2026-11-27T12:10:00+08:00"  # ten minutes on by the real clock: the request cannot become a post now
    again = site.run("share", "--post", "--network", "linkedin", real=later)
    assert again.exit_code == 0, again.output
    assert fake.made == 2 and len(fake.posts) == 1
    assert [r["state"] for r in site.records()] == ["posted"]


@pytest.mark.parametrize(
    ("read", "status"),
    [
        (facebook.interpret_scrape, 500),
        (linkedin.interpret_upload, 500),
        (linkedin.interpret_put, 502),
        (facebook.Facebook().interpret_edit, 500),
        (linkedin.LinkedIn().interpret_edit, 504),
    ],
    ids=["facebook scrape", "linkedin upload", "linkedin upload's bytes", "facebook edit", "linkedin edit"],
)
def test_a_request_that_makes_nothing_twice_is_tried_again_after_any_server_error(read: object, status: int) -> None:
    verdict = read(status, {}, b'{"error": {"message": "An unknown error occurred", "code": 1}}')  # type: ignore[operator]
    assert (verdict.kind, verdict.perhaps_done) == ("retry", False)


@pytest.mark.parametrize(
    ("status", "body"),
    [(503, b""), (429, b""), (500, b'{"error": {"message": "Service temporarily unavailable", "code": 2}}')],
    ids=["503", "429", "service unavailable"],
)
def test_a_server_that_says_it_left_the_post_undone_is_tried_again(status: int, body: bytes) -> None:
    verdict = facebook.interpret(status, {}, body)
    assert (verdict.kind, verdict.perhaps_done) == ("retry", False)
