"""A server that answers a byte at a time, each byte within the read timeout, or without end, cannot hold a
command: the whole answer must come within twice the timeout and hold at most 4 MiB (``base/exchange.py``).
Real servers on loopback: one that trickles, one that streams as fast as it can."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import Site
from jiading_cli.base.exchange import LIMIT, Late, TooLarge, exchange
from share.sites import make_site

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"


class Loopback:
    """A TCP server on loopback answering each connection in a thread of its own (:meth:`_answer`)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


class Stubborn(Loopback):
    """An HTTP server that answers every request with headers and then a body that never ends (or a header that
    never ends, ``head``): ``trickle`` a byte every 0.05 s, else as fast as it can."""

    def __init__(self, trickle: bool, head: bytes = HEAD) -> None:
        self.trickle = trickle
        self.head = head  # what is sent before the endless bytes: a whole head, or one cut in a header
        self.requests: list[bytes] = []
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                self.requests.append(conn.recv(65536))
                conn.sendall(self.head)
                while not self.stop.is_set():
                    conn.sendall(b" " if self.trickle else b" " * 65536)
                    if self.trickle:
                        time.sleep(0.05)
            except OSError:
                return


@pytest.fixture(params=["trickling", "endless"])
def stubborn(request: pytest.FixtureRequest) -> Iterator[Stubborn]:
    server = Stubborn(trickle=request.param == "trickling")
    yield server
    server.close()


def test_an_answer_that_never_ends_is_given_up_at_the_deadline_or_the_limit(stubborn: Stubborn) -> None:
    with requests.Session() as session:
        started = time.monotonic()
        with pytest.raises(Late if stubborn.trickle else TooLarge):
            exchange(session, "GET", stubborn.url, timeout=0.5, deadline=1.0, limit=LIMIT)
        assert time.monotonic() - started < 30  # given up, not held until the server stops


def test_a_post_whose_answer_never_ends_is_pending_and_never_sent_again(
    tmp_path: Path, stubborn: Stubborn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=stubborn.url, timeout=0.5)
    site.article()
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "pending    facebook  articles/a.md  Facebook did not answer in full (" in result.output
    assert "the post may have gone out" in result.output
    assert [r["state"] for r in site.records()] == ["intent"]
    sent = len(stubborn.requests)
    again = site.run("share", "--post", "--network", "facebook")
    assert again.exit_code == 1 and "has an unknown outcome" in again.output
    assert len(stubborn.requests) == sent  # never sent blind


def test_a_listing_that_never_ends_sends_nothing(
    tmp_path: Path, stubborn: Stubborn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=stubborn.url, timeout=0.5, reconcile=True)
    site.article()
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    assert "could not ask LinkedIn whether it is posted already" in result.output
    assert all(not request.startswith(b"POST") for request in stubborn.requests)
    assert site.records() == []


def _with_hub(site: Site, url: str) -> str:
    site.article()
    config = (site.root / "jiading.toml").read_text(encoding="utf-8")
    hub = url + "/hub"
    site.write("jiading.toml", config + f'\n[feeds]\nwebsub_hub = "{hub}"\nping_timeout = 1\n')
    return hub


def _owed(site: Site) -> list[str]:
    return list(json.loads((site.root / ".jiading-cache" / "websub-owed.json").read_text())["owed"])


def test_a_hubs_answer_is_its_status_its_body_never_read(site: Site, stubborn: Stubborn) -> None:
    """WebSub's hub says whether it accepts a ping by its status alone: a 2xx whose body trickles or never ends
    accepts each ping at once, never waited for until the deadline nor refused as too large (which kept the feed
    owed and pinged again by every run)."""
    _with_hub(site, stubborn.url)
    started = time.monotonic()
    result = site.run("feed", "build", "--ping")
    assert result.exit_code == 0, result.output
    assert "Pinged the WebSub hub for 6 of 6 changed feed files" in result.output
    assert result.stderr == ""
    assert len(stubborn.requests) == 6
    assert _owed(site) == []
    assert time.monotonic() - started < 6  # no ping waited for its deadline (2 s each)


def test_a_hub_that_never_finishes_its_head_is_one_ping_error(site: Site) -> None:
    """A hub whose status line and headers never end (a header trickled a byte at a time, each within the read
    timeout) is waited for once a run, not once for every feed: the feeds after the one it did not answer are not
    sent, each said on a line of its own and still owed."""
    server = Stubborn(trickle=True, head=b"HTTP/1.1 200 OK\r\nX-Slow: ")
    try:
        hub = _with_hub(site, server.url)
        result = site.run("feed", "build", "--ping")
    finally:
        server.close()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert (site.root / "public" / "feed.xml").is_file()
    first = lines[0].removeprefix(f"Error: ping {hub}: ").removesuffix(": no answer within 1 s")
    assert first.startswith("https://news.example.com/") and first.endswith(("atom.xml", "feed.json", "feed.xml"))
    for line in lines[1:]:
        assert line.startswith(f"Error: ping {hub}: https://news.example.com/"), line
        assert line.endswith(f": not sent: the hub did not answer the ping of {first} in time"), line
    assert len(server.requests) == 1
    assert len(_owed(site)) == 6


class StubbornMail(Loopback):
    """An SMTP server that, ``at`` the greeting or at the answer to the message, trickles reply lines (``250-``
    continuations, a byte every 0.05 s) without ever ending them; before that it answers as a relay."""

    def __init__(self, at: str) -> None:
        self.at = at
        self.messages = 0
        super().__init__()

    def _trickle(self, conn: socket.socket) -> None:
        while not self.stop.is_set():
            for byte in b"250-still here\r\n":
                conn.sendall(bytes([byte]))
                time.sleep(0.05)

    def _answer(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            try:
                if self.at == "greeting":
                    self._trickle(conn)
                conn.sendall(b"220 relay ready\r\n")
                for line in lines:
                    command = line[:4].upper()
                    if command == b"DATA":
                        conn.sendall(b"354 go ahead\r\n")
                        for body in lines:
                            if body == b".\r\n":
                                break
                        self.messages += 1
                        self._trickle(conn)
                    conn.sendall(b"221 bye\r\n" if command == b"QUIT" else b"250 ok\r\n")
            except OSError:
                return


@pytest.mark.parametrize("at", ["greeting", "message"])
def test_a_mail_server_that_never_finishes_a_reply_cannot_hold_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    server = StubbornMail(at)
    try:
        monkeypatch.chdir(tmp_path)
        site = make_site(tmp_path, smtp_port=server.port, timeout=0.5)
        site.article()
        result = site.run("share", "--post", "--network", "email")
        assert result.exit_code == 1
        if at == "greeting":  # nothing handed over: not sent, and the next run may try again
            assert "failed     email     articles/a.md  could not talk to 127.0.0.1:" in result.output
            assert site.records() == [] and server.messages == 0
        else:  # the message was handed over, its answer never ended: perhaps sent, never sent again blind
            assert "did not answer in full while the message was handed over" in result.output
            assert [r["state"] for r in site.records()] == ["intent"]
            again = site.run("share", "--post", "--network", "email")
            assert again.exit_code == 1 and server.messages == 1
        check = site.run("share", "--check", "--network", "email")  # logs in and leaves: held at the greeting only
        assert check.exit_code == (1 if at == "greeting" else 0), check.output
    finally:
        server.close()
