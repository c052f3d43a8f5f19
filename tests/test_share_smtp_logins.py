"""A mail server whose answer to EHLO offers no login jiading can make — no ``AUTH`` at all, or only mechanisms it
does not speak (``XOAUTH2``, as some providers now ask) — while ``email.smtp_user`` is set: the message fails unsent
in one line that says what the server offers, on the first try (no second try changes what a server offers), in
``--post`` and ``--check`` alike; one that offers a mechanism jiading speaks is logged in to with it. Hypothesis draws
the ``AUTH`` line, against a scripted loopback server.
"""

from __future__ import annotations

import tempfile
from contextlib import chdir
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import scripted_smtp
from share.sites import make_site

LOGIN = 'smtp_user = "news"\nallow_insecure_auth = true'
SPOKEN = {"CRAM-MD5", "PLAIN", "LOGIN"}
MECHANISMS = st.lists(st.sampled_from(["PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER", "GSSAPI", "NTLM"]))
CHALLENGE = b"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"  # CRAM-MD5's, of RFC 2195


@settings(max_examples=25, deadline=None)
@given(offered=st.none() | MECHANISMS)
@example(offered=None)
@example(offered=[])
@example(offered=["XOAUTH2"])
@example(offered=["PLAIN"])
def test_a_server_offering_no_login_jiading_can_make_fails_the_message_in_one_line_once(
    offered: list[str] | None,
) -> None:
    auth = b"" if offered is None else ("250-AUTH " + " ".join(offered) + "\r\n").encode()
    replies = {"EHLO": b"250-mail.example.com\r\n" + auth + b"250 8BITMIME\r\n", "AUTH": CHALLENGE, "*": b"235 ok\r\n"}
    replies["AUTH"] = b"235 2.7.0 ok\r\n" if offered and "CRAM-MD5" not in offered else CHALLENGE
    with tempfile.TemporaryDirectory() as folder, chdir(folder), scripted_smtp(replies) as server:
        site = make_site(Path(folder), smtp_port=server.port, email_extra=LOGIN)
        site.article()
        env = {"JIADING_SMTP_PASSWORD": "a-password-1234"}
        posted = site.run("share", "--post", "--network", "email", env=env)
        checked = site.run("share", "--check", "--network", "email", env=env)
        assert posted.exception is None or isinstance(posted.exception, SystemExit), posted.output
        host = f"127.0.0.1:{server.port}"
        if offered and SPOKEN & set(offered):
            assert posted.exit_code == 0, posted.output
            assert len(server.messages) == 1
            return
        if offered is None:
            said = f"{host} offers no login (its answer to EHLO names no AUTH), and email.smtp_user is set"
        else:
            said = f"{host} offers no login jiading can make (AUTH {' '.join(offered) or 'with no method'})"
        [row] = [line for line in posted.output.splitlines() if line.startswith("failed ")]
        assert row.startswith(f"failed     email     articles/a.md  {said}"), posted.output
        assert (posted.exit_code, server.sessions, server.messages, site.records()) == (1, 2, [], [])  # one try
        assert checked.exit_code == 1
        assert f"failed     email     {said}" in checked.output, checked.output
        assert not any(command.upper().startswith("AUTH") for command in server.commands)
