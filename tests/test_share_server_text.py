"""A server's text is shown on one line with every character a terminal may act on rather than show as a space
(``replies.shown``, by ``base.printable.CONTROL``): C0 and C1 controls, the line and paragraph separators and the
marks and overrides of bidirectional text. Only C0 and C1 were, and ``share --stats --csv``, which writes text as it
is, put a Graph API error's U+202E (the rest of the line shown reversed) or U+2028 on the terminal as it came.
"""

from __future__ import annotations

import re
import tempfile
from contextlib import chdir
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.base.printable import CONTROL
from jiading_cli.share import replies
from share.sites import ARTICLE_ID, make_site

ACTED_ON = st.sampled_from(["\u202e", "\u2028", "\u2029", "\u200f", "\u2066", "\u061c", "\x85", "\x1b", "\n", "\x7f"])
TEXT = st.lists(ACTED_ON | st.text(max_size=4), max_size=80).map("".join)
RECORD = f"syndication:\n- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_5'\n"


@settings(max_examples=500)
@given(text=TEXT)
@example(text="x" * 199 + "\u202e")
def test_a_servers_text_shown_holds_nothing_a_terminal_acts_on(text: str) -> None:
    said = replies.shown(text)
    assert CONTROL.search(said) is None
    assert len(said) <= replies.SHOWN_MAX
    assert said == text or len(text) > replies.SHOWN_MAX or len(said) == len(text)  # each a space, in its place


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(said=TEXT)
@example(said="bad \u202eevil\u2028line")
def test_every_output_of_a_servers_text_is_one_line_shown_as_written(said: str, httpserver: HTTPServer) -> None:
    httpserver.clear()
    httpserver.expect_request(re.compile(".*")).respond_with_json({"error": {"message": said, "code": 100}}, 400)
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        site = make_site(Path(folder), base=httpserver.url_for("/"))
        site.article(extra=RECORD)
        for shown, lines in (((), 2), (("--csv",), 2), (("--json",), 14)):  # the table, the CSV, the JSON
            result = site.run("share", "--stats", *shown, "--network", "facebook")
            assert result.exit_code == 1, result.output
            assert CONTROL.search(result.output.replace("\n", "")) is None, result.output
            assert len(result.output.strip().split("\n")) == lines, result.output
