"""A server's limit on recipients (RFC 5321, 4.5.3.1.10): past it, a RCPT TO is answered 452 (or 552), and the
message goes to those accepted, the rest in further transactions. Each recipient gets it exactly once, ever: the
article's record says which recipients have it after each transaction, so a run that fails or is stopped between two
sends the next only to the others; one whose transaction's outcome is unknown waits for ``--resolve``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from email import message_from_bytes
from email import policy as policies
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.scripted_smtp import DROP, Scripted, scripted_smtp
from share.sites import ShareSite, make_site

READERS = [f"reader{number}@example.com" for number in range(1, 6)]


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@contextmanager
def capped(root: Path, limit: int, readers: list[str] = READERS) -> Iterator[tuple[ShareSite, Scripted]]:
    with scripted_smtp(limit=limit) as server:
        site = make_site(root, smtp_port=server.port)
        config = root / "jiading.toml"
        listed = ", ".join(json.dumps(reader) for reader in readers)
        config.write_text(config.read_text().replace('to = ["readers@example.com"]', f"to = [{listed}]"))
        site.article()
        yield site, server


def _post(site: ShareSite, code: int) -> str:
    result = site.run("share", "--post", "--network", "email")
    assert result.exit_code == code and "Traceback" not in result.output, result.output
    return " ".join(result.output.split())


def _each_once(server: Scripted, readers: list[str] = READERS) -> None:
    got = [address for envelope in server.envelopes for address in envelope]
    assert sorted(got) == sorted(readers), server.envelopes
    ids = {message_from_bytes(data, policy=policies.default)["Message-ID"] for data in server.messages}
    assert len(ids) == 1  # one message, whatever the transactions


def test_a_capped_server_gets_the_message_in_as_many_transactions_as_it_takes(tmp_path: Path) -> None:
    with capped(tmp_path, 2) as (site, server):
        said = _post(site, 0)
    assert server.envelopes == [READERS[:2], READERS[2:4], READERS[4:]]
    _each_once(server)
    assert [record["state"] for record in site.records()] == ["posted"] and "recipients refused" not in said
    assert all(b"To: undisclosed-recipients:;" in data for data in server.messages)


def test_a_552_past_the_limit_is_the_limit_and_one_to_a_first_recipient_a_refusal(tmp_path: Path) -> None:
    with capped(tmp_path, 2) as (site, server):
        server.replies["LIMIT"] = b"552 5.5.3 Too many recipients\r\n"
        server.replies[f"RCPT {READERS[2]}"] = b"552 5.2.2 mailbox full\r\n"
        said = _post(site, 0)
    assert server.envelopes == [READERS[:2], READERS[3:5]]
    assert f"1 of 5 recipients refused: {READERS[2]} (552 5.2.2 mailbox full)" in said


def test_a_server_gone_between_transactions_leaves_the_rest_to_the_next_run(tmp_path: Path) -> None:
    with capped(tmp_path, 2) as (site, server):
        server.down = 1  # the first session alone: the next are dropped at once
        failed = _post(site, 1)
        [record] = site.records()
        assert server.envelopes == [READERS[:2]]
        assert (record["state"], record["sent"], record["remote_id"]) == ("partial", 2, _message_id(server))
        assert "the first 2 of its 5 recipients have it (recorded), and the next run sends it to the rest" in failed
        validated = site.run("validate")
        assert validated.exit_code == 0 and "JD18" not in validated.output, validated.output
        listed = site.run("share", "--pending", "--network", "email")  # still to go, to the rest: no unknown outcome
        assert listed.exit_code == 0 and "  To: undisclosed-recipients:;" in listed.output, listed.output
        server.down = None
        _post(site, 0)
    assert server.envelopes == [READERS[:2], READERS[2:4], READERS[4:]]
    _each_once(server)
    assert [record["state"] for record in site.records()] == ["posted"]


def test_a_run_stopped_between_transactions_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.share.mailsend import Progress

    recorded = Progress.after

    def stopped(self: Progress, end: int) -> None:
        recorded(self, end)
        raise KeyboardInterrupt  # Ctrl-C just after the first transaction was recorded

    with capped(tmp_path, 2) as (site, server):
        monkeypatch.setattr(Progress, "after", stopped)
        result = site.run("share", "--post", "--network", "email")
        assert result.exit_code != 0 and server.envelopes == [READERS[:2]]
        assert [(r["state"], r["sent"]) for r in site.records()] == [("partial", 2)]
        monkeypatch.setattr(Progress, "after", recorded)
        _post(site, 0)
    assert server.envelopes == [READERS[:2], READERS[2:4], READERS[4:]]
    _each_once(server)


@pytest.mark.parametrize("went", [True, False], ids=["it-went", "it-did-not"])
def test_a_transaction_whose_outcome_is_unknown_waits_for_resolve_then_only_the_rest_get_it(
    tmp_path: Path, went: bool
) -> None:
    with capped(tmp_path, 2) as (site, server):
        server.by_session[2] = {"DOT": DROP}  # the second transaction's message taken, its answer lost
        pending = _post(site, 1)
        assert "pending" in pending and "(to recipients 3 to 4 of 5)" in pending, pending
        [record] = site.records()
        assert (record["state"], record["sent"], record["sending"]) == ("intent", 2, 4)
        assert len(server.envelopes) == 2
        again = _post(site, 1)  # nothing sent while it is unknown
        assert "(the message to recipients 3 to 4)" in again and len(server.envelopes) == 2
        settle = ["--remote-id", _message_id(server)] if went else ["--not-posted"]
        resolved = site.run("share", "--resolve", "articles/a.md", "--network", "email", *settle)
        assert resolved.exit_code == 0, resolved.output
        sent = 4 if went else 2
        assert f"recorded as sent to its first {sent} recipients" in resolved.output
        assert [(r["state"], r["sent"]) for r in site.records()] == [("partial", sent)]
        _post(site, 0)
    assert server.envelopes[2:] == ([READERS[4:]] if went else [READERS[2:4], READERS[4:]])
    assert [record["state"] for record in site.records()] == ["posted"]


def test_a_partial_send_whose_recipients_changed_sends_nothing(tmp_path: Path) -> None:
    """The recipients after ``sent`` are those of the envelope as it was: with email.to changed, the message made now
    (another Message-ID) is not sent to anyone, and the record is kept as it was."""
    with capped(tmp_path, 2) as (site, server):
        server.down = 1
        _post(site, 1)
        before = site.records()
        server.down = None
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text().replace('"reader1@example.com", ', ""))
        refused = _post(site, 1)
        assert site.records() == before and len(server.envelopes) == 1
    assert re.search(
        r"failed +email +articles/a\.md +the message <[0-9a-f]+\.jiading@example\.com> went to the first 2", refused
    )
    assert "email.to, email.sender or what it lists changed since; nothing was sent" in refused


def _message_id(server: Scripted) -> str:
    return str(message_from_bytes(server.messages[0], policy=policies.default)["Message-ID"])


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    count=st.integers(1, 6),
    limit=st.integers(1, 4),
    down=st.one_of(st.none(), st.integers(1, 3)),
    digest=st.booleans(),
)
@example(count=5, limit=2, down=1, digest=True)
@example(count=5, limit=2, down=2, digest=False)
def test_each_recipient_gets_it_once_whatever_the_limit_and_faults(
    tmp_path_factory: pytest.TempPathFactory, count: int, limit: int, down: int | None, digest: bool
) -> None:
    """Any limit, a server gone after any session, an article or a digest: over the runs, until it is recorded as
    sent, each recipient gets the message exactly once."""
    readers = READERS[:count]
    root = tmp_path_factory.mktemp("limit")
    command = (
        ["share", "--digest", "--since", "2017-07-01", "--post"]
        if digest
        else ["share", "--post", "--network", "email"]
    )
    with chdir(root), capped(root, limit, readers) as (site, server):
        server.down = down
        first = site.run(*command)
        assert "Traceback" not in first.output and first.exit_code in (0, 1), first.output
        server.down = None
        second = site.run(*command)
        assert second.exit_code == 0, second.output
    _each_once(server, readers)
    assert [record["state"] for record in site.records()] == ["posted"]
    assert all(len(envelope) <= limit for envelope in server.envelopes)
