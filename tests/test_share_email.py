"""Email: a real SMTP server on loopback receives the message, which parses back to what was meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from share.sites import ShareSite, make_site
from share.smtpd import PASSWORD, USER, smtp_server

SECRET = {"JIADING_SMTP_PASSWORD": PASSWORD}


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_starttls_with_login_delivers_a_complete_mime_message(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, security="starttls", email_extra=f'smtp_user = "{USER}"')
        site.article()
        result = site.run(
            "share", "--post", "--network", "email", env={**SECRET, "SSL_CERT_FILE": str(tmp_path / "ca.pem")}
        )
    assert result.exit_code == 0, result.output
    assert inbox.logins == [(USER, True)]
    sender, recipients, _ = inbox.messages[0]
    assert (sender, recipients) == ("news@example.com", ["readers@example.com"])
    message = inbox.parsed()
    assert message["Subject"] == "Financial industry to boost Jiading"
    assert message["From"] == "Newsroom <news@example.com>"
    assert message["Date"] == "Fri, 27 Nov 2026 12:00:00 +0800"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert (
        plain is not None
        and "Read it online: https://news.example.com/en/news/2017/07/a/?utm_source=email" in plain.get_content()
    )
    assert html is not None
    assert "<p>Shanghai's Jiading district signed a memorandum on July 3.</p>" in html.get_content()
    [record] = site.records()
    assert record["state"] == "posted" and record["remote_id"] == message["Message-ID"]


def test_a_chinese_subject_and_sender_name_are_encoded_and_read_back(tmp_path: Path) -> None:
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        config = (tmp_path / "jiading.toml").read_text(encoding="utf-8").replace("Newsroom", "投资嘉定")
        (tmp_path / "jiading.toml").write_text(config, encoding="utf-8")
        site.article(title="金融业助力嘉定发展", extra="lang: zh-CN\n")
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    raw = inbox.messages[0][2]
    assert raw.isascii() and b"Subject: =?utf-8?" in raw
    message = inbox.parsed()
    assert message["Subject"] == "金融业助力嘉定发展"
    assert message["From"].addresses[0].display_name == "投资嘉定"
    assert message["Content-Language"] == "zh-CN"
    plain = message.get_body(("plain",))
    assert plain is not None and "\n阅读原文：https://news.example.com/zh-cn/news/2017/07/a/" in plain.get_content()
    assert (
        plain.get_content().replace("\r\n", "\n").endswith("\n-- \nInvest in Jiading\n")
    )  # no Chinese title configured


def test_plain_login_needs_allow_insecure_auth(tmp_path: Path) -> None:
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, email_extra=f'smtp_user = "{USER}"')
        site.article()
        for command in (["validate"], ["share", "--post", "--network", "email"]):
            refused = site.run(*command, env=SECRET)
            assert refused.exit_code == 2
            assert refused.stderr.startswith(
                'Error: jiading.toml:31: error JD002 email.smtp_security: expected "starttls" or "tls" when '
                'email.smtp_user is set, got "none" (the password would cross the network unencrypted)'
            )
        assert inbox.logins == [] and inbox.messages == [] and site.records() == []
        make_site(tmp_path, smtp_port=inbox.port, email_extra=f'smtp_user = "{USER}"\nallow_insecure_auth = true')
        allowed = site.run("share", "--post", "--network", "email", env=SECRET)
    assert allowed.exit_code == 0, allowed.output
    assert inbox.logins == [(USER, False)] and len(inbox.messages) == 1


def test_a_server_without_starttls_is_refused_before_any_password_is_sent(tmp_path: Path) -> None:
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, security="starttls", email_extra=f'smtp_user = "{USER}"')
        site.article()
        result = site.run("share", "--post", "--network", "email", env=SECRET)
    assert result.exit_code == 1
    assert f"127.0.0.1:{inbox.port} did not offer STARTTLS" in " ".join(result.output.split())
    assert inbox.logins == [] and inbox.messages == []


def test_a_wrong_password_fails_with_what_to_check(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, security="starttls", email_extra=f'smtp_user = "{USER}"')
        site.article()
        env = {"JIADING_SMTP_PASSWORD": "wrong", "SSL_CERT_FILE": str(tmp_path / "ca.pem")}
        result = site.run("share", "--post", "--network", "email", env=env)
    assert result.exit_code == 1
    assert "refused the login for news@example.com" in result.output and "check JIADING_SMTP_PASSWORD" in result.output
    assert "wrong" not in result.output and site.records() == []


def test_a_missing_password_is_a_usage_error_before_connecting(tmp_path: Path) -> None:
    site = make_site(tmp_path, security="starttls", email_extra=f'smtp_user = "{USER}"')
    site.article()
    result = site.run("share", "--post", "--network", "email", env={"JIADING_SMTP_PASSWORD": ""})
    assert result.exit_code == 2
    assert "email: set JIADING_SMTP_PASSWORD to the password of news@example.com" in result.stderr


@pytest.mark.parametrize(
    "title",
    ['"Jiading news\\nBcc: everyone@example.com"', '"=?utf-8?q?Bcc=3A_everyone=40example.com?="'],
    ids=["newline", "encoded-word"],
)
def test_a_title_cannot_inject_an_email_header(tmp_path: Path, title: str) -> None:
    with smtp_server(starttls=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        site.article(title=title)
        shown = site.run("share", "--network", "email")
        posted = site.run("share", "--post", "--network", "email")
    assert shown.exit_code == 1
    assert "articles/a.md:3: error JD141 title: expected one line of plain text" in shown.stderr
    assert "articles/a.md: not shared: 1 validation error(s) (above)" in shown.stderr
    assert "email: SMTP" not in shown.stdout  # no message was built
    assert posted.exit_code == 1 and "validation error(s)" in posted.output
    assert inbox.messages == [] and site.records() == []


def _two_articles(root: Path, port: int, extra: str = "") -> ShareSite:
    """A site of two articles dated since 2017-07-01; ``extra``: the second's more front matter."""
    site = make_site(root, smtp_port=port)
    site.article("a.md")
    site.article(
        "b.md", title="Open day", date="2017-08-01T09:00:00+08:00", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5",
        extra=extra,
    )  # fmt: skip
    return site


def test_a_digest_lists_the_articles_since_a_date_and_is_sent_once(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = _two_articles(tmp_path, inbox.port)
        site.article(
            "old.md",
            title="Old news",
            date="2016-01-01T09:00:00+08:00",
            id="urn:uuid:1d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5",
        )
        first = site.run("share", "--digest", "--since", "2017-07-01", "--post")
        again = site.run("share", "--digest", "--since", "2017-07-01", "--post")
    assert first.exit_code == 0, first.output
    assert len(inbox.messages) == 1
    message = inbox.parsed()
    assert message["Subject"] == "Invest in Jiading: news since 2017-07-01"
    plain = message.get_body(("plain",))
    assert plain is not None
    text = plain.get_content()
    assert text.index("Financial industry to boost Jiading") < text.index("Open day") and "Old news" not in text
    assert [r["network"] for r in site.records("b.md")] == ["digest"] and site.records("old.md") == []
    assert again.exit_code == 0 and "every published article since 2017-07-01 is in a digest already" in again.output


def test_a_chinese_email_signs_with_the_chinese_site_title(tmp_path: Path) -> None:
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(
            tmp_path,
            smtp_port=inbox.port,
            email_extra='site_titles = {zh-CN = "投资嘉定"}\nlist_unsubscribe = "<https://news.example.com/u>"',
        )
        site.article(title="金融业助力嘉定发展", extra="lang: zh-CN\n")
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    message = inbox.parsed()
    plain, page = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and page is not None
    assert plain.get_content().replace("\r\n", "\n").endswith("\n-- \n投资嘉定\n退订：<https://news.example.com/u>\n")
    assert (
        '<a href="https://news.example.com/zh-cn/news/2017/07/a/?utm_source=email&amp;utm_medium=social">阅读原文</a>'
        in (page.get_content())
    )
    assert '<p>投资嘉定 · <a href="https://news.example.com/u">退订</a></p>' in page.get_content()


def test_a_chinese_only_digest_is_in_chinese(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port, email_extra='site_titles = {zh = "投资嘉定"}')
        site.article("a.md", title="金融业助力嘉定发展", extra="lang: zh-CN\n")
        first = site.run("share", "--digest", "--since", "2017-07-01", "--post")
    assert first.exit_code == 0, first.output
    message = inbox.parsed()
    assert message["Content-Language"] == "zh-CN"
    assert message["Subject"] == "投资嘉定：2017-07-01 以来的新闻"
    plain = message.get_body(("plain",))
    assert plain is not None
    text = plain.get_content().replace("\r\n", "\n")
    assert "\n金融业助力嘉定发展\n发布时间：2017-07-03\n" in text
    assert "news since" not in text and "Published" not in text
    assert text.endswith("\n-- \n投资嘉定\n")


def test_a_digest_of_two_languages_is_in_the_site_language(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        site.article("a.md")
        site.article("b.md", title="开放日", extra="lang: zh-CN\n", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5")
        first = site.run("share", "--digest", "--since", "2017-07-01", "--post")
    assert first.exit_code == 0, first.output
    message = inbox.parsed()
    assert message["Content-Language"] == "en"
    assert message["Subject"] == "Invest in Jiading: news since 2017-07-01"


def test_a_site_title_that_is_not_a_table_is_one_readable_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, email_extra='site_titles = "投资嘉定"')
    site.article()
    result = site.run("share", "--network", "email")
    assert result.exit_code == 2
    assert "email.site_titles" in result.output and "a table of language = title" in result.output


@pytest.mark.parametrize(
    ("field", "value"),
    [("slug", '"a\\u0000b"'), ("image", '"' + "x" * 3000 + '.png"'), ("lang", '"' + "中" * 1000 + '"')],
)
def test_showing_an_invalid_article_names_its_errors_and_makes_no_payload(
    tmp_path: Path, field: str, value: str
) -> None:
    site = make_site(tmp_path)
    site.article(extra=f"{field}: {value}\n")
    result = site.run("share", "--out", "payloads")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[-1] == "Error: articles/a.md: not shared: " + f"{len(lines) - 1} validation error(s) (above)"
    assert all(line.startswith("Error: articles/a.md:") and " error JD" in line for line in lines[:-1])
    assert not (tmp_path / "payloads").exists()


@pytest.mark.parametrize("mark", ["\n", "\r", "\x85", "\u2028", "\u2029"])
def test_a_header_value_with_any_line_break_is_one_share_error(mark: str) -> None:
    """The last guard of every header the email writes: a line break of any kind Python's email headers split at
    is a ShareError naming the field, never the library's ValueError (a traceback)."""
    from jiading_cli.share.mail import header_value
    from jiading_cli.share.request import ShareError

    with pytest.raises(ShareError, match=r"^subject: expected one line for an email header, found a line break$"):
        header_value("subject", f"Jiading opens{mark}a park")
    with pytest.raises(ShareError, match="found a control character"):
        header_value("subject", "Jiading\x9bopens")


def test_an_article_with_a_validation_error_is_left_out_of_the_digest(tmp_path: Path) -> None:
    """``--post`` never sends an article with an error, in a digest either: it is a refused row, and exit 1."""
    with smtp_server(starttls=False) as inbox:
        site = _two_articles(tmp_path, inbox.port, "image: missing.png\n")
        result = site.run("share", "--digest", "--since", "2017-07-01", "--post")
    assert result.exit_code == 1, result.output
    assert "refused    digest    articles/b.md  not in the digest: 1 validation error(s)" in result.output
    assert len(inbox.messages) == 1
    plain = inbox.parsed().get_body(("plain",))
    assert plain is not None
    assert "Financial industry to boost Jiading" in plain.get_content() and "Open day" not in plain.get_content()
    assert site.records("b.md") == [] and [r["network"] for r in site.records("a.md")] == ["digest"]


@pytest.mark.parametrize("broken", ["image: missing.png\n", "tags: [unclosed\n"])
def test_the_dry_run_out_and_post_list_the_same_articles(tmp_path: Path, broken: str) -> None:
    """One function chooses a digest's articles: an article with a validation error, or one that cannot be read
    at all (its YAML broken), is left out of the dry run, ``--out`` and ``--post`` alike, each saying so and exiting
    1, and the email shown is the one sent, its Message-ID included."""
    with smtp_server(starttls=False) as inbox:
        site = _two_articles(tmp_path, inbox.port, broken)
        shown = site.run("share", "--digest", "--since", "2017-07-01")
        out = site.run("share", "--digest", "--since", "2017-07-01", "--out", str(tmp_path / "out"))
        posted = site.run("share", "--digest", "--since", "2017-07-01", "--post")
    for result in (shown, out, posted):
        assert result.exit_code == 1, result.output
        assert "articles/b.md" in result.output and "not in the digest: " in result.output, result.output
    assert "Open day" not in shown.output and "Financial industry to boost Jiading" in shown.output
    assert len(inbox.messages) == 1
    sent = inbox.parsed()
    assert f"Message-ID: {sent['Message-ID']}" in shown.output
    written = (tmp_path / "out" / "digest-2017-07-01.eml").read_bytes()
    assert f"Message-ID: {sent['Message-ID']}".encode() in written and b"Open day" not in written


def test_a_digest_whose_outcome_is_unknown_is_pending_and_settled_as_validate_says(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        intent = "syndication:\n- network: digest\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
        site.article("a.md", extra=intent)
        told = site.run("validate")
        hint = (
            "check the mailbox of email.to (or the SMTP server's log) for its Message-ID and run `jiading share "
            "--resolve articles/a.md --network digest --remote-id ID` if it went out, or `--not-posted` if it did not"
        )
        assert hint in " ".join(told.output.split())
        pending = site.run("share", "--digest", "--since", "2017-07-01", "--post")
        assert pending.exit_code == 1, pending.output
        assert "pending    digest    articles/a.md" in pending.output and inbox.messages == []
        assert hint in " ".join(pending.output.split())
        settled = site.run("share", "--resolve", "articles/a.md", "--network", "digest", "--not-posted")
        assert settled.exit_code == 0, settled.output
        assert "recorded as not posted; the next `jiading share --digest --post` posts it" in settled.output
        sent = site.run("share", "--digest", "--since", "2017-07-01", "--post")
        assert sent.exit_code == 0, sent.output
    assert len(inbox.messages) == 1 and [r["state"] for r in site.records("a.md")] == ["posted"]


@pytest.mark.parametrize(
    "command",
    [("share", "--post", "--network", "email"), ("share", "--digest", "--post", "--since", "2017-01-01")],
)
def test_a_messages_date_is_when_it_is_sent_not_the_runs_as_of_moment(tmp_path: Path, command: tuple[str, ...]) -> None:
    """RFC 5322 3.6.1: the Date is when the message was ready to go. A run in CI is as of its build's moment
    (JIADING_NOW), which may be hours before the message is sent: the Date is the real clock's when it is sent, in
    the site's time zone, never a moment in the past that spam filters score."""
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        site.article()
        result = site.run(*command, env={"JIADING_NOW": "2026-11-27T12:00:00+08:00"}, real="2026-11-27T07:30:05Z")
    assert result.exit_code == 0, result.output
    assert inbox.parsed()["Date"] == "Fri, 27 Nov 2026 15:30:05 +0800"


@pytest.mark.parametrize("host", ["[::1]", "::1"])
def test_an_ipv6_smtp_host_in_brackets_or_without_is_the_server_mailed(tmp_path: Path, host: str) -> None:
    """``email.smtp_host`` takes an IPv6 address bare or in its brackets, as a URL writes it; the message goes to
    that address either way, and every line names the server as ``[::1]:port``."""
    with smtp_server(starttls=False, host="::1") as inbox:
        site = make_site(tmp_path, smtp_port=inbox.port)
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8").replace('"127.0.0.1"', f'"{host}"'), encoding="utf-8")
        site.article()
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"email: SMTP [::1]:{inbox.port}\n"), result.output
    assert len(inbox.messages) == 1
