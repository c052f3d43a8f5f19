"""Two sites that share article files through symbolic links (a site's articles folder, or one article, a link to
another site's) have a share lock each: a run also locks each folder its articles really lie in, so two runs that
may write one article file, from one site or from two, never both post it, nor write its record at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jiading_cli.share import records
from jiading_cli.share.lock import site_lock
from jiading_cli.share.request import ShareError
from share.fakes import FakeFacebook
from share.sites import FEED_PATH, NOW, TOKENS, ShareSite, make_site

BUSY = "another `jiading share` run is posting articles of"
INTENT = (
    "syndication:\n- network: facebook\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
    "  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)


def _sites(tmp_path: Path, base: str, linked: str) -> tuple[ShareSite, ShareSite]:
    """Site ``one`` with its article, and site ``two`` reaching it through a link: its whole articles folder
    (``folder``) or the one file (``file``)."""
    one = make_site(_made(tmp_path / "one"), base=base, timeout=5)
    two = make_site(_made(tmp_path / "two"), base=base, timeout=5)
    one.article()
    shared = two.root / "articles"
    if linked == "folder":
        shared.rmdir()
        shared.symlink_to(one.root / "articles", target_is_directory=True)
    else:
        (shared / "a.md").symlink_to(one.root / "articles" / "a.md")
    return one, two


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


@pytest.mark.parametrize("linked", ["folder", "file"])
@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["--post", "--network", "facebook"], ""),
        (["--update", "--network", "facebook"], ""),
        (["--adopt", "--network", "facebook"], ""),
        (["--resolve", "articles/a.md", "--network", "facebook", "--not-posted"], INTENT),
        (["--digest", "--since", "2017-07-01", "--post"], ""),
    ],
)
def test_a_run_of_another_site_sharing_the_articles_stops_at_once(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, linked: str, args: list[str], extra: str
) -> None:
    one, two = _sites(tmp_path, httpserver.url_for("/"), linked)
    if extra:
        one.article(extra=extra)
    facebook = FakeFacebook(httpserver).serve()
    before = (one.root / "articles" / "a.md").read_bytes()
    monkeypatch.chdir(two.root)
    with site_lock(one.root, [one.root / "articles" / "a.md"]):  # the first site's run, posting
        result = two.run("share", *args)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if BUSY in line]
    assert len(lines) == 1, result.output
    assert str((one.root / "articles").resolve()) in lines[0]  # where the files really lie: outside the site
    assert facebook.made == 0
    assert (one.root / "articles" / "a.md").read_bytes() == before
    assert sorted(p.name for p in (one.root / "articles").iterdir()) == ["a.md"]


def test_two_runs_at_once_from_sites_sharing_the_articles_post_once(tmp_path: Path, httpserver: HTTPServer) -> None:
    """The real race: both runs started together against a network slow to answer; one posts and records, the other
    stops at once or finds the record, and never sends a second request."""
    posts: list[bytes] = []
    lock = threading.Lock()

    def slow(request: Request) -> Response:
        with lock:
            posts.append(request.get_data())
            number = len(posts)
        time.sleep(0.5)  # both runs are past reading the article before the first answer comes back
        return Response(json.dumps({"id": f"1234_{number}"}), content_type="application/json")

    httpserver.expect_request(FEED_PATH, method="POST").respond_with_handler(slow)
    env = {**os.environ, **TOKENS, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
    command = [sys.executable, "-m", "jiading_cli", "share", "--post", "--network", "facebook"]
    for round_ in range(3):
        one, two = _sites(_made(tmp_path / str(round_)), httpserver.url_for("/"), "folder")
        runs = [
            subprocess.Popen(command, cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for site in (one, two)
        ]
        ended = [run.communicate(timeout=60) for run in runs]
        codes = sorted(run.returncode for run in runs)
        assert codes in ([0, 0], [0, 1]), ended
        if codes == [0, 1]:
            assert any(BUSY in out + err for out, err in ended), ended
        assert len(posts) == round_ + 1, ended  # one post each round, never two
        [record] = one.records()
        assert record["state"] == "posted" and record["remote_id"] == f"1234_{round_ + 1}"


def test_a_record_is_never_written_without_the_lock_of_its_folder(tmp_path: Path) -> None:
    """The rule that keeps the race out: the one function that writes an article's records refuses a file whose
    folder this run has not locked, in one line, and leaves the file as it is."""
    site = make_site(_made(tmp_path / "one"))
    path = site.article()
    before = path.read_bytes()
    with pytest.raises(ShareError, match=r"a\.md: not written: its folder is not locked by this run"):
        records.update(path, records.replacing("facebook", None), "a.md")
    other = site.article("sub/b.md")
    with site_lock(site.root, [other]), pytest.raises(ShareError):
        records.update(path, records.replacing("facebook", None), "a.md")  # another folder's lock is not its own
    assert path.read_bytes() == before
