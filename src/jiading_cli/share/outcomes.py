"""What a send leaves: the row each of its articles gets, and its outcome recorded in each of their files, whatever
stop lands meanwhile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.model.article import Article
from jiading_cli.share import records
from jiading_cli.share.registry import DIGEST
from jiading_cli.share.request import Delivery, ShareError, record_through_stop, record_undone


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the final table."""

    path: str
    network: str
    result: str  # posted, duplicate, failed, pending, refused
    detail: str = ""
    remote_id: str | None = None
    url: str | None = None
    standing: bool = False  # said a refusal of what every request of the network carries (share/standing.py)
    silent: bool = False  # said the network gave no answer in time (share/standing.py)


@dataclass(frozen=True, slots=True)
class Target:
    """An article file about to be posted: where it is, how messages name it, what it holds."""

    path: Path
    shown: str
    article: Article


def where_to_look(network: str) -> str:
    """Where a post of ``network`` can be seen to have gone out: a mailbox for a message, else the network."""
    if network in (DIGEST, "email"):
        return "the mailbox of email.to (or the SMTP server's log) for its Message-ID"
    return network


def next_post(network: str) -> str:
    """The command that posts to ``network`` (a digest is sent by ``--digest``, never by ``--post`` alone)."""
    return "`jiading share --digest --post`" if network == DIGEST else "`jiading share --post`"


def resolve_hint(path: str, network: str) -> str:
    """What to do about a post of ``network`` whose outcome is unknown: where to look, the command to settle it."""
    return (
        f"check {where_to_look(network)} and run `jiading share --resolve {path} --network {network} --remote-id ID` "
        "if it went out, or `--not-posted` if it did not"
    )


def pending_row(path: str, network: str, intent: records.Record) -> Row:
    some = f" (the message to recipients {(intent.sent or 0) + 1} to {intent.sending or 'the last'})"
    some = some if intent.sent or intent.sending else ""
    detail = f"a post started at {intent.time or '?'}{some} has an unknown outcome; {resolve_hint(path, network)}"
    return Row(path, network, "pending", detail)


def finish(
    targets: Sequence[Target], network: str, delivery: Delivery, sha: str, text_sha: str | None = None,
    started: dt.datetime | None = None, link: str | None = None,
    leaves: Callable[[str], records.Record | None] | None = None,
) -> list[Row]:  # fmt: skip
    """Record each target's outcome in its file as it is on disk now (an edit made meanwhile is kept). A record
    that cannot be written (the file was made unreadable meanwhile) never hides what was sent: a post that went
    out is said with its id, and how to record it once the file is fixed. ``started``: when the intents were written
    (an outcome not known puts its intent back should an edit meanwhile have dropped it), ``link``: the article URL
    they name, ``leaves``: the record a failure leaves of an article's id (an email's recipients that have it).

    One send may concern several files (a digest's articles): the change of each is made before any is written, and
    a stop that lands while one is written, or between two, writes every one not written yet on its way out, so
    that no file of a send whose outcome is known is left with its intent, which the next run could only call
    pending."""
    changes = [(target, _change(target, network, delivery, sha, text_sha, started, link, leaves)) for target in targets]
    rows: list[Row] = []
    written = 0
    try:
        for target, change in changes:
            unwritten = _written(target.path, change, target.shown) if change is not None else None
            written += 1
            rows.append(_row(target.shown, network, delivery, unwritten))
    except KeyboardInterrupt:  # stops.Stopped too: the rest are written as they would have been
        for target, change in changes[written:]:  # the one a stop landed in again: the same records
            if change is not None:
                record_undone(partial(records.update, target.path, change, target.shown))
        raise
    return rows


def _change(
    target: Target, network: str, delivery: Delivery, sha: str, text_sha: str | None, started: dt.datetime | None,
    link: str | None, leaves: Callable[[str], records.Record | None] | None,
) -> Callable[[records.Records], records.Records] | None:  # fmt: skip
    """What ``delivery`` changes in the target's records; None: nothing (an unknown outcome with no intent)."""
    article = target.article
    if delivery.outcome in ("posted", "duplicate"):
        said = delivery.note or "already there (the network reported a duplicate)"
        note = said if delivery.outcome == "duplicate" else None
        done = records.record(
            network, article.id, "posted", realclock.now(),
            remote_id=delivery.remote_id, url=delivery.url, sha256=sha, text_sha256=text_sha, note=note,
        )  # fmt: skip
        return records.replacing(network, done)
    if delivery.outcome == "failed":
        return records.replacing(network, leaves(article.id) if leaves else None)
    intent = records.record(network, article.id, "intent", started, sha256=sha, link=link) if started else None
    return _holding(network, intent) if intent is not None else None


def _row(shown: str, network: str, delivery: Delivery, unwritten: str | None) -> Row:
    """The row of one target of ``delivery``; ``unwritten``: why its record could not be written, or None."""
    if delivery.outcome in ("posted", "duplicate"):
        if unwritten is not None:
            return _unrecorded(shown, network, delivery, unwritten)
        detail = delivery.url or delivery.remote_id or delivery.message
        if delivery.outcome == "posted" and delivery.message:  # went out, with a word (recipients refused)
            detail = f"{detail}; {delivery.message}" if detail != delivery.message else detail
        if delivery.tries > 1:
            detail += f" (after {delivery.tries} tries)"
        return Row(shown, network, delivery.outcome, detail, delivery.remote_id, delivery.url)
    if delivery.outcome == "failed":
        kept = f" (its intent record could not be removed: {unwritten})" if unwritten else ""
        row = Row(shown, network, "failed", delivery.message + kept, standing=delivery.standing)
        return replace(row, silent=delivery.silent)
    kept = f" (its intent record could not be written again: {unwritten})" if unwritten else ""
    detail = f"{delivery.message}{kept}; {resolve_hint(shown, network)}"
    return Row(shown, network, "pending", detail, silent=delivery.silent)


def _written(path: Path, change: Callable[[records.Records], records.Records], shown: str) -> str | None:
    """Apply ``change`` to the file's records, even as a stop lands (:func:`.request.record_through_stop`); why it could
    not be, or None."""
    try:
        record_through_stop(lambda: records.update(path, change, shown))
    except ShareError as exc:
        return str(exc)
    return None


def _holding(network: str, intent: records.Record) -> Callable[[records.Records], records.Records]:
    """A change that keeps the file's records, putting ``intent`` back when an edit since it was written dropped
    the network's record: an outcome not known is never forgotten."""

    def change(found: records.Records) -> records.Records:
        return found if any(r.get("network") == network for r in found) else [*found, intent.mapping()]

    return change


def _unrecorded(shown: str, network: str, delivery: Delivery, why: str) -> Row:
    """A post that went out whose record could not be written: pending, with its id and the command that records it."""
    went = "posted" if delivery.outcome == "posted" else "already there (a duplicate)"
    named = delivery.url or delivery.remote_id
    command = f"`jiading share --resolve {shown} --network {network} --remote-id {delivery.remote_id or 'ID'}`"
    detail = (
        f"{went}{f' as {named}' if named else ''}, but the record could not be written ({why}); "
        f"fix the file, then run {command}"
    )
    return Row(shown, network, "pending", detail, delivery.remote_id, delivery.url)
