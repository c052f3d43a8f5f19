"""An article file that gives no article (a merge left its conflict markers in the records, its front matter broken)
has records no command can know: every share action says so in one line with the file's first error, as `jiading
validate` finds it (its line, rule and what was found), exits 1 and sends and writes nothing; none passes it over as
an article with no post (`--stats` said "no recorded post to read back", exit 0; serve's preview "not posted yet")."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.app.reach import standing
from jiading_cli.app.settings import load
from jiading_cli.share.registry import current
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, TOKENS, ShareSite, make_site

RECORD = (
    f"- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_1'\n"
    "  time: '2026-11-27T04:00:00Z'\n"
)
OTHER = f"- network: facebook\n  article: {ARTICLE_ID}\n  state: intent\n  time: '2026-11-28T04:00:00Z'\n"
CONFLICT = f"syndication:\n<<<<<<< HEAD\n{RECORD}=======\n{OTHER}>>>>>>> records of the other job\n"
DAMAGES = {
    "records with a merge's conflict markers": lambda text: text.replace("---\nShanghai", CONFLICT + "---\nShanghai"),
    "a title with a merge's conflict markers": lambda text: text.replace(
        "title: Financial", "<<<<<<< HEAD\ntitle: A\n=======\ntitle: Financial"
    ).replace("summary:", ">>>>>>> other\nsummary:"),
    "a record indented with a tab": lambda text: text.replace("---\nShanghai", "syndication:\n\t- network: x\n---\nS"),
    "a front matter never closed": lambda text: text.replace("---\nShanghai", "Shanghai"),
    "bytes that are not UTF-8": lambda text: text.replace("title: Financial", "title: \udcff Financial"),
}
ACTIONS = {
    "a dry run": ["share"],
    "--pending": ["share", "--pending"],
    "--post": ["share", "--post", "--yes"],
    "--post of the file": ["share", "--post", "--yes", "articles/a.md"],
    "--update": ["share", "--update"],
    "--adopt": ["share", "--adopt"],
    "--stats": ["share", "--stats"],
    "--resolve": ["share", "--resolve", "articles/a.md", "--network", "facebook", "--not-posted"],
}


def damaged(site: ShareSite, damage: str) -> tuple[Path, str]:
    """The article damaged, and where and what `jiading validate` says its first error is (``line 9: JD101 …``)."""
    path = site.root / "articles" / "a.md"
    text = DAMAGES[damage](path.read_text(encoding="utf-8"))
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    checked = site.run("validate", "--format", "text")
    assert checked.exit_code == 1
    found = re.search(r"^articles/a\.md:(\d+): error (JD\d+ [^\n]*)$", checked.output, re.M)
    assert found is not None, checked.output
    return path, f"line {found[1]}: {found[2]}" if found[1] != "0" else found[2]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("damage", DAMAGES)
def test_every_share_action_says_a_file_that_gives_no_article_with_its_first_error(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, damage: str, action: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    site.article()
    path, said = damaged(site, damage)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    both = [] if action == "--resolve" else ["--network", "facebook", "--network", "linkedin"]
    result = site.run(*ACTIONS[action], *both)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if "articles/a.md" in line]
    assert said in line, (said, line)
    assert "no recorded post" not in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert facebook.made == linkedin.made == 0 and not facebook.scraped


@pytest.mark.parametrize("damage", DAMAGES)
def test_the_share_preview_says_a_file_that_gives_no_article_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    path, said = damaged(site, damage)
    for network in standing(load(site.root), current(), path, TOKENS):
        assert network.figures is None
        assert network.note.startswith("could not read: cannot be loaded (") and said in network.note
