"""A post whose outcome is unknown is never sent again blind, and every command says it is unknown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.dropping import dropping_server
from share.sites import FEED_PATH, make_site

INTENT = (
    "syndication:\n- network: facebook\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
def test_a_connection_dropped_after_the_request_is_never_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, network: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with dropping_server() as server:
        site = make_site(tmp_path, base=server.url)
        site.article()
        first = site.run("share", "--post", "--network", network)
        again = site.run("share", "--post", "--network", network)
    assert len(server.requests) == 1
    assert first.exit_code == 1
    assert "ended after the request was sent (remote end closed); the post may have gone out" in first.output
    assert f"jiading share --resolve articles/a.md --network {network}" in first.output
    assert [r["state"] for r in site.records()] == ["intent"]
    assert again.exit_code == 1 and "has an unknown outcome" in again.output


def test_pending_lists_posts_whose_outcome_is_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article(extra=INTENT)
    result = site.run("share", "--pending", "--network", "facebook")
    assert result.exit_code == 1
    assert result.output == (
        "pending    facebook  articles/a.md  a post started at 2026-11-27T04:00:00Z has an unknown outcome; "
        "check facebook and run `jiading share --resolve articles/a.md --network facebook --remote-id ID` if it "
        "went out, or `--not-posted` if it did not\n"
        "1 post(s) with an unknown outcome: settle each before it can be posted again\n"
    )
    data = json.loads(site.run("share", "--pending", "--network", "facebook", "--json").stdout)
    assert data["articles"] == [] and [u["result"] for u in data["unknown"]] == ["pending"]


def test_pending_shows_what_is_left_beside_what_is_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article(extra=INTENT)
    result = site.run("share", "--pending", "--network", "facebook", "--network", "linkedin")
    assert result.exit_code == 1
    assert "\nlinkedin: POST http://127.0.0.1:9/rest/posts\n" in result.output
    assert "pending    facebook  articles/a.md" in result.output
    assert "nothing to share" not in result.output


def test_posting_shows_each_request_and_each_wait_as_it_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_json({"id": "1234_1"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    feed = httpserver.url_for(FEED_PATH)
    lines = result.stderr.splitlines()
    assert lines[0] == f"Facebook: POST {feed}"
    assert re.fullmatch(r"Facebook: Facebook answered 503; trying again in 0\.0 s", lines[1])
    assert lines[2] == f"Facebook: POST {feed} (try 2)"
    assert "posted     facebook" in result.stdout


def test_json_output_has_no_progress_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_json({"id": "1234_1"})
    result = site.run("share", "--post", "--network", "facebook", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["ok"] is True


@pytest.mark.parametrize("network", ["facebook", "linkedin", "email", "digest"])
def test_each_networks_next_step_names_its_own_command_and_where_to_look(network: str) -> None:
    """The words of every pending post (the dry run, --post, validate's JD184) and of --not-posted come from one
    place, which names for each network the command that posts it and where its post can be seen."""
    from jiading_cli.share.outcomes import next_post, resolve_hint
    from jiading_cli.share.registry import BUILT_IN, DIGEST

    assert set(BUILT_IN.names()) | {DIGEST} == {"facebook", "linkedin", "email", "digest"}  # a new one is listed here
    hint = resolve_hint("articles/a.md", network)
    assert f"`jiading share --resolve articles/a.md --network {network} --remote-id ID` if it went out" in hint
    mailed = network in ("email", "digest")
    assert hint.startswith(
        "check the mailbox of email.to (or the SMTP server's log)" if mailed else f"check {network} "
    )
    assert next_post(network) == (
        "`jiading share --digest --post`" if network == "digest" else "`jiading share --post`"
    )
