"""A loopback SMTP server that answers as a script says: any reply at any stage (the greeting, EHLO, MAIL, each
RCPT, DATA, after the final dot), garbage, a slow greeting, or a connection dropped. It keeps what it was sent.

``replies`` maps a stage (``greeting``, ``EHLO``, ``HELO``, ``STARTTLS``, ``AUTH``, ``MAIL``, ``RCPT``,
``RCPT <address>``, ``DATA``, ``BODY`` (said once the message's first line came, while the rest is still coming),
``DOT``, ``QUIT``; ``*`` a line of any other verb, an AUTH answer say) to the
raw bytes answered, in which ``%LINE%`` stands for the line received (a server echoing it); :data:`DROP` closes
the connection instead, :data:`STALL` answers nothing and keeps it open until the client leaves, :data:`TRICKLE`
writes a byte every 0.1 s and never ends the line, :data:`FLOOD` writes lines of a reply that never ends
(``250-`` continuations) as fast as the connection takes them. A stage not named gets the answer of a server that
accepts everything.
``read_rate`` (bytes a second) makes it a slow reader: it reads 16 KiB at a time, and waits as long as that rate
says before reading more. ``reply_delay`` (seconds) is how long it takes to answer each command, as a server
across a network does.

``limit`` caps the recipients of a transaction as RFC 5321 (4.5.3.1.10) lets a server: each RCPT TO past that many
accepted is answered ``452 4.5.3 Too many recipients`` (or what ``replies`` says for ``LIMIT``). ``down`` is how many
sessions it takes: each one after is dropped at once, as a server gone (set it to None again to take them);
``by_session`` gives the nth session's replies to some stages (``{2: {"DOT": DROP}}``).
Each message kept has its envelope in ``envelopes``: the recipients whose RCPT TO it accepted.

Given a ``tls`` context, a 220 to STARTTLS makes the connection TLS, and a command after it is answered by
``<stage> TLS`` when the script names one (``EHLO TLS``: the EHLO sent again over TLS).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

DROP = b""  # close the connection instead of answering
STALL = b"\0"  # answer nothing, and keep the connection open until the client closes it
TRICKLE = b"\0\0"  # a byte every 0.1 s (each read in time), the reply never ending
FLOOD = b"\0\0\0"  # lines of one reply without end, as fast as they go
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
    "AUTH": b"235 2.7.0 authenticated\r\n",
    "STARTTLS": b"220 2.0.0 ready\r\n",
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
    tls: ssl.SSLContext | None = None
    read_rate: float = 0.0
    reply_delay: float = 0.0
    limit: int | None = None
    down: int | None = None
    by_session: dict[int, dict[str, bytes]] = field(default_factory=dict)  # replies of the nth session (from 1)
    envelopes: list[list[str]] = field(default_factory=list)

    def answer(self, stage: str, line: str = "", secured: bool = False) -> bytes:
        verb = line.split(" ", 1)[0].upper() if line else stage
        if verb in self.by_session.get(self.sessions, {}):
            return self.by_session[self.sessions][verb]
        if secured and f"{verb} TLS" in self.replies:
            return self.replies[f"{verb} TLS"]
        if verb == "RCPT":
            address = line.partition(":")[2].strip().strip("<>")
            if f"RCPT {address}" in self.replies:
                return self.replies[f"RCPT {address}"]
        found = self.replies.get(verb, ACCEPTING.get(verb, self.replies.get("*", b"502 not implemented\r\n")))
        return found.replace(b"%LINE%", line.encode()) if found not in (DROP, STALL, TRICKLE, FLOOD) else found


def _lines(conn: socket.socket, read_rate: float = 0.0) -> Iterator[bytes]:
    buffer = b""
    while True:
        while b"\r\n" not in buffer:
            chunk = conn.recv(16384 if read_rate else 65536)
            if not chunk:
                return
            if read_rate:
                time.sleep(len(chunk) / read_rate)
            buffer += chunk
        line, _, buffer = buffer.partition(b"\r\n")
        yield line


def _say(conn: socket.socket, reply: bytes) -> bool:
    """Write ``reply``; False when the session ends here (dropped, or stalled until the client left)."""
    if reply == STALL:
        while conn.recv(65536):
            continue
        return False
    if reply == TRICKLE:
        while True:  # until the client leaves: the write fails
            conn.sendall(b"2")
            time.sleep(0.1)
    if reply == FLOOD:
        lines = (b"250-" + b"x" * 500 + b"\r\n") * 128
        while True:  # until the client leaves: the write fails
            conn.sendall(lines)
    if reply == DROP:
        return False
    conn.sendall(reply)
    return True


def _session(server: Scripted, conn: socket.socket) -> None:
    server.sessions += 1
    if server.down is not None and server.sessions > server.down:
        return
    time.sleep(server.greeting_delay)
    if not _say(conn, server.answer("greeting")):
        return
    lines = _lines(conn, server.read_rate)
    secured = False
    envelope: list[str] = []
    while (raw := next(lines, None)) is not None:
        line = raw.decode("utf-8", "replace")
        server.commands.append(line)
        time.sleep(server.reply_delay)
        reply = server.answer(line, line, secured)
        verb = line.split(" ", 1)[0].upper()
        if verb in ("MAIL", "RSET"):
            envelope = []
        elif verb == "RCPT" and server.limit is not None and len(envelope) >= server.limit:
            reply = server.replies.get("LIMIT", b"452 4.5.3 Too many recipients\r\n")
        elif verb == "RCPT" and reply.startswith(b"25"):
            envelope.append(line.partition(":")[2].strip().strip("<>"))
        if not _say(conn, reply):
            return
        if line.upper() == "QUIT":
            return
        if line.upper() == "STARTTLS" and reply.startswith(b"220") and server.tls is not None:
            conn = server.tls.wrap_socket(conn, server_side=True)
            lines, secured = _lines(conn, server.read_rate), True
        if line.upper() == "DATA" and reply.startswith(b"354"):
            body = []
            for data_line in lines:
                if data_line == b".":
                    break
                if not body and "BODY" in server.replies and not _say(conn, server.replies["BODY"]):
                    return
                body.append(data_line)
            else:
                return
            server.messages.append(b"\r\n".join(body))
            server.envelopes.append(envelope)
            if not _say(conn, server.answer("DOT")):
                return


@contextmanager
def scripted_smtp(
    replies: dict[str, bytes] | None = None,
    greeting_delay: float = 0.0,
    tls: ssl.SSLContext | None = None,
    read_rate: float = 0.0,
    reply_delay: float = 0.0,
    limit: int | None = None,
) -> Iterator[Scripted]:
    listener = socket.socket()
    if read_rate:  # a small window: what the client sends waits on the reader, not in the kernel's buffers
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    server = Scripted(
        port, dict(replies or {}), greeting_delay, tls=tls, read_rate=read_rate, reply_delay=reply_delay, limit=limit
    )
    stop = threading.Event()

    def talk(conn: socket.socket) -> None:
        with conn:
            try:
                _session(server, conn)
            except OSError:
                return

    def serve() -> None:  # each session in a thread of its own: one that stalls holds no other
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()
