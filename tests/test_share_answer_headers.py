"""A post the server read is never said to be unsent, whatever the headers of its answer: only a request refused
as it is built (before any connection) is certainly not sent. urllib3 raises ``InvalidHeader`` for an answer whose
``Content-Length`` is given twice with two values, the same error ``requests`` raises for a request's own header it
cannot send; taken for the latter, the post was said `failed`, with no record, and the next run made it again.

Hypothesis draws an answer's header lines (lengths given twice or wrong, codings that lie, bytes no header holds,
a line folded or without a colon) under a status line of success; the loopback server reads the request whole, then
answers so. However the answer reads, the post was read by the server: it is `pending` (its intent kept) or, when
the answer still gives the post's id, `posted`, and never `failed`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.dropping import dropping_server
from share.sites import make_site

STATUS = st.sampled_from([b"HTTP/1.1 200 OK", b"HTTP/1.1 201 Created", b"HTTP/1.0 200 OK", b"HTTP/2 200"])
LINES = st.sampled_from(
    [
        b"Content-Length: 2", b"Content-Length: 30", b"Content-Length: -1", b"Content-Length: x",
        b"Content-Length: 2, 3", b"Transfer-Encoding: chunked", b"Transfer-Encoding: gzip, chunked",
        b"Content-Encoding: gzip", b"Content-Encoding: br", b"Content-Type: application/json; charset=latin-1",
        b"x-restli-id: urn:li:share:7000", b"x-restli-id: urn:li:share:70\xff", b"X-Null: a\x00b", b" folded",
        b"NoColon", b": empty-name", b"x-restli-id: urn:li:share:7000\rInjected: 1",
    ]
)  # fmt: skip
BODIES = st.sampled_from([b"{}", b'{"id":"1234_5"}', b"", b"5\r\n{}", b"\x1f\x8b\x08garbage"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=STATUS, lines=st.lists(LINES, max_size=4), body=BODIES, network=st.sampled_from(["facebook", "linkedin"]))
@example(status=b"HTTP/1.1 200 OK", lines=[b"Content-Length: 2", b"Content-Length: 30"], body=b"{}", network="facebook")
@example(
    status=b"HTTP/1.1 201 Created", lines=[b"Content-Length: 2", b"Content-Length: 3"], body=b"{}", network="linkedin"
)
def test_a_post_the_server_read_is_never_said_unsent(
    status: bytes, lines: list[bytes], body: bytes, network: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = b"\r\n".join([status, *lines]) + b"\r\n\r\n" + body
    with dropping_server(answer) as server, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=server.url, timeout=1)
        site.article()
        result = site.run("share", "--post", "--network", network)
        states = [record["state"] for record in site.records()]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert len(server.requests) == 1, "sent once, never again blind"
    assert "failed " not in result.output, result.output
    assert (states, result.exit_code) in ((["intent"], 1), (["posted"], 0)), result.output
