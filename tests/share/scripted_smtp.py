"""A loopback SMTP server that answers as a script says: any reply at any stage (the greeting, EHLO, MAIL, each
RCPT, DATA, after the final dot), garbage, a slow greeting, or a connection dropped. It keeps what it was sent.

``replies`` maps a stage (``greeting``, ``EHLO``, ``HELO``, ``MAIL``, ``RCPT``, ``RCPT <address>``, ``DATA``,
``DOT``, ``QUIT``) to the raw bytes answered; :data:`DROP` closes the connection instead. A stage not named gets
the answer of a server that accepts everything.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

DROP = b""  # close the connection instead of answering
ACCEPTING = {
    "greeting": b"220 mail.example.com ESMTP\r\n",
    "EHLO": b"250-mail.example.com\r\n250 8BITMIME\r\n",
    "HELO": b"250 mail.example.com\r\n",
    "MAIL": b"250 OK\r\n",
    "RCPT": b"250 OK\r\n",
    "DATA": b"354 go ahead\r\n",
    "DOT": b"250 queued\r\n",
    "QUIT": b"221 bye\r\n",
    "RSET": b"250 OK\r\n",
    "NOOP": b"250 OK\r\n",
}


@dataclass
class Scripted:
    port: int
    replies: dict[str, bytes]
    greeting_delay: float = 0.0
    sessions: int = 0
    messages: list[bytes] = field(default_factory=list)  # each message whose final dot the server received
    commands: list[str] = field(default_factory=list)

    def answer(self, stage: str, line: str = "") -> bytes:
        verb = line.split(" ", 1)[0].upper() if line else stage
        if verb == "RCPT":
            address = line.partition(":")[2].strip().strip("<>")
            if f"RCPT {address}" in self.replies:
                return self.replies[f"RCPT {address}"]
        return self.replies.get(verb, ACCEPTING.get(verb, b"502 not implemented\r\n"))


def _lines(conn: socket.socket) -> Iterator[bytes]:
    buffer = b""
    while True:
        while b"\r\n" not in buffer:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buffer += chunk
        line, _, buffer = buffer.partition(b"\r\n")
        yield line


def _session(server: Scripted, conn: socket.socket) -> None:
    server.sessions += 1
    time.sleep(server.greeting_delay)
    greeting = server.answer("greeting")
    if greeting == DROP:
        return
    conn.sendall(greeting)
    lines = _lines(conn)
    for raw in lines:
        line = raw.decode("utf-8", "replace")
        server.commands.append(line)
        reply = server.answer(line, line)
        if reply == DROP:
            return
        conn.sendall(reply)
        if line.upper() == "QUIT":
            return
        if line.upper() == "DATA" and reply.startswith(b"354"):
            body = []
            for data_line in lines:
                if data_line == b".":
                    break
                body.append(data_line)
            else:
                return
            server.messages.append(b"\r\n".join(body))
            dot = server.answer("DOT")
            if dot == DROP:
                return
            conn.sendall(dot)


@contextmanager
def scripted_smtp(replies: dict[str, bytes] | None = None, greeting_delay: float = 0.0) -> Iterator[Scripted]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    server = Scripted(listener.getsockname()[1], dict(replies or {}), greeting_delay)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    _session(server, conn)
                except OSError:
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()
