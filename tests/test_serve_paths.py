"""Any request path the preview server may be asked for: an answer (a page, a redirect or the 404 page), never a
dropped connection, a server error or a traceback, and nothing from outside the preview folder."""

from __future__ import annotations

import datetime as dt
import http.client
import io
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app import preview_http
from jiading_cli.app.serve import Session
from jiading_cli.app.settings import load
from serve.site import NOW, site

SEGMENT = st.one_of(
    st.sampled_from(["..", ".", "", "en", "news", "_jiading", "share", "index.html", "%2e%2e", "%00", "%ff", "%2f"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=12),
    st.integers(min_value=200, max_value=6000).map(lambda n: "a" * n),  # past a file name's limit
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    root = site(tmp_path_factory.mktemp("paths"))
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    running = preview_http.start(session, 0)
    host, port = running.url.split("/")[2].split(":")
    try:
        yield host, int(port), root
    finally:
        running.stop()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(["\u0100", ".."], False)  # a folder named outside Latin-1: its redirect's header is written as a URL
@example(["en"], False)
@given(st.lists(SEGMENT, min_size=1, max_size=6), st.booleans())
def test_every_path_gets_an_answer_and_nothing_outside_the_preview(
    server: tuple[str, int, Path], segments: list[str], trailing: bool
) -> None:
    host, port, root = server
    path = "/" + "/".join(segments) + ("/" if trailing else "")
    quoted = "".join(c if c.isascii() and c.isprintable() and c != " " else _escape(c) for c in path)
    errors = io.StringIO()
    with redirect_stderr(errors):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.request("GET", quoted)
            answer = connection.getresponse()
            body = answer.read()
        finally:
            connection.close()
    assert answer.status in (200, 301, 302, 404), (quoted, answer.status)
    assert b"[site]" not in body and (root / "jiading.toml").read_bytes() not in body  # the config is never served
    assert "Traceback" not in errors.getvalue()


def _escape(character: str) -> str:
    return "".join(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))
