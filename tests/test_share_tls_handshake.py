"""A request goes only once the TLS handshake is done: whatever ends the handshake — a server that does not speak TLS,
that closes or resets the connection, sends garbage, or never answers the client's hello — ends a post that
certainly did not go out, so it fails (or, for no answer in time, is tried again) and leaves no record. It was
``pending``, "the connection ended after the request was sent; the post may have gone out", and every later run
left it pending until it was resolved by hand (an ``api_base`` of https:// on a port that speaks HTTP, say).
Real loopback servers, each failing the handshake its own way.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.sites import make_site


@contextmanager
def failing_handshake(how: str) -> Iterator[str]:
    """A server at ``https://127.0.0.1:PORT`` whose every connection ends the handshake ``how``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def end(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)  # the client's hello
                if how == "garbage":
                    conn.sendall(b"HELLO THERE\r\n\r\n")
                elif how == "reset":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                elif how == "stall":
                    time.sleep(3)
            except OSError:
                return

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=end, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
@pytest.mark.parametrize("how", ["garbage", "close", "reset", "stall"])
def test_a_handshake_that_fails_fails_the_post_and_leaves_no_record(
    how: str, network: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with failing_handshake(how) as base:
        site = make_site(tmp_path, base=base, timeout=0.5)
        site.article()
        result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 1, result.output
    host = base.removeprefix("https://")
    if how == "stall":  # not answered in time: never connected, so tried again
        said = f"could not connect to {host} within 0.5 s (the TLS handshake was not done) (gave up after 3 tries)"
    else:
        said = f"TLS with {host} failed ("
    assert f"failed     {network:<9} articles/a.md  {said}" in result.output, result.output
    assert "may have gone out" not in result.output and "Max retries" not in result.output  # in a few words
    assert site.records() == []


def test_https_to_a_port_that_speaks_http_fails_and_is_posted_by_the_next_run(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/").replace("http://", "https://"))
    site.article()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    host = httpserver.url_for("/").removeprefix("http://").rstrip("/")
    assert (
        f"failed     facebook  articles/a.md  TLS with {host} failed (it did not answer in TLS); check api_base "
        "and the server's certificate\n" in result.output
    ), result.output
    assert site.records() == [] and httpserver.log == []
