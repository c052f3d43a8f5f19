"""The replies to the EHLO sent again over TLS and to the login, from a real loopback server that follows a script
(``share/scripted_smtp.py``) and turns TLS on at STARTTLS: each is held to the rule every command's reply is held
to. A refusal or a reply that is not SMTP ends the session naming the stage (a 4xx is tried again), and nothing is
handed over on a session whose EHLO or login was not accepted."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from pathlib import Path

import pytest
import trustme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import DROP, Scripted, scripted_smtp
from share.sites import ShareSite, make_site

HOST = r"127\.0\.0\.1:\d+"
USER, PASSWORD = "news@example.com", "s3cret-pass"
OFFERING = {
    "EHLO": b"250-mail.example.com\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n",
    "EHLO TLS": b"250-mail.example.com\r\n250 AUTH PLAIN LOGIN\r\n",
}


@contextmanager
def _tls_site(tmp_path: Path, replies: dict[str, bytes], login: bool = True) -> Iterator[tuple[ShareSite, Scripted]]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    with chdir(tmp_path), scripted_smtp({**OFFERING, **replies}, tls=context) as server:
        extra = f'smtp_user = "{USER}"' if login else ""
        site = make_site(tmp_path, smtp_port=server.port, security="starttls", email_extra=extra)
        site.article()
        yield site, server


def _share(site: ShareSite, *how: str) -> tuple[int, str]:
    env = {"JIADING_SMTP_PASSWORD": PASSWORD, "SSL_CERT_FILE": str(site.root / "ca.pem")}
    result = site.run("share", *how, "--network", "email", env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_starttls_then_ehlo_again_then_the_login_delivers(tmp_path: Path) -> None:
    with _tls_site(tmp_path, {}) as (site, server):
        code, output = _share(site, "--post")
    assert code == 0 and "\nposted     email     articles/a.md  <" in output, output
    verbs = [command.split(" ")[0].upper() for command in server.commands]
    assert verbs[:5] == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL"], server.commands
    assert len(server.messages) == 1 and site.records()[0]["state"] == "posted"


REFUSED = [
    ({"EHLO TLS": b"554 5.7.0 no\r\n"}, "answered 554 5.7.0 no to EHLO after STARTTLS", True),
    ({"EHLO TLS": b"HELLO THERE\r\n"}, "answered something other than an SMTP reply to EHLO after STARTTLS", True),
    ({"EHLO TLS": b"554 5.7.0 no\r\n"}, "answered 554 5.7.0 no to EHLO after STARTTLS", False),
    ({"AUTH": b"503 5.5.1 bad sequence\r\n"}, "answered 503 5.5.1 bad sequence to the login", True),
    ({"AUTH": b"HELLO THERE\r\n"}, "answered something other than an SMTP reply to the login", True),
    ({"AUTH": b"535 5.7.8 bad credentials\r\n"}, f"refused the login for {USER} (535 5.7.8 bad credentials)", True),
]  # fmt: skip


@pytest.mark.parametrize(("replies", "line", "login"), REFUSED)
def test_a_refused_or_broken_reply_over_tls_ends_the_session_naming_its_stage(
    tmp_path: Path, replies: dict[str, bytes], line: str, login: bool
) -> None:
    """Never taken as a yes: before, a 5xx to the second EHLO went on to MAIL (the message sent) or to a login
    said to be 'not supported', and a 503 to AUTH was taken as logged in."""
    with _tls_site(tmp_path, replies, login) as (site, server):
        code, output = _share(site, "--post")
        checked, said = _share(site, "--check")
    assert code == 1, output
    assert re.search(rf"^failed     email     articles/a\.md  {HOST} {re.escape(line)}", output, re.M), output
    assert server.sessions == 2 and server.messages == []
    assert not any(command.startswith("MAIL") for command in server.commands), server.commands
    assert site.records() == []
    assert checked == 1 and re.search(rf"^failed     email     {HOST} {re.escape(line)}", said, re.M), said


@pytest.mark.parametrize(
    ("replies", "line"),
    [
        ({"EHLO TLS": b"421 4.3.2 shutting down\r\n"}, "answered 421 4.3.2 shutting down to EHLO after STARTTLS"),
        ({"EHLO TLS": DROP}, "could not talk to"),
        ({"AUTH": b"454 4.7.0 temporary authentication failure\r\n"}, "answered 454 4.7.0 temporary authentication"),
    ],
)
def test_a_temporary_refusal_over_tls_is_tried_again_and_then_fails(
    tmp_path: Path, replies: dict[str, bytes], line: str
) -> None:
    with _tls_site(tmp_path, replies) as (site, server):
        code, output = _share(site, "--post")
    assert code == 1 and server.sessions == 3 and server.messages == []
    [row] = [row for row in output.splitlines() if row.startswith("failed ")]
    assert line in row and row.endswith("(gave up after 3 tries)"), output
    assert site.records() == []


REPLIES = {
    "accept": None,
    "4xx": b"451 4.3.0 try later\r\n",
    "5xx": b"554 5.7.1 refused\r\n",
    "503": b"503 5.5.1 bad sequence\r\n",
    "garbage": b"HELLO THERE\r\n",
    "short garbage": b"uh?\r\n",
    "drop": DROP,
}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.dictionaries(st.sampled_from(["EHLO TLS", "AUTH"]), st.sampled_from(sorted(REPLIES)), max_size=2))
def test_no_message_is_handed_over_on_a_session_whose_ehlo_or_login_was_not_accepted(
    tmp_path_factory: pytest.TempPathFactory, script: dict[str, str]
) -> None:
    replies = {stage: reply for stage, kind in script.items() if (reply := REPLIES[kind]) is not None}
    with _tls_site(tmp_path_factory.mktemp("site"), replies) as (site, server):
        code, output = _share(site, "--post")
    rows = [row for row in output.splitlines() if row.startswith(("failed ", "posted ", "pending "))]
    assert len(rows) == 1 and len(rows[0]) < 500, output
    if replies:
        assert code == 1 and rows[0].startswith("failed ") and server.messages == [], output
        assert site.records() == []
    else:
        assert code == 0 and rows[0].startswith("posted ") and len(server.messages) == 1, output
