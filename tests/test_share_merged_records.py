"""Records as a merge of two CI jobs' commits leaves them (two records of one network, one posted and one an intent;
a file copied with another article's records): JD183, and no command that writes records acts on them, `--resolve`
included, which read the last record of the network and dropped every one of it with it (the record of a post made
lost: the next run posts an email again). Each says so in one line, exits 1, and the file and the networks are as
they were."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, ShareSite, make_site


def _record(network: str, state: str, remote_id: str | None = None, article: str = ARTICLE_ID) -> str:
    remote = f"  remote_id: '{remote_id}'\n" if remote_id else ""
    return f"- network: {network}\n  article: {article}\n  state: {state}\n{remote}  time: '2026-11-27T04:00:00Z'\n"


POSTED = {"facebook": "1234_1", "email": "<a.b@example.com>"}
MERGES = {
    "posted, then an intent": lambda network: _record(network, "posted", POSTED[network]) + _record(network, "intent"),
    "an intent, then posted": lambda network: _record(network, "intent") + _record(network, "posted", POSTED[network]),
    "posted twice": lambda network: _record(network, "posted", POSTED[network]) * 2,
    "another article's record": lambda network: _record(network, "intent", article="urn:uuid:another"),
    "a remote_id that YAML reads as a number": lambda network: _record(network, "posted").replace(
        "  time:", "  remote_id: 1234_1\n  time:"
    ),
}
ACTIONS = {
    "--resolve --not-posted": ["--resolve", "articles/a.md", "--network", "{network}", "--not-posted"],
    "--resolve --remote-id": ["--resolve", "articles/a.md", "--network", "{network}", "--remote-id", "{remote}"],
    "--adopt": ["--adopt", "--network", "{network}"],
    "--post": ["--post", "--yes", "--network", "{network}"],
    "--post of the file": ["--post", "--yes", "articles/a.md", "--network", "{network}"],
    "--update": ["--update", "--network", "{network}"],
}
SAID = ("not resolved: its records have", "not adopted: ", "not posted: ", "not updated: ")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("merge", MERGES)
@pytest.mark.parametrize("network", ["facebook", "email"])
def test_no_command_writes_over_records_a_merge_left_untrusted(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, merge: str, action: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site: ShareSite = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    facebook, _ = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    path = site.article(extra="syndication:\n" + MERGES[merge](network))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    remote = "1234_9" if network == "facebook" else "<c.d@example.com>"
    args = [arg.format(network=network, remote=remote) for arg in ACTIONS[action]]
    result = site.run("share", *args, env={"JIADING_SMTP_PASSWORD": "x"})
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if "articles/a.md" in line]
    assert any(said in line for said in SAID), line
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert facebook.made == 0 and not facebook.scraped
