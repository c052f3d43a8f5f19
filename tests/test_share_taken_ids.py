"""A post id names one article's post. LinkedIn refuses a post whose text is the text of one it has, naming that post
(`Content is a duplicate of urn:li:share:…`): an article whose text is another's was recorded as posted with the
other's post id, so it was never posted, and its `--update` rewrote the other article's post. Such a duplicate is a
post refused, never recorded; an edit of a post two articles record is refused too."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jiading_cli.model.article import Article
from jiading_cli.share import readback
from jiading_cli.share.post import Site
from share.fakes import POSTS_PATH, FakeLinkedIn
from share.sites import ShareSite, make_site


def duplicating(httpserver: HTTPServer) -> FakeLinkedIn:
    """A LinkedIn that refuses a post whose commentary one of its posts has, with a 422 naming that post."""
    fake = FakeLinkedIn(httpserver)

    def post(request: Request) -> Response:
        commentary = json.loads(request.get_data())["commentary"]
        for made in fake.posts:
            if made["commentary"] == commentary:
                error = {
                    "message": f"Content is a duplicate of {made['id']}", "status": 422,
                    "errorDetails": {"inputErrors": [{"code": "DUPLICATE_POST"}]},
                }  # fmt: skip
                return Response(json.dumps(error), status=422, content_type="application/json")
        return fake.post(request)

    httpserver.expect_request(POSTS_PATH, method="POST").respond_with_handler(post)
    return fake.serve()


def _article(site: ShareSite, number: int, text: str) -> None:
    site.article(
        f"a{number}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}",
        date=f"2017-07-{number + 1:02d}T18:00:00+08:00", extra=f"share:\n  linkedin: {text}\n",
    )  # fmt: skip


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.sampled_from(["One", "Two"]), min_size=2, max_size=4), split=st.integers(0, 4))
@example(texts=["One", "One"], split=2)
@example(texts=["One", "One"], split=1)
def test_an_article_whose_text_is_another_posts_is_never_recorded_as_that_post(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, texts: list[str], split: int
) -> None:
    """Articles are posted in two runs (the first ``split`` of them, then the rest): one of each text is posted, the
    others refused, none recorded with another's post. Then each gets a text of its own, and ``--post`` and
    ``--update`` go again: each article has one post, linking it, with its own text."""
    httpserver.clear()
    fake = duplicating(httpserver)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"))
        for number, text in enumerate(texts):
            _article(site, number, text)
        names = [f"articles/a{number}.md" for number in range(len(texts))]
        for chosen in (names[:split], names[split:]):
            if chosen:
                result = site.run("share", "--post", "--network", "linkedin", *chosen)
                assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        holders = _one_article_a_post(site, fake, len(texts))
        assert len(holders) == len(set(texts)) == len(fake.posts)
        for number in range(len(texts)):  # each its own text now, its records kept
            path = root / "articles" / f"a{number}.md"
            path.write_text(
                path.read_text(encoding="utf-8").replace(f"linkedin: {texts[number]}\n", f"linkedin: Text {number}\n"),
                encoding="utf-8",
            )
        for command in ("--post", "--update"):
            result = site.run("share", command, "--network", "linkedin", *names)
            assert result.exit_code == 0, result.output
        holders = _one_article_a_post(site, fake, len(texts))
        assert len(holders) == len(texts) == len(fake.posts)
        for post in fake.posts:
            assert post["commentary"] == f"Text {holders[post['id']]}", post


def _one_article_a_post(site: ShareSite, fake: FakeLinkedIn, count: int) -> dict[str, int]:
    """Each post id recorded once, on the article its post links: the ids, and the number of the article of each."""
    holders: dict[str, int] = {}
    for number in range(count):
        for record in site.records(f"a{number}.md"):
            if record.get("remote_id"):
                assert record["remote_id"] not in holders, (record, holders)
                holders[record["remote_id"]] = number
    for post in fake.posts:
        if post["id"] in holders:
            assert f"/a{holders[post['id']]}/" in post["content"]["article"]["source"], (post, holders)
    return holders


def test_a_duplicate_of_another_articles_post_is_a_post_refused(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake = duplicating(httpserver)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    _article(site, 0, "Weekly news")
    _article(site, 1, "Weekly news")
    result = site.run("share", "--post", "--network", "linkedin", "articles/a0.md", "articles/a1.md")
    assert result.exit_code == 1, result.output
    assert "posted     linkedin  articles/a0.md  https://www.linkedin.com/feed/update/urn:li:share:7000/" in (
        result.output
    )
    assert (
        "failed     linkedin  articles/a1.md  LinkedIn refused the post as a duplicate (422: Content is a duplicate "
        "of urn:li:share:7000) of urn:li:share:7000, another article's post by the records: the two texts are the "
        "same; nothing was recorded: give this article a text of its own (a `share` override) and post again"
    ) in result.output
    assert site.records("a1.md") == [] and len(fake.posts) == 1
    again = site.run("share", "--post", "--network", "linkedin", "articles/a1.md")  # the record of a0 says so now
    assert again.exit_code == 1 and "another article's post by the records" in again.output
    assert site.records("a1.md") == []


def test_a_post_two_articles_record_is_never_edited(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records written before: the second article holds the first's post id; its correction is not sent. Validation
    refuses both (JD187); with the rule ignored, the correction's own guard does."""
    monkeypatch.chdir(tmp_path)
    fake = duplicating(httpserver)
    urn = fake.add("https://news.example.com/en/news/2017/07/a0/", commentary="Weekly news")
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    for number in (0, 1):
        record = (
            f"syndication:\n- network: linkedin\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}\n"
            f"  state: posted\n  remote_id: {urn}\n  time: '2026-11-27T04:00:00Z'\n  text_sha256: '0000'\n"
        )
        site.article(
            f"a{number}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}",
            date=f"2017-07-0{number + 1}T18:00:00+08:00", extra=f"share:\n  linkedin: Text {number}\n" + record,
        )  # fmt: skip
    result = site.run("share", "--update", "--network", "linkedin", "articles/a0.md", "articles/a1.md")
    assert result.exit_code == 1, result.output
    for number in (0, 1):
        assert f"refused    -         articles/a{number}.md  not updated: 1 validation error(s)" in result.output
    said = site.run("validate").output
    assert f"got '{urn}', which articles/a1.md records too (linkedin)" in said
    assert f"got '{urn}', which articles/a0.md records too (linkedin)" in said
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[validate]\nignore = ["JD187"]\n', encoding="utf-8")
    result = site.run("share", "--update", "--network", "linkedin", "articles/a0.md", "articles/a1.md")
    assert result.exit_code == 1, result.output
    for number in (0, 1):
        assert (
            f"failed     linkedin  articles/a{number}.md  not updated: its post {urn} is recorded on another article "
            "too, whose post an edit would change"
        ) in result.output
    assert fake.edits == 0 and fake.posts[0]["commentary"] == "Weekly news"


@pytest.mark.parametrize("action", ["--adopt", "--resolve"])
def test_a_post_id_given_by_hand_that_another_article_records_is_refused(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    for number, state in ((0, "posted\n  remote_id: urn:li:share:7000"), (1, "intent")):
        record = (
            f"syndication:\n- network: linkedin\n  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}\n"
            f"  state: {state}\n  time: '2026-11-27T04:00:00Z'\n"
        )
        site.article(
            f"a{number}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4{number:03d}",
            date=f"2017-07-0{number + 1}T18:00:00+08:00", extra=record if action == "--resolve" or number == 0 else "",
        )  # fmt: skip
    before = (tmp_path / "articles/a1.md").read_bytes()
    named = ["--resolve", "articles/a1.md"] if action == "--resolve" else ["--adopt", "articles/a1.md"]
    result = site.run("share", *named, "--network", "linkedin", "--remote-id", "urn:li:share:7000")
    assert result.exit_code == 2, result.output
    assert (
        "--remote-id: urn:li:share:7000 is recorded as the linkedin post of articles/a0.md; a post is one article's"
    ) in result.output
    assert (tmp_path / "articles/a1.md").read_bytes() == before
    own = site.run("share", *named, "--network", "linkedin", "--remote-id", "urn:li:share:7001")
    assert own.exit_code == 0, own.output
    assert site.records("a1.md")[0]["remote_id"] == "urn:li:share:7001"


def _holding(path: str, *ids: tuple[str, str]) -> Article:
    """An article at ``path`` whose records hold the post ids ``ids`` (network, id)."""
    records = tuple({"network": network, "state": "posted", "remote_id": remote} for network, remote in ids)
    when = dt.datetime(2017, 7, 3, tzinfo=dt.UTC)
    return Article(
        path, path, "T", when, None, "", (), (), None, "en", "a", None, None, False, None, {}, {}, records, "", 1
    )


def test_which_articles_hold_a_post_id_is_worked_out_once() -> None:
    """``Known.holders`` is the one map of who holds what; the ids, the shared ids, the other holders of an id and
    whether an id is another article's post are all read from it."""
    articles = [
        _holding("articles/a.md", ("linkedin", "7000"), ("facebook", "1_2")),
        _holding("articles/b.md", ("linkedin", "7000")),
        _holding("articles/c.md", ("linkedin", "7001")),
    ]
    known = readback.known((), articles)
    assert known.holders["linkedin"] == {
        "7000": frozenset({"articles/a.md", "articles/b.md"}), "7001": frozenset({"articles/c.md"}),
    }  # fmt: skip
    assert known.ids == {"linkedin": frozenset({"7000", "7001"}), "facebook": frozenset({"1_2"})}
    assert known.shared == {"linkedin": frozenset({"7000"})}
    assert known.others("linkedin", "7000", "articles/b.md") == ["articles/a.md"]
    assert known.others("linkedin", "7001", "articles/c.md") == []
    assert known.others("facebook", "7001", "articles/c.md") == []
    site = Site({}, lambda article: [article], {}, known)
    assert site.taken("linkedin", "7001", articles[1]) and not site.taken("linkedin", "7001", articles[2])
    assert not site.taken("linkedin", None, articles[0]) and not site.taken("facebook", "1_2", articles[0])
    site.claimed.setdefault("facebook", set()).add("9_9")
    assert site.taken("facebook", "9_9", articles[0])
    assert readback.Known().ids == {} and readback.Known().shared == {}
