"""Onboarding an archive: old articles are never posted unasked, can be adopted, and a terminal asks first."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.sites import ARTICLE_ID, FEED_PATH, NOW, TOKENS, ShareSite, make_site


def with_since(site: ShareSite) -> None:
    text = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(text.replace("[share]\n", "[share]\nsince = 2026-11-01\n"), "utf-8")


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    made = make_site(tmp_path, base=httpserver.url_for("/"))
    with_since(made)
    made.article()  # dated 2017-07-03, before share.since
    return made


def test_an_archive_before_share_since_posts_nothing(site: ShareSite, httpserver: HTTPServer) -> None:
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to post; skipped: 1 dated before share.since\n"
    pending = site.run("share", "--pending", "--network", "facebook")
    assert pending.output == "nothing to share; skipped: 1 dated before share.since\n"
    assert httpserver.log == [] and site.records() == []


def test_an_old_article_named_on_the_command_line_is_posted(site: ShareSite, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_1"})
    result = site.run("share", "--post", "--network", "facebook", "articles/a.md")
    assert result.exit_code == 0, result.output
    assert "posted     facebook  articles/a.md" in result.output and len(httpserver.log) == 1


def test_an_article_on_or_after_share_since_is_posted(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article("new.md", date="2026-11-02T09:00:00+08:00", id="urn:uuid:11111111-2222-4333-8444-555555555555")
    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_2"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert "posted     facebook  articles/new.md" in result.output
    assert "skipped: 1 dated before share.since" in result.output


@pytest.mark.parametrize("folder", ["articles", "articles/"])
def test_a_folder_named_is_no_article_named_the_archive_in_it_stays_unposted(
    site: ShareSite, httpserver: HTTPServer, folder: str
) -> None:
    """`share --post articles/en` posts the new articles there: its archive (before share.since) stays unposted, and
    its draft is skipped, not refused. Only an article named one by one is posted whatever its date."""
    site.article("new.md", date="2026-11-02T09:00:00+08:00", id="urn:uuid:11111111-2222-4333-8444-555555555555")
    draft = "urn:uuid:21111111-2222-4333-8444-555555555555"
    site.article("draft.md", date="2026-11-03T09:00:00+08:00", id=draft, extra="draft: true\n")
    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_2"})
    result = site.run("share", "--post", "--network", "facebook", folder)
    assert result.exit_code == 0, result.output
    assert "posted     facebook  articles/new.md" in result.output and "articles/a.md" not in result.output
    assert "skipped: 1 dated before share.since, 1 draft" in result.output
    assert len(httpserver.log) == 1 and site.records() == []


def test_a_bad_share_since_is_a_config_error(site: ShareSite) -> None:
    text = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(text.replace("since = 2026-11-01", 'since = "last year"'), "utf-8")
    result = site.run("validate")
    assert result.exit_code == 2
    assert (
        "error JD002 share.since: expected a date as YYYY-MM-DD, such as 2026-12-01, got 'last year'" in result.stderr
    )


def test_adopt_records_without_sending_and_the_next_post_skips(site: ShareSite, httpserver: HTTPServer) -> None:
    result = site.run("share", "--adopt", "--network", "facebook", "--network", "linkedin", "articles/a.md")
    assert result.exit_code == 0, result.output
    assert "adopted    facebook  articles/a.md  recorded as shared" in result.output
    assert [(r["network"], r["state"], r["article"]) for r in site.records()] == [
        ("facebook", "posted", ARTICLE_ID),
        ("linkedin", "posted", ARTICLE_ID),
    ]
    assert site.records()[0]["note"].startswith("adopted")
    again = site.run("share", "--post", "--network", "facebook", "articles/a.md")
    assert again.output == "nothing to post; skipped: 1 already posted\n"
    assert httpserver.log == []


def test_adopt_refuses_an_article_with_errors_as_post_does(site: ShareSite, httpserver: HTTPServer) -> None:
    """Nested aliases (JD114): an error, so the article is not adopted, and its front matter is never built (ten
    levels of ten aliases would be 10^10 values to compare)."""
    nested = "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}' if n else 'x'] * 10)}]\n" for n in range(10))
    site.article(extra=nested)
    before = (site.root / "articles/a.md").read_bytes()
    result = site.run("share", "--adopt", "--network", "facebook", "articles/a.md")
    assert result.exit_code == 1, result.output
    assert "refused    -         articles/a.md  not adopted: 9 validation error(s)" in result.output
    assert (site.root / "articles/a.md").read_bytes() == before
    hand = site.run("share", "--resolve", "articles/a.md", "--network", "facebook", "--remote-id", "1234_5")
    assert hand.exit_code == 1
    assert hand.stderr.startswith("Error: articles/a.md: expected the front matter written out, found a YAML alias")
    assert (site.root / "articles/a.md").read_bytes() == before
    assert httpserver.log == []


def test_adopt_keeps_a_remote_id_and_makes_its_url(site: ShareSite) -> None:
    args = ("share", "--adopt", "articles/a.md", "--network", "facebook", "--remote-id", "1234_77")
    result = site.run(*args)
    assert result.exit_code == 0, result.output
    [record] = site.records()
    assert record["remote_id"] == "1234_77" and record["url"] == "https://www.facebook.com/1234/posts/77"
    two = site.run("share", "--adopt", "--remote-id", "1", "--network", "facebook", "--network", "linkedin")
    assert two.exit_code == 2 and "expected one ARTICLE and one --network" in two.stderr


def terminal_run(root: Path, answer: bytes) -> str:
    """`share --post` on a pseudo-terminal, answering its question with ``answer``."""
    main, child = pty.openpty()
    env = {**os.environ, **TOKENS, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
    command = [sys.executable, "-m", "jiading_cli", "share", "--post", "--network", "facebook"]
    run = subprocess.Popen(command, cwd=root, env=env, stdin=child, stdout=child, stderr=child)
    os.close(child)
    seen = b""
    deadline = time.monotonic() + 60
    while b"? (--yes skips this question) [y/N]:" not in seen and time.monotonic() < deadline:
        seen += os.read(main, 4096)
    os.write(main, answer)
    run.wait(60)
    try:
        while chunk := os.read(main, 4096):
            seen += chunk
    except OSError:
        pass
    os.close(main)
    return seen.decode("utf-8", "replace")


def four_articles(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, answered: bool) -> None:
    """A site of four articles to post, in the current folder; ``answered``: Facebook answers each post."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    for n in range(4):
        site.article(f"a{n}.md", id=f"urn:uuid:11111111-2222-4333-8444-55555555555{n}")
        if answered:
            httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": f"1234_{n + 1}"})


def test_a_terminal_is_asked_before_many_posts_and_no_sends_nothing(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    four_articles(tmp_path, httpserver, monkeypatch, answered=False)
    shown = terminal_run(tmp_path, b"n\n")
    assert "about to post:" in shown and "facebook  articles/a3.md" in shown
    assert "post these 4?" in shown and "nothing posted" in shown
    assert httpserver.log == []


def test_a_yes_on_the_terminal_posts_what_it_was_asked_about(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    four_articles(tmp_path, httpserver, monkeypatch, answered=True)
    shown = terminal_run(tmp_path, b"y\n")
    assert "post these 4?" in shown and "4 posted" in shown
    assert len(httpserver.log) == 4


def test_init_sets_share_since_to_the_day_the_site_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from jiading_cli.cli import app

    monkeypatch.chdir(tmp_path)
    flags = ["init", "--yes", "--title", "Invest in Jiading", "--base-url", "https://www.investinjiading.com"]
    made = CliRunner().invoke(app, [*flags, "--timezone", "Asia/Shanghai"], env={"JIADING_NOW": NOW})
    assert made.exit_code == 0, made.output
    config = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    assert "\n[share]\n" in config and "\nsince = 2026-11-27\n" in config
    assert "\n[facebook]\n" in config and '# api_version = "v25.0"' in config


@pytest.mark.parametrize(
    ("network", "given", "expected"),
    [
        (
            "facebook",
            ["--remote-id", "https://www.facebook.com/1234/posts/77"],
            "--remote-id: expected a Facebook post id such as 1234567890_9876543210, got "
            "'https://www.facebook.com/1234/posts/77'",
        ),
        ("facebook", ["--remote-id", "1234_77/../me"], "--remote-id: expected a Facebook post id"),
        (
            "linkedin",
            ["--remote-id", "7000"],
            "--remote-id: expected a LinkedIn post id such as urn:li:share:7000000000000000000, got '7000'",
        ),
        ("email", ["--remote-id", "<a b@example.com>"], "--remote-id: expected the message's Message-ID"),
        ("email", ["--remote-id", "<a@x>\x1b[2J"], "got '<a@x>\\x1b[2J'"),
        (
            "facebook",
            ["--remote-id", "1234_77", "--url", "javascript:alert(1)"],
            "--url: expected the post's http:// or https:// URL, got 'javascript:alert(1)'",
        ),
    ],
)
def test_a_post_id_given_by_hand_must_be_in_the_networks_form(
    site: ShareSite, network: str, given: list[str], expected: str
) -> None:
    before = (site.root / "articles" / "a.md").read_bytes()
    for action in ("--adopt", "--resolve"):
        result = site.run("share", action, "articles/a.md", "--network", network, *given)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: ") and expected in line
        assert (site.root / "articles" / "a.md").read_bytes() == before


RECORD = (
    "syndication:\n- network: facebook\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: posted\n  remote_id: '1234_1'\n"
)
LEFT_OUT = {
    "before share.since": [("a.md", "2017-07-03T18:00:00+08:00", "")],
    "posted": [("a.md", "2026-11-02T09:00:00+08:00", RECORD)],
    "draft": [("a.md", "2026-11-02T09:00:00+08:00", "draft: true\n")],
    "scheduled": [("a.md", "2099-11-02T09:00:00+08:00", "")],
    "each": [
        ("a.md", "2026-11-02T09:00:00+08:00", RECORD),
        ("b.md", "2017-07-03T18:00:00+08:00", ""),
        ("c.md", "2026-11-02T09:00:00+08:00", "draft: true\n"),
    ],
}


@pytest.mark.parametrize("case", LEFT_OUT)
def test_pending_says_what_it_leaves_out_as_post_skips_it(site: ShareSite, httpserver: HTTPServer, case: str) -> None:
    """`share --pending` shows what `share --post` would send; with nothing, it says what it left out and why in the
    words --post counts its skipped in, where it said 'every published article is posted' of articles never posted."""
    (site.root / "articles/a.md").unlink()
    for number, (name, date, extra) in enumerate(LEFT_OUT[case]):
        site.article(name, date=date, extra=extra, id=ARTICLE_ID[:-1] + str(number) if number else ARTICLE_ID)
    pending = site.run("share", "--pending", "--network", "facebook")
    post = site.run("share", "--post", "--network", "facebook")
    assert pending.exit_code == 0 and post.exit_code == 0, pending.output + post.output
    assert post.output.startswith("nothing to post; skipped: ")
    assert pending.output == post.output.replace("nothing to post", "nothing to share")
    assert httpserver.log == []
