"""A server's JSON is read only when its strings are Unicode text: a surrogate escaped alone (``"\\ud800"``), which
JSON's syntax allows but no UTF-8 output can carry, makes the answer one that is not JSON, as a body that is not
UTF-8 is (``share/request.py``: ``error_json``). Taken as text, it reached the line, the JSON or the CSV that showed
it, and ``--stats``, ``--check --json`` and ``--post --json`` ended in a traceback (UnicodeEncodeError). Hypothesis
draws the strings of every answer, through a real loopback server, and runs each command that shows an answer.
"""

from __future__ import annotations

import json
import re
import tempfile
from contextlib import chdir
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share.request import error_json
from share.sites import ARTICLE_ID, make_site

LONE = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\udcff"])
STRINGS = st.lists(LONE | st.text(max_size=3) | st.just("😀"), max_size=4).map("".join)
RECORD = f"syndication:\n- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_5'\n"
COMMANDS = [
    ["share", "--stats"], ["share", "--stats", "--csv"], ["share", "--stats", "--json"], ["share", "--check"],
    ["share", "--check", "--json"], ["share", "--post", "--json", "articles/b.md"],
    ["share", "--post", "articles/b.md"],
]  # fmt: skip


def _answer(said: str, name: str) -> str:
    """An answer with ``said`` and ``name`` wherever the APIs put a server's text, as JSON text writes it."""
    return json.dumps(
        {"error": {"message": said, "code": 100}, "message": said, "name": name, "localizedName": name, "id": name}
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(said=STRINGS, name=STRINGS, status=st.sampled_from([200, 400, 500]))
@example(said="bad \ud800 x", name="n\udcff", status=400)
@example(said="ok", name="\udfff", status=200)
def test_an_answer_whose_text_is_not_unicode_is_no_json_and_every_command_shows_a_line(
    said: str, name: str, status: int, httpserver: HTTPServer
) -> None:
    httpserver.clear()
    httpserver.expect_request(re.compile(".*")).respond_with_data(
        _answer(said, name), status=status, content_type="application/json"
    )
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        site = make_site(Path(folder), base=httpserver.url_for("/"))
        site.article(extra=RECORD)
        site.article("b.md", title="Another", id=ARTICLE_ID[:-1] + "1")
        for command in COMMANDS:
            result = site.run(*command, "--network", "facebook", "--network", "linkedin")
            assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
            assert result.exit_code in (0, 1), (command, result.output)
            result.output.encode("utf-8")  # whatever came, what is shown can be written


def test_a_lone_surrogate_anywhere_makes_the_answer_no_json_and_a_pair_is_one_character() -> None:
    assert error_json(rb'{"error": {"message": "bad \ud800 x"}}') is None
    assert error_json(rb'{"data": [[{"\udc00": 1}]]}') is None
    assert error_json(rb'{"a": "\ude00\ud83d"}') is None  # the pair the wrong way round: two alone
    assert error_json(rb'{"a": "\ud83d\ude00"}') == {"a": "😀"}
    assert error_json(rb'{"a": "\\ud800"}') == {"a": "\\ud800"}  # a backslash, then letters: text
