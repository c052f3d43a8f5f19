"""``jiading share --post --network email`` run again and again against a scripted loopback SMTP server
(``share/scripted_smtp.py``), for the tests of what jiading does with each reply: one helper, so every such test
holds each run to the same rules (no traceback, exit 1 exactly when a row failed or is pending)."""

from __future__ import annotations

import re
import tempfile
from contextlib import chdir
from pathlib import Path
from typing import Any

from share.scripted_smtp import scripted_smtp
from share.sites import make_site

TWO = 'to = ["a@example.com", "b@example.com"]'  # two recipients, so each RCPT TO can be answered apart


def email_runs(
    replies: dict[str, bytes], greeting_delay: float = 0.0, runs: int = 2
) -> tuple[list[str], list[str], int]:
    """Send one article by email to :data:`TWO` ``runs`` times, each run on a new connection to a server that
    answers as ``replies`` says: (each run's output, the article's records' states, the messages the server got).
    Each run ends without a traceback, and exits 1 exactly when a row says ``failed`` or ``pending``."""
    outputs, found, envelopes = email_envelopes(replies, greeting_delay, runs)
    return outputs, [record["state"] for record in found], len(envelopes)


def email_envelopes(
    replies: dict[str, bytes], greeting_delay: float = 0.0, runs: int = 2, to: str = TWO, limit: int | None = None
) -> tuple[list[str], list[dict[str, Any]], list[list[str]]]:
    """As :func:`email_runs`, to the addresses ``to`` (a TOML list) of a server taking at most ``limit``
    recipients a transaction: (each run's output, the article's records, the envelope of each message the server
    got)."""
    with tempfile.TemporaryDirectory() as folder, chdir(folder), scripted_smtp(replies, greeting_delay) as server:
        server.limit = limit
        root = Path(folder)
        site = make_site(root, smtp_port=server.port)
        config = root / "jiading.toml"
        config.write_text(config.read_text().replace('to = ["readers@example.com"]', to))
        site.article()
        outputs = []
        for _ in range(runs):
            result = site.run("share", "--post", "--network", "email")
            assert result.exception is None or isinstance(result.exception, SystemExit), result.output
            failing = re.search(r"^(failed|pending) ", result.output, re.MULTILINE)
            assert result.exit_code == (1 if failing else 0), result.output
            outputs.append(result.output)
        return outputs, site.records(), server.envelopes
