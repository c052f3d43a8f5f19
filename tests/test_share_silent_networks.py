"""A network that gives no answer in time — a server that takes the connection and then trickles or says nothing,
as one behind a broken load balancer does — is waited for once in a run, not once for every article: after the
article whose post or lookup went unanswered (every try), the network is sent nothing more in the run, each article
left counted in the closing line (`skipped: 2 not sent to facebook (no answer in time above)`) and posted by a later
run. Else a run of many articles waits minutes for nothing, and, without reconciling, leaves every one of them
pending. Real loopback servers: an HTTP one that trickles its answer without end, an SMTP one that never greets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook
from share.scripted_smtp import STALL, scripted_smtp
from share.sites import ShareSite, make_site
from test_slow_answers import Stubborn

IDS = [f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}" for n in range(3)]


@pytest.fixture
def trickling() -> Iterator[Stubborn]:
    server = Stubborn(trickle=True)
    yield server
    server.close()


def _three(site: ShareSite) -> ShareSite:
    for n, id_ in enumerate(IDS):
        site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)
    return site


def _held_to_one_wait(site: ShareSite, network: str, first: str) -> None:
    result = site.run("share", "--post", "-q", "--network", network)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2, result.output
    assert lines[0].startswith(f"{first:<10} {network:<8}  articles/a0.md  "), result.output
    assert lines[1].endswith(f"; skipped: 2 not sent to {network} (no answer in time above)"), result.output
    assert site.records("a1.md") == site.records("a2.md") == []


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
@pytest.mark.parametrize("reconcile", [True, False], ids=["asked-first", "posted"])
def test_an_http_network_that_does_not_answer_is_waited_for_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trickling: Stubborn, network: str, reconcile: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    site = _three(make_site(tmp_path, base=trickling.url, timeout=0.3, reconcile=reconcile))
    _held_to_one_wait(site, network, "failed" if reconcile else "pending")
    assert len(trickling.requests) == (3 if reconcile else 1)  # the first article's lookup (each try), or its post


def test_a_mail_server_that_does_not_greet_is_waited_for_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with scripted_smtp({"greeting": STALL}) as server:
        site = _three(make_site(tmp_path, smtp_port=server.port, timeout=0.3))
        _held_to_one_wait(site, "email", "failed")
        assert server.sessions == 3  # the first article's tries
        server.replies = {}
        again = site.run("share", "--post", "-q", "--network", "email")
        assert again.exit_code == 0, again.output
        assert again.output.splitlines()[-1] == "3 posted"
        assert len(server.messages) == 3


def _posted_then_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trickling: Stubborn, httpserver: HTTPServer
) -> ShareSite:
    """Three articles posted to Facebook, whose API then answers no request in time."""
    monkeypatch.chdir(tmp_path)
    FakeFacebook(httpserver).serve()
    site = _three(make_site(tmp_path, base=httpserver.url_for("/"), timeout=0.3))
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace(httpserver.url_for("/").rstrip("/"), trickling.url))
    return site


def test_an_update_to_a_network_that_does_not_answer_is_waited_for_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trickling: Stubborn, httpserver: HTTPServer
) -> None:
    site = _posted_then_silent(tmp_path, monkeypatch, trickling, httpserver)
    for path in sorted((tmp_path / "articles").glob("a*.md")):
        path.write_text(path.read_text().replace("Jiading news number", "Jiading news, number"))
    result = site.run("share", "--update", "-q", "--network", "facebook")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and lines[0].startswith("failed     facebook  articles/a0.md  "), result.output
    assert lines[1].endswith("; skipped: 2 not sent to facebook (no answer in time above)"), result.output
    assert len(trickling.requests) == 1  # an edit given no whole answer: run again, as the row says


def test_stats_of_a_network_that_does_not_answer_wait_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trickling: Stubborn, httpserver: HTTPServer
) -> None:
    site = _posted_then_silent(tmp_path, monkeypatch, trickling, httpserver)
    result = site.run("share", "--stats", "--json", "--network", "facebook")
    assert result.exit_code == 1, result.output
    problems = [row["problem"] for row in json.loads(result.stdout)["posts"]]
    assert problems[0].startswith("could not read from 127.0.0.1:"), problems
    assert problems[1:] == ["not read: facebook gave no answer in time in this run (articles/a0.md says so)"] * 2
    assert len(trickling.requests) == 3  # the first post's figures, each try
