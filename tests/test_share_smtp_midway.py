"""A server that speaks while the message is being written, or right after the login, speaks out of turn too.

Its words are found before the next chunk of the message, and the final dot, a write of its own, is then never
sent: the message is failed unsent (a transaction without its final dot delivers nothing, RFC 5321, 4.1.1.4),
never pending or taken for sent with the early words read as the answer to the dot. ``share --check`` finds what a
server said after the login as posting finds it, instead of passing because ``QUIT`` met it.
"""

from __future__ import annotations

import tempfile
from contextlib import chdir
from pathlib import Path

import pytest

from share.scripted_smtp import scripted_smtp
from share.sites import make_site

LINE = b"x" * 998 + b"\r\n"
DATA = b"Subject: big\r\n\r\n" + LINE * 8000  # 8 MB, more than the sockets hold: still going when the server speaks
EARLY = [b"451 4.3.0 early\r\n", b"250 2.0.0 taken early\r\n"]


@pytest.mark.parametrize("early", EARLY)
def test_words_while_the_message_goes_end_it_before_the_final_dot(early: bytes) -> None:
    """Read as the dot's answer, an early 451 was tried again, sending a message the server went on to take; an early
    250 said sent whatever the server then answered."""
    from jiading_cli.share.email import EmailSection
    from jiading_cli.share.mail import Mail
    from jiading_cli.share.smtp import MailSender
    from jiading_cli.share.transport import Policy

    policy = Policy(2.0, 3, 0.01, 0.01, 1)
    with scripted_smtp({"BODY": early}, read_rate=4_000_000) as server:
        section = EmailSection(smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none")
        mail = Mail("<1@example.com>", "news@example.com", ("a@example.com",), DATA, (), "x")
        done = MailSender(section, policy, None).send(mail)
    assert done.outcome == "failed", done.message
    said = " ".join(early.decode().split())
    assert f"said '{said}' unasked, while the message went, before its end; the message was not sent" in done.message
    assert done.tries == 1  # failed at once: an answer out of turn is not tried again over
    assert server.messages == []  # no final dot reached the server


def test_the_final_dot_is_a_write_of_its_own() -> None:
    """Whatever the message's size, the dot that ends it goes alone, after the server was found silent."""
    from jiading_cli.share.smtpwire import END, dotted

    for data in (b"", b"a", b"a\r\n", b".\r\n", b"x" * (32 * 1024)):
        message = dotted(data)
        assert message.endswith(b"\r\n" + END)
        assert not message[: -len(END)].endswith(b"\r\n.\r\n")


def test_check_fails_when_the_server_speaks_after_the_login() -> None:
    """The 421 a server sent with its 235 was met by QUIT, whose failure is not looked at: the check passed, and
    posting then failed at MAIL FROM."""
    with (
        tempfile.TemporaryDirectory() as folder,
        chdir(folder),
        scripted_smtp(
            {"EHLO": b"250-mail.example.com\r\n250 AUTH PLAIN\r\n", "AUTH": b"235 ok\r\n421 bye\r\n"}
        ) as server,
    ):
        site = make_site(
            Path(folder), smtp_port=server.port, email_extra='smtp_user = "news"\nallow_insecure_auth = true'
        )
        result = site.run("share", "--check", "--network", "email", env={"JIADING_SMTP_PASSWORD": "secret"})
    assert result.exit_code == 1, result.output
    assert "said '421 bye' unasked, before MAIL FROM" in result.output, result.output
    assert server.messages == []
