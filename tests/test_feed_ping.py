"""`jiading feed build --ping` and `jiading build --ping`: WebSub publish notifications, against a hub on loopback.
Each test runs both commands, which the command reference gives the same option."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from conftest import Site

FEEDS = [
    "https://news.example.com/atom.xml",
    "https://news.example.com/en/atom.xml",
    "https://news.example.com/en/feed.json",
    "https://news.example.com/en/feed.xml",
    "https://news.example.com/feed.json",
    "https://news.example.com/feed.xml",
]


BUILDS = pytest.mark.parametrize("command", [("feed", "build"), ("build",)], ids=["feed-build", "build"])


def with_hub(site: Site, hub: str) -> Site:
    site.write("jiading.toml", (site.root / "jiading.toml").read_text() + f'\n[feeds]\nwebsub_hub = "{hub}"\n')
    site.article()
    return site


@BUILDS
def test_ping_announces_every_changed_feed_to_the_hub(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=204)
    result = with_hub(site, httpserver.url_for("/hub")).run(*command, "--ping")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2] == "Pinged the WebSub hub for 6 of 6 changed feed files"
    forms = [request.form for request, _ in httpserver.log]
    assert {form["hub.mode"] for form in forms} == {"publish"}
    assert sorted(form["hub.url"] for form in forms) == FEEDS


@BUILDS
def test_an_unchanged_build_pings_nothing(site: Site, httpserver: HTTPServer, command: tuple[str, ...]) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=204)
    with_hub(site, httpserver.url_for("/hub")).run(*command, "--ping")
    httpserver.clear_log()
    result = site.run(*command, "--ping", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["pinged"] == []
    assert httpserver.log == []


@BUILDS
def test_a_hub_that_refuses_is_reported_after_the_feeds_are_written(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("no", status=503)
    hub = httpserver.url_for("/hub")
    result = with_hub(site, hub).run(*command, "--ping")
    assert result.exit_code == 1
    assert f"Error: ping {hub}: https://news.example.com/feed.xml: 503 SERVICE UNAVAILABLE" in result.stderr
    assert len(result.stderr.splitlines()) == 6
    assert (site.root / "public" / "feed.xml").exists()


@BUILDS
def test_an_unreachable_hub_is_one_line_per_feed(site: Site, command: tuple[str, ...]) -> None:
    result = with_hub(site, "http://127.0.0.1:9/hub").run(*command, "--ping")
    assert result.exit_code == 1
    line = "Error: ping http://127.0.0.1:9/hub: https://news.example.com/feed.xml: cannot reach the hub: "
    assert line + "connection refused" in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_a_hub_that_cannot_be_reached_is_said_with_why(site: Site, httpserver: HTTPServer) -> None:
    """Why the hub could not be reached, in words, as a post's failure is said: never the exception's class name."""
    hub = httpserver.url_for("/hub").replace("http://", "https://")  # a port that speaks HTTP, not TLS
    assert with_hub(site, hub).run("build").exit_code == 0
    result = site.run("feed", "ping")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert all(line.endswith(": cannot reach the hub: it did not answer in TLS") for line in lines), lines


@BUILDS
def test_ping_needs_a_hub_in_the_config(site: Site, command: tuple[str, ...]) -> None:
    site.article()
    result = site.run(*command, "--ping")
    assert result.exit_code == 2
    assert result.stderr == "Error: --ping: no WebSub hub; set websub_hub in the [feeds] table of jiading.toml\n"


@BUILDS
def test_a_preview_is_never_announced(site: Site, httpserver: HTTPServer, command: tuple[str, ...]) -> None:
    result = with_hub(site, httpserver.url_for("/hub")).run(*command, "--ping", "--include-drafts")
    assert result.exit_code == 2
    assert "a preview is never announced" in result.stderr
    assert httpserver.log == []


def _hub_urls(httpserver: HTTPServer) -> list[str]:
    return sorted(request.form["hub.url"] for request, _ in httpserver.log)


def _answering(httpserver: HTTPServer, status: int) -> None:
    httpserver.clear()
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=status)


@BUILDS
def test_a_ping_the_hub_refused_is_owed_until_it_accepts_one(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    _answering(httpserver, 503)
    with_hub(site, httpserver.url_for("/hub"))
    assert site.run(*command, "--ping").exit_code == 1
    assert site.run(*command).exit_code == 0  # a build without --ping keeps what is owed
    _answering(httpserver, 204)
    again = site.run(*command, "--ping")  # nothing changed: answered from build avoidance
    assert again.exit_code == 0, again.output
    assert "Pinged the WebSub hub for 6 of 6 changed feed files" in again.stdout
    assert _hub_urls(httpserver) == FEEDS
    _answering(httpserver, 204)
    settled = site.run(*command, "--ping", "--json")
    assert settled.exit_code == 0
    assert json.loads(settled.stdout)["pinged"] == []
    assert httpserver.log == []


@BUILDS
def test_a_feed_removed_since_is_no_longer_owed(site: Site, httpserver: HTTPServer, command: tuple[str, ...]) -> None:
    _answering(httpserver, 503)
    with_hub(site, httpserver.url_for("/hub"))
    site.article(
        "b.md", id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a11", lang="zh-Hans", title="嘉定", summary="嘉定。"
    )
    first = site.run(*command, "--ping", "--json")
    assert first.exit_code == 1, first.output
    owed = {p["url"] for p in json.loads(first.stdout)["pinged"]}
    assert any("/zh-hans/" in url for url in owed)
    (site.root / "articles" / "b.md").unlink()
    _answering(httpserver, 204)
    again = site.run(*command, "--ping", "--json")
    assert again.exit_code == 0, again.output
    data = json.loads(again.stdout)
    rows = data["feeds"] if "feeds" in data else data["files"]
    assert _hub_urls(httpserver) == sorted(owed & {row["url"] for row in rows})
    assert not any("/zh-hans/" in url for url in _hub_urls(httpserver))


@BUILDS
def test_what_is_owed_is_never_written_through_a_link_where_the_cache_goes(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...], tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (site.root / ".jiading-cache").symlink_to(elsewhere, target_is_directory=True)
    _answering(httpserver, 503)
    result = with_hub(site, httpserver.url_for("/hub")).run(*command, "--ping")
    assert result.exit_code == 1
    assert list(elsewhere.iterdir()) == []
    assert result.stderr.splitlines()[-1] == (
        "Error: .jiading-cache: cannot record the feeds owed a WebSub ping: a symbolic link is there; remove it; "
        "nothing was written"
    )
    assert not (site.root / "public" / "feed.xml").exists()  # a ping it could not record is no ping lost
    assert httpserver.log == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_hub_that_redirects_is_not_followed_and_every_feed_stays_owed(
    site: Site, httpserver: HTTPServer, status: int
) -> None:
    home = httpserver.url_for("/home")
    redirect = Response("", status=status, headers={"Location": home})
    httpserver.expect_request("/hub", method="POST").respond_with_response(redirect)
    httpserver.expect_request("/home").respond_with_data("<html>the hub's home page</html>")
    hub = httpserver.url_for("/hub")
    assert with_hub(site, hub).run("build").exit_code == 0
    result = site.run("feed", "ping")
    assert result.exit_code == 1
    assert result.stdout == "Pinged the WebSub hub for 0 of 6 feed files owed a ping\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert lines[-1].startswith(f"Error: ping {hub}: https://news.example.com/feed.xml: {status} ")
    assert lines[-1].endswith(f", a redirect to {home}, which jiading does not follow; check feeds.websub_hub")
    assert {request.path for request, _ in httpserver.log} == {"/hub"}  # the hub's page never taken for an answer
    _answering(httpserver, 204)
    again = site.run("feed", "ping")
    assert again.exit_code == 0
    assert _hub_urls(httpserver) == FEEDS
