"""The certificates an SMTP server's is checked against: the system's, or those ``SSL_CERT_FILE`` and
``SSL_CERT_DIR`` name, as OpenSSL reads them.

OpenSSL takes a variable naming nothing it can read as naming no certificate, and says so only as a server's
certificate that failed verification; one naming a FIFO is read until a writer comes, which none does. So each is
looked at first, without opening anything but a regular file: one that names no file of certificates (a missing
file, a folder, a FIFO, text that holds no PEM certificate) or no folder ends the session before it connects,
naming the variable.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

from jiading_cli.base.printable import quoted
from jiading_cli.base.route import file_problem


class BadBundle(Exception):
    """A variable names certificates that cannot be read; the message names it and what to do."""


def context() -> ssl.SSLContext:
    """The context every TLS connection to the SMTP server is made with (the system's CAs by default)."""
    cafile = os.environ.get("SSL_CERT_FILE", "")
    if cafile and (problem := file_problem(cafile)):
        raise BadBundle(_said("SSL_CERT_FILE", cafile, problem, "a file of PEM certificates"))
    capath = os.environ.get("SSL_CERT_DIR", "")
    if capath and not all(Path(part).is_dir() for part in capath.split(os.pathsep) if part):
        raise BadBundle(_said("SSL_CERT_DIR", capath, "which is not a folder", "a folder of certificates"))
    return ssl.create_default_context()


def _said(name: str, value: str, problem: str, expected: str) -> str:
    return (
        f"{name} names {quoted(value)}, {problem}: expected {expected}, or {name} unset for the system's; "
        "the message was not sent"
    )
