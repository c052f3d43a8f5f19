"""A forward proxy on loopback, as a corporate network's is: ``CONNECT`` tunnels for ``https://`` URLs and
absolute-form requests for ``http://`` ones, each request's head logged. ``tunnel`` is the status it answers
``CONNECT`` with (anything but 200 refuses the tunnel, as a proxy asking for credentials does); :data:`SILENT`
answers nothing and holds the connection until the client leaves, :data:`HANG_UP` closes it unanswered."""

from __future__ import annotations

import selectors
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SILENT = 0  # a tunnel asked for and never answered
HANG_UP = -1  # a tunnel asked for, and the connection closed without an answer


@dataclass
class Seen:
    line: str  # the request line, as the client sent it
    headers: dict[str, str]


@dataclass
class Proxy:
    port: int
    tunnel: int
    log: list[Seen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _head(conn: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Bytes both ways until either side closes."""
    with selectors.DefaultSelector() as sel:
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        while True:
            for key, _ in sel.select(timeout=10):
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                data = source.recv(65536)
                if not data:
                    return
                key.data.sendall(data)


def _serve(proxy: Proxy, conn: socket.socket) -> None:
    with conn:
        found = _head(conn)
        if found is None:
            return
        head, rest = found
        line, *fields = head.decode("latin-1").split("\r\n")
        headers = {name.strip().lower(): value.strip() for name, _, value in (f.partition(":") for f in fields)}
        proxy.log.append(Seen(line, headers))
        method, target, version = line.split(" ")
        if method == "CONNECT" and proxy.tunnel == SILENT:
            conn.recv(1)  # until the client closes it
            return
        if method == "CONNECT" and proxy.tunnel == HANG_UP:
            return
        if method == "CONNECT":
            if proxy.tunnel != 200:
                conn.sendall(f"HTTP/1.1 {proxy.tunnel} Refused\r\nContent-Length: 0\r\n\r\n".encode())
                return
            host, _, port = target.rpartition(":")
            upstream = socket.create_connection((host, int(port)))
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            parts = urlsplit(target)
            upstream = socket.create_connection((parts.hostname or "", parts.port or 80))
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            kept = [f for f in fields if not f.lower().startswith("proxy-")]
            upstream.sendall("\r\n".join([f"{method} {path} {version}", *kept]).encode("latin-1") + b"\r\n\r\n" + rest)
        with upstream:
            _pipe(conn, upstream)


@contextmanager
def forward_proxy(tunnel: int = 200) -> Iterator[Proxy]:
    """A proxy on 127.0.0.1 for the block, stopped after it."""
    listener = socket.create_server(("127.0.0.1", 0))
    proxy = Proxy(listener.getsockname()[1], tunnel)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_safely, args=(proxy, conn), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        stop.set()
        with suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept waiting in the thread
        listener.close()
        thread.join(5)


def _safely(proxy: Proxy, conn: socket.socket) -> None:
    with suppress(OSError, ValueError):
        _serve(proxy, conn)
