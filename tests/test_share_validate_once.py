"""`share` validates the site once a command: on a terminal, the question before many posts and the posts
themselves read the same report (the networks answer on loopback)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

import jiading_cli.app.validate as validating
import jiading_cli.cli.share as command
from share.sites import FEED_PATH, ShareSite, make_site

INVALID = "articles/bad.md"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    for n in range(4):
        made.article(f"a{n}.md", id=f"urn:uuid:11111111-2222-4333-8444-55555555555{n}")
    no_such = "urn:uuid:11111111-2222-4333-8444-555555555558"  # a translation no article is: a validation error
    made.article(
        "bad.md", id="urn:uuid:11111111-2222-4333-8444-555555555559", extra=f"translations: {{zh-CN: {no_such}}}\n"
    )
    return made


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each validation of the site a command makes."""
    made: list[str] = []
    real = validating.validate

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append("validated")
        return real(*args, **kwargs)

    monkeypatch.setattr(validating, "validate", counted)
    return made


def person(answer: bool, asked: list[str]) -> Callable[[], Callable[[str], bool]]:
    """A person at the terminal, answering every question with ``answer``."""

    def confirm(question: str) -> bool:
        asked.append(question)
        return answer

    return lambda: confirm


def test_post_on_a_terminal_validates_once_for_the_question_and_the_posts(
    site: ShareSite, httpserver: HTTPServer, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(command, "_asker", person(True, asked))
    for n in range(4):
        httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": f"1234_{n + 1}"})
    result = site.run("share", "--post", "--network", "facebook")
    assert validations == ["validated"]
    assert len(asked) == 1 and "post these 4?" in asked[0] and INVALID not in asked[0]
    assert result.output.count("posted     facebook  articles/a") == 4 and len(httpserver.log) == 4
    assert result.exit_code == 1 and f"{INVALID}  not posted: 1 validation error(s)" in result.output


def test_a_no_on_the_terminal_validated_once_and_sent_nothing(
    site: ShareSite, httpserver: HTTPServer, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(command, "_asker", person(False, asked))
    result = site.run("share", "--post", "--network", "facebook")
    assert (result.exit_code, result.output) == (1, "nothing posted\n")
    assert validations == ["validated"] and len(asked) == 1 and httpserver.log == []


@pytest.mark.parametrize(
    ("args", "refused"),
    [
        ((), "articles/bad.md: not shared: 1 validation error(s)"),
        (("--pending",), "articles/bad.md: not shared: 1 validation error(s)"),
        (("--post",), "articles/bad.md  not posted: 1 validation error(s)"),
        (("--post", "--yes"), "articles/bad.md  not posted: 1 validation error(s)"),
        (("--post", "articles/bad.md"), "articles/bad.md  not posted: 1 validation error(s)"),
    ],
    ids=["dry-run", "pending", "post-piped", "post-yes", "post-named"],
)
def test_every_share_command_validates_once(
    site: ShareSite, httpserver: HTTPServer, validations: list[str], args: tuple[str, ...], refused: str
) -> None:
    httpserver.expect_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_1"})
    result = site.run("share", "--network", "facebook", *args)
    assert result.exit_code == 1 and refused in result.output
    assert validations == ["validated"]
