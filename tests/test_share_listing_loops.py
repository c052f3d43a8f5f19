"""A network's listing of posts is read as far as it goes, and no further: a listing that goes round in a loop (a
Facebook ``paging.next`` naming itself or a page before it, a LinkedIn that lists its first page whatever ``start``
asks) is said as a loop in one line naming the page, after reading it once, never read to the most pages and taken
for a network with more posts than that; nothing is sent."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import LIST_PATH, POSTS_PATH, FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, reconciling_site

NEWER = "https://news.example.com/en/news/2026/11/other-{}/"
LOOPS: dict[str, tuple[str, Callable[[HTTPServer], Any], int]] = {
    "a Facebook next page naming itself": ("facebook", lambda s: FakeFacebook(s, next_after=lambda a, n: a), 1),
    "a Facebook next page naming the first": ("facebook", lambda s: FakeFacebook(s, next_after=lambda a, n: 0), 150),
    "a Facebook loop of two pages": ("facebook", lambda s: FakeFacebook(s, next_after=lambda a, n: n - a), 250),
    "a LinkedIn that does not heed start": ("linkedin", lambda s: FakeLinkedIn(s, heeds_start=False), 1),
    "a LinkedIn of one page not heeding start": ("linkedin", lambda s: FakeLinkedIn(s, heeds_start=False), 70),
}  # fmt: skip


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return reconciling_site(tmp_path, httpserver.url_for("/"))


def _listings(httpserver: HTTPServer) -> list[str]:
    return [r.url for r, _ in httpserver.log if r.method == "GET" and r.path in (LIST_PATH, POSTS_PATH)]


@pytest.mark.parametrize("kind", sorted(LOOPS))
def test_a_listing_in_a_loop_is_said_as_a_loop_naming_the_page(
    site: ShareSite, httpserver: HTTPServer, kind: str
) -> None:
    network, make, posts = LOOPS[kind]
    fake = make(httpserver).serve()
    for n in range(posts):
        fake.add(NEWER.format(n))
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 1, result.output
    label = "Facebook" if network == "facebook" else "LinkedIn"
    [line] = [line for line in result.output.splitlines() if "goes round in a loop" in line]
    read = _listings(httpserver)
    assert len(read) <= 3, read  # each page once, and the one that leads back
    named = re.search(rf"{label}'s listing of posts goes round in a loop: (\S+) ", line)
    assert named is not None and unquote(named.group(1)) in map(unquote, read), (line, read)  # a page read already
    assert "more than" not in result.output and "nothing was sent" in result.output
    assert fake.made == 0 and site.records() == []


def test_a_listing_of_pages_without_posts_says_so_not_a_count_of_posts_never_listed(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    """Each page names a next one, a new one each time, and lists no post: no loop, and no 2,000 posts either."""
    facebook = FakeFacebook(httpserver, next_after=lambda after, limit: after + limit).serve()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert "Facebook's listing went on for 20 pages listing no post, which is as far as jiading reads" in result.output
    assert "more than" not in result.output and len(_listings(httpserver)) == 20
    assert facebook.made == 0 and site.records() == []


@pytest.mark.parametrize("per_page", [100, 37])
def test_the_posts_said_unread_past_are_the_posts_listed(
    site: ShareSite, httpserver: HTTPServer, per_page: int
) -> None:
    """A Facebook that lists fewer posts a page than asked for (as it may) has had that many read, not 100 a page."""
    facebook = FakeFacebook(httpserver, page_cap=per_page).serve()
    for n in range(2100):
        facebook.add(NEWER.format(n))
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert f"Facebook has more than {20 * per_page:,} posts newer than the article" in result.output
    assert facebook.made == 0 and site.records() == []
