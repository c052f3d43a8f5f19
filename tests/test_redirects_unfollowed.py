"""A redirect is an answer, never followed, by any request jiading sends (``base/exchange.py``, which every post,
read and WebSub ping goes through): following one would send the request and its token where a server points, or
turn a POST into a GET of the page it points at and take that page for the answer, a WebSub ping said accepted that
no hub received. Hypothesis draws the method and every 3xx status, against a real loopback server.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from jiading_cli.base import route
from jiading_cli.base.exchange import exchange
from jiading_cli.feeds.ping import ping

METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"])


def _pointing(httpserver: HTTPServer, status: int) -> str:
    """A server whose ``/asked`` answers ``status`` pointing at ``/elsewhere``, which answers 200; the URL asked."""
    httpserver.clear()
    there = httpserver.url_for("/elsewhere")
    httpserver.expect_request("/asked").respond_with_response(Response("", status=status, headers={"Location": there}))
    httpserver.expect_request("/elsewhere").respond_with_data("elsewhere", status=200)
    return httpserver.url_for("/asked")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=METHODS, status=st.integers(300, 399))
def test_every_request_takes_a_redirect_for_its_answer(httpserver: HTTPServer, method: str, status: int) -> None:
    asked = _pointing(httpserver, status)
    with route.session(route.Route.of({}), "jiading/test") as session:
        answer = exchange(session, method, asked, timeout=5, deadline=10, data=b"x" if method != "GET" else None)
    assert answer.status == status
    assert [request.path for request, _ in httpserver.log] == ["/asked"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from([301, 302, 303, 307, 308]))
def test_a_ping_redirected_is_not_accepted(httpserver: HTTPServer, status: int) -> None:
    asked = _pointing(httpserver, status)
    [pinged] = ping(asked, ["https://news.example.com/feed.xml"], 5, env={})
    assert not pinged.ok
    there = httpserver.url_for("/elsewhere")
    assert pinged.detail.endswith(f", a redirect to {there}, which jiading does not follow; check feeds.websub_hub")
    assert [request.path for request, _ in httpserver.log] == ["/asked"]
