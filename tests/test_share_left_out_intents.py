"""A post of unknown outcome is said whatever else keeps its article from being posted now: the article made a draft
since, its date moved on, a run as of an earlier moment (`JIADING_NOW` set back), or its date before `share.since`.
`share --post` and `share --pending` each said only `skipped: 1 draft` and exited 0, a post that may be on the
network said nowhere but in a warning of `validate`. Once the article is due again, the post is found, never made
again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, NOW, ShareSite, make_site

URL = "https://news.example.com/en/news/{}/a/"
DUE = "2026-11-20T09:00:00+08:00"
INTENT = "syndication:\n- network: {}\n  article: " + ARTICLE_ID + "\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
LEFT_OUT = {  # how the article is left out: (its date, what its front matter adds, the run's JIADING_NOW)
    "made a draft": (DUE, "draft: true\n", NOW),
    "its date moved on": ("2026-12-20T09:00:00+08:00", "", NOW),
    "a run as of an earlier moment": (DUE, "", "2026-11-10T12:00:00+08:00"),
    "dated before share.since": ("2017-07-03T18:00:00+08:00", "", NOW),
}
SAID = {
    "made a draft": "skipped: 1 draft",
    "its date moved on": "skipped: 1 scheduled",
    "a run as of an earlier moment": "skipped: 1 scheduled",
    "dated before share.since": "skipped: 1 dated before share.since",
}


def left_out(tmp_path: Path, httpserver: HTTPServer, network: str, how: str) -> tuple[ShareSite, Path, dict[str, str]]:
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    config = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(config.replace("[share]\n", "[share]\nsince = 2026-11-01\n"), "utf-8")
    date, extra, now = LEFT_OUT[how]
    path = site.article(date=date, extra=INTENT.format(network) + extra)
    return site, path, {"JIADING_NOW": now}


@pytest.mark.parametrize("how", LEFT_OUT)
@pytest.mark.parametrize("network", ["facebook", "linkedin", "email"])
def test_a_post_of_unknown_outcome_is_said_while_its_article_is_left_out(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, how: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site, path, env = left_out(tmp_path, httpserver, network, how)
    before = path.read_bytes()
    for action in ("--post", "--pending"):
        result = site.run("share", action, "--yes", "--network", network, env=env)
        assert result.exit_code == 1, result.output
        [row] = [line for line in result.stdout.splitlines() if line.startswith("pending ")]
        assert row.startswith(f"pending    {network:<8}  articles/a.md  a post started at 2026-11-27T04:00:00Z")
        assert "jiading share --resolve articles/a.md" in row and "is looked for" in row
    assert SAID[how] in site.run("share", "--post", "--network", network, env=env).stdout
    assert httpserver.log == [] and path.read_bytes() == before


@pytest.mark.parametrize("how", LEFT_OUT)
@pytest.mark.parametrize("network", ["facebook", "linkedin"])
def test_once_the_article_is_due_again_its_post_is_found_not_made_again(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, how: str
) -> None:
    monkeypatch.chdir(tmp_path)
    fake = (FakeFacebook if network == "facebook" else FakeLinkedIn)(httpserver).serve()
    site, path, env = left_out(tmp_path, httpserver, network, how)
    fake.add(URL.format(LEFT_OUT[how][0][:7].replace("-", "/")))  # the post the unknown outcome was
    assert site.run("share", "--post", "--network", network, env=env).exit_code == 1
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    path.write_text(text, encoding="utf-8")
    later = {"JIADING_NOW": "2026-12-21T09:00:00+08:00"} if how == "its date moved on" else {}
    due = site.run("share", "--post", "--network", network, "articles/a.md", env=later)
    assert due.exit_code == 0, due.output
    assert f"found      {network:<8}  articles/a.md  found on" in due.stdout
    assert fake.made == 0 and [r["state"] for r in site.records()] == ["posted"]
