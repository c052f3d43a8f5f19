"""The preview's HTTP server, on 127.0.0.1 only: the preview folder's files, and what only a preview has.

Every HTML page gets a bar at its foot (the article's status, a link to its share preview) and a script that
reloads it after a rebuild and lists the problems of a failed one; RSS and Atom files are sent as built (they name
the ``feed.xsl`` written with them), one naming no stylesheet gets an ``xml-stylesheet`` instruction for
``/_jiading/feeds.xsl``. Under ``/_jiading/``: ``live`` (server-sent events: the rebuild count, the problems, the
index's count), ``live.js``, ``bar.css``, ``feeds.xsl``, ``marks.json`` (links to drafts and scheduled articles) and
``share/{article page}`` (the share preview, made when asked for). Nothing is cached by the browser."""

from __future__ import annotations

import errno
import html
import io
import json
import mimetypes
import os
import re
import socket
import stat
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO
from urllib.parse import SplitResult, quote, unquote, urlsplit

from jiading_cli.app.heads import IDLE, PRESSED_PAUSE, Answers, Heads, Streams
from jiading_cli.app.hostnames import ours
from jiading_cli.app.previewbar import BAR_SHEET, BAR_STYLE, bar, with_bar
from jiading_cli.app.serve import SHARE_PREFIX, Index, Session
from jiading_cli.app.servedfiles import BUSY, Busy, Spares, mode
from jiading_cli.base import blocks
from jiading_cli.base.realpath import real
from jiading_cli.model.errors import JiadingError
from jiading_cli.pages.urls import base_path

HOST = "127.0.0.1"
STYLESHEET = "/_jiading/feeds.xsl"
NOT_FOUND = b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>"
QUERY_SAFE = "/%:@!$&'()*+,;=~?"  # what a URL's path and query keep as written in a Location header
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream
REWRITTEN_MAX = 16 * 1024 * 1024  # bytes of an HTML page or feed the preview adds to; a larger one is sent as it is
CHUNK = 256 * 1024  # bytes of a file read and sent at a time: what one request holds, however large the file
GONE = (BrokenPipeError, ConnectionResetError, TimeoutError)  # a client gone, or silent for IDLE seconds


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = socket.SOMAXCONN  # connections waiting to be taken: never dropped while a burst is taken

    def __init__(self, port: int, session: Session) -> None:
        self.session = session
        self.heads = Heads()  # connections sending a request's head: a slow one never holds its thread for ever
        self.streams = Streams()  # event streams: the oldest closed past the most at once
        self.answers = Answers()  # answers being sent: those that stall closed past the most at once
        self.spares = Spares()  # a descriptor held back for each connection's file
        self.pressed = False  # whether the last connection waiting could not be taken for want of descriptors
        super().__init__((HOST, port), Handler)

    def get_request(self) -> tuple[socket.socket, object]:
        """The next connection, with a spare descriptor for its file; none taken while the two are not to be had."""
        try:
            taken = self.spares.taken(super().get_request)
        except OSError as exc:
            self.pressed = exc.errno in BUSY
            if self.pressed:
                time.sleep(PRESSED_PAUSE)  # the threads letting descriptors go run meanwhile
            raise
        self.pressed = False
        return taken

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        self.spares.let_go(request)
        super().shutdown_request(request)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        self.heads.waiting(request)
        super().process_request(request, client_address)

    def service_actions(self) -> None:  # between connections taken, and at each poll while none come
        self.heads.sweep(self.pressed)
        self.answers.sweep(self.pressed)

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed (the browser went away mid-answer, say) costs that request alone: one line on
        stderr, never a traceback; the server goes on answering."""
        from jiading_cli.base.printable import message_line

        failure = sys.exc_info()[1]
        if isinstance(failure, GONE):
            return
        sys.stderr.write(message_line(f"Warning: a request failed: {type(failure).__name__}: {failure}") + "\n")


@dataclass(frozen=True, slots=True)
class Running:
    """A server answering in a thread of its own."""

    server: Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.session.close()
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


def start(session: Session, port: int) -> Running:
    """Serve ``session`` on 127.0.0.1:``port`` (0: any free port); a JiadingError when it cannot listen."""
    try:
        server = Server(port, session)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise JiadingError(
                f"port {port} on {HOST} is taken (another jiading serve?): stop it, or pass --port N (0: any free port)"
            ) from None
        raise JiadingError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="jiading-serve")
    thread.start()
    return Running(server, thread, f"http://{HOST}:{server.server_address[1]}{base_path(session.config)}")


class Handler(BaseHTTPRequestHandler):
    server: Server
    raw_requestline: bytes  # the request's first line, as the standard handler reads it
    target: SplitResult  # the request's target, read once its line is (:meth:`parse_request`)
    seen: tuple[Index, int]  # the build's index and the rebuild count, as the request found them (:meth:`_answer`)
    server_version = "jiading-serve"
    timeout = IDLE  # each read and write of the connection: a silent one is closed, its thread let go

    def log_message(self, format: str, *args: object) -> None:  # the terminal shows rebuilds, not requests
        pass

    def handle_one_request(self) -> None:
        self.server.answers.done(self.connection)
        self.server.heads.waiting(self.connection)  # the next request's head, on a connection kept open
        super().handle_one_request()

    def finish(self) -> None:
        self.server.heads.answering(self.connection)
        self.server.answers.done(self.connection)
        super().finish()

    def parse_request(self) -> bool:
        """As the standard handler reads a request, but an HTTP/0.9 one (``GET /``, a request line alone): no
        header follows it, so none is waited for (the standard handler reads on, for the idle time-out); and each
        byte of the request line outside printable ASCII read as its escape (:func:`escaped`). Its target is read
        here, once: one no URL can be (``http://[::1/en/``, an unclosed '[') is a bad request, 400."""
        self.raw_requestline = escaped(self.raw_requestline)
        try:
            if len(words := self.raw_requestline.split()) != 2 or words[0] != b"GET":  # not HTTP/0.9's `GET /`:
                self.default_request_version = "HTTP/1.0"  # an error is sent with its status line
                return super().parse_request() and self._read_target()
            rfile, self.rfile = self.rfile, io.BytesIO(b"\r\n")
            try:
                return super().parse_request() and self._read_target()
            finally:
                self.rfile = rfile
        finally:
            self.server.heads.answering(self.connection)

    def _read_target(self) -> bool:
        try:
            self.target = urlsplit(self.path)
        except ValueError:
            self.send_error(400, "Bad request target")
            return False
        if len(self.headers.get_all("Host") or ()) > 1:  # two readers may take either one for the host
            self.send_error(400, "Bad request", "a request names one Host")
            return False
        for named in (self.target.netloc, self.headers.get("Host")):  # another site: never answered (DNS rebinding)
            if not ours(named):
                self.send_error(403, "Host not allowed", f"the preview answers for 127.0.0.1 or localhost, not {named}")
                return False
        return True

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        from jiading_cli.app.sharepreview import changed_page
        from jiading_cli.pages.preview.sharepage import shipped

        session = self.server.session
        self.seen = session.seen()  # before any file is opened: what the answer says of the build is never newer
        self.server.answers.sending(self.connection)
        asked = self.target
        path = decoded(asked.path)
        again = "?" + quote(asked.query, safe=QUERY_SAFE) if asked.query else ""  # kept by a redirect
        if path == "/_jiading/live":
            self._events(session, head)
        elif path == "/_jiading/live.js":
            self._send(200, "text/javascript; charset=utf-8", shipped("live.js"), head)
        elif path == BAR_SHEET:
            self._send(200, "text/css; charset=utf-8", BAR_STYLE.encode("utf-8"), head)
        elif path == STYLESHEET:
            from jiading_cli.feeds.build import stylesheet_bytes

            self._send(200, "text/xsl; charset=utf-8", stylesheet_bytes(), head)
        elif path == "/_jiading/marks.json":
            marks = self.seen[0].marks
            self._send(200, "application/json", json.dumps(marks, ensure_ascii=False).encode("utf-8"), head)
        elif path == SHARE_PREFIX + "/":
            self._send(200, "text/html; charset=utf-8", with_bar(session.share_index(), bar(self.seen, "")), head)
        elif path.startswith(SHARE_PREFIX + "/"):
            found = _name_of(session, path[len(SHARE_PREFIX) :])
            try:
                made = session.share_page(found) if found else None
            except JiadingError as exc:  # its article changed since the last good build: reloaded after the next one
                self._send(409, "text/html; charset=utf-8", changed_page(str(exc), self.seen), head)
                return
            if made is None:
                self._missing(session, head)
            else:
                self._send(200, "text/html; charset=utf-8", with_bar(made, bar(self.seen, "")), head)
        elif path == "/" and base_path(session.config) != "/":  # a base URL with a path: its home is below
            self._redirect(302, quote(base_path(session.config), safe=QUERY_SAFE) + again, head)  # kept as written
        else:
            self._static(session, path, head, again, asked.path.endswith("/"))

    def _static(self, session: Session, path: str, head: bool, again: str = "", slashed: bool = True) -> None:
        found = _file_of(session, path)
        if found is None:
            self._missing(session, head)
            return
        target = (session.served() or session.folder) / found  # found: a name below the folder served
        # a folder asked without its '/' (``/en``, or ``/en%2f``, whose '/' is a name's character): led to it
        if stat.S_ISDIR(mode(target) or 0) or (path.endswith("/") and not slashed):
            # a header is Latin-1: the path as a URL writes it
            self._redirect(301, quote(path if path.endswith("/") else path + "/") + again, head)
            return
        try:
            handle = self.server.spares.regular(self.connection, target)
        except Busy as exc:  # the file may be there: never the 404 page
            reason = f"{found}: cannot open it now ({exc}); reload the page\n".encode()  # the 404 page would lie
            self._send(503, "text/plain; charset=utf-8", reason, head)
            return
        if handle is None:
            self._missing(session, head)
            return
        with handle:
            size = os.fstat(handle.fileno()).st_size
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) else ""
            rewritten = found in self.seen[0].feeds or kind == "text/html"
            if not rewritten or size > REWRITTEN_MAX:
                self._send_file(kind + charset, handle, size, head)
                return
            data = blocks.at_most(handle, REWRITTEN_MAX + 1)
        if found in self.seen[0].feeds:
            from jiading_cli.feeds.xmltext import with_stylesheet

            data, kind = with_stylesheet(data, STYLESHEET), "application/xml"  # only where the file names none
            charset = "; charset=utf-8"
        if kind == "text/html":
            data = with_bar(data, bar(self.seen, found))
        self._send(200, kind + charset, data, head)

    def _missing(self, session: Session, head: bool) -> None:
        try:
            served = session.served()
            handle = None if served is None else self.server.spares.regular(self.connection, served / "404.html")
        except Busy:
            handle = None
        data = NOT_FOUND
        if handle is not None:
            with handle:
                read = blocks.at_most(handle, REWRITTEN_MAX + 1)
            data = read if len(read) <= REWRITTEN_MAX else NOT_FOUND
        self._send(404, "text/html; charset=utf-8", with_bar(data, bar(self.seen, "")), head)

    def _send_file(self, kind: str, handle: BinaryIO, size: int, head: bool) -> None:
        """A file as it is, a chunk at a time. One that shrinks while it is sent ends the answer short of its
        ``Content-Length`` (the connection closes: the client sees it cut); one that grows is sent at its size."""
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(size))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        left = 0 if head else size
        while left > 0 and (chunk := handle.read(min(CHUNK, left))):
            self._write(chunk)
            left -= len(chunk)

    def _write(self, data: bytes) -> None:
        """``data`` sent a chunk at a time, each chunk taken counted as progress (:class:`~.heads.Answers`)."""
        view = memoryview(data)
        for at in range(0, len(view), CHUNK):
            self.wfile.write(view[at : at + CHUNK])
            self.server.answers.sending(self.connection)

    def _redirect(self, code: int, location: str, head: bool) -> None:
        """A redirect to ``location``, a path of this server (its '/'s at the start written as one, so that it never
        names another host), with a short page that links where it leads: what a client shows that does not follow
        it, or that sees no header at all (an HTTP/0.9 request gets the body alone, and an empty answer would be
        none)."""
        location = "/" + location.lstrip("/")  # a path of this server: '//host/…' would lead a browser to that host
        shown = html.escape(location)
        page = f'<!doctype html>\n<title>Moved</title>\n<p>Moved to <a href="{shown}">{shown}</a>.</p>\n'.encode()
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if not head:
            self.wfile.write(page)

    def _send(self, code: int, kind: str, data: bytes, head: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self._write(data)

    def _events(self, session: Session, head: bool = False) -> None:
        """The rebuild count, the problems and the index's count, sent at once and after each rebuild, until the
        server stops (for ``head``, the headers alone)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        last: tuple[int, tuple[str, ...], int] | None = None
        streams = self.server.streams
        self.server.answers.done(self.connection)  # counted among the streams, which never end by themselves
        streams.opened(self.connection, session.changes)
        try:
            while True:
                with session.changes:
                    if last == (session.generation, session.problems, session.index.number) and not session.closing:
                        session.changes.wait(KEEP_ALIVE)
                    if session.closing or not streams.holds(self.connection):
                        return
                    state = (session.generation, session.problems, session.index.number)
                if state == last:
                    self.wfile.write(b": still here\n\n")
                else:
                    told = {"generation": state[0], "problems": list(state[1]), "index": state[2]}
                    data = json.dumps(told, ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    last = state
                self.wfile.flush()
        except GONE:
            return
        finally:
            streams.closed(self.connection)


RAW = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff]")


def escaped(line: bytes) -> bytes:
    """A request line with each byte outside printable ASCII (but the tab, CR and LF that split and end it) as its
    escape, ``%XX``: curl sends raw UTF-8 (``?q=é``) as it is, which the standard handler read as Latin-1, a redirect
    wrote again as UTF-8, and 0x85 or 0xA0 (of ``à``) cut as white space. A redirect keeps the query byte for byte."""
    return RAW.sub(lambda found: b"%%%02X" % found[0][0], line) if RAW.search(line) else line


def decoded(path: str) -> str:
    """A URL's path as the preview reads it: its percent-escapes decoded as UTF-8 (a byte that is none: U+FFFD).
    A request's path and the base URL's path (written as its URI, ``/a%20b/``) are compared in this one form."""
    return unquote(path, errors="replace")


def _name_of(session: Session, path: str) -> str | None:
    """The name (relative to the preview folder) of the file that would answer ``path`` (decoded); None outside it."""
    base = decoded(base_path(session.config))
    if not (path + "/").startswith(base):
        return None
    name = path[len(base) :] or ("" if path.endswith("/") else ".")  # '.': the base's folder asked without its '/'
    if not name or name.endswith("/"):
        name += "index.html"
    name = name.lstrip("/")  # its segments below the folder: never a path from the machine's root ('/%2ftmp/…')
    try:  # a name no file can have (a NUL, too long, a loop of links) answers nothing
        served = session.served()
        if served is None:
            return None
        folder = real(served)
        target = real(folder / name)
    except (OSError, ValueError):
        return None
    return target.relative_to(folder).as_posix() if target.is_relative_to(folder) else None


def _file_of(session: Session, path: str) -> str | None:
    """The file of the preview folder (relative to it) that answers ``path``; None if none (or none can)."""
    name = _name_of(session, path)
    served = session.served()
    return name if name is not None and served is not None and mode(served / name) is not None else None
