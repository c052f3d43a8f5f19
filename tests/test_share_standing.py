"""A refusal of what every request of a network carries — its token expired or revoked, a permission missing, its API
version no longer served, the SMTP login refused — met in the middle of a run of several articles: it is said in
one line, and the network is sent nothing more in that run (each article left counted as not sent), never the same
refusal once for every article, the token sent again each time. Drawn over a sequence of runs against loopback
networks that keep their posts, some answers refusals and some server errors after the post was made: each article
is posted at most once to each network, and once everything is fixed, once exactly."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections import Counter
from contextlib import chdir
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.scripted_smtp import scripted_smtp
from share.sites import ShareSite, make_site

ARTICLES = 3
SMTP_LOGIN = 'smtp_user = "news@example.com"\nallow_insecure_auth = true'
# Answers to one post: made as ever (None), a refusal of what every request carries, or a server error after the
# post was made (which leaves it pending, found by the next run).
FACEBOOK = {"ok": None, "token": (400, 190), "no token": (400, 2500), "permission": (403, 200), "made then 500": "made"}
LINKEDIN = {"ok": None, "token": 401, "permission": 403, "version": 426, "made then 500": "made"}
STANDING = re.compile(
    r"rejected the token|denied permission|token has expired or is not valid|does not serve the API version"
)
ROW = re.compile(r"^(posted|found|failed|pending|refused|duplicate) +(facebook|linkedin) +(articles/\S+)  ")


def _site(root: Path, base: str) -> ShareSite:
    site = make_site(root, base=base, timeout=2, reconcile=True)
    for n in range(ARTICLES):
        site.article(
            f"a{n}.md", title=f"Article {n}", date=f"2017-07-0{n + 1}T18:00:00+08:00",
            id=f"urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}",
        )  # fmt: skip
    return site


def _script(fake: FakeFacebook | FakeLinkedIn, answers: list[Any]) -> None:
    """The fake's answers to the run's posts, in turn: a refusal makes nothing, a server error makes the post."""
    fake.refusing[:] = [None if answer == "made" else answer for answer in answers]
    if isinstance(fake, FakeFacebook):
        fake.fail_after_making[:] = [(500, 1) for answer in answers if answer == "made"]
    else:
        fake.fail_after_making[:] = [500 for answer in answers if answer == "made"]


def _made(fake: FakeFacebook | FakeLinkedIn) -> Counter[str]:
    """How many posts the network has of each article's page."""
    if isinstance(fake, FakeFacebook):
        links = [post["attachments"]["data"][0]["unshimmed_url"] for post in fake.posts]
    else:
        links = [post["content"]["article"]["source"] for post in fake.posts]
    return Counter(link.partition("?")[0] for link in links)


answers = st.lists(st.sampled_from(sorted(FACEBOOK)), min_size=ARTICLES, max_size=ARTICLES)
linkedin_answers = st.lists(st.sampled_from(sorted(LINKEDIN)), min_size=ARTICLES, max_size=ARTICLES)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=st.lists(st.tuples(answers, linkedin_answers), min_size=1, max_size=3))
def test_a_refusal_of_the_networks_secret_is_said_once_and_nothing_is_posted_twice(
    runs: list[tuple[list[str], list[str]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder, chdir(folder), HTTPServer(host="127.0.0.1", port=0) as server:
        site = _site(Path(folder), server.url_for("/"))
        facebook, linkedin = FakeFacebook(server).serve(), FakeLinkedIn(server).serve()
        moment = dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC)
        for drawn_facebook, drawn_linkedin in [*runs, ([], [])]:  # the last run: everything fixed
            _script(facebook, [FACEBOOK[name] for name in drawn_facebook])
            _script(linkedin, [LINKEDIN[name] for name in drawn_linkedin])
            scripts = {"facebook": list(facebook.refusing), "linkedin": list(linkedin.refusing)}
            moment += dt.timedelta(minutes=11)  # past when a request may still become a post
            result = site.run(
                "share", "--post", "--network", "facebook", "--network", "linkedin", real=moment.isoformat()
            )
            assert result.exception is None or isinstance(result.exception, SystemExit), result.output
            assert result.exit_code in (0, 1), result.output
            lines = result.stdout.splitlines()
            said = [(m[2], m[3]) for m in map(ROW.match, lines) if m]
            assert len(said) == len(set(said)), result.stdout  # one line for each article and network, at most
            for network, fake in (("facebook", facebook), ("linkedin", linkedin)):
                script = scripts[network]
                posted = len(script) - len(fake.refusing)  # the posts the network was sent
                refusals = [index for index, answer in enumerate(script) if answer is not None]
                if refusals and refusals[0] < posted:  # met: the network was sent nothing after it
                    assert posted == refusals[0] + 1, (network, script, result.stdout)
                    assert len([line for line in lines if f" {network} " in line and STANDING.search(line)]) == 1
                assert all(count == 1 for count in _made(fake).values()), (network, _made(fake))
        assert result.exit_code == 0, result.stdout
        assert len(_made(facebook)) == len(_made(linkedin)) == ARTICLES
        for n in range(ARTICLES):
            assert sorted(r["state"] for r in site.records(f"a{n}.md")) == ["posted", "posted"]


def test_a_listing_refused_for_the_token_asks_once_and_sends_nothing(tmp_path: Path, httpserver: HTTPServer) -> None:
    site = _site(tmp_path, httpserver.url_for("/"))
    linkedin = FakeLinkedIn(httpserver, read_status=401).serve()
    with chdir(tmp_path):
        result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1
    [row, summary] = result.stdout.splitlines()[-2:]
    assert row.startswith("failed     linkedin  articles/a0.md  could not ask LinkedIn whether it is posted already")
    assert "the LinkedIn token has expired or is not valid" in row
    assert summary == "1 failed; skipped: 2 not sent to linkedin (refused above)"
    assert linkedin.made == 0
    assert len([entry for entry, _ in httpserver.log if entry.path == "/rest/posts"]) == 1


def test_an_edit_refused_for_the_token_is_said_once_and_no_other_edit_is_sent(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    facebook = FakeFacebook(httpserver).serve()
    for n in range(ARTICLES):
        remote = facebook.add(f"https://news.example.com/a{n}/")
        record = (
            f"syndication:\n- network: facebook\n  article: urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}\n"
            f"  state: posted\n  remote_id: '{remote}'\n  text_sha256: '0000'\n"  # its text changed since
        )
        site.article(
            f"a{n}.md", title=f"Article {n}", date=f"2017-07-0{n + 1}T18:00:00+08:00",
            id=f"urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}", extra=record,
        )  # fmt: skip
    facebook.refusing[:] = [(400, 190)]
    with chdir(tmp_path):
        result = site.run("share", "--update", "--network", "facebook")
    assert result.exit_code == 1, result.output
    [row, summary] = result.stdout.splitlines()[-2:]
    assert row.startswith("failed     facebook  articles/a0.md  ") and STANDING.search(row), row
    assert summary == "1 failed; skipped: 2 not sent to facebook (refused above)"
    assert facebook.edits == 0 and not facebook.refusing
    assert len([entry for entry, _ in httpserver.log if entry.path.startswith("/v25.0/1234_")]) == 1
    with chdir(tmp_path):  # the token renewed: every correction is made
        again = site.run("share", "--update", "--network", "facebook")
    assert again.exit_code == 0, again.output
    assert facebook.edits == ARTICLES


def test_figures_refused_for_the_token_are_asked_once(tmp_path: Path, httpserver: HTTPServer) -> None:
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    facebook = FakeFacebook(httpserver).serve()
    for n in range(ARTICLES):
        remote = facebook.add(f"https://news.example.com/a{n}/")
        article_id = f"urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"
        record = (
            f"syndication:\n- network: facebook\n  article: {article_id}\n  state: posted\n  remote_id: '{remote}'\n"
        )
        site.article(
            f"a{n}.md", title=f"Article {n}", date=f"2017-07-0{n + 1}T18:00:00+08:00", id=article_id, extra=record
        )
    facebook.refusing[:] = [(400, 190)]
    with chdir(tmp_path):
        result = site.run("share", "--stats", "--json", "--network", "facebook")
    assert result.exit_code == 1, result.output
    problems = [post["problem"] for post in json.loads(result.stdout)["posts"]]
    assert STANDING.search(problems[0]), problems
    assert problems[1:] == ["not read: facebook refused this run's requests for good (articles/a0.md says why)"] * 2
    assert len([entry for entry, _ in httpserver.log if entry.path.startswith("/v25.0/1234_")]) == 1


def test_an_smtp_login_refused_is_said_once_and_no_other_message_is_tried(tmp_path: Path) -> None:
    replies = {"EHLO": b"250-mail\r\n250 AUTH PLAIN\r\n", "AUTH": b"535 5.7.8 authentication failed\r\n"}
    with chdir(tmp_path), scripted_smtp(replies) as server:
        site = make_site(tmp_path, smtp_port=server.port, email_extra=SMTP_LOGIN)
        for n in range(ARTICLES):
            site.article(
                f"a{n}.md", title=f"Article {n}", date=f"2017-07-0{n + 1}T18:00:00+08:00",
                id=f"urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}",
            )  # fmt: skip
        result = site.run("share", "--post", "--network", "email", env={"JIADING_SMTP_PASSWORD": "pw-not-taken"})
    assert result.exit_code == 1, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith(("failed", "posted", "pending"))]
    assert len(rows) == 1 and rows[0].startswith("failed     email     articles/a0.md  "), result.stdout
    assert result.stdout.splitlines()[-1] == "1 failed; skipped: 2 not sent to email (refused above)"
    assert server.messages == [] and len([c for c in server.commands if c.upper().startswith("AUTH")]) == 1
