"""`share --stats` reads back how each recorded post did: a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.app.reach import could_not
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, make_site

BOTH = ("--network", "facebook", "--network", "linkedin")


@pytest.fixture
def posted(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[ShareSite, FakeFacebook, FakeLinkedIn]:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    facebook.posts[0].update(reactions=12, comments=3, shares=2)
    linkedin.posts[0].update(likes=40, comments=5)
    return site, facebook, linkedin


def test_stats_show_a_table_per_article_and_network(posted: tuple[ShareSite, FakeFacebook, FakeLinkedIn]) -> None:
    site, _, _ = posted
    result = site.run("share", "--stats", *BOTH)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "article        network   reactions  comments  shares\n"
        "articles/a.md  facebook         12         3       2\n"
        "articles/a.md  linkedin         40         5       —\n"
    )


def test_stats_as_json_and_csv(posted: tuple[ShareSite, FakeFacebook, FakeLinkedIn]) -> None:
    site, _, _ = posted
    data = json.loads(site.run("share", "--stats", "--json", *BOTH).stdout)
    assert [(p["network"], p["reactions"], p["comments"], p["shares"]) for p in data["posts"]] == [
        ("facebook", 12, 3, 2),
        ("linkedin", 40, 5, None),
    ]
    rows = list(csv.DictReader(io.StringIO(site.run("share", "--stats", "--csv", *BOTH).stdout)))
    assert rows[0]["remote_id"] == "1234_1" and rows[0]["shares"] == "2" and rows[1]["shares"] == ""


def test_stats_of_a_post_the_network_cannot_read_fail_with_the_reason(
    posted: tuple[ShareSite, FakeFacebook, FakeLinkedIn],
) -> None:
    site, facebook, _ = posted
    facebook.posts.clear()
    result = site.run("share", "--stats", "--network", "facebook")
    assert result.exit_code == 1
    assert result.output.endswith(
        "articles/a.md  facebook  could not read: Facebook answered 400 (Unsupported get request. "
        "Object with ID '1234_1' does not exist)\n"
    )


def test_csv_goes_with_stats(posted: tuple[ShareSite, FakeFacebook, FakeLinkedIn]) -> None:
    site, _, _ = posted
    result = site.run("share", "--csv")
    assert result.exit_code == 2 and "--csv goes with --stats" in result.stderr


@given(st.text(max_size=30))
def test_a_problem_is_said_could_not_read_once(problem: str) -> None:
    """However the problem came worded (``--stats``'s ``not read: …``, a request's ``could not read from …``), its
    row says "could not read" once: it said ``could not read: not read: its records have 1 error(s)``."""
    said = could_not(problem)
    assert said.startswith("could not read")
    assert could_not(said) == said
    assert could_not("not read: " + problem) == said
    assert not said.startswith(("could not read: not read: ", "could not read: could not read"))
