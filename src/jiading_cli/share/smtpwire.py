"""The SMTP wire, under the session :mod:`jiading_cli.share.smtp` runs: one reader of replies for every stage, a
command or the message written only when the server has said nothing out of turn, and a session's sockets held
so that it can be given up.

A reply is read only as the answer to the command it follows: bytes the server sent beyond it (``354 go``, then
``451 early`` in the same write) are no answer to what jiading sends next, and the session ends before sending
it (:class:`OutOfTurn`). What is written goes a chunk at a time, each within ``share.timeout``: a message of any
size is held to progress (the session to its whole budget), never to one timeout for all of it.
"""

from __future__ import annotations

import re
import select
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from jiading_cli.base.iphosts import unbracketed
from jiading_cli.base.urls import ascii_host
from jiading_cli.share import trust
from jiading_cli.share.email import EmailSection
from jiading_cli.share.replies import shown

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

LINE_MAX: int = getattr(smtplib, "_MAXLINE", 8192)  # the longest reply line smtplib reads
REPLY_MAX = 64 * 1024  # bytes of one reply, all its lines: far beyond any server's EHLO, the longest it sends
CHUNK = 32 * 1024  # bytes written at a time, each within share.timeout (a socket's sendall has one for all)
REPLY_LINE = re.compile(rb"[0-9]{3}(?:[ -]|\r?\n|\Z)")  # RFC 5321, 4.2: 3 digits, then a space, a hyphen or the end


class OutOfTurn(smtplib.SMTPException):
    """The server sent bytes no command asked for, found as jiading was about to send (``said``: what came;
    ``went``: how many bytes of what was being written had gone before, 0 when none)."""

    def __init__(self, said: bytes, went: int = 0) -> None:
        super().__init__("the server spoke out of turn")
        self.said = said
        self.went = went


LOGINS = ("CRAM-MD5", "PLAIN", "LOGIN")  # the SASL mechanisms smtplib logs in with, in the order it tries them


def no_login(smtp: smtplib.SMTP, host: str) -> str | None:
    """Why the server's answer to EHLO offers no login jiading can make (no ``AUTH`` at all, or none of
    :data:`LOGINS`: a server that takes only ``XOAUTH2``), which no second try changes; None when it offers one."""
    if not smtp.has_extn("auth"):
        return (
            f"{host} offers no login (its answer to EHLO names no AUTH), and email.smtp_user is set: unset it for a "
            "server that takes mail without one, or check email.smtp_host and email.smtp_port"
        )
    offered = smtp.esmtp_features.get("auth", "").split()
    if any(method in offered for method in LOGINS):
        return None
    said = shown(" ".join(offered)) or "with no method"
    return f"{host} offers no login jiading can make (AUTH {said}); jiading logs in with CRAM-MD5, PLAIN or LOGIN"


class TooLong(Exception):
    """A reply grew past :data:`REPLY_MAX` bytes: no SMTP reply."""


class Reader:
    """The reading side of a session's socket, as smtplib reads it (``readline``), which can tell whether the
    server has sent anything not yet read (:meth:`waiting`) without waiting for it. A reply is read up to
    :data:`REPLY_MAX` bytes, as an HTTP answer up to its limit: one of lines without end, sent as fast as the
    connection goes, would otherwise be held whole until the session's time ran out (gigabytes a minute)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.lines: list[bytes] = []  # the lines of the reply being read
        self.size = 0  # their bytes

    def readline(self, size: int = -1) -> bytes:
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0 and (size < 0 or end < size):
                return self._take(end + 1)
            if 0 <= size <= len(self.buffer):
                return self._take(size)
            chunk = self.sock.recv(65536)
            if not chunk:
                return self._take(len(self.buffer))
            self.buffer += chunk

    def begin(self) -> None:
        """A new reply is read from here."""
        self.lines, self.size = [], 0

    def _take(self, count: int) -> bytes:
        line = bytes(self.buffer[:count])
        del self.buffer[:count]
        self.size += len(line)
        if self.size > REPLY_MAX:
            raise TooLong(f"a reply of more than {REPLY_MAX // 1024} KiB")
        self.lines.append(line)
        return line

    def waiting(self) -> bytes:
        """What the server sent that is not yet read, taken without waiting: ``b""`` when nothing came. The end of
        the stream is nothing said (the write that follows meets the closed connection), and neither is a TLS
        record that holds no data (a session ticket)."""
        if not self.buffer:
            pending = self.sock.pending() if isinstance(self.sock, ssl.SSLSocket) else 0
            try:
                readable = pending or select.select([self.sock], [], [], 0)[0]
            except (OSError, ValueError):
                return b""
            if readable:
                timeout = self.sock.gettimeout()
                with suppress(OSError):  # nothing to take now (a TLS record without data), or the socket ended
                    self.sock.settimeout(0)
                    self.buffer += self.sock.recv(65536)
                with suppress(OSError):
                    self.sock.settimeout(timeout)
        return bytes(self.buffer)

    def close(self) -> None:
        self.buffer.clear()


def _one_code(smtp: smtplib.SMTP, read: Callable[[], tuple[int, bytes]]) -> tuple[int, bytes]:
    """``read()``, the reply smtplib reads, whose code is that of its last line: a reply of several lines whose
    codes differ ('250-queued' then '451 try later'), which SMTP never sends (RFC 5321, 4.2.1), says nothing
    certain, and is read as a reply that is not SMTP (-1): after the message, "it may have been sent", never
    a refusal to send it again over; before it, the message fails unsent. So is a line longer than smtplib reads,
    for which it makes up a 500 of its own, a reply longer than :data:`REPLY_MAX`, whose reading stops there, and
    one with a line not of SMTP's form (:data:`REPLY_LINE`): smtplib reads a code as the line's first three
    characters, whatever follows them, so '2501 ok' was a 250 (sent) and '4511 later' a 451 (sent again over)."""
    if not isinstance(smtp.file, Reader):
        if smtp.sock is None:
            return read()  # smtplib's own "not connected"
        smtp.file = Reader(smtp.sock)
    seen = smtp.file
    seen.begin()
    try:
        code, text = read()
    except TooLong:
        return (-1, b"too long")  # a text: with none, smtplib takes a -1 to EHLO for a connection lost
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code == 500 and seen.lines and len(seen.lines[-1]) > LINE_MAX:
            return (-1, b"too long")  # smtplib's own "500 Line too long.", which the server never said
        raise
    lines = [line for line in seen.lines if line]
    if len({line[:3] for line in lines}) > 1 or not all(REPLY_LINE.match(line) for line in lines):
        return (-1, text)
    return code, text


class Held:
    """The sockets of one session, and whether it was given up: a session given up can do nothing after, however
    far it got. Its sockets are shut down then, and one it opens later (a connection that was still being made) is
    closed as it comes, never used: no given-up session reads its greeting late, then sends the message."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.given_up = False
        self.sockets: list[socket.socket] = []
        self.sessions: list[smtplib.SMTP] = []

    def keep(self, smtp: smtplib.SMTP) -> None:
        with self.lock:
            self.sessions.append(smtp)

    def take(self, sock: socket.socket) -> socket.socket:
        """A socket the session just opened: kept to shut down, or closed at once when the session was given up."""
        with self.lock:
            if not self.given_up:
                self.sockets.append(sock)
                return sock
        sock.close()
        raise OSError("the session was given up while it connected")

    def give_up(self) -> None:
        """Shut down every socket the session opened (and the TLS one it wraps, when it became TLS): that wakes
        the thread blocked reading it, whose read ends, and the thread with it. Not ``smtp.close()``: closing the
        reply's reader could wait for the thread reading it."""
        with self.lock:
            self.given_up = True
            found = [*self.sockets, *(getattr(smtp, "sock", None) for smtp in self.sessions)]
        for sock in found:
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue


class Guarded(smtplib.SMTP):
    """A session whose every socket goes through its :class:`Held` (``held``) as it is opened, whose replies are
    read by one rule (:func:`_one_code`), and which writes nothing while the server has said something not read:
    whatever is written is written in turn, a chunk at a time."""

    held: Held
    _host: str  # smtplib's: the name TLS checks the server's certificate for
    secrets: list[bytes]  # what this session sent as a secret, in every form it went: never in a text shown
    in_login: bool = False  # what is sent now is the login's: each word of it a secret

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return self.held.take(super()._get_socket(host, port, timeout))  # type: ignore[misc]

    def getreply(self) -> tuple[int, bytes]:
        code, text = _one_code(self, super().getreply)
        return code, self.redacted(text)

    def redacted(self, text: bytes) -> bytes:
        """A server's text with whatever this session sent as a secret taken out: a server echoing the login (its
        base64, or the password decoded) shows nothing of it."""
        for secret in sorted(set(self.secrets), key=len, reverse=True):
            text = text.replace(secret, b"[redacted]")
        return text

    def send(self, s: ReadableBuffer | str) -> None:
        """Write ``s`` a chunk at a time, each within the timeout (held to progress, whatever the size), and each only
        while the server has said nothing out of turn: what it says while a message goes is found before the next
        chunk (:class:`OutOfTurn`); the message's final dot is a write of its own (:data:`END`), never sent then."""
        data = s.encode("ascii") if isinstance(s, str) else bytes(s)
        if self.in_login:  # AUTH's answers in base64 (PLAIN's blob, LOGIN's user and password): each a secret
            words = data.split()
            self.secrets.extend(word for word in words[2 if words[:1] == [b"AUTH"] else 0 :] if word)
        for start in range(0, len(data), CHUNK):
            if said := self.waiting():
                raise OutOfTurn(self.redacted(said), start)
            super().send(data[start : start + CHUNK])

    def waiting(self) -> bytes:
        """What the server sent that no reply read took (:meth:`Reader.waiting`)."""
        return self.file.waiting() if isinstance(self.file, Reader) else b""

    def secure(self, context: ssl.SSLContext) -> None:
        """Make the connection TLS, as smtplib does after STARTTLS's 220; nothing read before it (a reply sent with
        the 220, which anyone on the way may have put there) is taken afterwards."""
        if said := self.waiting():
            raise OutOfTurn(self.redacted(said))
        assert self.sock is not None
        self.sock = context.wrap_socket(self.sock, server_hostname=self._host)
        self.file = None
        self.helo_resp = self.ehlo_resp = None
        self.esmtp_features = {}
        self.does_esmtp = False


class _SMTP(Guarded):
    pass


class _SMTPS(smtplib.SMTP_SSL, Guarded):  # the TLS socket wraps the one Guarded keeps
    pass


def connect(email: EmailSection, timeout: float, held: Held) -> Guarded:
    """A session made and kept by ``held`` before it connects, so that giving it up reaches it whatever it is
    doing: connecting, reading the greeting, or anything after."""
    name = socket.gethostname() or "localhost"
    smtp: Guarded
    if email.smtp_security == "tls":
        smtp = _SMTPS(local_hostname=name, timeout=timeout, context=trust.context())
    else:
        smtp = _SMTP(local_hostname=name, timeout=timeout)
    smtp.held = held
    smtp.secrets = []
    # as browsers take it (Python's socket would read it by IDNA 2003: ß as ss); an IPv6 address without brackets
    host = ascii_host(unbracketed(email.smtp_host))
    smtp._host = host  # the name TLS checks the certificate for, as the constructor sets it (which would connect)
    held.keep(smtp)
    try:
        code, text = smtp.connect(host, email.smtp_port)
        if code != 220:  # as the constructor would check it: a greeting other than 220 ends the session
            raise smtplib.SMTPConnectError(code, text)
    except BaseException:
        smtp.close()
        raise
    return smtp


END = b".\r\n"  # the line that ends a message (:func:`dotted`)


def dotted(data: bytes) -> bytes:
    """The message as DATA sends it (RFC 5321, 4.5.2): each line that starts with a dot gets another, and a line
    with a lone dot ends it."""
    body = re.sub(rb"(?m)^\.", b"..", data)
    return body + (b"" if body.endswith(b"\r\n") else b"\r\n") + END


def leave(smtp: smtplib.SMTP) -> None:
    """QUIT, or close the connection when that fails: whatever it meets, the session is over."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
