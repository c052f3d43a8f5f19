"""A lookup reads a network's posts newest made first, and ends at a page of posts older than the article: one old
post out of order (pinned to the top of a Page, backdated, or edited since) ended it, on its page, and the article's
post on a later page was not found but made again. LinkedIn's author finder lists by the last change unless asked
(``sortBy=CREATED``), so a post made years before the article and edited since (a correction, ``jiading share
--update``) came first. The loopback LinkedIn lists as the API does, by the last change unless asked otherwise.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.share.linkedin import PAGE_SIZE
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import reconciling_site

URL = "https://news.example.com/en/news/2017/07/a/"
ARTICLE = int(time.mktime((2017, 7, 3, 10, 0, 0, 0, 0, 0)))  # about the article's date


@pytest.mark.parametrize("newer", [0, PAGE_SIZE - 1, PAGE_SIZE + 10], ids=["first page", "page's end", "next page"])
def test_a_post_edited_long_after_it_was_made_does_not_end_the_lookup(
    newer: int, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    linkedin = FakeLinkedIn(httpserver).serve()
    old = linkedin.add("https://news.example.com/en/news/2010/01/old/", created=ARTICLE - 7 * 365 * 86400)
    linkedin.add(URL + "?utm_source=linkedin", created=ARTICLE + 3600)  # the article's post, its record lost
    for n in range(newer):
        linkedin.add(f"https://news.example.com/en/news/2018/01/later-{n}/", created=ARTICLE + 86400 + n)
    linkedin.posts[0]["lastModifiedAt"] = (ARTICLE + 10 * 365 * 86400) * 1000  # the old post, edited since
    assert linkedin.posts[0]["id"] == old
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert "found      linkedin  articles/a.md  found on LinkedIn before posting" in result.output
    assert linkedin.made == 0
    [record] = site.records()
    assert record["remote_id"] == "urn:li:share:7001"


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
@pytest.mark.parametrize("place", [0, 1, 7], ids=["listed first", "second", "further down"])
def test_one_old_post_out_of_order_is_no_end_of_the_listing(
    network: str, place: int, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever puts an old post among new ones (a post pinned to the top of a Page, one backdated, one edited), the
    lookup ends only at a page whose posts are all older than the article: the page after is read, and the article's
    post on it found, never posted again."""
    monkeypatch.chdir(tmp_path)
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    fake = (FakeFacebook if network == "facebook" else FakeLinkedIn)(httpserver).serve()
    page = 100 if network == "facebook" else PAGE_SIZE
    fake.add(URL + f"?utm_source={network}", created=ARTICLE + 3600)  # the article's post, its record lost
    for n in range(page):
        fake.add(f"https://news.example.com/en/news/2018/01/later-{n}/", created=ARTICLE + 86400 + n)
    old = fake.add("https://news.example.com/en/news/2010/01/old/", created=ARTICLE - 7 * 365 * 86400)
    moved = fake.posts.pop()  # listed newest first: at ``place`` from the top
    fake.posts.insert(len(fake.posts) - place, moved)
    assert moved["id"] == old
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 0, result.output
    assert f"found      {network:<8}  articles/a.md  found on" in result.output
    assert fake.made == 0


@pytest.mark.parametrize(
    ("network", "status", "body", "said"),
    [
        ("linkedin", 401, {"status": 401, "code": "EXPIRED_ACCESS_TOKEN"}, "create a new one and set JIADING_LINKEDIN"),
        ("linkedin", 426, {"status": 426, "code": "NONEXISTENT_VERSION"}, "set linkedin.api_version to a month it"),
        ("facebook", 400, {"error": {"message": "Session has expired", "code": 190}}, "create a new Page access token"),
    ],
)
def test_a_refused_lookup_says_what_to_do(
    network: str,
    status: int,
    body: dict[str, object],
    said: str,
    tmp_path: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lookup the API refuses (an expired token, a version it does not serve) names the fix as a refused post
    does, and posts nothing: its outcome is not known."""
    monkeypatch.chdir(tmp_path)
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    httpserver.expect_request(re.compile(".*"), method="GET").respond_with_json(body, status=status)
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.output.split()), result.output
    assert all(request.method == "GET" for request, _ in httpserver.log)
