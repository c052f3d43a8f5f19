"""Exactly once: a run killed between request and record never posts again; two runs at once cannot both post."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jiading_cli.config import load_config
from jiading_cli.share.lock import site_lock
from share.sites import FEED_PATH, NOW, TOKENS, ShareSite, make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def test_a_run_killed_after_its_request_is_reported_next_time_and_never_posts_twice(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), timeout=30)
    site.article()
    received = threading.Event()
    release = threading.Event()
    answered = threading.Event()
    requests: list[bytes] = []

    def hang(request: Request) -> Response:
        requests.append(request.get_data())
        received.set()
        release.wait(10)  # the post "went out"; the answer never comes back before the kill
        answered.set()
        return Response(json.dumps({"id": "1234_1"}), content_type="application/json")

    httpserver.expect_request(FEED_PATH).respond_with_handler(hang)
    env = {**os.environ, **TOKENS, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
    command = [sys.executable, "-m", "jiading_cli", "share", "--post", "--network", "facebook"]
    began = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert received.wait(20), "the run never sent its request"
        run.send_signal(signal.SIGKILL)
        run.wait(10)
    finally:
        release.set()
    assert answered.wait(5)  # the loopback server is free again
    assert run.returncode == -signal.SIGKILL
    [intent] = site.records()
    assert intent["state"] == "intent"  # written when the request went, by the real clock, whatever JIADING_NOW says
    assert began <= dt.datetime.fromisoformat(intent["time"]) <= dt.datetime.now(dt.UTC)
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode == 1
    assert f"pending    facebook  articles/a.md  a post started at {intent['time']} has an unknown outcome" in (
        again.stdout
    )
    assert len(requests) == 1
    resolved = site.run("share", "--resolve", "articles/a.md", "--network", "facebook", "--remote-id", "1234_1")
    assert resolved.exit_code == 0
    assert resolved.output == "articles/a.md: facebook: recorded as posted (1234_1)\n"
    [record] = site.records()
    assert record["state"] == "posted" and record["url"] == "https://www.facebook.com/1234/posts/1"
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    assert len(requests) == 1


def test_a_second_run_while_one_holds_the_lock_posts_nothing(site: ShareSite) -> None:
    site.article()
    with site_lock(load_config(site.root).root):
        result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "another `jiading share` run is posting for this site" in result.stderr
    assert site.records() == []


def test_not_posted_clears_the_intent_so_the_next_run_posts(site: ShareSite) -> None:
    site.article(
        extra=(
            "syndication:\n- network: linkedin\n"
            "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
            "  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
        )
    )
    result = site.run("share", "--resolve", "articles/a.md", "--network", "linkedin", "--not-posted")
    assert result.exit_code == 0
    assert "linkedin: recorded as not posted" in result.output
    assert site.records() == []
    assert "syndication" not in (site.root / "articles" / "a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--network", "linkedin"], "expected either --remote-id ID (it went out) or --not-posted"),
        (["--remote-id", "1"], "expected exactly one --network"),
        (["--network", "facebook", "--not-posted"], "no pending facebook post to resolve"),
    ],
)
def test_resolve_says_what_it_needs(site: ShareSite, args: list[str], message: str) -> None:
    site.article()
    result = site.run("share", "--resolve", "articles/a.md", *args)
    assert result.exit_code == 2
    assert message in result.stderr
