"""The cache folder may be deleted at any time, and the share lock a run holds goes with it: a run started then
takes a new lock. The run holding the old one looks before each article it may post that its lock is still there,
and stops when it is not, so two runs never both go on posting; the article it did not post is posted once by the
next run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.share import post
from share.fakes import FakeFacebook
from share.sites import make_site

SECOND_ID = "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a22"


def test_a_run_whose_lock_was_deleted_stops_before_its_next_post(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    facebook = FakeFacebook(httpserver).serve()
    site.article("a.md")
    site.article("b.md", title="Jiading opens a new park", date="2017-07-04T18:00:00+08:00", id=SECOND_ID)
    loaded = post.load_file
    seen: list[Path] = []

    def deleting(config: Any, path: Path) -> Any:
        seen.append(path)
        if len(seen) == 1:  # someone clears the cache while the run posts its first article
            shutil.rmtree(tmp_path / ".jiading-cache")
        return loaded(config, path)

    monkeypatch.setattr(post, "load_file", deleting)
    first = site.run("share", "--post", "--yes", "--network", "facebook")
    assert first.exit_code == 1, first.output
    assert facebook.made == 1
    stopped = [line for line in first.output.splitlines() if "share.lock: removed while this run held it" in line]
    assert len(stopped) == 1 and "not posted" in stopped[0], first.output
    monkeypatch.setattr(post, "load_file", loaded)
    again = site.run("share", "--post", "--yes", "--network", "facebook")
    assert again.exit_code == 0, again.output
    assert facebook.made == 2
    assert site.run("share", "--post", "--yes", "--network", "facebook").exit_code == 0
    assert facebook.made == 2
