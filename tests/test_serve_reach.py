"""The share preview of a posted article shows its figures, read when the page is asked for."""

from __future__ import annotations

import html
import re
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.app.serve import SHARE_PREFIX
from serve.running import serving, session_of
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import TOKENS, ShareSite, make_site

BOTH = ("--network", "facebook", "--network", "linkedin")


def reach(root: Path, env: dict[str, str]) -> str:
    """The reach table of the article's share preview, served on loopback, as text: one line a network."""
    rows = re.findall(r"<tr data-network.*?</tr>", reach_page(root, env), re.S)
    return "\n".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows)


def reach_page(root: Path, env: dict[str, str]) -> str:
    """The reach table of the article's share preview, served on loopback, as HTML."""
    with serving(session_of(root, env)) as preview:
        page = next(iter(preview.session.index.pages.values()))
        address = preview.url.split("/", 3)
        with urllib.request.urlopen(f"{address[0]}//{address[2]}{SHARE_PREFIX}{page.href}", timeout=30) as answer:
            text = answer.read().decode("utf-8")
    table = re.search(r'<table id="reach">(.*?)</table>', text, re.S)
    assert table is not None
    return table[1]


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    made.article()
    return made


def test_posted_articles_show_their_figures(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    facebook.posts[0].update(reactions=12, comments=3, shares=2)
    linkedin.posts[0].update(likes=40, comments=5)
    assert lines(reach(site.root, TOKENS)) == ["facebook 12 3 2", "linkedin 40 5 —"]
    facebook.posts[0].update(reactions=13)  # read again each time the page is asked for
    assert lines(reach(site.root, TOKENS))[0] == "facebook 13 3 2"


def test_an_article_not_posted_says_so(site: ShareSite) -> None:
    assert lines(reach(site.root, TOKENS)) == ["facebook not posted yet", "linkedin not posted yet"]


def test_a_network_that_cannot_answer_shows_why(site: ShareSite, httpserver: HTTPServer) -> None:
    facebook, _ = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    facebook.posts.clear()
    shown = lines(reach(site.root, TOKENS))
    assert shown[0] == (
        "facebook could not read: Facebook answered 400 (Unsupported get request. "
        "Object with ID '1234_1' does not exist)"
    )
    assert shown[1].startswith("linkedin 0 0")


def test_no_token_says_which_variable_to_set(site: ShareSite, httpserver: HTTPServer) -> None:
    FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    shown = lines(reach(site.root, {"JIADING_LINKEDIN_TOKEN": TOKENS["JIADING_LINKEDIN_TOKEN"]}))
    assert shown == [
        "facebook could not read: facebook: set JIADING_FACEBOOK_TOKEN to the access token"
        " (it is never read from a file)",
        "linkedin 0 0 —",
    ]
    assert all(secret not in line for line in shown for secret in TOKENS.values())


def test_a_network_that_does_not_answer_in_time_does_not_hold_the_page(site: ShareSite, httpserver: HTTPServer) -> None:
    FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    assert site.run("share", "--post", *BOTH).exit_code == 0
    with socket.socket() as silent:  # takes the connection and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        config = site.root / "jiading.toml"
        base = httpserver.url_for("/").rstrip("/")
        text = config.read_text(encoding="utf-8")
        silent_base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        config.write_text(text.replace(f'api_base = "{base}"', f'api_base = "{silent_base}"', 1), encoding="utf-8")
        start = time.monotonic()
        shown = lines(reach(site.root, TOKENS))
        took = time.monotonic() - start
    assert shown[0].startswith("facebook could not read from 127.0.0.1:"), shown
    assert shown[0].endswith("no answer within 0.5 s (the request's timeout) (gave up after 3 tries)"), shown
    assert shown[1].startswith("linkedin 0 0")
    assert took < 10  # share.timeout (0.5 s) for each of share.attempts (3), with the build
