"""A post's URL and the article's link in a record are held to one rule, wherever they come from: ``--url`` given
by hand with ``--resolve`` or ``--adopt``, or a record written by hand (JD183). Each is an http:// or https://
address naming a host that can be looked up, written as a URL is: what ``--stats`` and ``--json`` show and a
preview links is never text that is not an address, nor one that ends an HTML attribute."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jiading_cli.share.recordforms import url_problem
from share.sites import ShareSite, make_site

BAD = [
    ("https://[zz]/", "is not an IPv6 address"),
    ("https://x:99999/", "its port is not a number from 0 to 65535"),
    ("https://", "it names no host"),
    ('https://x.com/"><script>alert(1)</script>', "a quote, a bracket"),
    ("not a url", "a space"),
    ("javascript:alert(1)", "not an http:// or https:// address"),
    ("ftp://example.com/post", "not an http:// or https:// address"),
    ("https://exa mple.com/", "a space"),
]
INTENT = (
    "syndication:\n- network: facebook\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
    "  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


@pytest.mark.parametrize(("url", "why"), BAD)
@pytest.mark.parametrize("how", ["--resolve", "--adopt"])
def test_a_url_given_by_hand_that_is_no_address_is_refused(site: ShareSite, url: str, why: str, how: str) -> None:
    path = site.article(extra=INTENT if how == "--resolve" else "")
    before = path.read_bytes()
    result = site.run("share", how, "articles/a.md", "--network", "facebook", "--remote-id", "1234_5", "--url", url)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: --url: expected the post's http:// or https:// URL, got "), line
    assert why in line, line
    assert path.read_bytes() == before


@pytest.mark.parametrize(("url", "why"), BAD)
@pytest.mark.parametrize("name", ["url", "link"])
def test_a_record_written_by_hand_with_no_address_is_an_error(site: ShareSite, url: str, why: str, name: str) -> None:
    quoted = url.replace("'", "''")
    site.article(
        extra=(
            "syndication:\n- network: facebook\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
            f"  state: posted\n  remote_id: '1234_5'\n  {name}: '{quoted}'\n  time: '2026-11-27T04:00:00Z'\n"
        )
    )
    result = site.run("validate")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if "JD183" in line]
    assert f"facebook: {name}: expected the " in line and why in line, line
    stats = site.run("share", "--stats", "--json")
    assert url not in stats.output  # never shown as the post's address
    table = site.run("share", "--stats").output
    assert "facebook  could not read: its records have 1 error(s) (JD183; run jiading validate)" in table, table


def test_the_addresses_networks_give_are_taken(site: ShareSite) -> None:
    site.article(
        extra=(
            "syndication:\n- network: facebook\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
            "  state: posted\n  remote_id: '1234_5'\n  url: https://www.facebook.com/1234/posts/5\n"
            "  link: https://news.example.com/en/news/2017/07/a/?utm_source=facebook&utm_medium=social\n"
            "  time: '2026-11-27T04:00:00Z'\n"
        )
    )
    assert "JD183" not in site.run("validate").output


@given(st.text(max_size=40).map(lambda tail: "https://" + tail))
@example("https://x.com/a?b=c&d=e#f")
@example("https://[::1]:8080/p")
@example("https://嘉定.example/新闻")
def test_every_url_taken_is_an_address_and_safe_in_an_attribute(url: str) -> None:
    """The search for the next one: any text the rule takes is a web address naming a host, which HTML escaping
    leaves as it is (no quote or bracket ends the attribute it is written in)."""
    if url_problem(url) is not None:
        return
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert parts.port is None or 0 <= parts.port <= 65535
    assert html.escape(url, quote=True).replace("&amp;", "&") == url
    assert url.isprintable() and " " not in url
