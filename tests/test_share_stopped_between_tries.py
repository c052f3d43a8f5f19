"""`share --post` stopped (Ctrl-C, SIGTERM, SIGHUP) while it waits to try a post again, each try so far refused in a
way that says nothing was made (a 429 or 503, an SMTP 4xx at any stage), or while an SMTP session has not yet been
told to send the message (no 354 to DATA yet): nothing is in flight then, or the session is given up before any of
the message can go, so the record says what is certain, not sent (no record; an email's ``partial`` record when an
earlier transaction went), never an intent whose outcome is unknown, which the next run could only say is pending
(for email, until someone resolves it by hand, since no mail server can be asked). The next run posts it, once. A
stop once the message went keeps its intent. Each run is a real process, signalled once it has said it is waiting
(a wait long enough to be still under way) or once the server has heard the command it does not answer, against
loopback networks that keep their posts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.scripted_smtp import STALL, scripted_smtp
from share.sites import NOW, TOKENS, ShareSite, make_site

ENV = {**os.environ, **TOKENS, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
SIGNALS = {signal.SIGINT: "Error: interrupted", signal.SIGTERM: "Error: stopped by SIGTERM"}
SIGNALS[signal.SIGHUP] = "Error: stopped by SIGHUP"


@pytest.fixture(autouse=True)
def _in_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the runs in this process find the site from here, as the processes do


def _waiting(site: ShareSite, network: str) -> ShareSite:
    """``site``, waiting long between tries: a signal sent once a run says it waits lands in the wait."""
    config = site.root / "jiading.toml"
    text = (
        config.read_text().replace("backoff = 0.01", "backoff = 60").replace("backoff_max = 0.02", "backoff_max = 60")
    )
    config.write_text(text)
    site.article()
    return site


def _stopped_in_the_wait(
    root: Path, network: str, number: signal.Signals, heard: Callable[[], bool] | None = None
) -> None:
    """Run ``share --post`` for ``network``, stop it with signal ``number`` once it waits to try again (or once
    ``heard()``, the server's word that it waits on the run), and hold the run to what a stop says: its one line
    and its status."""
    command = [sys.executable, "-m", "jiading_cli", "share", "--post", "--yes", "--network", network]
    run = subprocess.Popen(command, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stderr is not None
    said = []
    while heard is None and "trying again in" not in (line := run.stderr.readline()):
        said.append(line)
        assert line, "".join(said)  # the run ended without waiting to try again
    while heard is not None and not heard():
        assert run.poll() is None, run.communicate()  # the run ended before the server heard it
        time.sleep(0.01)
    run.send_signal(number)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + number, err
    assert err.splitlines()[-1] == SIGNALS[number] and "Traceback" not in err, err


def _posted_again(site: ShareSite, network: str) -> str:
    again = site.run("share", "--post", "--network", network)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == "1 posted", again.output
    [record] = site.records()
    assert record["state"] == "posted"
    return again.output


@pytest.mark.parametrize(
    ("stage", "number"),
    [
        ("greeting", signal.SIGTERM),
        ("EHLO", signal.SIGINT),
        ("MAIL", signal.SIGHUP),
        ("RCPT", signal.SIGTERM),
        ("DATA", signal.SIGINT),
        ("DOT", signal.SIGTERM),
    ],
)
def test_an_email_stopped_between_tries_is_not_sent_and_the_next_run_sends_it_once(
    tmp_path: Path, stage: str, number: signal.Signals
) -> None:
    with scripted_smtp({stage: b"451 4.3.0 busy, try later\r\n"}) as server:
        site = _waiting(make_site(tmp_path, smtp_port=server.port), "email")
        _stopped_in_the_wait(tmp_path, "email", number)
        assert site.records() == []  # not sent: no intent left for --resolve
        server.replies = {}
        _posted_again(site, "email")
        assert server.envelopes == [["readers@example.com"]] * (2 if stage == "DOT" else 1)  # the 451 took none


def test_an_email_stopped_between_tries_of_its_second_transaction_goes_to_the_rest_once(tmp_path: Path) -> None:
    with scripted_smtp(limit=1) as server:
        server.by_session = {2: {"DOT": b"451 4.3.0 busy, try later\r\n"}}  # refused, the intent for b written
        site = _waiting(make_site(tmp_path, smtp_port=server.port), "email")
        config = site.root / "jiading.toml"
        config.write_text(
            config.read_text().replace('to = ["readers@example.com"]', 'to = ["a@example.com", "b@x.org"]')
        )
        _stopped_in_the_wait(tmp_path, "email", signal.SIGTERM)
        [record] = site.records()
        assert (record["state"], record["sent"]) == ("partial", 1)
        server.by_session = {}
        _posted_again(site, "email")
        assert server.envelopes == [["a@example.com"], ["b@x.org"], ["b@x.org"]]  # the 451 took none


@pytest.mark.parametrize(
    ("network", "refusal", "number"),
    [
        ("facebook", (503, 2), signal.SIGTERM),  # "service temporarily unavailable": left undone
        ("facebook", (400, 4), signal.SIGINT),  # the application's rate limit
        ("linkedin", 429, signal.SIGHUP),
        ("linkedin", 503, signal.SIGTERM),
    ],
)
def test_a_post_stopped_between_tries_is_not_posted_and_the_next_run_posts_it_once(
    tmp_path: Path, httpserver: HTTPServer, network: str, refusal: object, number: signal.Signals
) -> None:
    site = _waiting(make_site(tmp_path, base=httpserver.url_for("/")), network)
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    fake = facebook if network == "facebook" else linkedin
    fake.refusing = [refusal]  # type: ignore[list-item]
    _stopped_in_the_wait(tmp_path, network, number)
    assert site.records() == []  # not posted: no intent whose outcome is unknown
    _posted_again(site, network)
    assert (fake.made, len(fake.posts)) == (1, 1)


@pytest.mark.parametrize(
    ("stage", "heard", "number"),
    [
        ("greeting", "", signal.SIGTERM),  # connected, no greeting yet
        ("MAIL", "MAIL FROM", signal.SIGINT),
        ("RCPT", "RCPT TO", signal.SIGHUP),
        ("DATA", "DATA", signal.SIGTERM),  # no 354: not a byte of the message goes
    ],
)
def test_an_email_stopped_before_the_server_said_to_send_it_is_not_sent_and_goes_once(
    tmp_path: Path, stage: str, heard: str, number: signal.Signals
) -> None:
    with scripted_smtp({stage: STALL}) as server:
        site = _waiting(make_site(tmp_path, smtp_port=server.port, timeout=60), "email")
        at = (
            (lambda: server.sessions > 0)
            if not heard
            else (lambda: any(c.upper().startswith(heard) for c in server.commands))
        )
        _stopped_in_the_wait(tmp_path, "email", number, at)
        assert site.records() == []  # not sent: no intent left for --resolve
        server.replies = {}
        _posted_again(site, "email")
        assert server.envelopes == [["readers@example.com"]]


def test_an_email_stopped_once_the_message_went_keeps_its_intent(tmp_path: Path) -> None:
    with scripted_smtp({"DOT": STALL}) as server:
        site = _waiting(make_site(tmp_path, smtp_port=server.port, timeout=60), "email")
        _stopped_in_the_wait(tmp_path, "email", signal.SIGTERM, lambda: bool(server.messages))
        [record] = site.records()
        assert record["state"] == "intent"  # it may have been sent: never sent again blind
        server.replies = {}
        again = site.run("share", "--post", "--network", "email")
        assert again.exit_code == 1
        assert again.output.splitlines()[-1] == "1 pending"
        assert len(server.messages) == 1
