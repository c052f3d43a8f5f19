"""Clients that hold connections open without finishing a request (slowloris) never keep the browser waiting: a
request's head may take 30 s in all however its bytes trickle, and past the most heads at once the oldest slow ones
are closed. Each read's time-out alone let a client sending a byte every few seconds hold a connection for ever: with
`ulimit -n 60`, 80 such connections held every descriptor and the browser's request was never answered."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jiading_cli.app import heads
from serve.running import previewing
from serve.site import NOW, free_port, site

BIG_FILE = "big.bin"
BIG_SIZE = 64 * 1024 * 1024  # more than any socket's buffers hold


def _asking(port: int, count: int, sent: bytes) -> list[socket.socket]:
    """``count`` connections, each sending ``sent`` and reading nothing (at most a few kilobytes held for it)."""
    held = []
    for _ in range(count):
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:  # the server's queue of connections is full: those already held are enough
            break
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        connection.sendall(sent)
        held.append(connection)
    return held


def _slow(port: int, count: int) -> list[socket.socket]:
    """``count`` connections, each sending the start of a request's head and never its end."""
    return _asking(port, count, b"GET / HTTP/1.1\r\nHost: localhost\r\n")


def _downloads(port: int, count: int) -> list[socket.socket]:
    """``count`` connections, each asking for a large file and reading none of it (a download stalled)."""
    return _asking(port, count, f"GET /{BIG_FILE} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())


def _cut_short(connection: socket.socket) -> bool:
    """Whether the server has ended ``connection``, a download it has not finished sending: told by the connection's
    TCP state, not by reading what the sockets' buffers still hold of the file (reading is what the client stalls)."""
    established = 1  # TCP_ESTABLISHED, the first byte of Linux's TCP_INFO
    return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] != established


def _trickle(held: list[socket.socket], stop: threading.Event) -> None:
    """A header's byte on each connection every half second: no read of the server's ever times out."""
    while not stop.wait(0.5):
        for connection in held:
            try:
                connection.sendall(b"X")
            except OSError:
                continue


def _first(connection: socket.socket) -> bytes:
    """The first bytes the server sent on ``connection`` (none when it closed it, or sent nothing yet)."""
    connection.settimeout(0.2)
    try:
        return connection.recv(12)
    except OSError:
        return b""


def _closed(connection: socket.socket) -> bool:
    connection.settimeout(0.01)
    try:
        return connection.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (60, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))


def _streams(port: int, count: int) -> list[socket.socket]:
    """``count`` connections, each asking for the event stream and never closing it."""
    return _asking(port, count, b"GET /_jiading/live HTTP/1.1\r\nHost: localhost\r\n\r\n")


def _ended(connection: socket.socket) -> bool:
    """Whether the server has closed ``connection``, whatever it sent before."""
    connection.settimeout(0.05)
    try:
        while connection.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


@pytest.mark.parametrize("count", [20, 200])
@pytest.mark.parametrize("opener", [_slow, _streams, _downloads])
def test_slow_clients_holding_every_descriptor_never_keep_the_browser_waiting(
    tmp_path: Path, count: int, opener: Callable[[int, int], list[socket.socket]]
) -> None:
    """Slow heads, event streams asked for and never closed (each a request answered for as long as the server
    runs), or downloads of a large file stalled (each held its thread, the connection and the file until a write
    timed out, 30 s: forty held every descriptor): past the most at once the oldest are closed, and the browser is
    answered. A download taken is never refused its file (503) for want of a descriptor: one held back for the whole
    server was taken by whichever client's file came first, the browser's robots.txt then refused."""
    root, port = site(tmp_path), free_port()
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONUNBUFFERED": "1"}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-c", "from jiading_cli.cli import main; main()", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_limited
    )
    stop = threading.Event()
    held: list[socket.socket] = []
    try:
        assert process.stdout is not None
        while "Serving" not in process.stdout.readline():
            assert process.poll() is None, process.communicate()
        with (root / "public-preview" / BIG_FILE).open("wb") as big:
            big.truncate(BIG_SIZE)
        held = opener(port, count)
        threading.Thread(target=_trickle, args=(held, stop), daemon=True).start()
        time.sleep(1.5)  # every head slow by now
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=10) as answer:
            assert answer.status == 200
        assert time.monotonic() - started < 5
        ended = _cut_short if opener is _downloads else _ended
        assert count < 60 // 4 or any(ended(connection) for connection in held)  # the oldest ones
        if opener is _downloads:  # each connection taken got its file: none was refused it for want of a descriptor
            assert b"HTTP/1.0 503" not in {_first(connection) for connection in held}
    finally:
        stop.set()
        for connection in held:
            connection.close()
        process.terminate()
        _, errors = process.communicate(timeout=60)
    assert "Traceback" not in errors


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setattr(heads, "IDLE", 2.0)  # a head's time in all, shortened for the test
    with previewing(tmp_path) as preview:
        yield preview.port


def test_a_head_trickled_for_longer_than_its_time_in_all_is_closed(server: int) -> None:
    stop = threading.Event()
    held = _slow(server, 1)
    threading.Thread(target=_trickle, args=(held, stop), daemon=True).start()
    try:
        end = time.monotonic() + 10
        while not _closed(held[0]) and time.monotonic() < end:
            time.sleep(0.1)
        assert time.monotonic() < end, "the head trickled on for 10 s"
    finally:
        stop.set()
        held[0].close()


def test_a_head_sent_in_parts_within_a_second_is_answered_among_many_slow_ones(server: int) -> None:
    held = _slow(server, 150)
    try:
        time.sleep(1.2)
        with socket.create_connection(("127.0.0.1", server), timeout=5) as connection:
            connection.sendall(b"GET /robots.txt HTTP/1.1\r\n")
            time.sleep(0.5)
            connection.sendall(b"Host: localhost\r\nConnection: close\r\n\r\n")
            answer = b""
            while data := connection.recv(65536):
                answer += data
        assert answer.startswith(b"HTTP/1.0 200 OK\r\n")
    finally:
        for connection in held:
            connection.close()


@pytest.mark.parametrize("refusals", [1, 1000])
def test_a_page_that_is_there_is_never_the_404_page_while_descriptors_run_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusals: int
) -> None:
    """The process out of descriptors for a moment (clients holding connections, until the oldest are closed): the
    page is opened in the place of the descriptor held back for it and answered; one still refused is 503, naming
    the file, never 404."""
    import errno
    import urllib.error

    from jiading_cli.app import servedfiles

    opened = os.open
    left = {"refusals": refusals}

    def crowded(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("robots.txt") and left["refusals"] > 0:
            left["refusals"] -= 1
            raise OSError(errno.EMFILE, "Too many open files")
        return opened(path, flags, *args)

    with previewing(tmp_path) as preview:
        port = preview.port
        monkeypatch.setattr(servedfiles.os, "open", crowded)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=10) as answer:
                status, body = answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            status, body = refused.code, refused.read()
    if refusals == 1:  # opened in the place of the descriptor held back
        assert (status, body.startswith(b"User-agent")) == (200, True)
    else:
        assert (status, body) == (503, b"robots.txt: cannot open it now (Too many open files); reload the page\n")
