"""`jiading feed ping`: the pings owed, sent once the output folder is deployed, without building; and no ping
owed is lost by a build stopped as its feeds go in place. Against a hub on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import Site, killed_after
from test_feed_ping import BUILDS, FEEDS, _answering, _hub_urls, with_hub


@BUILDS
def test_a_build_without_ping_leaves_its_changed_feeds_owed_to_feed_ping(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    _answering(httpserver, 204)
    assert with_hub(site, httpserver.url_for("/hub")).run(*command).exit_code == 0
    assert httpserver.log == []  # a build alone asks nothing: the feeds are not online yet
    pinged = site.run("feed", "ping")
    assert pinged.exit_code == 0, pinged.output
    assert pinged.stdout == "Pinged the WebSub hub for 6 of 6 feed files owed a ping\n"
    assert _hub_urls(httpserver) == FEEDS
    assert {request.form["hub.mode"] for request, _ in httpserver.log} == {"publish"}
    _answering(httpserver, 204)
    again = site.run("feed", "ping")
    assert (again.exit_code, again.stdout) == (0, "No feed is owed a WebSub ping\n")
    assert httpserver.log == []


def test_a_refused_feed_ping_keeps_the_feeds_owed_and_exits_1(site: Site, httpserver: HTTPServer) -> None:
    _answering(httpserver, 503)
    hub = httpserver.url_for("/hub")
    assert with_hub(site, hub).run("build").exit_code == 0
    refused = site.run("feed", "ping", "--json")
    assert refused.exit_code == 1
    data = json.loads(refused.stdout)
    assert data["hub"] == hub and sorted(p["url"] for p in data["pinged"]) == FEEDS
    assert not any(p["ok"] for p in data["pinged"])
    assert f"Error: ping {hub}: https://news.example.com/feed.xml: 503 SERVICE UNAVAILABLE" in refused.stderr
    assert len(refused.stderr.splitlines()) == 6
    _answering(httpserver, 204)
    assert site.run("feed", "ping").exit_code == 0
    assert _hub_urls(httpserver) == FEEDS


@BUILDS
def test_a_build_changing_some_feeds_keeps_the_others_owed(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    """An incremental build that changes only the Chinese article's feeds leaves the English ones owed too."""
    _answering(httpserver, 503)
    with_hub(site, httpserver.url_for("/hub"))
    zh = {"id": "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a11", "lang": "zh-Hans", "summary": "嘉定。"}
    site.article("b.md", title="嘉定", **zh)
    first = site.run(*command, "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    urls = sorted(row["url"] for row in data.get("feeds", data["files"]))
    site.article("b.md", title="嘉定新闻", **zh)
    again = site.run(*command, "--json")
    data = json.loads(again.stdout)
    rows = data.get("feeds", data["files"])
    assert any(row["status"] == "unchanged" for row in rows), rows  # the English feeds are left as they were
    _answering(httpserver, 204)
    assert site.run("feed", "ping").exit_code == 0
    assert _hub_urls(httpserver) == urls


def test_feed_ping_without_a_hub_is_one_line_and_asks_nothing(site: Site) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    result = site.run("feed", "ping")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "No WebSub hub (websub_hub in the [feeds] table of jiading.toml): nothing to ping\n"
    assert not (site.root / ".jiading-cache" / "websub-owed.json").exists()


def test_a_preview_owes_no_ping(site: Site, httpserver: HTTPServer) -> None:
    _answering(httpserver, 204)
    assert with_hub(site, httpserver.url_for("/hub")).run("build", "--include-drafts").exit_code == 0
    assert site.run("feed", "ping").stdout == "No feed is owed a WebSub ping\n"
    assert httpserver.log == []


def test_feed_ping_through_a_link_where_the_cache_goes_is_an_error_and_asks_nothing(
    site: Site, httpserver: HTTPServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _answering(httpserver, 204)
    assert with_hub(site, httpserver.url_for("/hub")).run("build").exit_code == 0
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (site.root / ".jiading-cache").rename(elsewhere / "cache")
    (site.root / ".jiading-cache").symlink_to(elsewhere / "cache", target_is_directory=True)
    result = site.run("feed", "ping")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: .jiading-cache: cannot record the feeds owed a WebSub ping: a symbolic link is there; remove it\n"
    )
    assert httpserver.log == []


def test_a_feed_recorded_again_while_it_is_pinged_stays_owed(site: Site, httpserver: HTTPServer) -> None:
    """A build that changes a feed while `feed ping` is asking the hub for it (the hub may have fetched the old
    one) leaves it owed, though the hub accepted the ping: the next `feed ping` asks for it again, and only it."""
    from jiading_cli.app.settings import load
    from jiading_cli.app.websub import owe

    assert with_hub(site, httpserver.url_for("/hub")).run("build").exit_code == 0
    config = load(site.root)

    def hub(request: Request) -> Response:
        if request.form["hub.url"] == FEEDS[0] and len(httpserver.log) == 0:
            owe(config, FEEDS, [FEEDS[0]])  # as a build changing it records it, before its files go in place
        return Response("", status=204)

    httpserver.expect_request("/hub", method="POST").respond_with_handler(hub)
    assert site.run("feed", "ping").exit_code == 0
    assert _hub_urls(httpserver) == FEEDS
    _answering(httpserver, 204)
    again = site.run("feed", "ping")
    assert (again.exit_code, again.stdout) == (0, "Pinged the WebSub hub for 1 of 1 feed files owed a ping\n")
    assert _hub_urls(httpserver) == [FEEDS[0]]


def _feeds(root: Path, rows: list[dict[str, str]]) -> dict[str, bytes]:
    """Each feed's URL, with the bytes at its path now (none: not there)."""
    return {row["url"]: (root / row["path"]).read_bytes() if (root / row["path"]).exists() else b"" for row in rows}


@BUILDS
def test_a_build_killed_as_its_feeds_go_in_place_loses_no_ping(
    site: Site, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    """Killed right after each rename into place in turn (the first ones are the feeds), until it is not, a build
    leaves owed every feed whose bytes it changed: `feed ping` asks the hub for each."""
    _answering(httpserver, 204)
    first = with_hub(site, httpserver.url_for("/hub")).run("feed", "build", "--ping", "--json")
    assert first.exit_code == 0, first.output
    rows = json.loads(first.stdout)["files"]
    renames, killed = 0, True
    while killed:
        renames += 1
        before = _feeds(site.root, rows)
        site.article(title=f"Jiading {renames}", summary="Changed.")  # every feed changes
        killed = killed_after(site, command, renames)
        changed = {url for url, data in _feeds(site.root, rows).items() if data != before[url]}
        assert changed, renames  # the kill came once a feed was in place
        _answering(httpserver, 204)
        pinged = site.run("feed", "ping")
        assert pinged.exit_code == 0, pinged.output
        assert changed <= set(_hub_urls(httpserver)), f"killed after {renames} renames"
    assert renames > 6  # every feed's rename was a moment tried
