"""A record is rewritten over years by the versions of jiading a site goes through: each rewrite keeps the keys it
does not write itself (a newer version's, or a person's), with their values as they were."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share.records import ORDER, edit, record, replacing
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, ShareSite, reconciling_site

MOMENT = dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC)
SETTLED = "2026-11-27T12:10:00+08:00"  # ten minutes after the intents below, real time: a request then is over
URL = "https://news.example.com/en/news/2017/07/a/"
KEPT = {"audience": "everyone", "thread": {"id": "7", "replies": [1, 2]}, "retries": 2}
KEPT_YAML = "  audience: everyone\n  thread:\n    id: '7'\n    replies: [1, 2]\n  retries: 2\n"

unknown_keys = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=8).filter(
    lambda key: key not in ORDER
)
values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(st.characters(codec="utf-8"), max_size=12) | st.just("a\x85b \u4e2d"),
        st.dates(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(unknown_keys, inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(unknown_keys, values, min_size=1, max_size=4), st.sampled_from(["intent", "posted"]))
def test_a_record_rewritten_keeps_every_key_jiading_does_not_write(extra: dict[str, Any], state: str) -> None:
    old = {"network": "facebook", "article": "urn:uuid:1", "state": "intent", "time": "2026-11-26T04:00:00Z", **extra}
    other = {"network": "linkedin", "state": "posted", **copy.deepcopy(extra)}  # no value shared: no YAML alias
    front = yaml.safe_dump({"title": "A", "syndication": [other, old]}, allow_unicode=False, sort_keys=False)
    new = record("facebook", "urn:uuid:1", state, MOMENT, remote_id="1234_5" if state == "posted" else None)
    _, records = edit(f"---\n{front}---\nBody.\n".encode(), replacing("facebook", new), "a.md")
    assert records == [other, {**new.mapping(), **extra}]
    _, removed = edit(f"---\n{front}---\nBody.\n".encode(), replacing("facebook", None), "a.md")
    assert removed == [other]


def intent(network: str) -> str:
    return (
        f"syndication:\n- network: {network}\n  article: {ARTICLE_ID}\n  state: intent\n"
        f"  time: '2026-11-27T04:00:00Z'\n{KEPT_YAML}"
    )


def posted(network: str, remote_id: str) -> str:
    return (
        f"syndication:\n- network: {network}\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: {remote_id}\n"
        f"  time: '2026-11-27T04:00:00Z'\n  text_sha256: {'0' * 64}\n{KEPT_YAML}"
    )


def _found(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeLinkedIn(server).serve().add(URL)
    site.article(extra=intent("linkedin"))
    return ["share", "--post", "--network", "linkedin"]


def _posted(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeLinkedIn(server).serve()
    site.article(extra=intent("linkedin"))
    return ["share", "--post", "--network", "linkedin"]


def _resolved(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article(extra=intent("linkedin"))
    return ["share", "--resolve", "articles/a.md", "--network", "linkedin", "--remote-id", "urn:li:share:9"]


def _updated_facebook(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeFacebook(server).serve().add(URL)
    site.article(extra=posted("facebook", "'1234_1'"))
    return ["share", "--update", "--network", "facebook"]


def _updated_linkedin(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeLinkedIn(server).serve().add(URL)
    site.article(extra=posted("linkedin", "urn:li:share:7000"))
    return ["share", "--update", "--network", "linkedin"]


Rewrite = Callable[[ShareSite, HTTPServer], list[str]]


@pytest.mark.parametrize(
    ("rewrite", "row"),
    [
        (_found, "found      linkedin"),
        (_posted, "posted     linkedin"),
        (_resolved, "recorded as posted (urn:li:share:9)"),
        (_updated_facebook, "updated    facebook"),
        (_updated_linkedin, "updated    linkedin"),
    ],
)
def test_every_command_that_rewrites_a_record_keeps_the_keys_it_does_not_write(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, rewrite: Rewrite, row: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = reconciling_site(tmp_path, httpserver.url_for("/"))
    result = site.run(*rewrite(site, httpserver), real=SETTLED)
    assert result.exit_code == 0, result.output
    assert row in result.output
    [kept] = site.records()
    assert kept["state"] == "posted"
    assert {key: kept[key] for key in KEPT} == KEPT
