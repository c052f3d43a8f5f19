"""``jiading serve`` takes every connection of a burst, however many come at once and however many others are open
and silent: each is answered at once, none dropped to be tried again by the client seconds later (a listen backlog
of 5, Python's default, dropped all but a few of a burst of 200)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from serve.running import previewing


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with previewing(tmp_path_factory.mktemp("bursts")) as preview:
        yield preview.port


def _get(port: int, path: str = "/robots.txt") -> bytes:
    """One whole answer; a connection not taken within 2 s (a SYN dropped is sent again after 1 s, then 3 s) fails."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while data := connection.recv(65536):
            answer += data
        return answer


@pytest.mark.parametrize("silent", [0, 100])
def test_every_connection_of_a_burst_is_answered_at_once(server: int, silent: int) -> None:
    held = [socket.create_connection(("127.0.0.1", server), timeout=2) for _ in range(silent)]
    try:
        for connection in held:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")  # a request never finished
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=300) as pool:
            answers = list(pool.map(lambda _: _get(server), range(300)))
        assert all(answer.startswith(b"HTTP/1.0 200 OK\r\n") for answer in answers)
        assert time.monotonic() - started < 5
    finally:
        for connection in held:
            connection.close()
    assert _get(server).startswith(b"HTTP/1.0 200 OK\r\n")  # and the server goes on
