"""What the preview folder may hold and how a client may behave, against the preview server: a file that is not a
regular one (a FIFO, a socket, a link to one) is the 404 page at once, never a request that waits for ever; a file
of any size is sent a chunk at a time, in memory bounded by a chunk, and one that changes while it is sent ends
the answer, never holds it; a silent connection is closed; event-stream clients that drop cost nothing."""

from __future__ import annotations

import io
import os
import socket
import struct
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from jiading_cli.app import preview_http
from jiading_cli.app.serve import Session
from serve.running import previewing

BIG = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Session]]:
    with previewing(tmp_path_factory.mktemp("sweep")) as preview:
        yield preview.port, preview.session


def _connect(port: int, timeout: float = 10) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def _ask(port: int, path: str, method: str = "GET") -> tuple[bytes, int]:
    """The status line and headers, and how many bytes of body came (read and let go a chunk at a time)."""
    with _connect(port) as connection:
        connection.sendall(f"{method} {path} HTTP/1.0\r\n\r\n".encode())
        head, size = b"", -1
        while chunk := connection.recv(65536):
            if size >= 0:
                size += len(chunk)
                continue
            head += chunk
            if b"\r\n\r\n" in head:
                head, _, rest = head.partition(b"\r\n\r\n")
                size = len(rest)
    return head, size


def _length(head: bytes) -> int:
    [value] = [line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    return int(value)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(path))  # left bound: a socket file stays in the folder
    listening.close()


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name(path.name + ".target"))
    path.symlink_to(path.name + ".target")


def _link_loop(path: Path) -> None:
    path.symlink_to(path.name)


KINDS = {"fifo": _fifo, "socket": _socket, "link to a fifo": _link_to_fifo, "link to itself": _link_loop}
NAMES = ["odd.txt", "odd.html", "odd.xml", "en/odd/index.html", "odd.bin"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_that_is_not_a_regular_one_is_not_found_at_once(
    served: tuple[int, Session], kind: str, name: str
) -> None:
    port, session = served
    target = session.folder / name.replace("odd", f"odd-{kind.replace(' ', '-')}")
    target.parent.mkdir(parents=True, exist_ok=True)
    KINDS[kind](target)
    asked = "/" + target.relative_to(session.folder).as_posix().removesuffix("index.html")
    errors = io.StringIO()
    started = time.monotonic()
    with redirect_stderr(errors):
        for method in ("GET", "HEAD"):
            head, _ = _ask(port, asked, method)
            assert head.startswith(b"HTTP/1.0 404 "), (asked, head[:80])
        assert _ask(port, "/en/")[0].startswith(b"HTTP/1.0 200 ")
    assert time.monotonic() - started < 5
    assert not errors.getvalue()


@pytest.mark.parametrize("name", ["big.bin", "big.html", "big.xml", "big.mp4"])
def test_a_file_of_any_size_is_sent_whole_in_memory_bounded_by_a_chunk(served: tuple[int, Session], name: str) -> None:
    port, session = served
    target = session.folder / name
    with target.open("wb") as sparse:
        sparse.truncate(BIG)
    try:
        tracemalloc.start()
        head, size = _ask(port, "/" + name)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert head.startswith(b"HTTP/1.0 200 ") and _length(head) == size == BIG, head
        assert peak < 8 * 1024 * 1024, peak
        head, size = _ask(port, "/" + name, "HEAD")
        assert _length(head) == BIG and size == 0
    finally:
        target.unlink()


@pytest.mark.parametrize("change", ["shrinks", "grows", "is replaced"])
def test_a_file_that_changes_while_it_is_sent_ends_the_answer(served: tuple[int, Session], change: str) -> None:
    port, session = served
    target = session.folder / f"changing-{change.replace(' ', '-')}.bin"
    target.write_bytes(b"a" * BIG)
    with _connect(port) as connection:
        connection.sendall(f"GET /{target.name} HTTP/1.0\r\n\r\n".encode())
        answer = connection.recv(4096)
        time.sleep(0.2)
        if change == "shrinks":
            os.truncate(target, 1024)
        elif change == "grows":
            with target.open("ab") as more:
                more.write(b"b" * BIG)
        else:
            target.with_suffix(".new").write_bytes(b"c")
            target.with_suffix(".new").replace(target)
        while chunk := connection.recv(1 << 20):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert _length(head) == BIG
    if change == "shrinks":
        assert len(body) < BIG  # cut short of its length, and the connection closed: the client sees it
    else:
        assert len(body) == BIG and body.count(b"a") == BIG  # the file as it was opened, at its size
    target.unlink()


def test_a_silent_connection_is_closed(served: tuple[int, Session], monkeypatch: pytest.MonkeyPatch) -> None:
    port, _ = served
    idle = preview_http.Handler.timeout
    assert idle is not None and 0 < idle <= 60  # how long a silent connection holds a thread
    monkeypatch.setattr(preview_http.Handler, "timeout", 0.5)
    errors = io.StringIO()
    with redirect_stderr(errors), _connect(port) as connection:
        connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: localhost\r\n")  # and never the end of its headers
        started = time.monotonic()
        assert connection.recv(65536) == b""
        assert time.monotonic() - started < 5
    assert "Traceback" not in errors.getvalue()


def test_event_stream_clients_dropping_cost_nothing(served: tuple[int, Session]) -> None:
    port, session = served
    errors = io.StringIO()
    with redirect_stderr(errors):
        clients = []
        for n in range(40):
            client = _connect(port)
            client.sendall(b"GET /_jiading/live HTTP/1.0\r\n\r\n")
            seen = b""
            while b"event: state" not in seen and (chunk := client.recv(65536)):
                seen += chunk
            assert b"event: state" in seen
            if n % 2:  # half of them reset, half closed
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            clients.append(client)
        for client in clients:
            client.close()
        for _ in range(3):  # each stream writes after each rebuild: to a client that is gone
            with session.changes:
                session.generation += 1
                session.changes.notify_all()
            time.sleep(0.2)
        assert _ask(port, "/en/")[0].startswith(b"HTTP/1.0 200 ")
    assert not errors.getvalue()
