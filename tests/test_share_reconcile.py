"""Before posting, jiading asks the network for its posts: a lost record is found, not posted again, and an
unknown outcome settles itself. A network that cannot answer gets nothing sent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, reconciling_site

URL = "https://news.example.com/en/news/2017/07/a/"
INTENT = (
    "syndication:\n- network: {}\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)


SETTLED = "2026-11-27T12:10:00+08:00"  # ten minutes after the intent by the real clock: a request then is over


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return reconciling_site(tmp_path, httpserver.url_for("/"))


def forget_records(site: ShareSite) -> None:
    """A fresh clone of a site whose records were never committed."""
    path = site.root / "articles" / "a.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("syndication:")] + text[text.index("---\nShanghai") :], encoding="utf-8")
    assert site.records() == []


def test_a_lost_record_is_found_on_facebook_not_posted_again(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver).serve()
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    forget_records(site)
    again = site.run("share", "--post", "--network", "facebook")
    assert again.exit_code == 0, again.output
    assert (
        "found      facebook  articles/a.md  found on Facebook before posting: https://www.facebook.com/1234/posts/1"
        in (again.output)
    )
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == "1234_1"
    assert facebook.made == 1
    assert facebook.scraped == ["https://news.example.com/en/news/2017/07/a/?utm_source=facebook&utm_medium=social"]


def test_a_post_made_by_hand_without_utm_is_matched(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver).serve()
    linkedin = FakeLinkedIn(httpserver).serve()
    facebook.add(URL)
    linkedin.add(URL.rstrip("/") + "?utm_source=newsletter")
    result = site.run("share", "--post", "--network", "facebook", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 found\n")
    assert [r["remote_id"] for r in site.records()] == ["1234_1", "urn:li:share:7000"]
    assert facebook.made == 0 and linkedin.made == 0


def test_the_match_may_be_on_a_later_page_of_posts(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver).serve()
    facebook.add(URL)
    for n in range(150):
        facebook.add(f"https://news.example.com/en/news/2026/11/other-{n}/")
    result = site.run("share", "--post", "--network", "facebook")
    assert "found      facebook" in result.output and facebook.made == 0


def test_an_unknown_outcome_settles_itself(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver, answer_after=1.0).serve()  # longer than share.timeout = 0.5
    first = site.run("share", "--post", "--network", "facebook")
    assert first.exit_code == 1 and "the post may have gone out" in first.output
    time.sleep(0.6)  # the slow answer is over
    settled = site.run("share", "--post", "--network", "facebook")
    assert settled.exit_code == 0, settled.output
    assert "found on Facebook: the unknown outcome was a post" in settled.output
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == "1234_1"
    assert facebook.made == 1


def test_an_unknown_outcome_that_was_no_post_is_posted_now(site: ShareSite, httpserver: HTTPServer) -> None:
    linkedin = FakeLinkedIn(httpserver).serve()
    site.article(extra=INTENT.format("linkedin"))
    result = site.run("share", "--post", "--network", "linkedin", real=SETTLED)
    assert result.exit_code == 0, result.output
    assert (
        "posted     linkedin  articles/a.md  https://www.linkedin.com/feed/update/urn:li:share:7000/" in result.output
    )
    assert linkedin.made == 1 and site.records()[0]["state"] == "posted"


def test_a_network_that_cannot_answer_gets_nothing_sent(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver, read_status=500).serve()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "could not ask Facebook whether it is posted already (Facebook answered 500" in result.output
    assert "nothing was sent" in result.output
    assert facebook.made == 0 and site.records() == []


def test_an_unknown_outcome_stays_pending_while_the_network_cannot_answer(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    linkedin = FakeLinkedIn(httpserver, read_status=503).serve()
    site.article(extra=INTENT.format("linkedin"))
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    assert "pending    linkedin  articles/a.md  a post started at 2026-11-27T04:00:00Z has an unknown outcome" in (
        result.output
    )
    assert "(LinkedIn answered 503 (Internal error) (gave up after 3 tries))" in result.output
    assert linkedin.made == 0 and [r["state"] for r in site.records()] == ["intent"]


@pytest.mark.parametrize(("network", "newer"), [("facebook", 2000), ("linkedin", 1000)])
def test_posts_newer_than_the_article_past_what_is_read_are_no_answer(
    site: ShareSite, httpserver: HTTPServer, network: str, newer: int
) -> None:
    """The listing is read, newest first, as far as 20 pages; a network with more posts newer than the article has
    not said whether it is there (its post may be on a page never read): nothing is sent."""
    fake = FakeFacebook(httpserver) if network == "facebook" else FakeLinkedIn(httpserver)
    fake.serve()
    fake.add(URL, created=1499076000)  # the article's own post, on 3 July 2017, below every page read
    for n in range(newer):
        fake.add(f"https://news.example.com/en/news/2026/11/other-{n}/")
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 1, result.output
    label = "Facebook" if network == "facebook" else "LinkedIn"
    assert f"could not ask {label} whether it is posted already ({label} has more than {newer:,} posts newer" in (
        result.output
    )
    assert "nothing was sent" in result.output
    assert fake.made == 0 and site.records() == []
    fake.posts.pop()  # one post fewer: the listing reaches the article's own post, and finds it
    found = site.run("share", "--post", "--network", network)
    assert found.exit_code == 0, found.output
    assert fake.made == 0 and [record["state"] for record in site.records()] == ["posted"]


def test_an_unknown_outcome_is_not_settled_by_no_post_while_the_request_may_still_become_one(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    """A network may finish a request after jiading stopped waiting: for ten minutes, no post found is no answer."""
    linkedin = FakeLinkedIn(httpserver).serve()
    site.article(extra=INTENT.format("linkedin"))
    early = site.run("share", "--post", "--network", "linkedin", real="2026-11-27T12:09:59+08:00")
    assert early.exit_code == 1
    assert (
        "(LinkedIn shows no post of it yet, but the request may still be becoming one: it is looked for again from "
        "2026-11-27T04:10:00Z)" in early.output
    )
    assert linkedin.made == 0 and site.records()[0]["state"] == "intent"
    linkedin.add(URL + "?utm_source=linkedin")  # the request became a post after all
    later = site.run("share", "--post", "--network", "linkedin", real=SETTLED)
    assert later.exit_code == 0, later.output
    assert "found on LinkedIn: the unknown outcome was a post" in later.output
    assert linkedin.made == 0 and site.records()[0]["state"] == "posted"


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
def test_an_unknown_outcome_is_found_by_the_url_it_linked_when_the_article_moved(
    site: ShareSite, httpserver: HTTPServer, network: str
) -> None:
    """The first request timed out; the article's date changed before the next run, and with it its URL."""
    fakes = {"facebook": FakeFacebook(httpserver, answer_after=1.0), "linkedin": FakeLinkedIn(httpserver)}
    fake = fakes[network].serve()
    if network == "linkedin":  # no answer in time: a post made, the answer lost
        fake.fail_after_making = [504]
    first = site.run("share", "--post", "--network", network)
    assert first.exit_code == 1 and "pending" in first.output, first.output
    assert site.records()[0]["link"] == URL
    time.sleep(1.1)  # the slow answer is over
    path = site.root / "articles" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2017-07-03", "date: 2017-06-03"), "utf-8")
    again = site.run("share", "--post", "--network", network, real=SETTLED)
    assert again.exit_code == 0, again.output
    assert "the unknown outcome was a post" in again.output
    assert fake.made == 1 and site.records()[0]["state"] == "posted"


def test_a_linkedin_page_shorter_than_asked_for_is_not_the_end_of_its_posts(
    site: ShareSite, httpserver: HTTPServer
) -> None:
    """LinkedIn may list fewer posts than ``count`` asks for: the next page is read, from the first post not listed."""
    linkedin = FakeLinkedIn(httpserver, page_cap=10).serve()
    linkedin.add(URL + "?utm_source=linkedin")
    for n in range(11):
        linkedin.add(f"https://news.example.com/en/news/2026/11/other-{n}/")
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert "found      linkedin" in result.output and linkedin.made == 0
