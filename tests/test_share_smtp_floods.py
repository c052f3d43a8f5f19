"""An SMTP reply is read up to 64 KiB (``smtpwire.REPLY_MAX``), as an HTTP answer up to its limit: a server that
writes the lines of one reply without end (``250-`` continuations), as fast as the connection takes them, had
every line held until the session's time ran out — 8 GB in the 8 s of a 2 s ``share.timeout`` — where now its
reply is one that is not SMTP, at whatever stage it comes: before the message is handed over it fails unsent,
after it the message may have been sent. Each stage, against a scripted loopback server.
"""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest

from share.scripted_smtp import FLOOD
from share.smtp_runs import email_runs

NOT_SMTP = "answered something other than an SMTP reply to"


@pytest.mark.parametrize(
    ("stage", "states", "line"),
    [
        ("greeting", [], rf"failed     email     articles/a\.md  127\.0\.0\.1:\d+ {NOT_SMTP} the connection\n"),
        ("EHLO", [], rf"failed     email     articles/a\.md  127\.0\.0\.1:\d+ {NOT_SMTP} EHLO\n"),
        ("MAIL", [], rf"failed     email     articles/a\.md  127\.0\.0\.1:\d+ {NOT_SMTP} MAIL FROM:<news@"),
        ("RCPT", [], r"failed     email     articles/a\.md  127\.0\.0\.1:\d+ "),
        ("DATA", [], rf"failed     email     articles/a\.md  127\.0\.0\.1:\d+ {NOT_SMTP} DATA\n"),
        ("DOT", ["intent"], rf"pending    email     articles/a\.md  127\.0\.0\.1:\d+ {NOT_SMTP} the message"),
        ("QUIT", ["posted"], r"posted     email     articles/a\.md  <"),
    ],
)
def test_a_reply_without_end_is_read_to_a_bound_and_is_no_smtp(stage: str, states: list[str], line: str) -> None:
    tracemalloc.start()
    try:
        started = time.monotonic()
        outputs, found, messages = email_runs({stage: FLOOD}, runs=1)
        took = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert re.search(line, outputs[0]), outputs[0]
    assert found == states and messages == (1 if stage in ("DOT", "QUIT") else 0)
    assert peak < 32 * 1024 * 1024, f"{peak:,} bytes held"
    assert took < 5.0, f"{took:.1f} s: held to the session's deadline (2 s a try), not ended by the reply's size"
