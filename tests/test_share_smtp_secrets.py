"""Whatever jiading sent as a secret — the password, AUTH PLAIN's base64 blob, AUTH LOGIN's base64 user and
password — is taken out of every server text it shows: a server that echoes the login (``535 rejected
UHctU0VDUkVULTEyMw==``) shows nothing of it, on the row, in the tries' notes or in ``--check``. A real loopback
server follows a script (``share/scripted_smtp.py``) and echoes what it was sent."""

from __future__ import annotations

import base64
import tempfile
from contextlib import chdir
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import scripted_smtp
from share.sites import make_site

USER = "news@example.com"
LOGIN = f'smtp_user = "{USER}"\nallow_insecure_auth = true'


def _forms(password: str) -> list[str]:
    """Every form of the secret a login sends, and the password itself."""
    b64 = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731
    return [password, b64(f"\0{USER}\0{password}"), b64(password), b64(USER)]


def _outputs(replies: dict[str, bytes], password: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder, chdir(folder), scripted_smtp(replies) as server:
        site = make_site(Path(folder), smtp_port=server.port, email_extra=LOGIN)
        site.article()
        env = {"JIADING_SMTP_PASSWORD": password}
        posted = site.run("share", "--post", "--network", "email", "--verbose", env=env)
        checked = site.run("share", "--check", "--network", "email", env=env)
        assert server.messages == [] and posted.exit_code == 1
        return [posted.output, checked.output]


ECHOES = {
    "PLAIN": {"EHLO": b"250-mail\r\n250 AUTH PLAIN\r\n", "AUTH": b"535 rejected %LINE%\r\n"},
    "PLAIN, a 4xx tried again": {"EHLO": b"250-mail\r\n250 AUTH PLAIN\r\n", "AUTH": b"454 later %LINE%\r\n"},
    "LOGIN": {
        "EHLO": b"250-mail\r\n250 AUTH LOGIN\r\n",
        "AUTH": b"334 UGFzc3dvcmQ6\r\n",
        "*": b"535 rejected %LINE% of %LINE%\r\n",
    },
    "decoded": {"EHLO": b"250-mail\r\n250 AUTH PLAIN\r\n", "AUTH": b"535 you sent %PASSWORD%\r\n"},
    "out of turn": {"EHLO": b"250-mail\r\n250 AUTH PLAIN\r\n", "AUTH": b"235 ok\r\n250 %LINE%\r\n"},
}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    how=st.sampled_from(sorted(ECHOES)),
    password=st.text(st.sampled_from("ABCDEFGHJKMNPQRSTUVWXYZ0123456789-_"), min_size=12, max_size=40),
)
@example(how="PLAIN", password="Pw-SECRET-123")
@example(how="LOGIN", password="Pw-SECRET-123")
@example(how="decoded", password="Pw-SECRET-123")
@example(how="out of turn", password="Pw-SECRET-123")
def test_no_form_of_the_secret_sent_is_ever_shown(how: str, password: str) -> None:
    replies = {stage: reply.replace(b"%PASSWORD%", password.encode()) for stage, reply in ECHOES[how].items()}
    posted, checked = _outputs(replies, password)
    assert "[redacted]" in posted, posted
    for output in (posted, checked):
        for form in _forms(password):
            assert form not in output, (form, output)
