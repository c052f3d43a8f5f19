"""An unknown outcome is looked for back to its request, however far the article's date was moved on after it: the
listing of a network's posts stops at posts older than the article, and a post made before the new date, behind a
page of such posts, would be missed and made again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, ShareSite, make_site

REQUESTED = dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC)  # the request whose answer was lost
OLD_URL = "https://news.example.com/en/news/2026/11/a/"
PAGE = {"facebook": 100, "linkedin": 50}  # posts a page of each network's listing, as jiading asks for them


def moved(site: ShareSite, network: str, days: int) -> str:
    """The article, its post of 2026-11-27 of unknown outcome, its date moved ``days`` after the request since;
    the time of a run a day after the new date."""
    date = REQUESTED + dt.timedelta(days=days)
    intent = (
        f"syndication:\n- network: {network}\n  article: {ARTICLE_ID}\n  state: intent\n  link: {OLD_URL}\n"
        f"  time: '2026-11-27T04:00:00Z'\n"
    )
    site.article(date=date.isoformat(), extra=intent)
    return (date + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("days", [2, 9, 45, 200])
@pytest.mark.parametrize("network", ["facebook", "linkedin"])
def test_a_post_made_before_the_articles_date_was_moved_on_is_found_not_made_again(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, days: int
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    fake = (FakeFacebook if network == "facebook" else FakeLinkedIn)(httpserver).serve()
    when = int(REQUESTED.timestamp())
    fake.add(f"{OLD_URL}?utm_source={network}&utm_medium=social", created=when)  # the request's post, made
    for n in range(PAGE[network] + 1):  # a page and more of later posts, each older than the article's new date
        fake.add(f"https://news.example.com/en/news/2026/11/other-{n}/", created=when + 60 * (n + 1))
    now = moved(site, network, days)
    result = site.run("share", "--post", "--network", network, env={"JIADING_NOW": now})
    assert result.exit_code == 0, result.output
    assert f"found      {network}  articles/a.md  found on " in result.output
    assert "the unknown outcome was a post" in result.output
    assert fake.made == 0
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == (
        "1234_1" if network == "facebook" else "urn:li:share:7000"
    )
