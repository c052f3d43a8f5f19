"""An email to many recipients, each once: the message goes in as many SMTP transactions as the server takes (RFC
5321, 4.5.3.1.10), and the record in each article file it is for says, before each transaction's message goes,
which recipients it goes to (``intent`` with ``sent`` and ``sending``), and once it went, which have it
(``partial`` with ``sent``). A run killed or failing between two transactions leaves a ``partial`` record: the next
sends the message only to the recipients after ``sent``. One killed while a transaction's message goes leaves its
intent: those recipients wait for ``--resolve``, as any unknown outcome. One stopped (Ctrl-C, ``SIGTERM``) while it
waits to try a transaction again, every try refused, writes what a failure there writes: the message went to none
of that transaction's recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.share import records
from jiading_cli.share.mail import Mail
from jiading_cli.share.request import Delivery, record_through_stop, record_undone, undone
from jiading_cli.share.smtp import MailSender


@dataclass(frozen=True, slots=True)
class Recorded:
    """An article file a message's records are written in: where it is, how messages name it, its article's id."""

    path: Path
    shown: str
    article: str


def resume_problem(found: records.Record, mail: Mail) -> str | None:
    """Why a message that went to some of its recipients (``found``, a partial record) cannot be sent to the rest as
    ``mail``, or None: its Message-ID, made of the article (or the digest's articles and date), ``email.sender`` and
    ``email.to``, is another, so the recipients after ``sent`` are not those who were to get it then."""
    if found.remote_id == mail.message_id and (found.sent or 0) <= len(mail.recipients):
        return None
    return (
        f"the message {found.remote_id or '?'} went to the first {found.sent} of its recipients, and the message made "
        f"now is another ({mail.message_id}): email.to, email.sender or what it lists changed since; nothing was "
        "sent. Put them back as they were to send it to the rest, or record it as sent with `jiading share --resolve`"
    )


@dataclass(slots=True)
class Progress:
    """The :class:`.smtp.Batches` of one message: its records, kept in each file of ``targets`` as it goes."""

    targets: Sequence[Recorded]
    network: str
    mail: Mail
    sha: str
    link: str | None = None
    done: int = 0  # the recipients, in the envelope's order, that have the message (or refused it for good)
    written: tuple[int, int] | None = None  # the recipients of the intent on disk; None: no intent
    started: dt.datetime | None = None  # when the intent on disk was written

    def _write(self, made: Callable[[str], records.Record | None]) -> None:
        for target in self.targets:
            records.update(target.path, records.replacing(self.network, made(target.article)), target.shown)

    def intent(self, first: int, end: int) -> None:
        """Write the intent of the message to the recipients from ``first`` up to ``end``: a plain intent (as every
        network's) when that is all of them."""
        total, moment = len(self.mail.recipients), realclock.now()
        some = bool(first) or end < total
        record_through_stop(
            lambda: self._write(
                lambda article: records.record(
                    self.network, article, "intent", moment, remote_id=self.mail.message_id if some else None,
                    sha256=self.sha, link=self.link, sent=first or None, sending=end if end < total else None,
                )
            ),
            lambda: self._write(self.kept),
        )  # fmt: skip
        self.written, self.started = (first, end), moment

    def before(self, first: int, end: int) -> None:
        if self.written != (first, end):
            self.intent(first, end)

    def after(self, end: int) -> None:
        self.done = end
        record_through_stop(lambda: self._write(self.kept))
        self.written = None

    def kept(self, article: str) -> records.Record | None:
        """The record a message certainly not sent (any further) leaves: partial while some recipients have it."""
        if not self.done:
            return None
        return records.record(
            self.network, article, "partial", realclock.now(), remote_id=self.mail.message_id, sent=self.done,
            sha256=self.sha,
        )  # fmt: skip

    def send(self, sender: MailSender, found: records.Record | None) -> Delivery:
        """Send the message to each recipient that does not have it (those after a partial record's ``sent``)."""
        self.done = found.sent or 0 if found is not None and found.partial else 0
        total = len(self.mail.recipients)
        self.intent(self.done, total)
        try:
            delivery = sender.send(self.mail, self.done, self)
        except KeyboardInterrupt as stop:  # between two tries, nothing in flight: not sent, said as such
            if undone(stop) is not None:
                record_undone(lambda: self._write(self.kept))
            raise
        if delivery.outcome == "failed" and self.done:
            went = f"the first {self.done} of its {total} recipients have it (recorded)"
            return replace(delivery, message=f"{delivery.message}; {went}, and the next run sends it to the rest")
        if delivery.outcome == "unknown" and self.written is not None and self.written != (0, total):
            first, end = self.written
            return replace(delivery, message=f"{delivery.message} (to recipients {first + 1} to {end} of {total})")
        return delivery
