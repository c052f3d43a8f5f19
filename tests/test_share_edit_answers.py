"""An edit of a Facebook post is recorded only when the Graph API answers it as documented, ``{"success": true}``:
a 2xx saying ``"success": false`` left the post as it was, and was recorded as an edit all the same, so the next
``--update`` found the text unchanged and the correction never reached the post. Anything else in a 2xx does not
say whether the edit was made; the next ``--update`` sends it again (an edit says the same however often it goes).
Hypothesis draws what the answer holds, through a real loopback server.
"""

from __future__ import annotations

import json
import re
import tempfile
from contextlib import chdir
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from share.sites import ARTICLE_ID, make_site

RECORD = (
    f"syndication:\n- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_5'\n"
    "  text_sha256: '0000'\n"
)
ROW = "failed     facebook  articles/a.md  Facebook answered 200 "
VALUES = st.none() | st.booleans() | st.integers(-1, 2) | st.sampled_from(["true", "", [], {}, [True]])
MISSING = object()  # no "success" at all


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(success=VALUES | st.just(MISSING), status=st.sampled_from([200, 201, 204]))
@example(success=True, status=200)
@example(success=False, status=200)
@example(success=MISSING, status=200)
@example(success="true", status=200)
def test_an_edit_is_recorded_only_when_facebook_answers_success_true(
    success: Any, status: int, httpserver: HTTPServer
) -> None:
    body = "" if status == 204 else json.dumps({} if success is MISSING else {"success": success})
    httpserver.clear()
    httpserver.expect_request("/v25.0/1234_5", method="POST").respond_with_data(body, status=status)
    httpserver.expect_request(re.compile(".*")).respond_with_json({"id": "x"})  # the scrape
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        site = make_site(Path(folder), base=httpserver.url_for("/"))
        site.article(extra=RECORD)
        result = site.run("share", "--update", "--network", "facebook")
        [record] = site.records()
    if success is True and status != 204:
        assert result.exit_code == 0 and "1 updated" in result.output, result.output
        assert record["text_sha256"] != "0000" and "updated" in record
        return
    assert result.exit_code == 1, result.output
    assert record["text_sha256"] == "0000" and "updated" not in record, result.output
    if success is False and status != 204:
        said = ROW.replace("200", str(status)) + 'with {"success": false}; the post keeps its old text; run again'
        assert said in result.output, result.output
    else:
        said = ROW.replace("200", str(status)) + 'to the edit in another form (expected {"success": true}, found '
        assert said in result.output and "the edit may have been made; run again" in result.output, result.output
