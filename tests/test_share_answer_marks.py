"""Every JSON answer is read alike with a UTF-8 byte-order mark first (RFC 8259 lets a reader ignore one), at the
one place JSON is decoded: posting, looking for a post and counting its reach all read it, against loopback
Facebook and LinkedIn that start every answer with one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from jiading_cli.base import jsontext
from jiading_cli.share.request import error_json
from share.fakes import BOM, FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, reconciling_site
from test_share_reconcile import forget_records

NEWER = "https://partner.example.net/news/2026/11/other-{}/"  # posts of another site: none of this one's to place


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return reconciling_site(tmp_path, httpserver.url_for("/"))


@pytest.mark.parametrize("network", ["facebook", "linkedin"])
def test_answers_with_a_byte_order_mark_are_read(site: ShareSite, httpserver: HTTPServer, network: str) -> None:
    fake = (FakeFacebook(httpserver, bom=True) if network == "facebook" else FakeLinkedIn(httpserver, bom=True)).serve()
    fake.add(NEWER.format(1))  # a page of posts to read past
    posted = site.run("share", "--post", "--network", network)
    assert posted.exit_code == 0, posted.output
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == fake.posts[-1]["id"]
    forget_records(site)
    found = site.run("share", "--post", "--network", network)  # the listing, read with its mark
    assert found.exit_code == 0, found.output
    assert f"found on {'Facebook' if network == 'facebook' else 'LinkedIn'} before posting" in found.output
    assert fake.made == 1
    stats = site.run("share", "--stats", "--network", network)
    assert stats.exit_code == 0, stats.output


@pytest.mark.parametrize(
    ("body", "read"),
    [
        (BOM + b'{"id": "1234_1"}', {"id": "1234_1"}),
        (b'{"id": "1234_1"}', {"id": "1234_1"}),
        (BOM + BOM + b'{"id": "1234_1"}', None),  # one mark is ignored, a second is text before the JSON
        (b' \xef\xbb\xbf{"id": "1"}', None),  # a mark only at the very start
        (BOM, None),
        ("\ufeff".encode("utf-16"), None),
    ],
)
def test_one_byte_order_mark_first_is_ignored_where_answers_are_read(body: bytes, read: Any) -> None:
    assert error_json(body) == read
    if read is not None:
        assert jsontext.loads(body.decode("utf-8"), unique=True) == jsontext.loads(body) == read
