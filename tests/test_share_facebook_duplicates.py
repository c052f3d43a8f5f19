"""Facebook refuses a post as a duplicate (error 506, "Duplicate status message") when a recent post of the Page has
the same message: the article's own (its record lost), another article's, or one made by hand. The answer names no
post, so it was recorded as the article's post without an id, and an article never posted was recorded as posted
for good. Now the Page's posts are read back: a post linking the article (or placed as its own by its text) is
recorded with its id; another article's, or none, records nothing and fails the row in one line; a listing that
cannot be read leaves the outcome unknown, never posted."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from share.fakes import LIST_PATH, FakeFacebook
from share.sites import ShareSite, make_site

URL = "https://news.example.com/en/news/2017/07/a{}/"
UTM = "?utm_source=facebook&utm_medium=social"
SAID = "Facebook refused the post as a duplicate (code 506: Duplicate status message)"


def _article(site: ShareSite, number: int, text: str, extra: str = "") -> None:
    site.article(
        f"a{number}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}",
        date=f"2017-07-{number + 1:02d}T18:00:00+08:00", extra=f"share:\n  facebook: {text}\n{extra}",
    )  # fmt: skip


def _site(root: Path, httpserver: HTTPServer, reconcile: bool = False) -> tuple[ShareSite, FakeFacebook]:
    fake = FakeFacebook(httpserver, duplicates=True).serve()
    return make_site(root, base=httpserver.url_for("/"), reconcile=reconcile), fake


def _line(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if f"articles/{name} " in line]
    return line


@pytest.mark.parametrize("reconcile", [False, True])
def test_a_duplicate_of_the_articles_own_post_is_recorded_with_its_id(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, reconcile: bool
) -> None:
    """The record lost, the article is posted again: the 506 is settled by the post linking the article. With
    ``share.reconcile`` the post is found before posting (nothing is sent); without it, after the 506."""
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver, reconcile)
    _article(site, 0, "Weekly news")
    remote = fake.add(URL.format(0) + UTM, message="Weekly news")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    [record] = site.records("a0.md")
    assert record["state"] == "posted" and record["remote_id"] == remote == "1234_1", record
    assert record["url"] == "https://www.facebook.com/1234/posts/1"
    if reconcile:
        assert "found      facebook  articles/a0.md  found on Facebook before posting" in result.output
    else:
        assert "duplicate  facebook  articles/a0.md  https://www.facebook.com/1234/posts/1" in result.output
        assert record["note"] == (
            "already there (the network reported a duplicate; found on Facebook linking the article)"
        )
    assert fake.made == 0 and len(fake.posts) == 1
    again = site.run("share", "--update", "--network", "facebook")  # the id recorded: its post can be edited
    assert again.exit_code == 0, again.output


def test_a_duplicate_placed_by_its_text_is_recorded_as_the_articles(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its post made before the site's base URL changed links no page of the site now, but has the very text jiading
    posts: the existing rule places it as the article's, after a 506 as before a post."""
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver)
    _article(site, 0, "Weekly news")
    remote = fake.add("https://old.example.org/2017/07/a0.html", message="Weekly news")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    [record] = site.records("a0.md")
    assert record["remote_id"] == remote and fake.made == 0
    assert record["note"] == "already there (the network reported a duplicate; found on Facebook by its text)"


def test_a_duplicate_of_another_articles_post_is_a_post_refused(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two articles of one text: the second is refused as the first's duplicate, recorded on neither as the other's,
    in this run (the first's post made by it) and the next (the first's record)."""
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver)
    _article(site, 0, "Weekly news")
    _article(site, 1, "Weekly news")
    said = (
        f"failed     facebook  articles/a1.md  {SAID} of 1234_1, another article's post by the records: the two texts "
        "are the same; nothing was recorded: give this article a text of its own (a `share` override) and post again"
    )
    result = site.run("share", "--post", "--network", "facebook", "articles/a0.md", "articles/a1.md")
    assert result.exit_code == 1, result.output
    assert "posted     facebook  articles/a0.md  https://www.facebook.com/1234/posts/1" in result.output
    assert said in result.output
    assert site.records("a1.md") == [] and len(fake.posts) == 1
    again = site.run("share", "--post", "--network", "facebook", "articles/a1.md")
    assert again.exit_code == 1 and said in again.output, again.output
    assert site.records("a1.md") == [] and len(fake.posts) == 1


def test_a_duplicate_of_an_unrecorded_post_of_another_page_of_the_site_is_a_post_refused(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver)
    _article(site, 0, "Weekly news")
    _article(site, 1, "Weekly news")
    fake.add(URL.format(0) + UTM, message="Weekly news")  # a0's, its record lost: no record says whose
    result = site.run("share", "--post", "--network", "facebook", "articles/a1.md")
    assert result.exit_code == 1, result.output
    assert _line(result.output, "a1.md").endswith(
        f"{SAID} of 1234_1 linking {URL.format(0) + UTM}, another page of the site, with the very same text: the same "
        "text was posted for another article; nothing was recorded: give this article a text of its own (a `share` "
        "override) and post again"
    )
    assert site.records("a1.md") == [] and fake.made == 0


def test_a_duplicate_of_no_post_read_back_is_a_post_refused(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post of the same text is older than the article (made by hand long ago, say): nothing of the article's is
    found, so nothing is recorded, and the line says what to do."""
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver)
    _article(site, 0, "Weekly news")
    fake.add("https://elsewhere.example.org/", created=1_400_000_000, message="Weekly news")  # 2014
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert _line(result.output, "a0.md").endswith(
        f"{SAID}, but lists no post of the article nor one with its text since the article's date: the post it is a "
        "duplicate of is older, or was made by hand; nothing was recorded: give this article a text of its own (a "
        "`share` override) and post again, or, if the article is posted, record its post (`jiading share --adopt "
        "articles/a0.md --network facebook --remote-id ID`)"
    )
    assert site.records("a0.md") == [] and fake.made == 0


def test_a_duplicate_beside_a_post_of_a_page_the_site_no_longer_has_names_it(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post of the site's host at an article's address no article has now (a slug changed) may be the article's:
    nothing is recorded, and the line says how to record it."""
    monkeypatch.chdir(tmp_path)
    site, fake = _site(tmp_path, httpserver)
    _article(site, 0, "Weekly news")
    fake.add("https://elsewhere.example.org/", created=1_400_000_000, message="Weekly news")
    stray = fake.add("https://news.example.com/en/news/2017/07/old-slug/", message="Another text")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert _line(result.output, "a0.md").endswith(
        f"{SAID}; no post read back links the article, and the post {stray} linking "
        "https://news.example.com/en/news/2017/07/old-slug/, a page no article of the site has now, may be the "
        "article's from before its slug or site.base_url changed; nothing was recorded: if it is, record it "
        f"(`jiading share --adopt articles/a0.md --network facebook --remote-id {stray}`), else give this article a "
        "text of its own (a `share` override) and post again"
    )
    assert site.records("a0.md") == [] and fake.made == 0


UNREADABLE: list[tuple[int, Any]] = [
    (403, {"error": {"message": "(#10) This endpoint requires the 'pages_read_engagement' permission", "code": 10}}),
    (200, {"error": {"message": "Please reduce the amount of data you're asking for", "code": 1}}),
    (200, {"data": 5}),
    (200, {}),
]


@pytest.mark.parametrize(("status", "page"), UNREADABLE)
def test_a_duplicate_whose_posts_cannot_be_read_is_an_unknown_outcome(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, status: int, page: Any
) -> None:
    """The listing read only in its documented form: a 506 whose listing is an error, or another form, leaves the
    intent (``pending``, exit 1), never recorded as posted; once the listing reads, the next run settles it by the
    post linking the article, sending nothing."""
    monkeypatch.chdir(tmp_path)
    answer = Response(json.dumps(page), status=status, content_type="application/json")
    httpserver.expect_oneshot_request(LIST_PATH, method="GET").respond_with_response(answer)
    site, fake = _site(tmp_path, httpserver, reconcile=False)
    _article(site, 0, "Weekly news")
    remote = fake.add(URL.format(0) + UTM, message="Weekly news")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    line = _line(result.output, "a0.md")
    assert line.startswith(f"pending    facebook  articles/a0.md  {SAID}, and its posts could not be read"), line
    assert "check facebook and run `jiading share --resolve articles/a0.md --network facebook" in line
    assert [record["state"] for record in site.records("a0.md")] == ["intent"]
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace("reconcile = false", "reconcile = true"), encoding="utf-8")
    settled = site.run("share", "--post", "--network", "facebook")
    assert settled.exit_code == 0, settled.output
    assert "found      facebook  articles/a0.md" in settled.output
    [record] = site.records("a0.md")
    assert record["state"] == "posted" and record["remote_id"] == remote and fake.made == 0


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    texts=st.lists(st.sampled_from(["One", "Two"]), min_size=2, max_size=4),
    split=st.integers(0, 4),
    reconcile=st.booleans(),
)
@example(texts=["One", "One"], split=2, reconcile=False)
@example(texts=["One", "One"], split=1, reconcile=False)
@example(texts=["One", "Two", "One"], split=0, reconcile=True)
def test_each_article_gets_its_own_post_whatever_the_duplicates(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, texts: list[str], split: int, reconcile: bool
) -> None:
    """Articles posted in two runs (the first ``split``, then the rest): one of each text is posted, the others
    refused, none recorded with another's post, none recorded as posted without an id. Each given a text of its own,
    ``--post`` and ``--update`` go again: each article has one post, linking it, with its own text."""
    httpserver.clear()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site, fake = _site(root, httpserver, reconcile)
        for number, text in enumerate(texts):
            _article(site, number, text)
        names = [f"articles/a{number}.md" for number in range(len(texts))]
        for chosen in (names[:split], names[split:]):
            if chosen:
                result = site.run("share", "--post", "--network", "facebook", *chosen)
                assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        holders = _one_article_a_post(site, fake, len(texts))
        assert len(holders) == len(set(texts)) == len(fake.posts)
        for number in range(len(texts)):
            path = root / "articles" / f"a{number}.md"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(f"facebook: {texts[number]}\n", f"facebook: Text {number}\n"), "utf-8")
        for command in ("--post", "--update"):
            result = site.run("share", command, "--network", "facebook", *names)
            assert result.exit_code == 0, result.output
        holders = _one_article_a_post(site, fake, len(texts))
        assert len(holders) == len(texts) == len(fake.posts)
        for post in fake.posts:
            assert post["message"] == f"Text {holders[post['id']]}", post


def _one_article_a_post(site: ShareSite, fake: FakeFacebook, count: int) -> dict[str, int]:
    """Each post id recorded once, on the article its post links, every posted record with one."""
    holders: dict[str, int] = {}
    for number in range(count):
        for record in site.records(f"a{number}.md"):
            assert record["state"] == "posted" and record.get("remote_id"), record
            assert record["remote_id"] not in holders, (record, holders)
            holders[record["remote_id"]] = number
    for post in fake.posts:
        links = [item["unshimmed_url"] for item in post["attachments"]["data"]]
        assert any(f"/a{holders[post['id']]}/" in link for link in links), (post, holders)
    return holders
