"""Records lost (a clone without them, a record removed) after the article's slug or the site's base_url changed:
the network's post links the article's old URL, and reading back by the URL now found nothing, so the article was
posted again. Read back, a post is the article's by its URL, or by its text when its link is no page of the site
now; a post of this site no article accounts for, whose text is another, is never answered with a second post:
nothing is sent, and one line says how to settle it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ShareSite, make_site

NETWORKS = ("facebook", "linkedin")
SUMMARY = "summary: Jiading signed a memorandum of strategic cooperation on finance with Shanghai."


def _fakes(httpserver: HTTPServer) -> dict[str, FakeFacebook | FakeLinkedIn]:
    return {"facebook": FakeFacebook(httpserver).serve(), "linkedin": FakeLinkedIn(httpserver).serve()}


def _lose_records(site: ShareSite) -> None:
    path = site.root / "articles" / "a.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"syndication:\n(?:[- ] .*\n)*", "", text), encoding="utf-8")


def _slug(site: ShareSite, slug: str) -> None:
    path = site.root / "articles" / "a.md"
    path.write_text(re.sub(r"slug: .*\n", f"slug: {slug}\n", path.read_text(encoding="utf-8")), encoding="utf-8")


def _base(site: ShareSite, host: str) -> None:
    path = site.root / "jiading.toml"
    text = re.sub(r'base_url = ".*"', f'base_url = "https://{host}"', path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def _summary(site: ShareSite, words: str) -> None:
    path = site.root / "articles" / "a.md"
    text = path.read_text(encoding="utf-8").replace(SUMMARY, f"summary: {words}")
    path.write_text(re.sub(r"summary: .*\n", f"summary: {words}\n", text), encoding="utf-8")


STEPS = st.one_of(
    st.just(("post", "")),
    st.just(("lose records", "")),
    st.tuples(st.just("slug"), st.sampled_from(["finance", "finance-news", "jiading-finance"])),
    st.tuples(st.just("base_url"), st.sampled_from(["news.example.com", "www.example.org", "jiading.example"])),
    st.tuples(st.just("summary"), st.sampled_from(["Finance comes to Jiading.", "A memorandum on finance."])),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(steps=[("post", ""), ("lose records", ""), ("slug", "finance")])
@example(steps=[("post", ""), ("base_url", "www.example.org"), ("lose records", ""), ("slug", "finance")])
@example(steps=[("post", ""), ("lose records", ""), ("summary", "A memorandum on finance."), ("slug", "finance")])
@given(steps=st.lists(STEPS, min_size=1, max_size=5))
def test_drawn_losses_and_moves_never_post_an_article_twice(
    tmp_path_factory: pytest.TempPathFactory,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    steps: list[tuple[str, str]],
) -> None:
    httpserver.clear()
    root = tmp_path_factory.mktemp("moved")
    monkeypatch.chdir(root)
    site = make_site(root, base=httpserver.url_for("/"), reconcile=True)
    site.article(extra="slug: financial-industry\n")
    fakes = _fakes(httpserver)
    for step, value in [*steps, ("post", "")]:
        if step == "post":
            result = site.run("share", "--post", "--network", "facebook", "--network", "linkedin")
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output, result.output
        elif step == "lose records":
            _lose_records(site)
        elif step == "slug":
            _slug(site, value)
        elif step == "base_url":
            _base(site, value)
        else:
            _summary(site, value)
        assert all(fakes[network].made <= 1 for network in NETWORKS), steps
    assert all(fakes[network].made == 1 for network in NETWORKS), steps  # posted once, in the end


def _posted_then_lost(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str
) -> tuple[ShareSite, FakeFacebook | FakeLinkedIn]:
    """A site whose one article was posted to ``network``, then its records lost; the site and the network's fake."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article(extra="slug: financial-industry\n")
    fake = _fakes(httpserver)[network]
    assert site.run("share", "--post", "--network", network).exit_code == 0
    _lose_records(site)
    return site, fake


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("moved", ["slug", "base_url", "both"])
def test_a_post_of_the_article_before_its_url_changed_is_found_by_its_text(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, moved: str
) -> None:
    site, fake = _posted_then_lost(tmp_path, httpserver, monkeypatch, network)
    if moved in ("slug", "both"):
        _slug(site, "finance-news")
    if moved in ("base_url", "both"):
        _base(site, "www.example.org")
    again = site.run("share", "--post", "--network", network)
    assert again.exit_code == 0, again.output
    assert f"found      {network}  articles/a.md  found on " in again.output and "by its text" in again.output
    assert fake.made == 1
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == (
        "1234_1" if network == "facebook" else "urn:li:share:7000"
    )


@pytest.mark.parametrize("network", NETWORKS)
def test_a_post_of_the_site_no_article_accounts_for_stops_the_post_in_one_line(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str
) -> None:
    site, fake = _posted_then_lost(tmp_path, httpserver, monkeypatch, network)
    _slug(site, "finance-news")
    _summary(site, "A memorandum on finance.")  # its text is another now: nothing tells the post is this article's
    stopped = site.run("share", "--post", "--network", network)
    assert stopped.exit_code == 1, stopped.output
    [line] = [line for line in stopped.output.splitlines() if "articles/a.md" in line]
    remote = "1234_1" if network == "facebook" else "urn:li:share:7000"
    assert line.startswith(f"refused    {network}  articles/a.md  not posted: ")
    assert "/financial-industry/" in line and "slug or site.base_url changed" in line
    assert f"`jiading share --adopt articles/a.md --network {network} --remote-id {remote}`" in line
    assert fake.made == 1 and site.records() == []
    adopted = site.run("share", "--adopt", "articles/a.md", "--network", network, "--remote-id", remote)
    assert adopted.exit_code == 0, adopted.output
    assert site.run("share", "--post", "--network", network).exit_code == 0
    assert fake.made == 1


@pytest.mark.parametrize("network", NETWORKS)
def test_a_post_linking_another_site_leaves_a_new_article_to_be_posted(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article()
    fake = _fakes(httpserver)[network]
    fake.add("https://partner.example.net/news/2026/a-partners-story/")  # made by hand on the network
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 0, result.output
    assert f"posted     {network}" in result.output and fake.made == 1


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("page", ["", "contact/", "en/", "en/news/2017/", "en/news/2017/07/", "en/news/2017/07/a/b/"])
def test_a_post_made_by_hand_linking_a_page_of_the_site_that_is_no_article_leaves_a_new_article_to_be_posted(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, network: str, page: str
) -> None:
    """The site's home page, a news list, a folder page or a page of the wider site, shared by hand since the
    article's date, is no article's post: the new article is posted, not held as if its URL had changed."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    site.article()
    fake = _fakes(httpserver)[network]
    fake.add("https://news.example.com/" + page)  # made by hand on the network, linking a page of the site's host
    result = site.run("share", "--post", "--network", network)
    assert result.exit_code == 0, result.output
    assert f"posted     {network}" in result.output and fake.made == 1
