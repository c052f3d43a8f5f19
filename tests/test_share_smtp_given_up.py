"""A mail session given up can do nothing after: however far it got, it never goes on to send the message.

The session is given up at its deadline while its thread is blocked. A greeting that trickles in, each byte
within ``share.timeout`` but the whole past the session's deadline, used to be read inside smtplib's constructor,
before the session could be reached; given up there, its thread read the rest of the greeting later and sent the
message beside the session that tried again: two messages.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

from share.sites import make_site

GREETING = b"220 mail.example.com slow ESMTP service ready\r\n"  # 47 bytes


class LateGreeting:
    """An SMTP relay whose first session writes its greeting a byte every 0.08 s (about 3.8 s, past a session's
    deadline of 2 s at ``share.timeout = 0.5``), then accepts the message like the others. Keeps each message."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.sessions = 0
        self.messages: list[bytes] = []
        self.done = threading.Event()  # the first session's greeting was written whole, or could not be
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.sessions += 1
            threading.Thread(target=self._talk, args=(conn, self.sessions == 1), daemon=True).start()

    def _talk(self, conn: socket.socket, slow: bool) -> None:
        with conn, conn.makefile("rb") as lines:
            try:
                self._session(conn, lines, slow)
            except OSError:
                return
            finally:
                if slow:
                    self.done.set()

    def _session(self, conn: socket.socket, lines: object, slow: bool) -> None:
        if slow:
            for byte in GREETING:
                conn.sendall(bytes([byte]))
                time.sleep(0.08)
        else:
            conn.sendall(GREETING)
        if slow:
            self.done.set()
        for line in lines:  # type: ignore[attr-defined]
            verb = line[:4].upper()
            if verb == b"DATA":
                conn.sendall(b"354 go ahead\r\n")
                message = b""
                for body in lines:  # type: ignore[attr-defined]
                    if body == b".\r\n":
                        break
                    message += body
                self.messages.append(message)
                conn.sendall(b"250 queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.listener.close()


@pytest.mark.parametrize("attempts", [3, 1])
def test_a_session_given_up_at_its_greeting_never_sends_the_message_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempts: int
) -> None:
    server = LateGreeting()
    try:
        monkeypatch.chdir(tmp_path)
        site = make_site(tmp_path, smtp_port=server.port, timeout=0.5)
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("attempts = 3", f"attempts = {attempts}"))
        site.article()
        result = site.run("share", "--post", "--network", "email")
        server.done.wait(10)  # the given-up session's greeting, written whole or cut off
        time.sleep(0.5)  # time for that session to go on, were it able to
        if attempts == 1:  # given up at the greeting: not sent, nothing recorded, and nothing sent after
            assert result.exit_code == 1
            failed = r"failed     email     articles/a\.md  could not talk to .*gave up after 1 try"
            assert re.search(failed, result.output), result.output
            assert site.records() == [] and server.messages == []
        else:  # sent once, by the session that tried again
            assert result.exit_code == 0, result.output
            assert "posted     email     articles/a.md  <" in result.output
            assert [record["state"] for record in site.records()] == ["posted"]
            assert len(server.messages) == 1
    finally:
        server.close()
