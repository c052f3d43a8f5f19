"""What ``jiading share`` does with an SMTP server that answers anything at any stage, from a real loopback server
that follows a script (``share/scripted_smtp.py``): each refusal is one line naming the stage it answered; a
message the server took, or may have taken, is never sent again, and one it certainly refused is not recorded.
"""

from __future__ import annotations

import re
import time
from contextlib import chdir
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import DROP, TRICKLE, scripted_smtp
from share.sites import make_site
from share.smtp_runs import email_envelopes, email_runs

HOST = r"127\.0\.0\.1:\d+"


@pytest.mark.parametrize(
    ("replies", "line"),
    [
        ({"greeting": b"HELLO THERE\r\n"}, "answered something other than an SMTP reply to the connection"),
        ({"greeting": b"554 go away\r\n"}, "answered 554 go away to the connection"),
        ({"EHLO": b"500 what\r\n", "HELO": b"501 no\r\n"}, "answered 501 no to HELO"),
        ({"MAIL": b"550 sender unknown\r\n"}, "answered 550 sender unknown to MAIL FROM:<news@example.com>"),
        ({"RCPT": b"550 no such user\r\n"}, "answered 550 no such user to RCPT TO of every recipient"),
        ({"DATA": b"554 no data\r\n"}, "answered 554 no data to DATA"),
        ({"DATA": b"what\r\n"}, "answered something other than an SMTP reply to DATA"),
        ({"DOT": b"550-spam\r\n550-second \x1b[31mline\r\n550 third\r\n"}, "refused the message (550 spam second"),
        ({"DOT": b"554 " + b"x" * 5000 + b"\r\n"}, "refused the message (554 xxx"),
    ],
)
def test_a_refusal_at_any_stage_is_one_line_naming_it_and_nothing_is_recorded(
    replies: dict[str, bytes], line: str
) -> None:
    outputs, states, _ = email_runs(replies, runs=1)
    rows = [row for row in outputs[0].splitlines() if row.startswith("failed ")]
    assert len(rows) == 1, outputs[0]
    assert re.fullmatch(rf"failed     email     articles/a\.md  {HOST} .*", rows[0]), rows[0]
    assert line in rows[0], rows[0]
    assert len(rows[0]) < 400 and "\\x1b" not in rows[0][:60]
    assert states == []


@pytest.mark.parametrize(
    ("replies", "line"),
    [
        ({"greeting": b"421 busy\r\n"}, "answered 421 busy to the connection (gave up after 3 tries)"),
        ({"MAIL": b"451 later\r\n"}, "answered 451 later to MAIL FROM:<news@example.com> (gave up after 3 tries)"),
        ({"RCPT": b"452 full\r\n"}, "answered 452 full to RCPT TO:<readers@example.com> (gave up after 3 tries)"),
        ({"DOT": b"451 try later\r\n"}, "answered 451 try later to the message (gave up after 3 tries)"),
        ({"EHLO": DROP}, "could not talk to"),
        ({"EHLO": b"451 busy\r\n"}, "answered 451 busy to EHLO (gave up after 3 tries)"),
        ({"EHLO": b"250-mail\r\n250 STARTTLS\r\n", "STARTTLS": b"454 TLS not available\r\n"}, "to STARTTLS"),
    ],
)
def test_a_temporary_refusal_is_tried_again_and_then_fails(
    replies: dict[str, bytes], line: str, tmp_path: Path
) -> None:
    with chdir(tmp_path), scripted_smtp(replies) as server:
        security = "starttls" if "STARTTLS" in replies else "none"
        site = make_site(tmp_path, smtp_port=server.port, security=security)
        site.article()
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 1 and server.sessions == 3
    assert line in result.output.splitlines()[-2], result.output
    assert site.records() == []


def test_a_slow_greeting_is_given_up_and_tried_again(tmp_path: Path) -> None:
    with chdir(tmp_path), scripted_smtp(greeting_delay=0.8) as server:
        site = make_site(tmp_path, smtp_port=server.port)
        site.article()
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 1 and server.messages == []
    assert re.search(
        rf"failed     email     articles/a\.md  could not talk to {HOST}: .*\(gave up after 3 tries\)", result.output
    )


def test_recipients_refused_beside_one_taken_are_named_on_the_posted_line() -> None:
    outputs, states, messages = email_runs({"RCPT b@example.com": b"550 5.1.1 no such user\r\n"})
    assert messages == 1 and states == ["posted"]
    assert re.search(
        r"^posted     email     articles/a\.md  <[0-9a-f]+\.jiading@example\.com>; 1 of 2 recipients refused: "
        r"b@example\.com \(550 5\.1\.1 no such user\)$",
        outputs[0],
        re.MULTILINE,
    ), outputs[0]
    assert "nothing to post" in outputs[1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.sampled_from([b"250 OK", b"451 4.3.0 busy", b"550 no such user"]),
    second=st.sampled_from([b"250 OK", b"451 4.3.0 busy", b"452 full", b"552 5.5.3 too many", b"550 no such user"]),
)
@example(first=b"250 OK", second=b"451 4.3.0 busy")
@example(first=b"250 OK", second=b"552 5.5.3 too many")
@example(first=b"550 no such user", second=b"451 4.3.0 busy")
def test_each_recipient_gets_the_message_once_or_is_told_why_not(first: bytes, second: bytes) -> None:
    """A 4xx to one RCPT TO (a mailbox busy) once dropped that recipient for good, and later blocked the message for
    all. Once a recipient is accepted, a 4xx or a 552 to the next is the server's limit (RFC 5321, 4.5.3.1.10):
    the message goes to those accepted, and the rest in another transaction, where a 4xx to the first is tried
    again (then failed, and the next run tries again: those that have it are recorded) and a 5xx refuses it for
    good. Over every run, each recipient gets the message at most once, and a 5xx alone keeps it from one."""
    replies = {"RCPT a@example.com": first + b"\r\n", "RCPT b@example.com": second + b"\r\n"}
    outputs, found, envelopes = email_envelopes(replies)
    got = [address for envelope in envelopes for address in envelope]
    assert len(got) == len(set(got)), envelopes  # never twice
    states = [record["state"] for record in found]
    if first[:1] == b"4" or (first[:1] == b"5" and second[:1] == b"4"):  # none taken first: tried again, then failed
        assert got == [] and states == [], outputs
        assert all("(gave up after 3 tries)" in output for output in outputs), outputs
        return
    assert got == [who for who, said in (("a@example.com", first), ("b@example.com", second)) if said[:1] == b"2"]
    if second[:1] == b"4":  # a has it; b waits, and each run tries it again
        assert states == ["partial"] and found[0]["sent"] == 1, found
        for output in outputs:
            assert "to RCPT TO:<b@example.com> (gave up after 3 tries); the first 1 of its 2 recipients have it" in (
                " ".join(output.split())
            ), output
    elif got:
        assert states == ["posted"], outputs
        assert ("recipients refused" in outputs[0]) == (b"5" in (first[:1], second[:1])), outputs
    else:
        assert states == [], outputs


REPLIES = {
    "accept": None,
    "4xx": b"451 4.3.0 try later\r\n",
    "5xx": b"554 5.7.1 refused\r\n",
    "garbage": b"uh?\r\n",
    "multiline": b"250-one\r\n250 two\r\n",
    "overlong": b"250 " + b"x" * 9000 + b"\r\n",  # longer than smtplib reads a line: its "500" is no reply
    "drop": DROP,
    "four digits, 2xx": b"2501 ok\r\n",  # smtplib reads the first three: 250, a message sent, on no SMTP reply
    "four digits, 4xx": b"4511 try later\r\n",  # and 451, a message sent again over, on no SMTP reply
    "no space": b"451later\r\n",
}
STAGES = ["greeting", "EHLO", "MAIL", "RCPT", "DATA", "DOT", "QUIT"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=st.dictionaries(st.sampled_from(STAGES), st.sampled_from(sorted(REPLIES)), max_size=3))
@example(script={"DOT": "garbage"})
@example(script={"DOT": "drop"})
@example(script={"DOT": "multiline", "QUIT": "drop"})
@example(script={"DATA": "drop"})
@example(script={"DOT": "overlong"})
@example(script={"DOT": "four digits, 4xx"})
@example(script={"DOT": "four digits, 2xx"})
def test_a_message_the_server_may_have_taken_is_never_sent_again(script: dict[str, str]) -> None:
    """Exactly once: once the server has the whole message and did not refuse it (4xx or 5xx after the dot), the
    record says posted or pending, and the next run sends nothing."""
    replies = {stage: REPLIES[kind] for stage, kind in script.items() if REPLIES[kind] is not None}
    outputs, states, messages = email_runs(replies)  # type: ignore[arg-type]
    refused_after_dot = script.get("DOT") in ("4xx", "5xx")
    if messages and not refused_after_dot:
        assert messages == 1, outputs
        assert states in (["posted"], ["intent"]), outputs
    if states == []:
        assert messages == 0 or refused_after_dot, outputs
    if states == ["intent"]:
        assert "it may have been sent" in outputs[0] and "has an unknown outcome" in outputs[1], outputs
    for output in outputs:
        assert all(len(row) < 500 for row in output.splitlines()), output


@pytest.mark.parametrize(
    ("stage", "states", "line"),
    [
        ("MAIL", [], r"failed     email     articles/a\.md  could not talk to .*\(gave up after 3 tries\)"),
        ("DATA", [], r"failed     email     articles/a\.md  could not talk to .*\(gave up after 3 tries\)"),
        (
            "DOT",
            ["intent"],
            r"pending    email     articles/a\.md  .* while the message was handed over .*may have been sent",
        ),
        ("QUIT", ["posted"], r"posted     email     articles/a\.md  <"),
    ],
)
def test_a_reply_trickled_without_end_cannot_hold_share(stage: str, states: list[str], line: str) -> None:
    """A byte at a time, each in time, the line never ending: the session is given up at its deadline (and the
    thread reading the reply with it), whatever stage it is at; after the final dot's 250, the message was sent.
    Until the server says 354 to DATA, not a byte of the message went: not sent, and tried again."""
    started = time.monotonic()
    outputs, found, messages = email_runs({stage: TRICKLE}, runs=1)
    assert time.monotonic() - started < 15
    assert re.search(line, outputs[0]), outputs[0]
    assert found == states and messages == (0 if stage in ("MAIL", "DATA") else 1)


def test_an_address_smtp_cannot_carry_is_a_config_error_before_anything_is_sent(tmp_path: Path) -> None:
    with chdir(tmp_path), scripted_smtp() as server:
        site = make_site(tmp_path, smtp_port=server.port)
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text().replace('to = ["readers@example.com"]', 'to = ["读者@example.com"]'))
        site.article()
        result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == 2 and server.sessions == 0
    assert result.output == (
        "Error: jiading.toml:28: error JD002 email.to: expected an address in ASCII (mail servers take other letters "
        "only with SMTPUTF8, which jiading does not use), got '读者@example.com'\n"
    )
    assert site.records() == []


def test_whatever_a_session_raises_is_one_line_and_the_stage_decides_the_outcome() -> None:
    """The last guard: an exception no stage expects is no traceback; before the message is handed over, not sent."""
    from jiading_cli.share.email import EmailSection
    from jiading_cli.share.mail import Mail
    from jiading_cli.share.smtp import MailSender
    from jiading_cli.share.transport import Policy

    with scripted_smtp() as server:
        section = EmailSection(smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none")
        mail = Mail("<1@example.com>", "读者@example.com", ("a@example.com",), b"Subject: x\r\n\r\nx\r\n", (), "x")
        done = MailSender(section, Policy(1, 2, 0.01, 0.01, 1), None).send(mail)
    assert done.outcome == "failed" and server.sessions == 1 and server.messages == []
    assert re.fullmatch(
        rf"could not send to {HOST} at MAIL FROM:<读者@example\.com>: UnicodeEncodeError: 'ascii' codec .*",
        done.message,
    ), done.message


def test_what_the_reading_thread_takes_after_the_session_is_given_up_does_not_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reply to the final dot trickled without end: once the session is given up and its socket shut down, the
    thread left reading reads the end of the stream and takes the half line ("222…") for a 2xx reply. That must not
    make the message sent: it is pending. The thread is given time to do so before the outcome is decided."""
    from jiading_cli.share import smtp

    give_up = smtp.Held.give_up

    def slow_give_up(held: smtp.Held) -> None:
        give_up(held)
        time.sleep(0.5)  # the reading thread wakes, reads the half line and finishes

    monkeypatch.setattr(smtp.Held, "give_up", slow_give_up)
    outputs, found, messages = email_runs({"DOT": TRICKLE}, runs=1)
    assert re.search(r"pending    email     articles/a\.md  .* while the message was handed over", outputs[0]), outputs
    assert found == ["intent"] and messages == 1


MIXED = st.tuples(
    st.sampled_from(["250", "251", "354", "421", "451", "550", "554"]),
    st.sampled_from(["250", "251", "354", "421", "451", "550", "554"]),
).filter(lambda codes: codes[0] != codes[1])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage=st.sampled_from(["greeting", "EHLO", "MAIL", "RCPT", "DATA", "DOT"]), codes=MIXED)
@example(stage="EHLO", codes=("250", "451"))  # once read as EHLO refused: HELO, and the message sent
@example(stage="DOT", codes=("250", "451"))
@example(stage="DOT", codes=("554", "250"))
@example(stage="RCPT", codes=("550", "250"))
def test_a_reply_whose_lines_carry_different_codes_is_never_taken_at_its_last_line(
    stage: str, codes: tuple[str, str]
) -> None:
    """SMTP gives every line of a reply one code (RFC 5321, 4.2.1). A reply that does not ('250-queued', then '451
    try later') says nothing certain: after the message it may have been taken, so it is never sent again; before
    it, nothing goes on."""
    first, last = codes
    outputs, states, messages = email_runs({stage: f"{first}-one\r\n{last} two\r\n".encode()})
    if stage == "DOT":
        assert messages == 1 and states == ["intent"], outputs
        assert "something other than an SMTP reply" in outputs[0] and "it may have been sent" in outputs[0], outputs
    else:
        assert messages == 0 and states == [], outputs
        assert re.search(r"^failed +email .*something other than an SMTP reply", outputs[0], re.MULTILINE), outputs
