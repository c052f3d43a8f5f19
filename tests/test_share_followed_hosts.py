"""A link an answer names is followed with the token only to the host it was judged by: the host the HTTP client
connects to, never one another reader of URLs sees in it. ``https://evil.com\\@www.linkedin.com/`` is
``www.linkedin.com`` to ``urlsplit`` (a user ``evil.com\\`` before the ``@``) and ``evil.com`` to urllib3, which
takes the backslash for the path's start: judged by the first and sent by the second, a listing's next page or an
upload URL carried the token to a host no check had seen.

Hypothesis builds links of the pieces that make readers disagree (backslashes, ``@``, ``#``, ``?``, ports, letters
IDNA maps), and every link ``follows`` lets through is held to going, as requests sends it, to the API's own
site; a loopback Facebook whose ``paging.next`` is such a link gets no request to the other server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from urllib3.util import parse_url

from jiading_cli.share import replies
from share.fakes import LIST_PATH, FakeFacebook
from share.sites import reconciling_site

BASES = ["https://api.linkedin.com", "https://graph.facebook.com", "http://127.0.0.1:8080"]
PIECES = st.sampled_from(
    [
        "evil.com", "www.linkedin.com", "api.linkedin.com", "graph.facebook.com", "127.0.0.1", ":8080", ":443",
        ":9", "\\", "/", "@", "#", "?", "%5C", "%40", "user:pw", "ｗｗｗ", ".", "x", "%2e", ";", "&",
    ]
)  # fmt: skip


def _site_of(host: str) -> str:
    return host.split(".", 1)[1] if host.count(".") >= 2 else host


SCHEMES = st.sampled_from(["https://", "http://"])


@given(base=st.sampled_from(BASES), scheme=SCHEMES, pieces=st.lists(PIECES, max_size=6))
@example(base="https://api.linkedin.com", scheme="https://", pieces=["evil.com", "\\", "@", "www.linkedin.com", "/"])
@example(base="http://127.0.0.1:8080", scheme="http://", pieces=["127.0.0.1", ":9", "\\", "@", "127.0.0.1", ":8080"])
def test_a_followed_link_goes_to_the_host_it_was_judged_by(base: str, scheme: str, pieces: list[str]) -> None:
    followed = replies.follows(scheme + "".join(pieces), base)
    if followed is None:
        return
    sent, own = parse_url(followed), parse_url(base)  # where urllib3 connects
    assert sent.auth is None
    if (sent.host, sent.port) != (own.host, own.port):
        assert sent.port is None and sent.host is not None and own.host is not None
        assert sent.host.endswith("." + _site_of(own.host)), (followed, base)


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    """Another server, on another port: the token must never reach it."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_a_next_page_that_names_another_host_to_the_client_gets_no_request(
    tmp_path: Path, httpserver: HTTPServer, elsewhere: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    elsewhere.expect_request(LIST_PATH).respond_with_json({"data": []})
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    fake = FakeFacebook(httpserver)
    own = httpserver.url_for("/").split("//")[1].rstrip("/")  # the API base's host and port
    trap = f"http://127.0.0.1:{elsewhere.port}\\@{own}{LIST_PATH}?after=1"  # urlsplit: {own}; urllib3: elsewhere
    httpserver.expect_request(LIST_PATH, method="GET").respond_with_json({"data": [], "paging": {"next": trap}})
    fake.serve()
    result = site.run("share", "--post", "--network", "facebook")
    assert elsewhere.log == [], "the token went to a host no check had seen"
    assert result.exit_code == 1, result.output
    assert "Facebook's next page of posts is not on the Graph API's site" in result.output
    assert fake.made == 0 and site.records() == []


@pytest.mark.parametrize(("following", "said"), [(5, "not a URL ('5')"), ("?after=1", "not a URL ('?after=1')")])
def test_a_next_page_that_is_no_url_is_said_so(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, following: object, said: str
) -> None:
    """A next page that is no URL at all is said to be one, not a page on another site; nothing is posted."""
    monkeypatch.chdir(tmp_path)
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    fake = FakeFacebook(httpserver)
    httpserver.expect_request(LIST_PATH, method="GET").respond_with_json({"data": [], "paging": {"next": following}})
    fake.serve()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert f"Facebook's next page of posts is {said}" in result.output
    assert fake.made == 0 and site.records() == []
