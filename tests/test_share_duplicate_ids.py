"""An id a server names inside its text (LinkedIn's 422 ``Content is a duplicate of urn:li:share:…``) is read from
the text as it came, as a word of its own: never from the text as a line shows it (cut to 200 characters, control
characters made spaces), where the digits before the cut or before a control character are another post's URN.
Hypothesis draws the messages around the URN: long ones, and ones where something glues onto it or splits it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share import linkedin, replies
from share.sites import POSTS_PATH, make_site

DUPLICATE = {"errorDetails": {"inputErrors": [{"code": "DUPLICATE_POST"}]}, "status": 422}
WORDS = st.text(st.sampled_from("ab .,:;()\"'\t\n\x1bé嘉"), max_size=400)
GLUE = st.sampled_from(["", "", " ", ".", ")", "'", "x", "0", ":", "_", "-", "\x1b", "\x00", "/", "é"])


def _answer(message: str) -> linkedin.Verdict:
    body = json.dumps({"message": message, **DUPLICATE}).encode()
    return linkedin.interpret(422, {}, body)


def _whole(urn: str, message: str) -> bool:
    """Whether ``message`` names ``urn`` whole: nothing that may continue an id on either side."""
    return re.search(rf"(?<![\w/-]){re.escape(urn)}(?![\w/-])", message) is not None


def _edges(piece: str) -> bool:
    """Whether ``piece``, beside an id in a word, is only what may open or close a word (quotes, brackets, '.')."""
    return all(ch in replies.WORD_EDGES for ch in piece)


@settings(max_examples=400, deadline=None)
@given(before=WORDS, digits=st.from_regex(r"[1-9][0-9]{0,18}", fullmatch=True), glued=GLUE, split=GLUE, after=WORDS)
@example(before="x" * 170 + " Content is a duplicate of ", digits="7141138937766391808", glued="", split="", after="")
@example(before="Content is a duplicate of ", digits="7141138937766391808", glued="", split="\x1b", after="")
@example(before="duplicate of x", digits="7141", glued="", split="", after="")
@example(before="duplicate of ", digits="7141", glued="abc", split="", after="")
def test_the_urn_recorded_is_one_the_message_names_whole(
    before: str, digits: str, glued: str, split: str, after: str
) -> None:
    cut = len(digits) // 2
    urn = f"urn:li:share:{digits[:cut]}{split}{digits[cut:]}" if split else f"urn:li:share:{digits}"
    message = f"{before}{urn}{glued}{after}"
    verdict = _answer(message)
    assert verdict.kind == "duplicate"
    if verdict.remote_id is not None:
        assert linkedin.URN.fullmatch(verdict.remote_id) and _whole(verdict.remote_id, message), message
        assert verdict.url == linkedin.post_url(verdict.remote_id)
    left, right = re.split(r"\s", before)[-1], re.split(r"\s", glued + after)[0]
    if not split and _edges(left) and _edges(right):  # the URN stands whole in the message, as a word
        assert verdict.remote_id == urn, message
    assert len(verdict.message) < 3 * replies.SHOWN_MAX


def test_two_urns_name_no_post() -> None:
    verdict = _answer("Content is a duplicate of urn:li:share:7001 and urn:li:share:7002")
    assert verdict.kind == "duplicate" and verdict.remote_id is None


def test_a_long_message_records_the_urn_at_its_end(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message past what a line shows: the URN after the cut is the post's, recorded whole, as the row says."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    message = "The request was refused: " + "x" * 200 + " Content is a duplicate of urn:li:share:7141138937766391808."
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_json({"message": message, **DUPLICATE}, status=422)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    row = "duplicate  linkedin  articles/a.md  https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808/"
    assert row in result.output
    [record] = site.records()
    assert record["remote_id"] == "urn:li:share:7141138937766391808"


@pytest.mark.parametrize(
    ("message", "coded", "kind", "remote"),
    [
        ("Content is a duplicate of urn:li:share:7141138937", False, "duplicate", "urn:li:share:7141138937"),
        ("x" * 250 + " Content is a duplicate of urn:li:share:7001.", False, "duplicate", "urn:li:share:7001"),
        ("Duplicate post is detected", True, "duplicate", None),
        ("ERROR :: /commentary :: duplicate hashtag not allowed", False, "fail", None),
        ("Duplicate value in /distribution/targetEntities", False, "fail", None),
        ("Content is a duplicate of urn:li:share:7001 or urn:li:share:7002", False, "fail", None),
    ],
)  # fmt: skip
def test_a_422_is_a_duplicate_only_as_linkedin_says_one(
    message: str, coded: bool, kind: str, remote: str | None
) -> None:
    """The DUPLICATE_POST code, or a message saying 'duplicate' that names the post, read as it came (past the cut at
    200 characters too); another 422 that says the word is a post refused, never recorded as one made."""
    body = {"message": message, "status": 422, **(DUPLICATE if coded else {})}
    verdict = linkedin.interpret(422, {}, json.dumps(body).encode())
    assert (verdict.kind, verdict.remote_id) == (kind, remote), verdict


@settings(max_examples=300, deadline=None)
@given(message=st.text(st.sampled_from("ab :/.,Dduplicatehsg"), max_size=80))
@example(message="duplicate hashtag")
def test_a_422_naming_no_post_and_without_the_code_is_never_a_post_made(message: str) -> None:
    verdict = linkedin.interpret(422, {}, json.dumps({"message": message, "status": 422}).encode())
    assert verdict.kind == "fail" and "LinkedIn rejected the post (422" in verdict.message


def test_a_422_that_says_duplicate_of_something_else_fails_the_post_and_records_nothing(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article()
    refused = {"message": "ERROR :: /commentary :: duplicate hashtag not allowed", "status": 422}
    httpserver.expect_oneshot_request(POSTS_PATH).respond_with_json(refused, status=422)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1, result.output
    assert (
        "failed     linkedin  articles/a.md  LinkedIn rejected the post (422: ERROR :: /commentary :: duplicate "
        "hashtag not allowed)\n" in result.output
    )
    assert site.records() == []
