"""A stop (Ctrl-C) in the instant after `share --resolve` or `share --digest --post` creates any file, as it begins
to fill one, or as one is put in place, loses nothing and sends nothing twice: exit 130 and one line, no temporary
file, each article as it was or with its record settled or added whole, and the next run ends as an undisturbed one
does (the same files, the digest sent once). The stops of `tests/test_stop_after_create_others.py`, for the two
commands that write records it does not run."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import Result

from conftest import NOW
from share.fakes import FakeFacebook
from share.sites import TOKENS, make_site, real_clock
from share.smtpd import smtp_server
from test_stop_after_create_others import IDS, MOMENTS, _invoke, _records_added, _search, _untouched_or_whole

NAMES = [f"articles/a{n}.md" for n in range(len(IDS))]


def _settled(before: bytes, now: bytes) -> bool:
    """Whether ``now`` is ``before`` with its facebook intent settled as posted, and nothing else changed."""
    return before.split(b"syndication:")[0] == now.split(b"syndication:")[0] and b"state: posted" in now


@pytest.mark.parametrize("moment", MOMENTS)
def test_share_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, httpserver: HTTPServer) -> None:
    """A post whose answer was a server error after it was made is pending; `--resolve` records it as posted."""
    peers: list[FakeFacebook] = []

    def prepare(root: Path) -> None:
        httpserver.clear()
        peers[:] = [FakeFacebook(httpserver).serve()]
        peers[0].fail_after_making[:] = [(500, 1)]
        site = make_site(root, base=httpserver.url_for("/"), timeout=5)
        for n, id_ in enumerate(IDS):
            site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)
        with real_clock(NOW):
            pending = _invoke("share", "--post", "--network", "facebook", "articles/a0.md", env=TOKENS)
        assert pending.exit_code == 1 and "pending" in pending.output, pending.output

    def resolve(root: Path) -> Result:
        with real_clock(NOW):
            return _invoke("share", "--resolve", "articles/a0.md", "--network", "facebook", "--remote-id", "1234_1")

    def once(where: str) -> None:
        assert peers[0].made == 1, where  # nothing is sent by a resolve

    made = _search(tmp_path, monkeypatch, moment, prepare, resolve, _untouched_or_whole(NAMES, _settled), once)
    assert any(path.startswith("articles/") for path in made)


@pytest.mark.parametrize("moment", MOMENTS)
def test_share_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """The digest goes once, ever, whatever write of its records a stop lands in."""
    with smtp_server(starttls=False) as inbox:

        def prepare(root: Path) -> None:
            inbox.messages.clear()
            site = make_site(root, smtp_port=inbox.port)
            for n, id_ in enumerate(IDS):
                site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)

        def digest(root: Path) -> Result:
            with real_clock(NOW):
                return _invoke("share", "--digest", "--since", "2017-07-01", "--post", env=TOKENS)

        def once(where: str) -> None:
            assert len(inbox.messages) == 1, where

        check = _untouched_or_whole(NAMES, _records_added)
        made = _search(tmp_path, monkeypatch, moment, prepare, digest, check, once, every="articles/")
        assert any(path.startswith("articles/") for path in made)
