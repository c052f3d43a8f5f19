"""A page of a network's listing is read only in its documented form: an answer that lists no posts in it (an error
said with a 200, an empty object, a number where the list goes) is no answer, never a page of no post. Read as one,
it settled an unknown outcome as no post made, and a lost record as no post, and the article was posted again."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from share.fakes import LIST_PATH, POSTS_PATH, FakeFacebook, FakeLinkedIn
from share.sites import make_site

URL = "https://news.example.com/en/news/2017/07/a/"
INTENT = (
    "syndication:\n- network: {}\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)
SETTLED = "2026-11-27T12:10:00+08:00"  # ten minutes after the intent by the real clock: no post found would settle it
KEYS = {"facebook": "data", "linkedin": "elements"}
LABELS = {"facebook": "Facebook", "linkedin": "LinkedIn"}

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner))
NOT_POSTS = (  # what may stand where the list of posts goes, and is none: absent, or no list of objects
    st.just(None)
    | SCALARS.map(lambda value: {"value": value})
    | st.dictionaries(st.text(max_size=3), VALUES).map(lambda value: {"value": value})
    | st.lists(SCALARS | st.lists(SCALARS), min_size=1, max_size=3).map(lambda value: {"value": value})
)
ERROR = st.none() | st.just({"message": "Please reduce the amount of data you're asking for", "code": 1})


def _body(network: str, posts: dict[str, Any] | None, error: dict[str, Any] | None) -> str:
    page: dict[str, Any] = {} if posts is None else {KEYS[network]: posts["value"]}
    if error is not None:
        page["error"] = error
    return json.dumps(page)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    network=st.sampled_from(["facebook", "linkedin"]),
    posts=NOT_POSTS,
    error=ERROR,
    settling=st.booleans(),
)
@example(network="facebook", posts=None, error={"message": "An unknown error occurred", "code": 1}, settling=True)
@example(network="linkedin", posts=None, error=None, settling=True)
@example(network="facebook", posts={"value": 5}, error=None, settling=False)
@example(network="linkedin", posts={"value": [1]}, error=None, settling=False)
def test_a_listing_answered_in_another_form_is_no_answer_and_nothing_is_posted_again(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    network: str,
    posts: dict[str, Any] | None,
    error: dict[str, Any] | None,
    settling: bool,
) -> None:
    """The network has the article's post (made by a request whose answer was lost, ``settling``: its intent kept;
    else its record lost), and answers the listing with a 200 in another form: nothing is sent, the record stays."""
    httpserver.clear()
    body = _body(network, posts, error)
    path = LIST_PATH if network == "facebook" else POSTS_PATH
    answer = Response(body, status=200, content_type="application/json")
    httpserver.expect_request(path, method="GET").respond_with_response(answer)
    fake = (FakeFacebook(httpserver) if network == "facebook" else FakeLinkedIn(httpserver)).serve()
    fake.add(URL + f"?utm_source={network}&utm_medium=social")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True)
        site.article(extra=INTENT.format(network) if settling else "")
        result = site.run("share", "--post", "--network", network, real=SETTLED)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 1, result.output
        assert fake.made == 0, f"posted again on {body}:\n{result.output}"
        label = LABELS[network]
        if settling:
            assert [record["state"] for record in site.records()] == ["intent"], result.output
            assert f"pending    {network}  articles/a.md  a post started at 2026-11-27T04:00:00Z" in result.output
        else:
            assert site.records() == []
            assert f"failed     {network}  articles/a.md  could not ask {label} whether it is posted" in result.output
            assert "nothing was sent" in result.output
        if error is not None:  # an error said with a 200 is the refusal it says
            assert f"({label} answered 200 with an error ({error['message']})" in result.output
        else:
            expected = f"({label} answered 200 without a list of posts (expected {{'{KEYS[network]}': [...]}}, found"
            assert expected in result.output


@pytest.mark.parametrize("paging", ["next", [], {"next": {"after": "x"}}, {"next": []}])
def test_a_facebook_page_whose_paging_is_in_another_form_is_no_end_of_the_listing(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, paging: Any
) -> None:
    """A page listing newer posts whose ``paging`` is no object with a link for ``next`` does not say the listing
    ended there: the article's post may be on the page after it."""
    monkeypatch.chdir(tmp_path)
    newer = {"id": "1234_9", "created_time": "2027-01-15T00:00:00+0000", "message": "another"}
    page = {"data": [newer], "paging": paging}
    answer = Response(json.dumps(page), status=200, content_type="application/json")
    httpserver.expect_request(LIST_PATH, method="GET").respond_with_response(answer)
    facebook = FakeFacebook(httpserver).serve()
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert "Facebook answered 200 with a listing whose 'paging' is not in its documented form" in result.output
    assert facebook.made == 0 and site.records() == []
