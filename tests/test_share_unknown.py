"""A post whose outcome is unknown is never sent again blind, and every command says it is unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from share.dropping import dropping_server
from share.sites import make_site

INTENT = "syndication:\n- network: facebook\n  article: x\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"


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
