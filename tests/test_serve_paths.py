"""Any request path the preview server may be asked for: an answer (a page, a redirect or the 404 page), never a
dropped connection, a server error or a traceback, and nothing from outside the preview folder."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app import preview_http
from serve.running import previewing

SEGMENT = st.one_of(
    st.sampled_from(["..", ".", "", "en", "news", "_jiading", "share", "index.html", "%2e%2e", "%00", "%ff", "%2f"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=12),
    st.integers(min_value=200, max_value=6000).map(lambda n: "a" * n),  # past a file name's limit
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    with previewing(tmp_path_factory.mktemp("paths")) as preview:
        yield preview.host, preview.port, preview.root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(["\u0100", ".."], False)  # a folder named outside Latin-1: its redirect's header is written as a URL
@example(["en"], False)
@given(st.lists(SEGMENT, min_size=1, max_size=6), st.booleans())
def test_every_path_gets_an_answer_and_nothing_outside_the_preview(
    server: tuple[str, int, Path], segments: list[str], trailing: bool
) -> None:
    host, port, root = server
    path = "/" + "/".join(segments) + ("/" if trailing else "")
    quoted = "".join(c if c.isascii() and c.isprintable() and c != " " else _escape(c) for c in path)
    errors = io.StringIO()
    with redirect_stderr(errors):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.request("GET", quoted)
            answer = connection.getresponse()
            body = answer.read()
        finally:
            connection.close()
    assert answer.status in (200, 301, 302, 404), (quoted, answer.status)
    assert b"[site]" not in body and (root / "jiading.toml").read_bytes() not in body  # the config is never served
    assert "Traceback" not in errors.getvalue()


def _escape(character: str) -> str:
    return "".join(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))


def _ask(host: str, port: int, request: bytes, head: bool = False) -> bytes:
    """The whole answer to ``request``, sent as it is (no Host header unless it has one); with ``head``, its
    status line and headers alone (an event stream never ends)."""
    import socket

    with socket.create_connection((host, port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while (chunk := connection.recv(65536)) and not (head and b"\r\n\r\n" in answer + chunk):
            answer += chunk
        answer += chunk
    return answer.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" if head else answer


METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "get", "BREW"]
HEADERS = [
    "", "Host: \r\n", "Range: bytes=abc\r\n", "Range: bytes=99999999-1\r\n", "Range: bytes=0-0,5-\r\n",
    "Content-Length: -1\r\n", "Content-Length: x\r\n", "Host: " + "h" * 70000 + "\r\n", "X: \xff\r\n",
]  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(METHODS),
    st.sampled_from(["/", "/en/", "/en", "/en?x=1", "/_jiading/live", "/_jiading/share/", "/sitemap.xml", "*"]),
    st.sampled_from(HEADERS),
    st.sampled_from(["HTTP/1.0", "HTTP/1.1", "HTTP/9.9", ""]),
)
def test_any_method_header_and_version_get_one_answer_and_the_server_goes_on(
    server: tuple[str, int, Path], method: str, path: str, header: str, version: str
) -> None:
    host, port, _ = server
    if path == "/_jiading/live" and method == "GET":
        path = "/_jiading/live.js"  # the event stream itself goes on until the server stops
    errors = io.StringIO()
    with redirect_stderr(errors):
        line = f"{method} {path} {version}".rstrip()
        answer = _ask(host, port, f"{line}\r\n{header}Connection: close\r\n\r\n".encode("latin-1"))
        status = answer.split(b"\r\n", 1)[0]
        assert answer  # a version it does not speak gets the error page alone, as HTTP/0.9 had it
        assert status.startswith((b"HTTP/1.0 ", b"HTTP/1.1 ")) or version in ("", "HTTP/9.9"), (line, answer[:200])
        assert _ask(host, port, b"GET /en/ HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200 ")
    assert "Traceback" not in errors.getvalue()


def test_head_asks_what_get_answers_without_its_body(server: tuple[str, int, Path]) -> None:
    host, port, _ = server
    for path in ("/en/", "/_jiading/live", "/_jiading/live.js", "/nowhere"):
        got, asked = (_ask(host, port, f"{m} {path} HTTP/1.0\r\n\r\n".encode(), m == "GET") for m in ("GET", "HEAD"))
        assert asked.split(b"\r\n")[0] == got.split(b"\r\n")[0], path
        assert asked.endswith(b"\r\n\r\n") and b"<" not in asked, path


def test_a_redirect_keeps_the_query(server: tuple[str, int, Path]) -> None:
    host, port, _ = server
    answer = _ask(host, port, b"GET /en?utm_source=x&q=%C3%A9 HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 301 ")
    assert b"\r\nLocation: /en/?utm_source=x&q=%C3%A9\r\n" in answer


@pytest.mark.parametrize("path", ["/en/", "/nowhere"])
def test_an_http_0_9_request_gets_its_answer_at_once(server: tuple[str, int, Path], path: str) -> None:
    """A request line alone (HTTP/0.9: no header follows it) is answered with the body alone, without waiting
    for headers that never come (the server would wait for its idle time-out, 30 s, and answer nothing)."""
    import socket

    host, port, _ = server
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"GET {path}\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.lstrip().lower().startswith(b"<!doctype html"), answer[:200]
    assert not answer.startswith(b"HTTP/")


BASE_SEGMENT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/?#", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=8,
).filter(lambda s: s not in (".", ".."))


@settings(max_examples=200, deadline=None)
@example(["a b"], "/", False)
@example(["新闻"], "/", True)
@example(["100%"], "/", False)
@given(st.lists(BASE_SEGMENT, min_size=1, max_size=3), st.sampled_from(["/", "/!$&'()*+,;=:@~"]), st.booleans())
def test_the_base_path_is_found_however_a_request_writes_it(segments: list[str], safe: str, lower: bool) -> None:
    """jiading.toml holds the base URL as its URI (``/a%20b/``), a request writes its path as it likes (``%e6``,
    ``(`` or ``%28``): both are decoded by one rule before they are compared, so the home page is found."""
    import re
    import tempfile
    from types import SimpleNamespace
    from urllib.parse import quote

    base = "/" + "/".join(segments) + "/"
    config = SimpleNamespace(site=SimpleNamespace(base_url="https://example.com" + quote(base, safe="/")))
    asked = quote(base, safe=safe)
    if lower:
        asked = re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), asked)
    with tempfile.TemporaryDirectory() as folder:
        session = SimpleNamespace(config=config, folder=Path(folder), served=lambda: Path(folder))
        name = preview_http._name_of(session, preview_http.decoded(asked))  # type: ignore[arg-type]
        assert name == "index.html", (base, asked)
        assert preview_http._name_of(session, preview_http.decoded(asked + "en/")) == "en/index.html"


def test_an_escaped_slash_after_a_folder_leads_to_the_folder(server: tuple[str, int, Path]) -> None:
    host, port, _ = server
    answer = _ask(host, port, b"GET /en%2f?x=1 HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 301 "), answer[:100]
    assert b"\r\nLocation: /en/?x=1\r\n" in answer


# A query as a client may send it: any byte but the white space and '#' that end it, raw UTF-8 and Latin-1 among them
# (curl sends `?q=é` as it is), and escapes, well formed or not.
QUERY_BYTES = st.lists(
    st.sampled_from([b"%C3%A9", b"%zz", b"%", b"\xc3\xa9", b"\xc3\xa0", b"\xe9", b"\x85", b"\xa0", b"\x1c", b"+"])
    | st.binary(min_size=1, max_size=4).map(lambda raw: bytes(b for b in raw if b not in b" \t\r\n#")),
    min_size=1,
    max_size=12,
).map(b"".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(b"q=\xe9&r=\xc3\xa9")
@example(b"q=\xc3\xa0&x=1")  # 0xA0: white space to a reading of the line as Latin-1 text
@example(b"q=a\x85b")
@given(QUERY_BYTES)
def test_a_redirect_keeps_a_query_of_raw_bytes_byte_for_byte(server: tuple[str, int, Path], query: bytes) -> None:
    """Over a real connection, a folder asked without its '/' and a query of any bytes: the redirect's query names
    the same bytes as the one sent (once each escape is read), each byte outside what a URL's query holds written as
    its escape, every other as sent; the header is ASCII."""
    from urllib.parse import unquote_to_bytes

    host, port, _ = server
    answer = _ask(host, port, b"GET /en?" + query + b" HTTP/1.0\r\n\r\n", head=True)
    assert answer.startswith(b"HTTP/1.0 301 "), (query, answer[:200])
    location = next(line for line in answer.split(b"\r\n") if line.startswith(b"Location: "))[len(b"Location: ") :]
    assert location.isascii() and all(32 < byte < 127 for byte in location), location
    assert location.startswith(b"/en/?") or not query.strip(), location
    kept = location.partition(b"?")[2]
    assert unquote_to_bytes(kept) == unquote_to_bytes(query), (query, location)
    assert all(chr(byte) in kept.decode() for byte in query if chr(byte) in preview_http.QUERY_SAFE and byte != 37)


def test_a_path_of_raw_utf_8_is_the_path_its_escapes_name(server: tuple[str, int, Path]) -> None:
    """A path with raw UTF-8 in it (as curl sends one) answers as its escaped form does: the folder is found, and
    the redirect to it leads where the escaped one's does."""
    host, port, root = server
    folder = root / "public-preview" / "新闻 à"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text("<!doctype html><title>x</title><body>Raw</body>", encoding="utf-8")
    escaped = "/" + "".join(_escape(c) for c in "新闻 à")
    for raw in ("/新闻 à".replace(" ", "%20").encode(), escaped.encode()):
        redirect = _ask(host, port, b"GET " + raw + b"?k=\xc3\xa9 HTTP/1.0\r\n\r\n", head=True)
        assert redirect.startswith(b"HTTP/1.0 301 "), (raw, redirect[:200])
        assert f"\r\nLocation: {escaped}/?k=%C3%A9\r\n".encode() in redirect, redirect
        page = _ask(host, port, b"GET " + raw + b"/ HTTP/1.0\r\n\r\n")
        assert page.startswith(b"HTTP/1.0 200 ") and b"Raw" in page, (raw, page[:200])
