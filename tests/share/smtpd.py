"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, with STARTTLS or plain."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from share.sites import free_port

USER, PASSWORD = "news@example.com", "s3cret-pass"


@dataclass
class Inbox:
    port: int
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def parsed(self, index: int = 0) -> EmailMessage:
        parsed = message_from_bytes(self.messages[index][2], policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = data.login.decode() == USER and data.password.decode() == PASSWORD
        self.logins.append((data.login.decode(), bool(session.ssl)))
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(
    cert_dir: Path | None = None, starttls: bool = True, require_tls_auth: bool = True, host: str = "127.0.0.1"
) -> Iterator[Inbox]:
    """A running server on ``host``; with ``starttls`` a throwaway CA signs its certificate and ``cert_dir/ca.pem``
    trusts it."""
    inbox = Inbox(free_port())
    kwargs: dict[str, Any] = {}
    if starttls:
        import trustme

        assert cert_dir is not None
        ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        ca.cert_pem.write_to_path(str(cert_dir / "ca.pem"))
        kwargs.update(tls_context=context, require_starttls=True)
    controller = Controller(
        inbox,
        hostname=host,
        port=inbox.port,
        authenticator=inbox.authenticate,
        auth_require_tls=require_tls_auth,
        **kwargs,
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
