"""The way a post leaves the machine: through the proxy the environment names (``HTTPS_PROXY``, ``NO_PROXY``, …),
trusting the certificates ``SSL_CERT_FILE`` names, as a CI runner behind a corporate proxy needs. Real loopback
peers: the network's API over TLS (a CA of the test's own) and a forward proxy that tunnels ``CONNECT``.

A proxy that refuses or cannot be reached has received nothing of the post: the post fails (tried again as
configured), never left pending. A variable that cannot be used is one line and exit 2, nothing sent.
"""

from __future__ import annotations

import base64
import re
import ssl
from collections.abc import Iterator
from contextlib import chdir
from pathlib import Path

import pytest
import trustme
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.base.route import Route, RouteError
from jiading_cli.feeds.ping import ping
from share.proxy import HANG_UP, SILENT, forward_proxy
from share.sites import ShareSite, make_site


@pytest.fixture
def tls_api(tmp_path: Path) -> Iterator[tuple[HTTPServer, Path]]:
    """Facebook's API over TLS on loopback, its certificate from a CA of this test's (written to ``ca.pem``)."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request(re.compile(".*")).respond_with_json({"id": "1234_5"})
    server.start()
    try:
        yield server, pem
    finally:
        server.stop()


def _site(root: Path, server: HTTPServer) -> ShareSite:
    site = make_site(root, base=server.url_for("/").replace("http://", "https://"))
    site.article()
    return site


def test_a_post_goes_through_the_proxy_https_proxy_names_trusting_ssl_cert_file(
    tmp_path: Path, tls_api: tuple[HTTPServer, Path]
) -> None:
    server, pem = tls_api
    with chdir(tmp_path), forward_proxy() as proxy:
        site = _site(tmp_path, server)
        env = {"HTTPS_PROXY": f"http://reader:s3cret@127.0.0.1:{proxy.port}", "SSL_CERT_FILE": str(pem)}
        result = site.run("share", "--post", "--network", "facebook", env=env)
    assert result.exit_code == 0, result.output
    assert re.search(r"^posted +facebook +articles/a\.md", result.output, re.MULTILINE), result.output
    assert [seen.line.rpartition(" ")[0] for seen in proxy.log] == [f"CONNECT 127.0.0.1:{server.port}"]
    assert proxy.log[0].headers["proxy-authorization"] == "Basic " + base64.b64encode(b"reader:s3cret").decode()
    assert len(server.log) == 1 and [r["remote_id"] for r in site.records()] == ["1234_5"]


def test_no_proxy_sends_the_post_directly(tmp_path: Path, tls_api: tuple[HTTPServer, Path]) -> None:
    server, pem = tls_api
    with chdir(tmp_path), forward_proxy() as proxy:
        site = _site(tmp_path, server)
        env = {"https_proxy": f"127.0.0.1:{proxy.port}", "no_proxy": "localhost, .127.0.0.1", "SSL_CERT_FILE": str(pem)}
        result = site.run("share", "--post", "--network", "facebook", env=env)
    assert result.exit_code == 0, result.output
    assert proxy.log == [] and len(server.log) == 1


@pytest.mark.parametrize(
    ("tunnel", "said"),
    [
        (407, r"the proxy answered 407 Refused; check the proxy's credentials$"),
        (502, r"the proxy answered 502 Refused \(gave up after 3 tries\)$"),
    ],
)
def test_a_proxy_refusing_the_tunnel_fails_the_post_unsent_never_pending(
    tmp_path: Path, tls_api: tuple[HTTPServer, Path], tunnel: int, said: str
) -> None:
    server, pem = tls_api
    with chdir(tmp_path), forward_proxy(tunnel=tunnel) as proxy:
        site = _site(tmp_path, server)
        env = {"HTTPS_PROXY": f"http://127.0.0.1:{proxy.port}", "SSL_CERT_FILE": str(pem)}
        result = site.run("share", "--post", "--network", "facebook", env=env)
    assert result.exit_code == 1, result.output
    line = rf"^failed +facebook +articles/a\.md +could not connect to 127\.0\.0\.1:{server.port} through the proxy: "
    assert re.search(line + said, result.output, re.MULTILINE), result.output
    assert server.log == [] and site.records() == []
    assert len(proxy.log) == (1 if tunnel == 407 else 3)


@pytest.mark.parametrize(
    ("tunnel", "said"),
    [
        (SILENT, r"could not connect to 127\.0\.0\.1:\d+ within 0\.5 s \(the proxy opened no tunnel\)"),
        (HANG_UP, r"could not connect to 127\.0\.0\.1:\d+ through the proxy: "),
    ],
    ids=["never answered", "hung up"],
)
def test_a_proxy_that_opens_no_tunnel_fails_the_post_unsent_never_pending(
    tmp_path: Path, tls_api: tuple[HTTPServer, Path], tunnel: int, said: str
) -> None:
    """A proxy that takes the connection and never answers ``CONNECT``, or closes it unanswered, has received
    nothing of the post, which goes only through the tunnel once it is open: tried again as configured, then failed,
    never pending (the post was said to have perhaps gone out, waiting on `--resolve` or a listing)."""
    server, pem = tls_api
    with chdir(tmp_path), forward_proxy(tunnel=tunnel) as proxy:
        site = _site(tmp_path, server)
        env = {"HTTPS_PROXY": f"http://127.0.0.1:{proxy.port}", "SSL_CERT_FILE": str(pem)}
        result = site.run("share", "--post", "--network", "facebook", env=env)
    assert result.exit_code == 1, result.output
    assert re.search(
        r"^failed +facebook +articles/a\.md +" + said + r".*\(gave up after 3 tries\)$", result.output, re.M
    )
    assert server.log == [] and site.records() == []
    assert len(proxy.log) == 3


def test_a_proxy_that_cannot_be_reached_fails_the_post_unsent(tmp_path: Path, tls_api: tuple[HTTPServer, Path]) -> None:
    server, _ = tls_api
    with forward_proxy() as closed:
        port = closed.port  # a port nothing listens on once the block ends
    with chdir(tmp_path):
        site = _site(tmp_path, server)
        result = site.run("share", "--post", "--network", "facebook", env={"HTTPS_PROXY": f"http://127.0.0.1:{port}"})
    assert result.exit_code == 1, result.output
    assert re.search(r"^failed +facebook .* through the proxy: connection refused \(gave up", result.output, re.M)
    assert server.log == [] and site.records() == []


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"HTTPS_PROXY": "socks5://127.0.0.1:1080"}, "HTTPS_PROXY names 'socks5://127.0.0.1:1080', a socks5 proxy"),
        ({"https_proxy": "http://"}, "https_proxy names 'http://': expected a proxy URL"),
        ({"ALL_PROXY": "http://agent:hunter2@proxy:99999"}, "ALL_PROXY names 'http://agent:***@proxy:99999': expected"),
        ({"HTTPS_PROXY": "http://proxy:3128/path"}, "HTTPS_PROXY names 'http://proxy:3128/path': expected"),
        ({"SSL_CERT_FILE": "{tmp}"}, "SSL_CERT_FILE names '{tmp}', which is a folder: expected a file"),
        ({"SSL_CERT_FILE": "{tmp}/jiading.toml"}, "SSL_CERT_FILE names '{tmp}/jiading.toml', which holds no certif"),
        ({"SSL_CERT_DIR": "{tmp}/none"}, "SSL_CERT_DIR names '{tmp}/none', which is not a folder"),
    ],
)
def test_a_variable_that_cannot_be_used_is_one_line_and_nothing_is_sent(
    tmp_path: Path, tls_api: tuple[HTTPServer, Path], env: dict[str, str], said: str
) -> None:
    server, _ = tls_api
    env = {name: value.format(tmp=tmp_path) for name, value in env.items()}
    with chdir(tmp_path):
        site = _site(tmp_path, server)
        result = site.run("share", "--post", "--network", "facebook", env=env)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: facebook: {said.format(tmp=tmp_path)}"), result.output
    assert errors[0].endswith("; nothing was sent") and "hunter2" not in result.output
    assert server.log == [] and site.records() == []


def test_a_hub_is_pinged_through_the_proxy_http_proxy_names(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", 204)
    with forward_proxy() as proxy:
        found = ping(httpserver.url_for("/hub"), ["https://n.example.com/feed.xml"], 2, {"http_proxy": proxy.url})
    assert [p.ok for p in found] == [True]
    assert [seen.line for seen in proxy.log] == [f"POST {httpserver.url_for('/hub')} HTTP/1.1"]


def test_a_hub_is_not_pinged_by_a_proxy_that_cannot_be_used() -> None:
    found = ping("http://127.0.0.1:9/hub", ["https://n.example.com/feed.xml"], 2, {"HTTP_PROXY": "ftp://x"})
    assert [(p.ok, p.detail.startswith("not sent: HTTP_PROXY names 'ftp://x', a ftp proxy")) for p in found] == [
        (False, True)
    ]


LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
DOMAIN = st.lists(LABEL, min_size=1, max_size=3).map(".".join)


@given(DOMAIN, DOMAIN, st.booleans())
def test_no_proxy_takes_a_domain_and_every_host_below_it_and_no_other(domain: str, host: str, dot: bool) -> None:
    route = Route({"https": "http://proxy:3128"}, (("." if dot else "") + domain,))
    direct = route.proxy_for(f"https://{host}/x") == {}
    assert direct == (host == domain or host.endswith("." + domain))


@given(st.ip_addresses(v=4), st.integers(0, 32))
def test_no_proxy_takes_a_network_of_addresses(address: object, bits: int) -> None:
    import ipaddress

    network = ipaddress.ip_network(f"{address}/{bits}", strict=False)
    route = Route({"http": "http://proxy:3128"}, (str(network),))
    assert route.proxy_for(f"http://{address}:8080/") == {}
    outside = (
        network.broadcast_address + 1 if network.broadcast_address < ipaddress.IPv4Address("255.255.255.255") else None
    )
    if outside is not None:
        assert route.proxy_for(f"http://{outside}/") == {"http": "http://proxy:3128"}


def test_a_port_in_no_proxy_holds_for_that_port_alone() -> None:
    route = Route({"https": "http://proxy:3128"}, ("api.example.com:8443",))
    assert route.proxy_for("https://api.example.com:8443/") == {}
    assert route.proxy_for("https://api.example.com/") == {"https": "http://proxy:3128"}


def test_the_lowercase_variable_comes_first_and_an_empty_one_is_unset() -> None:
    env = {"https_proxy": "http://a:1", "HTTPS_PROXY": "http://b:2", "http_proxy": " ", "ALL_PROXY": "c:3"}
    assert Route.of(env).proxies == {"https": "http://a:1", "http": "http://c:3"}
    with pytest.raises(RouteError):
        Route.of({"HTTPS_PROXY": "http://[::1"})
