"""The certificates SMTP's TLS is checked against: ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` naming anything but
certificates (a missing file, a folder, a FIFO, a device, text or bytes that hold no PEM certificate) ends the
session before it connects, on a ``failed`` row naming the variable, for ``tls`` and ``starttls`` and ``--check``
alike. OpenSSL took such a file as no certificate and said so only as the server's certificate failing
(``CERTIFICATE_VERIFY_FAILED; check email.smtp_host``), and a FIFO was read until the session was given up, said
as a server that did not answer."""

from __future__ import annotations

import os
import ssl
from contextlib import chdir
from pathlib import Path

import pytest
import trustme

from share.scripted_smtp import scripted_smtp
from share.sites import make_site

STARTTLS = {"EHLO": b"250-mail.example.com\r\n250 STARTTLS\r\n", "EHLO TLS": b"250 mail.example.com\r\n"}


def _bundle(kind: str, folder: Path, ca: trustme.CA) -> tuple[str, str]:
    """(variable, value) naming certificates of ``kind``."""
    place = folder / "bundle.pem"
    if kind == "missing":
        return "SSL_CERT_FILE", str(place)
    if kind == "folder":
        return "SSL_CERT_FILE", str(folder)
    if kind == "fifo":
        os.mkfifo(place)
    elif kind == "device":
        return "SSL_CERT_FILE", os.devnull
    elif kind == "empty":
        place.write_bytes(b"")
    elif kind == "text":
        place.write_text("not a certificate\n")
    elif kind == "cut":
        place.write_bytes(ca.cert_pem.bytes()[:200])
    elif kind == "key":
        ca.issue_cert("127.0.0.1").private_key_pem.write_to_path(str(place))
    elif kind == "no folder":
        return "SSL_CERT_DIR", str(folder / "nowhere")
    return "SSL_CERT_FILE", str(place)


KINDS = ["missing", "folder", "fifo", "device", "empty", "text", "cut", "key", "no folder"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_variable_naming_no_certificates_is_said_before_connecting(tmp_path: Path, kind: str, security: str) -> None:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    name, value = _bundle(kind, tmp_path, ca)
    site_root = tmp_path / "site"
    site_root.mkdir()
    with chdir(site_root), scripted_smtp(STARTTLS, tls=context) as server:
        site = make_site(site_root, smtp_port=server.port, security=security, timeout=5)
        site.article()
        result = site.run("share", "--post", "--network", "email", env={name: value})
        checked = site.run("share", "--check", "--network", "email", env={name: value})
    assert result.exit_code == 1, result.output
    assert server.messages == [] and site.records() == []
    row = [line for line in result.output.splitlines() if line.startswith("failed ")]
    assert len(row) == 1 and f"{name} names '{value}', which " in row[0], result.output
    assert row[0].endswith(f"or {name} unset for the system's; the message was not sent"), row
    assert f"{name} names '{value}', which " in checked.output and checked.exit_code == 1, checked.output
    if security == "tls":
        assert server.sessions == 0  # never connected


def test_a_bundle_of_the_servers_ca_is_taken(tmp_path: Path) -> None:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    site_root = tmp_path / "site"
    site_root.mkdir()
    with chdir(site_root), scripted_smtp(STARTTLS, tls=context) as server:
        site = make_site(site_root, smtp_port=server.port, security="starttls", timeout=5)
        site.article()
        result = site.run("share", "--post", "--network", "email", env={"SSL_CERT_FILE": str(tmp_path / "ca.pem")})
    assert result.exit_code == 0, result.output
    assert len(server.messages) == 1
