"""Readers never see each other's addresses: a message to more than one address of ``email.to`` says
``To: undisclosed-recipients:;`` and carries every address in the SMTP envelope alone; a single address (a mailing
list) is shown as it is. Every place that shows the email (the dry run, ``--json``, ``--out``, a digest, the serve
preview) shows the message as it is sent."""

from __future__ import annotations

import datetime as dt
import json
from email import message_from_bytes
from email import policy as policies
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from share.sites import ShareSite, make_site
from share.smtpd import smtp_server

READERS = ["ann@example.com", "bo.li@example.org", '"c d"@example.net']
HIDDEN = "undisclosed-recipients:;"


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _site(root: Path, port: int, readers: list[str]) -> ShareSite:
    site = make_site(root, smtp_port=port)
    config = root / "jiading.toml"
    listed = ", ".join(json.dumps(reader) for reader in readers)
    config.write_text(config.read_text().replace('to = ["readers@example.com"]', f"to = [{listed}]"))
    site.article()
    return site


def _no_reader_in(data: bytes, readers: list[str]) -> None:
    for reader in readers:
        assert reader.encode() not in data
        assert reader.split("@")[0].strip('"').encode() not in data


def test_each_reader_gets_a_message_naming_no_other_reader(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = _site(tmp_path, inbox.port, READERS)
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    [(sender, envelope, data)] = inbox.messages
    assert sender == "news@example.com" and envelope == READERS  # each reader once, by RCPT TO alone
    message = inbox.parsed()
    assert message["To"] == HIDDEN and message["To"].groups[0].display_name == "undisclosed-recipients"
    assert message["To"].addresses == () and message["Cc"] is None and message["Bcc"] is None
    _no_reader_in(data, READERS)


def test_a_single_address_a_mailing_list_is_shown_as_it_is(tmp_path: Path) -> None:
    with smtp_server(starttls=False) as inbox:
        site = _site(tmp_path, inbox.port, ["list@lists.example.com"])
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    assert inbox.messages[0][1] == ["list@lists.example.com"]
    assert inbox.parsed()["To"] == "list@lists.example.com"


def test_every_preview_shows_the_message_as_it_is_sent(tmp_path: Path) -> None:
    """The dry run, ``--json``, ``--out``, a digest's dry run and ``--out``: the To each reader sees, and that the
    envelope has them all; no reader's address in any header shown or any file written."""
    site = _site(tmp_path, 25, READERS)
    shown = site.run("share", "--network", "email")
    assert shown.exit_code == 0, shown.output
    assert f"  To: {HIDDEN}\n" in shown.output
    told = "(sent to the 3 addresses of email.to by the SMTP envelope alone: no reader sees another's)"
    assert told in " ".join(shown.output.split())
    data = site.run("share", "--network", "email", "--json")
    assert data.exit_code == 0, data.output
    mail = json.loads(data.output)["articles"][0]["payloads"]["email"]
    assert mail["to"] == READERS and f"To: {HIDDEN}" in mail["headers"]
    assert site.run("share", "--network", "email", "--out", str(tmp_path / "out")).exit_code == 0
    [eml] = (tmp_path / "out").rglob("*.eml")
    assert f"\r\nTo: {HIDDEN}\r\n".encode() in eml.read_bytes()
    _no_reader_in(eml.read_bytes(), READERS)
    digest = site.run("share", "--digest", "--since", "2017-07-01")
    assert digest.exit_code == 0, digest.output
    assert f"\nTo: {HIDDEN}\n" in digest.output and told in " ".join(digest.output.split())
    assert site.run("share", "--digest", "--since", "2017-07-01", "--out", str(tmp_path / "d")).exit_code == 0
    written = (tmp_path / "d" / "digest-2017-07-01.eml").read_bytes()
    assert f"\r\nTo: {HIDDEN}\r\n".encode() in written
    _no_reader_in(written, READERS)
    for output in (shown.output, digest.output):
        assert not any(reader in line for line in output.splitlines() if ": " in line for reader in READERS)


ADDRESSES = st.lists(
    st.from_regex(r"[a-z]{1,8}(\.[a-z0-9]{1,4})?@[a-z]{2,8}\.(com|org|cn)", fullmatch=True),
    min_size=1, max_size=8, unique=True,
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(readers=ADDRESSES)
def test_a_message_names_its_reader_only_when_it_has_one(readers: list[str]) -> None:
    """The message's bytes, which every reader gets alike, hold a reader's address exactly when there is one reader
    (in ``To``); the serve preview's ``To`` is the one that arrives."""
    from jiading_cli.app.settings import load
    from jiading_cli.pages.preview.sharepage import arrived
    from jiading_cli.share.mail import MailArticle, article_parts, build

    config = load(_config(readers).parent)
    entry = MailArticle("Title", "https://news.example.com/a/", "", "2017-07-03", "Text.", "<p>Text.</p>")
    mail = build(
        config, "urn:x", "Title", "en", article_parts(config, entry, "en"), dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    )
    assert mail.recipients == tuple(readers)
    back = message_from_bytes(mail.data, policy=policies.default)
    if len(readers) == 1:
        assert back["To"] == readers[0] and arrived(mail).to == readers[0]
    else:
        assert back["To"] == HIDDEN and arrived(mail).to == HIDDEN
        for reader in readers:
            assert reader.encode() not in mail.data


def _config(readers: list[str]) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    _site(folder, 25, readers)
    return folder / "jiading.toml"
