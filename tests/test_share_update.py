"""Corrections: an edited title or summary edits the posts once, each edit recorded; Facebook reads the page again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, make_site

BOTH = ("--network", "facebook", "--network", "linkedin")


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    made.article()
    return made


def retitle(site: ShareSite, title: str) -> None:
    path = site.root / "articles" / "a.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Financial industry to boost Jiading", f"title: {title}"), encoding="utf-8")


def test_an_edited_title_updates_both_posts_once(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    retitle(site, "Finance to boost Jiading district")
    result = site.run("share", "--update", *BOTH)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 updated\n")
    assert facebook.posts[0]["message"].startswith("Finance to boost Jiading district\n\n")
    assert linkedin.posts[0]["commentary"].startswith("Finance to boost Jiading district\n\n")
    assert facebook.scraped == ["https://news.example.com/en/news/2017/07/a/?utm_source=facebook&utm_medium=social"]
    assert all(r["updated"] == "2026-11-27T04:00:00Z" for r in site.records())
    again = site.run("share", "--update", *BOTH)
    assert again.output == "nothing to update; skipped: 2 unchanged\n"
    assert facebook.edits == 1 and linkedin.edits == 1 and facebook.made == 1 and linkedin.made == 1


def test_an_unchanged_article_sends_nothing(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver).serve()
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    requests = len(httpserver.log)
    result = site.run("share", "--update", "--network", "facebook")
    assert result.output == "nothing to update; skipped: 1 unchanged\n"
    assert len(httpserver.log) == requests and facebook.edits == 0


def test_a_post_gone_from_the_network_fails_and_keeps_its_record(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook = FakeFacebook(httpserver).serve()
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    facebook.posts.clear()
    retitle(site, "Finance to boost Jiading district")
    result = site.run("share", "--update", "--network", "facebook")
    assert result.exit_code == 1
    assert (
        "Facebook rejected the post (code 100: Unsupported post request); the post keeps its old text" in result.output
    )
    assert "updated" not in site.records()[0]


def test_an_edit_whose_answer_is_lost_says_it_may_have_been_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit reached the server and its answer never came: not "keeps its old text", which may be untrue."""
    from share.dropping import dropping_server

    monkeypatch.chdir(tmp_path)
    with dropping_server() as server:
        site = make_site(tmp_path, base=server.url)
        record = (
            "syndication:\n- network: linkedin\n"
            "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
            "  state: posted\n  remote_id: urn:li:share:7000\n"
        )
        site.article(extra=record + "  text_sha256: '0000'\n")
        result = site.run("share", "--update", "--network", "linkedin")
    assert result.exit_code == 1 and len(server.requests) == 1
    assert "failed     linkedin  articles/a.md  the connection to 127.0.0.1:" in result.output
    assert "(remote end closed); the edit may have been made; run again\n" in result.output
    assert "old text" not in result.output and site.records()[0].get("text_sha256") == "0000"


@pytest.mark.parametrize("remote", ["9999_5", "01234_1", "1234_01", "5", "1234"])
def test_a_record_naming_no_post_of_the_page_is_never_sent_to(
    site: ShareSite, httpserver: HTTPServer, remote: str
) -> None:
    """facebook.page_id is 1234: another Page's post, a leading zero or a bare number names another object of the
    Graph API, and an edit or a read of it would carry the token there."""
    facebook = FakeFacebook(httpserver).serve()
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    path = site.root / "articles" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("'1234_1'", f"'{remote}'"), encoding="utf-8")
    assert site.records()[0]["remote_id"] == remote
    retitle(site, "Finance to boost Jiading district")
    checked = site.run("validate")
    assert checked.exit_code == 1
    assert (
        "error JD183 syndication: facebook: remote_id: expected a post of the Page facebook.page_id names, 1234_ "
        in (checked.output.replace("\n  ", " "))
    )
    before = len(httpserver.log)
    for action in ("--update", "--stats"):
        assert site.run("share", action, "--network", "facebook").exit_code == 1
    assert len(httpserver.log) == before and facebook.edits == 0
    site.article("b.md", id="urn:uuid:7c1e2f0a-5b6d-4e8f-9a1b-2c3d4e5f6a7b")
    given = site.run("share", "--adopt", "articles/b.md", "--network", "facebook", "--remote-id", remote)
    assert given.exit_code == 2 and "--remote-id: expected a post of the Page facebook.page_id names" in given.stderr
