"""While `share --post` waits before trying again, a terminal shows the wait counting down; CI gets plain lines."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.sites import FEED_PATH, NOW, TOKENS, make_site
from test_cli_terminal import in_terminal


def environment(ci: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIADING_", "COLUMNS", "LINES", "CI"))}
    env.update({"JIADING_NOW": NOW, "NO_COLOR": "1", "TERM": "xterm", **TOKENS})
    return {**env, "CI": "true"} if ci else env


@pytest.fixture
def busy(tmp_path: Path, httpserver: HTTPServer) -> Path:
    """A site whose Facebook answers 429 with Retry-After: 2 once, then takes the post."""
    make_site(tmp_path, base=httpserver.url_for("/")).article()
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_json({"id": "1234_1"})
    return tmp_path


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_shows_the_wait_before_a_retry_counting_down(busy: Path, httpserver: HTTPServer) -> None:
    status, output = in_terminal(["share", "--post", "--network", "facebook"], busy, 100, environment(ci=False))
    assert status == 0, output
    shown = [float(s) for s in re.findall(r"trying again in (\d+\.\d) s", output)]
    assert len(set(shown)) >= 5, output  # redrawn as it counts down
    assert max(shown) <= 2.0 and min(shown) < 1.0
    assert shown == sorted(shown, reverse=True)
    assert f"Facebook: POST {httpserver.url_for(FEED_PATH)} (try 2)" in output
    assert "posted     facebook  articles/a.md" in output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_in_ci_the_wait_is_one_plain_line(busy: Path, httpserver: HTTPServer) -> None:
    status, output = in_terminal(["share", "--post", "--network", "facebook"], busy, 100, environment(ci=True))
    assert status == 0, output
    feed = httpserver.url_for(FEED_PATH)
    wait = "Facebook: Facebook answered 429; trying again in 2.0 s"
    assert output.startswith(f"Facebook: POST {feed}\n{wait}\nFacebook: POST {feed} (try 2)\n"), output
