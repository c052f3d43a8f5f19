"""A reply is read only for the command it answers: whatever else a server sent, found waiting as jiading is about
to send the next command or the message, is a server speaking out of turn. Before the message's first byte, it is
failed unsent; after the final dot, the reply read may answer something else, and the message is pending. Real
loopback servers that follow a script (``share/scripted_smtp.py``) add a reply at every stage.
"""

from __future__ import annotations

import re
import ssl
import time
from contextlib import chdir
from pathlib import Path

import trustme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import ACCEPTING, scripted_smtp
from share.sites import make_site
from share.smtp_runs import email_runs

BEFORE = ["greeting", "EHLO", "MAIL", "RCPT", "DATA"]  # the message not yet begun


def test_an_early_refusal_after_354_is_no_answer_to_the_message() -> None:
    """'354 go' and '451 early' in one write, then 250 after the dot: read as the dot's answer, the 451 made the
    message sent again (three copies a run). It is the server speaking before the message: not sent, once."""
    outputs, states, messages = email_runs({"DATA": b"354 go\r\n451 4.3.0 early\r\n"})
    assert messages == 0 and states == [], outputs
    assert re.search(
        r"^failed     email     articles/a\.md  127\.0\.0\.1:\d+ said '451 4\.3\.0 early' unasked, before the "
        r"message; the message was not sent$",
        outputs[0],
        re.MULTILINE,
    ), outputs[0]


def test_an_early_yes_after_354_is_no_answer_to_the_message() -> None:
    """The reverse: '250 early' with the 354, then 554 after the dot, was read as posted while it was refused."""
    outputs, states, messages = email_runs({"DATA": b"354 go\r\n250 ok early\r\n", "DOT": b"554 no\r\n"})
    assert messages == 0 and states == [], outputs
    assert "said '250 ok early' unasked, before the message" in outputs[0], outputs[0]


EXTRA = st.sampled_from([b"250 more\r\n", b"451 4.3.0 later\r\n", b"554 no\r\n", b"221 bye\r\n", b"x\r\n"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage=st.sampled_from([*BEFORE, "DOT"]), extra=EXTRA)
@example(stage="DOT", extra=b"554 no\r\n")
@example(stage="greeting", extra=b"250 more\r\n")
def test_a_reply_beyond_the_one_asked_for_is_never_taken_for_the_next(stage: str, extra: bytes) -> None:
    """At every stage: before the message, it fails unsent naming what was said; after the final dot, what the
    server said beyond its reply makes the outcome unknown (pending), and the message is never sent again."""
    outputs, states, messages = email_runs({stage: ACCEPTING[stage] + extra})
    if stage == "DOT":
        assert messages == 1 and states == ["intent"], outputs
        assert re.search(r"^pending +email .* and then .* unasked; it may have been sent", outputs[0], re.M), outputs
        assert "has an unknown outcome" in outputs[1], outputs
    else:
        assert messages == 0 and states == [], outputs
        assert re.search(r"^failed +email .* unasked, before .*; the message was not sent$", outputs[0], re.M), outputs


def test_a_reply_sent_with_the_220_to_starttls_is_never_read_over_tls(tmp_path: Path) -> None:
    """What came with STARTTLS's 220, before the connection became TLS, may have been put there by anyone on the
    way: it is never read as a reply over TLS."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    replies = {
        "EHLO": b"250-mail.example.com\r\n250 STARTTLS\r\n",
        "EHLO TLS": b"250 mail.example.com\r\n",
        "STARTTLS": b"220 go\r\n250 injected\r\n",
    }
    with chdir(tmp_path), scripted_smtp(replies, tls=context) as server:
        site = make_site(tmp_path, smtp_port=server.port, security="starttls")
        site.article()
        result = site.run("share", "--post", "--network", "email", env={"SSL_CERT_FILE": str(tmp_path / "ca.pem")})
    assert result.exit_code == 1 and server.messages == [] and site.records() == []
    assert "said '250 injected' unasked, before the TLS handshake" in result.output, result.output


def test_a_message_of_several_megabytes_to_a_slow_reader_is_sent_within_the_session_budget() -> None:
    """A socket's sendall has one timeout for all it writes: 8 MB to a server reading 2 MB a second timed out at a
    share.timeout of 0.5 s, and the message was pending though never delivered. Each chunk within the timeout, the
    whole within four timeouts and a second per 32 KiB: it is sent, once."""
    from jiading_cli.share.email import EmailSection
    from jiading_cli.share.mail import Mail
    from jiading_cli.share.smtp import MailSender, session_budget
    from jiading_cli.share.transport import Policy

    line = b"x" * 998 + b"\r\n"
    data = b"Subject: big\r\n\r\n" + line * 8000  # 8 MB
    policy = Policy(0.5, 1, 0.01, 0.01, 1)
    assert session_budget(policy, len(data)) == 2.0 + len(data) / (32 * 1024)
    with scripted_smtp(read_rate=2_000_000) as server:
        section = EmailSection(smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none")
        mail = Mail("<1@example.com>", "news@example.com", ("a@example.com",), data, (), "x")
        started = time.monotonic()
        done = MailSender(section, policy, None).send(mail)
    assert done.outcome == "posted", done.message
    assert time.monotonic() - started > 2  # far past one timeout: held to progress, not to one timeout for all
    assert done.outcome == "posted", done.message
    assert [len(message) for message in server.messages] == [len(data) - 2]


def test_a_long_list_of_recipients_is_sent_within_the_session_budget(tmp_path: Path) -> None:
    """Each RCPT TO is a turn of its own: 150 recipients to a server answering each command in 20 ms (well within
    a share.timeout of 0.5 s) were given up at four timeouts, 2 s, every try, and the message was never sent. The
    session is given a second for each recipient after the first: it is sent, once, to all of them."""
    from jiading_cli.share.smtp import session_budget
    from jiading_cli.share.transport import Policy

    policy = Policy(0.5, 3, 0.01, 0.01, 1)
    assert [session_budget(policy, 0, count) for count in (0, 1, 2, 150)] == [2.0, 2.0, 3.0, 151.0]
    readers = [f"reader.{number}@example.com" for number in range(150)]
    with chdir(tmp_path), scripted_smtp(reply_delay=0.02) as server:
        site = make_site(tmp_path, smtp_port=server.port)
        config = tmp_path / "jiading.toml"
        listed = ", ".join(f'"{reader}"' for reader in readers)
        config.write_text(config.read_text().replace('to = ["readers@example.com"]', f"to = [{listed}]"))
        site.article()
        started = time.monotonic()
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started > 2  # past four timeouts: held to progress, not to a few turns for all
    assert server.sessions == 1 and len(server.messages) == 1
    assert [c.partition(":")[2].strip("<>") for c in server.commands if c[:4].upper() == "RCPT"] == readers
    assert [record["state"] for record in site.records()] == ["posted"]
