"""What ``jiading share`` does with an answer that comes broken, points elsewhere, or asks for an odd wait, from real
loopback servers that write the bytes drawn: an answer cut short (by its length, its chunks or its compression)
leaves the post pending and never sent again; a redirect is never followed; ``Retry-After`` in any form is a wait or
none, never a crash. Every case is one readable line and exit 1, never a traceback.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import chdir
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share.transport import WAIT_MAX, Policy, Sender, retry_after, session
from share.dropping import dropping_server
from share.sites import make_site

NETWORKS = ["facebook", "linkedin"]
FRAMINGS = ["length", "chunked", "gzip"]
PENDING = re.compile(
    r"^pending +(facebook|linkedin) +articles/a\.md +.*the post may have gone out; check", re.MULTILINE
)


def framed(status: int, body: bytes, framing: str) -> tuple[bytes, bytes]:
    """An HTTP answer as (head, body as framed): ``length`` gives Content-Length, ``chunked`` chunks of at most 7
    bytes, ``gzip`` the body compressed with its length."""
    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nx-restli-id: urn:li:share:7000\r\n"
    if framing == "chunked":
        chunks = [body[i : i + 7] for i in range(0, len(body), 7)]
        data = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"
        return (head + "Transfer-Encoding: chunked\r\n\r\n").encode(), data
    if framing == "gzip":
        body = gzip.compress(body)
        head += "Content-Encoding: gzip\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode(), body


def _two_runs(answer: bytes, network: str) -> tuple[list[str], int, int, int]:
    """Post twice against a server that writes ``answer`` to every request: (outputs, exit codes, requests made)."""
    with tempfile.TemporaryDirectory() as folder, chdir(folder), dropping_server(answer) as server:
        root = Path(folder)
        site = make_site(root, base=server.url, timeout=2)
        site.article()
        first = site.run("share", "--post", "--network", network)
        again = site.run("share", "--post", "--network", network)
        states = [record["state"] for record in site.records()]
    for result in (first, again):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return [first.output, again.output, *states], first.exit_code, again.exit_code, len(server.requests)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    network=st.sampled_from(NETWORKS),
    status=st.sampled_from([200, 201, 400, 422, 500]),
    framing=st.sampled_from(FRAMINGS),
    cut=st.floats(min_value=0, max_value=0.999),
)
@example(network="facebook", status=200, framing="length", cut=0.5)
@example(network="linkedin", status=201, framing="chunked", cut=0.9)
@example(network="facebook", status=400, framing="gzip", cut=0.3)
@example(network="facebook", status=200, framing="chunked", cut=0.999)
def test_an_answer_cut_short_leaves_the_post_pending_and_it_is_never_sent_again(
    network: str, status: int, framing: str, cut: float
) -> None:
    body = json.dumps({"id": "1234_5", "error": {"message": "Invalid parameter", "code": 100}}).encode()
    head, data = framed(status, body, framing)
    whole = len(data) - (len(b"0\r\n\r\n") if framing == "chunked" else 0)  # the last chunk, "0", ends it
    outputs, first, again, requests = _two_runs(head + data[: int(whole * cut)], network)
    assert requests == 1, outputs
    assert first == 1 and again == 1
    assert PENDING.search(outputs[0]) and re.search(
        r"came broken \(the answer (was cut short|could not be decomp|'s chunk)", outputs[0]
    ), outputs[0]
    assert outputs[2:] == ["intent"]
    assert "has an unknown outcome" in outputs[1]


@pytest.mark.parametrize("framing", FRAMINGS)
def test_a_whole_answer_in_any_framing_is_read(framing: str) -> None:
    head, data = framed(200, json.dumps({"id": "1234_5"}).encode(), framing)
    outputs, first, again, requests = _two_runs(head + data, "facebook")
    assert (first, again, requests) == (0, 0, 1)
    assert "posted     facebook  articles/a.md  https://www.facebook.com/1234/posts/5" in outputs[0]
    assert outputs[2:] == ["posted"]


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        (b"HELLO\r\n\r\n", "ended after the request was sent (the answer did not begin as HTTP does)"),
        (b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello", "could not be decompressed"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "chunked encoding"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 200001\r\n\r\n" + b"[" * 200_001, "found text that is not JSON"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n\xff\xfe{}\x00\x01\x02", "found text that is not UTF-8"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n[5, 6]", "found JSON that is not an object"),
        (b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{"id": 5.5}\n', "found 'id': 5.5"),
        (b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"id": 5}\n', "found 'id': 5"),  # no {page}_{post}
        (b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{"id": "5"}\n', "found 'id': \"5\""),
        # the id given twice: which post was made is not said (a reader takes either one)
        (
            b'HTTP/1.1 200 OK\r\nContent-Length: 34\r\n\r\n{"id": "1234_1", "id": "1234_99"}\n',
            "found a JSON object that gives a key twice",
        ),
        # An interim answer, which the HTTP client takes for the answer, and then the answer: it was made
        (
            b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
            b'HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{"id": "1234_5"}\n',
            "Facebook answered 103, which is not a final HTTP answer",
        ),
        (b"HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}", "Facebook answered 999, which is not a final HTTP"),
        (b"HTTP/1.1 303 See Other\r\nLocation: /v25.0/1234_9\r\nContent-Length: 0\r\n\r\n", "answered 303"),
    ],
)
def test_an_answer_that_does_not_say_what_happened_is_pending_and_one_line(answer: bytes, shown: str) -> None:
    outputs, first, again, requests = _two_runs(answer, "facebook")
    assert requests == 1 and (first, again) == (1, 1)
    assert PENDING.search(outputs[0]) and shown in outputs[0], outputs[0]
    assert outputs[2:] == ["intent"]


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    """Another server, on another port: a redirect points there, and nothing must reach it."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    server.expect_request(re.compile(".*")).respond_with_json({"id": "1234_9", "data": []})
    yield server
    server.clear()
    server.stop()


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_never_followed_and_the_post_fails_without_a_record(
    network: str, status: int, elsewhere: HTTPServer
) -> None:
    there = elsewhere.url_for("/v25.0/1234/feed")
    answer = f"HTTP/1.1 {status} Moved\r\nLocation: {there}\r\nContent-Length: 0\r\n\r\n".encode()
    outputs, first, again, requests = _two_runs(answer, network)
    assert elsewhere.log == []
    assert (first, again, requests) == (1, 1, 2)  # nothing was made: the next run tries again, and fails again
    label = network.replace("facebook", "Facebook").replace("linkedin", "LinkedIn")
    line = f"failed     {network:<8}  articles/a.md  {label} answered {status}, a redirect to {there}, which jiading"
    assert line in outputs[0]
    assert outputs[2:] == []


def test_a_listing_redirected_elsewhere_is_not_followed_and_nothing_is_sent(
    tmp_path: Path, httpserver: HTTPServer, elsewhere: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    there = elsewhere.url_for("/v25.0/1234/published_posts")
    httpserver.expect_request("/v25.0/1234/published_posts").respond_with_data("", 302, headers={"Location": there})
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert elsewhere.log == [] and len(httpserver.log) == 1
    assert (
        "failed     facebook  articles/a.md  could not ask Facebook whether it is posted already (Facebook answered "
        f"302, a redirect to {there}, which jiading does not follow); nothing was sent"
    ) in result.output
    assert site.records() == []


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40))
@example("²")
@example("1¹")
@example("9" * 400)
@example("Wed, 21 Oct 99999 07:28:00 GMT")
@example("-5")
def test_retry_after_in_any_form_is_a_wait_within_bounds_or_none(value: str) -> None:
    wait = retry_after({"Retry-After": value})
    assert wait is None or 0 <= wait <= WAIT_MAX


@pytest.mark.parametrize(
    ("value", "tries", "shown"),
    [
        ("\xb2", 3, "Facebook answered 503 (gave up after 3 tries)"),  # '²': a digit to str.isdigit, not a number
        ("-5", 3, "Facebook answered 503 (gave up after 3 tries)"),
        ("soon", 3, "Facebook answered 503 (gave up after 3 tries)"),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 3, "Facebook answered 503 (gave up after 3 tries)"),  # past: no wait
        ("9" * 40, 1, "Facebook answered 503; the server asks to wait more than a year: run again later"),
        ("Fri, 01 Jan 9999 00:00:00 GMT", 1, "Facebook answered 503; the server asks to wait more than a year"),
    ],
)
def test_retry_after_in_odd_forms_is_honoured_or_ignored_in_one_line(value: str, tries: int, shown: str) -> None:
    answer = f"HTTP/1.1 503 Busy\r\nRetry-After: {value}\r\nContent-Length: 0\r\n\r\n".encode("latin-1")
    with tempfile.TemporaryDirectory() as folder, chdir(folder), dropping_server(answer) as server:
        root = Path(folder)
        site = make_site(root, base=server.url)
        site.article()
        result = site.run("share", "--post", "--network", "facebook")
        assert site.records() == []
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1 and len(server.requests) == tries
    assert f"failed     facebook  articles/a.md  {shown}" in result.output


def test_an_answer_the_network_cannot_read_leaves_the_post_unknown_not_a_traceback(httpserver: HTTPServer) -> None:
    """The last guard: should a network's reading of an answer fail, the request was received: unknown."""
    from jiading_cli.share.request import HttpRequest, Verdict

    def unreadable(status: int, headers: object, body: bytes) -> Verdict:
        raise LookupError("no such field")

    httpserver.expect_request("/feed").respond_with_json({"id": "1"})
    sender = Sender(Policy(1, 2, 0.01, 0.01, 1), session())
    request = HttpRequest("facebook", "POST", httpserver.url_for("/feed"), "X", form=(("a", "b"),))
    done = sender.send(request, "token", unreadable, label="Facebook")
    assert done.outcome == "unknown" and done.tries == 1
    said = "in a form jiading could not read (LookupError: no such field); the post may have gone out"
    assert done.message == f"Facebook answered 200 {said}"


@pytest.mark.parametrize("status", [202, 204, 299])
def test_any_2xx_to_a_post_without_its_id_is_pending_and_never_sent_again(status: int) -> None:
    answer = f"HTTP/1.1 {status} Accepted\r\nContent-Length: 0\r\n\r\n".encode()
    for network in NETWORKS:
        outputs, first, again, requests = _two_runs(answer, network)
        assert (first, again, requests) == (1, 1, 1), outputs
        assert PENDING.search(outputs[0]) and re.search(f"answered {status} without (a|the) post", outputs[0]), outputs[
            0
        ]
        assert outputs[2:] == ["intent"]


def test_a_certificate_not_trusted_fails_the_post_without_a_record(tmp_path: Path) -> None:
    """Certificates are checked in the TLS handshake, before a byte of the request goes: certainly not posted."""
    import ssl

    import trustme

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)  # a CA nobody trusts
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request(re.compile(".*")).respond_with_json({"id": "1234_5"})
    server.start()
    try:
        with chdir(tmp_path):
            site = make_site(tmp_path, base=server.url_for("/").replace("http://", "https://"))
            site.article()
            result = site.run("share", "--post", "--network", "facebook")
    finally:
        server.stop()
    assert result.exit_code == 1 and server.log == []
    assert re.search(
        r"^failed     facebook  articles/a\.md  TLS with 127\.0\.0\.1:\d+ failed \(its certificate is not trusted\); "
        r"check api_base and the server's certificate$",
        result.output,
        re.MULTILINE,
    ), result.output
    assert site.records() == []
