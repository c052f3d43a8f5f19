"""A request's target names a file of the preview folder by its segments below the base URL's path, and nothing
else: never a file reached by the target read as a path from the root of the machine (an escaped '/' at its start,
``/%2ftmp/site/public-preview/en``), and a redirect the server writes never leads to another site. Such a target's
folder was answered with ``Location: //evil.com/../proc/self/cwd/public-preview/en/``, which a browser follows to
``evil.com``."""

from __future__ import annotations

import posixpath
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app import preview_http
from serve.running import previewing, serving, session_of
from serve.site import site

# segments a target may be made of: dot segments, empty ones (a '//'), escaped separators, a host's name, and the
# names that lead from the root of the machine back into the preview folder (ROOT: its own absolute path)
SEGMENTS = st.sampled_from(
    ["..", ".", "", "%2e%2e", "%2f", "%2F%2F", "%5c", "\\", "evil.com", "en", "index.html", "proc", "self", "cwd",
     "ROOT"]
)  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    with previewing(tmp_path_factory.mktemp("targets")) as preview:
        yield preview.port, preview.session.folder


def _target(segments: list[str], folder: Path, trailing: bool) -> str:
    written = [quote(str(folder), safe="").replace("%2F", "%2f") if s == "ROOT" else s for s in segments]
    return "/" + "/".join(written) + ("/" if trailing else "")


def _head(port: int, line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(line + b"\r\n\r\n")
        answer = b""
        while (chunk := connection.recv(65536)) and b"\r\n\r\n" not in answer + chunk:
            answer += chunk
        return (answer + chunk).split(b"\r\n\r\n", 1)[0]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(["%2fevil.com", "..", "ROOT", "en"], False, False)
@example(["%2f", "en"], False, True)
@given(st.lists(SEGMENTS, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_a_redirect_never_leads_to_another_site(
    server: tuple[int, Path], segments: list[str], trailing: bool, absolute: bool
) -> None:
    """Whatever the target (in origin form, or in absolute form, ``GET http://host/...``), a redirect's Location is a
    path of this server: it starts with one '/' alone, as a browser reads it (``//x`` and ``/\\x`` name a host)."""
    port, folder = server
    path = _target(segments, folder, trailing)
    target = f"http://127.0.0.1:{port}{path}" if absolute else path
    head = _head(port, f"GET {target} HTTP/1.0".encode())
    assert head.startswith(b"HTTP/1.0 "), (target, head[:200])
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"location: "):
            location = line[len(b"location: ") :].decode("ascii")
            assert location.startswith("/") and location[1:2] not in ("/", "\\"), (target, location)
            here = f"http://127.0.0.1:{port}/"
            assert urlsplit(urljoin(here, location)).netloc == f"127.0.0.1:{port}", (target, location)


NAMES = st.lists(
    st.sampled_from(["..", ".", "", "en", "a", "index.html", "/", "%2f", "tmp", "ROOT"]), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@example(["/", "ROOT", "a"], "/")
@example(["a", "..", "..", "ROOT", "a"], "/b/")
@given(NAMES, st.sampled_from(["/", "/b/"]))
def test_a_target_names_the_file_its_segments_name_below_the_folder(segments: list[str], base: str) -> None:
    """The name a (decoded) target gives is its segments below the base URL's path, read in the preview folder: its
    dot segments resolved, its empty ones dropped, never a name outside the folder, nor one from the machine's root
    (an escaped '/' at the start of a segment)."""
    with tempfile.TemporaryDirectory() as made:
        folder = Path(made).resolve()
        (folder / "a").mkdir()
        config = SimpleNamespace(site=SimpleNamespace(base_url="https://example.com" + base))
        session = SimpleNamespace(config=config, folder=folder, served=lambda: folder)
        below = "/".join(str(folder) if s == "ROOT" else s for s in segments)
        path = preview_http.decoded(base + below)
        name = preview_http._name_of(session, path)  # type: ignore[arg-type]
        rest = preview_http.decoded(below)
        rest = (rest + "index.html" if not rest or rest.endswith("/") else rest).lstrip("/")
        full = posixpath.normpath(f"{folder}/{rest}")
        expected = posixpath.relpath(full, folder) if Path(full).is_relative_to(folder) else None
        assert name == expected, (path, name, expected)


AUTHORITY = st.lists(st.sampled_from(["[", "]", ":", "@", "::1", "127.0.0.1", "h", "%", "80", "v1.x"]), max_size=5)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example("http", ["[", "::1"], ["en"])
@example("http", ["h", "]"], [""])
@given(st.sampled_from(["http", "https", "HTTP", "x", ""]), AUTHORITY, st.lists(SEGMENTS, max_size=4))
def test_a_target_in_absolute_form_gets_an_answer_whatever_its_host(
    server: tuple[int, Path], scheme: str, authority: list[str], segments: list[str]
) -> None:
    """A target in absolute form (``GET http://host/path``) whose host no URL can have (``http://[::1/en/``, an
    unclosed '[') is a bad request, 400, as any other the server cannot read; one naming another site is refused,
    403; every other is answered as its path is. Never a connection closed without an answer, nor a line on the
    terminal."""
    import io
    from contextlib import redirect_stderr

    port, folder = server
    target = f"{scheme}://{''.join(authority)}{_target(segments, folder, False)}"
    errors = io.StringIO()
    with redirect_stderr(errors):
        head = _head(port, f"GET {target} HTTP/1.0".encode())
    assert head.split(b" ")[1] in (b"200", b"301", b"302", b"400", b"403", b"404"), (target, head[:200])
    assert errors.getvalue() == "", (target, errors.getvalue())


OURS = ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LocalHost:{port}", "localhost.", "app.localhost:1", "[::1]:80",
        "10.0.0.7", ""]  # fmt: skip
OTHERS = ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io", "localhost.evil.example", "x@evil.example",
          "evil.example.:{port}", "Evil.Example", "xn--e1a.example"]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example("evil.example:{port}", None, "/_jiading/share/")
@example(None, "evil.example", "/en/")
@given(
    st.sampled_from(OURS + OTHERS) | st.none(),
    st.sampled_from(OURS + OTHERS) | st.none(),
    st.sampled_from(["/en/", "/_jiading/share/", "/_jiading/live.js", "/en", "/nowhere"]),
)
def test_a_request_naming_another_site_is_refused(
    server: tuple[int, Path], host: str | None, authority: str | None, path: str
) -> None:
    """A browser sends a page's requests to the preview, once that page's name is made to lead to 127.0.0.1 (DNS
    rebinding), with that page's name in its ``Host`` header (or its target): such a request gets ``403`` and
    nothing of the preview (the drafts, the share previews); one naming this machine, or none, is answered."""
    port, _ = server
    named = [each.format(port=port) for each in (host, authority) if each is not None and each != ""]
    target = f"http://{authority.format(port=port)}{path}" if authority else path
    line = f"GET {target} HTTP/1.1\r\n" + (f"Host: {host.format(port=port)}\r\n" if host is not None else "")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(line.encode() + b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = answer.split(b" ", 2)[1]
    if any(each.format(port=port) in [o.format(port=port) for o in OTHERS] for each in named):
        assert status == b"403", (line, answer[:200])
        assert b"jiading-preview" not in answer and b"Share preview" not in answer, line
    else:
        assert status in (b"200", b"301", b"404"), (line, answer[:200])


@pytest.mark.parametrize("base", ["/invest/", "/a%20b/", "/%E6%96%B0/x/"])
def test_the_base_paths_folder_asked_without_its_slash_leads_to_it(tmp_path: Path, base: str) -> None:
    """``/invest``, for a base URL of ``https://example.com/invest``, is led to ``/invest/`` (its query kept), as any
    folder asked without its '/' is: it was answered with the home page, at an address one folder up from it."""
    root = site(tmp_path)
    config = root / "jiading.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('.com"', ".com" + base.rstrip("/") + '"', 1), encoding="utf-8")
    with serving(session_of(root)) as preview:
        port = preview.port
        for asked, query in ((base.rstrip("/"), ""), (base.rstrip("/").lower(), "?q=1")):
            head = _head(port, f"GET {asked}{query} HTTP/1.0".encode())
            assert head.startswith(b"HTTP/1.0 301 "), (asked, head[:200])
            assert f"\r\nLocation: {base}{query}".encode() in head + b"\r\n", (asked, head)
        assert _head(port, f"GET {base} HTTP/1.0".encode()).startswith(b"HTTP/1.0 200 ")


@pytest.mark.parametrize("host", ["[]", "[]:{port}", "[", "[::1", "[::1]x", "x[::1]", "[192.0.2.1]", "[v1.x]:{port}"])
def test_a_host_header_with_brackets_around_no_ipv6_address_is_refused(server: tuple[int, Path], host: str) -> None:
    """Brackets hold an IPv6 address, or the ``Host`` header names no host this machine is: ``Host: []`` names one
    (it is not a header naming none), and not this machine, so it is ``403``, never the preview."""
    port, _ = server
    head = _head(port, f"GET /en/ HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close".encode())
    assert head.split(b" ")[1] == b"403", (host, head[:200])


@pytest.mark.parametrize(
    ("line", "status"),
    [
        (b"GARBAGE", b"400"),
        (b"GET / HTTP/9.9\r\nHost: localhost", b"505"),
        (b"GET / HTTP/1.1 extra\r\nHost: localhost", b"400"),
        (b"GET / FOO/1.1\r\nHost: localhost", b"400"),
        (b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.com", b"400"),
        (b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost", b"400"),
    ],
)
def test_a_request_that_cannot_be_read_is_answered_with_its_status_line(
    server: tuple[int, Path], line: bytes, status: bytes
) -> None:
    """A request the server cannot read is answered as HTTP/1.x answers, its status line first, so that a client
    sees the 400 (or 505 for a version of HTTP it does not speak); it was sent the error page alone, as HTTP/0.9
    has it. A request naming two hosts is one it cannot read: either may be taken for the host it names."""
    port, _ = server
    head = _head(port, line)
    assert head.split(b" ", 2)[:2] == [b"HTTP/1.0", status], head[:200]


LINE_WORDS = st.sampled_from(
    [b"GET", b"HEAD", b"POST", b"/", b"/en/", b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9.9", b"HTTP/", b"FOO/1.1", b"x", b"-"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINE_WORDS, min_size=1, max_size=5))
def test_every_request_line_but_http_0_9_is_answered_with_a_status_line(
    server: tuple[int, Path], words: list[bytes]
) -> None:
    """The search for the next one: whatever words a request line holds, its answer starts with a status line,
    but for HTTP/0.9's ``GET /path`` (two words, the first ``GET``), answered with the body alone, as that version
    has it."""
    port, _ = server
    head = _head(port, b" ".join(words) + b"\r\nHost: localhost")
    if len(words) == 2 and words[0] == b"GET":
        return
    assert head.startswith(b"HTTP/1."), (words, head[:200])
