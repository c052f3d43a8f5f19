"""LinkedIn's ``paging.total`` is no end of its listing alone: a finder may give the posts of its page as the total
(or none, or 0). Taken at its word, a first page of 50 newer posts whose total said 50 ended the lookup before the
page listing the article's post, and an unknown outcome was settled as no post made, and posted again. The page
after the total is read too: no post, or the first page again, ends the listing as the total said."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.fakes import POSTS_PATH, FakeLinkedIn
from share.sites import make_site

URL = "https://news.example.com/en/news/2017/07/a/"
INTENT = (
    "syndication:\n- network: linkedin\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)
SETTLED = "2026-11-27T12:10:00+08:00"  # ten minutes after the intent by the real clock: no post found settles it
TOTALS = ["none", "page", "listed", "zero", "all"]


def totalling(httpserver: HTTPServer, how: str, heeds_start: bool = True) -> FakeLinkedIn:
    """A loopback LinkedIn whose listing gives ``paging.total`` as ``how`` says: none, the posts of the page, the
    posts listed up to the page's end, 0, or the posts it has."""
    fake = FakeLinkedIn(httpserver, heeds_start=heeds_start)

    def listing(request: Request) -> Response:
        answer = fake.listing(request)
        page: dict[str, Any] = json.loads(answer.get_data())
        listed, start = len(page["elements"]), page["paging"]["start"]
        totals = {"page": listed, "listed": start + listed, "zero": 0, "all": len(fake.posts)}
        if how in totals:
            page["paging"]["total"] = totals[how]
        return Response(json.dumps(page), content_type="application/json")

    httpserver.expect_request(POSTS_PATH, method="GET").respond_with_handler(listing)
    return fake.serve()


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=st.sampled_from(TOTALS), newer=st.integers(0, 120), there=st.booleans(), settling=st.booleans())
@example(how="page", newer=60, there=True, settling=True)
@example(how="listed", newer=50, there=True, settling=False)
@example(how="all", newer=60, there=False, settling=True)
def test_a_post_past_the_total_is_found_and_never_made_again(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, how: str, newer: int, there: bool, settling: bool
) -> None:
    """``there``: LinkedIn has the article's post (its request's answer lost, ``settling``: its intent kept; else
    the record lost), below ``newer`` posts of other articles. It is found, never made again; absent, it is made."""
    httpserver.clear()
    fake = totalling(httpserver, how)
    if there:
        fake.add(URL + "?utm_source=linkedin&utm_medium=social")
    for number in range(newer):
        fake.add(f"https://partner.example.org/story-{number}/")  # another site's: no post of this one
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True)
        site.article(extra=INTENT if settling else "")
        result = site.run("share", "--post", "--network", "linkedin", real=SETTLED)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 0, result.output
        assert fake.made == (0 if there else 1), result.output
        [record] = site.records()
        assert record["state"] == "posted"
        assert record["remote_id"] == ("urn:li:share:7000" if there else f"urn:li:share:{7000 + newer}")


@pytest.mark.parametrize("how", ["listed", "all"])
def test_the_first_page_again_past_the_total_is_the_end(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A LinkedIn that lists its first page whatever ``start`` asks for, past the total it gave: the end, as the total
    said, never a loop that keeps the article from being posted."""
    monkeypatch.chdir(tmp_path)
    fake = totalling(httpserver, how, heeds_start=False)
    for number in range(10):
        fake.add(f"https://partner.example.org/story-{number}/")  # another site's: no post of this one
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article()
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert fake.made == 1 and [record["state"] for record in site.records()] == ["posted"]
