"""A loopback HTTP server that keeps each connection open and answers every request read on it, in turn, with the
bytes ``answer(number, request)`` gives: the requests are numbered from 1 across all connections. ``PAUSE`` in
the bytes waits a moment before what follows is written, as a server that sends an interim answer (``103 Early
Hints``) writes the final one later."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from share.dropping import _read_request

PAUSE = b"<pause>"
Answer = Callable[[int, bytes], bytes]


@dataclass
class KeptAlive:
    port: int
    answer: Answer
    pause: float = 0.3
    requests: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self, conn: socket.socket) -> None:
        with conn:
            while True:
                request = _read_request(conn)
                if not request:
                    return
                with self.lock:
                    self.requests.append(request)
                    number = len(self.requests)
                try:
                    for index, part in enumerate(self.answer(number, request).split(PAUSE)):
                        if index:
                            time.sleep(self.pause)
                        conn.sendall(part)
                except OSError:
                    return


@contextmanager
def kept_alive_server(answer: Answer, pause: float = 0.3) -> Iterator[KeptAlive]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    server = KeptAlive(listener.getsockname()[1], answer, pause)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=server.serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield server
    finally:
        listener.close()
