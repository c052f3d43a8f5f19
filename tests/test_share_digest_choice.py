"""A digest's dry run shows exactly the email ``--post`` sends: the same articles and Message-ID, whatever each
article's digest record says (none, sent, or an outcome not known), and says what ``--post`` says of the rest."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from email import message_from_bytes
from email import policy as policies
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.share import digestpost, post
from share.sites import ShareSite, make_site
from share.smtpd import smtp_server

SINCE = ("share", "--digest", "--since", "2017-07-01")
RECORD = "syndication:\n- network: {}\n  state: {}\n  time: '2026-11-20T04:00:00Z'\n{}"
STATES = {
    "fresh": "",
    "sent": RECORD.format("digest", "posted", "  remote_id: <x@example.com>\n"),
    "unknown": RECORD.format("digest", "intent", ""),
    "emailed": RECORD.format("email", "posted", "  remote_id: <y@example.com>\n"),
    "draft": "draft: true\n",
    "error": "image: missing.png\n",
}


def _site(root: Path, port: int, states: list[str]) -> ShareSite:
    site = make_site(root, smtp_port=port)
    for number, state in enumerate(states):
        site.article(
            f"a{number}.md", title=f"News number {number}", date=f"2017-08-0{number + 1}T09:00:00+08:00",
            id=f"urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f{number}", extra=STATES[state],
        )  # fmt: skip
    return site


def _check(states: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder), smtp_server(starttls=False) as inbox:
        root = Path(folder)
        site = _site(root, inbox.port, states)
        shown = site.run(*SINCE)
        out = site.run(*SINCE, "--out", str(root / "out"))
        posted = site.run(*SINCE, "--post")
        listed = {n for n, s in enumerate(states) if s in ("fresh", "emailed")}
        unknown = {n for n, s in enumerate(states) if s == "unknown"}
        failing = any(s in ("unknown", "error") for s in states)
        for result in (shown, out, posted):
            assert result.exit_code == (1 if failing else 0), result.output
            for n in unknown:
                assert f"articles/a{n}.md" in result.output and "pending" in result.output, result.output
        for n, _ in enumerate(states):
            assert (f"News number {n}" in shown.output) == (n in listed), shown.output
        if not listed:
            assert inbox.messages == [] and not (root / "out").exists()
            return
        [(_, _, raw)] = inbox.messages
        sent = message_from_bytes(raw, policy=policies.default)
        written = message_from_bytes((root / "out" / "digest-2017-07-01.eml").read_bytes(), policy=policies.default)
        assert f"Message-ID: {sent['Message-ID']}\n" in shown.output and written["Message-ID"] == sent["Message-ID"]
        plain = sent.get_body(("plain",))
        assert plain is not None
        for n, _ in enumerate(states):
            assert (f"News number {n}" in plain.get_content()) == (n in listed)


def test_a_dry_run_leaves_out_an_article_sent_in_an_earlier_digest() -> None:
    """The known case: without ``--pending``, the dry run listed an article a digest had sent already."""
    _check(["sent", "fresh"])


def test_a_dry_run_says_pending_the_article_whose_digest_has_an_unknown_outcome() -> None:
    _check(["unknown", "fresh", "sent"])


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(sorted(STATES)), min_size=1, max_size=3))
def test_the_dry_run_shows_the_email_post_sends(states: list[str]) -> None:
    _check(states)


COPIED = (  # a digest record of another article: a file copied, records and all, after the site was validated
    "syndication:\n- network: digest\n  article: urn:uuid:00000000-0000-4000-8000-000000000001\n  state: posted\n"
    "  remote_id: <x@example.com>\n  time: '2026-11-20T04:00:00Z'\n"
)


@pytest.mark.parametrize("command", ["digest", "post"])
def test_records_spoilt_after_the_site_was_validated_are_checked_again_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Between validating the site and taking the lock, a merge or an editor may write an article's records: the
    digest checks them as the file holds them under the lock, by the check ``--post`` makes (readable, JD183), so a
    record of another article never passes for the article's digest sent: it is refused, in the line a post gets."""
    monkeypatch.chdir(tmp_path)
    with smtp_server(starttls=False) as inbox:
        site = _site(tmp_path, inbox.port, ["fresh", "fresh"])
        path = tmp_path / "articles" / "a1.md"
        head, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        spoilt = f"{head}---\n{front}{COPIED}---\n{body}"
        module = digestpost if command == "digest" else post
        locked = module.site_lock

        @contextlib.contextmanager
        def meanwhile(root: Path, articles: Sequence[Path]) -> Iterator[None]:
            path.write_text(spoilt, encoding="utf-8")  # written after validation, before the lock
            with locked(root, articles):
                yield

        monkeypatch.setattr(module, "site_lock", meanwhile)
        args = (*SINCE, "--post") if command == "digest" else ("share", "--post", "--network", "email")
        result = site.run(*args)
    assert result.exit_code == 1, result.output
    refused = "not in the digest" if command == "digest" else "not posted"
    assert (
        f"articles/a1.md  {refused}: its records have 1 error(s) (JD183: digest: expected a record of this article "
        "(urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f1), found one of 'urn:uuid:00000000-0000-4000-8000-000000000001'"
    ) in result.output
    assert "fix them by hand (`jiading validate articles/a1.md`)" in result.output
    assert path.read_text(encoding="utf-8") == spoilt
    [(_, _, raw)] = inbox.messages  # the other article alone
    plain = message_from_bytes(raw, policy=policies.default).get_body(("plain",))
    assert plain is not None and "News number 0" in plain.get_content()
    assert "News number 1" not in plain.get_content()
