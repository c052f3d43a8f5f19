"""Sending email over SMTP: STARTTLS (587) or TLS (465) as configured, retries like the HTTP transport.

A password never goes over a connection that did not become TLS unless ``email.allow_insecure_auth``
says so (a relay on the same machine). What happened decides the outcome: anything that fails
before the message is handed over means "not sent"; once it is, a 2xx reply means sent, a 4xx or 5xx
reply not sent, and anything else (a lost connection, no reply in time, a reply that is not SMTP)
"perhaps sent". A refusal names the stage it answered (``MAIL FROM``, ``RCPT TO``…). Every command's reply is
checked by one rule (:func:`_expect`), the EHLO sent again over TLS and the login's included: a reply that is not
the one that lets the session go on ends it, never taken as a yes. A server's limit on the recipients of a
transaction (RFC 5321, 4.5.3.1.10) is met by as many transactions as it takes, a session each.
"""

from __future__ import annotations

import random
import smtplib
import ssl
import time
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

from jiading_cli.base.exchange import Late, within
from jiading_cli.base.netfailures import causes
from jiading_cli.share import trust
from jiading_cli.share.email import PASSWORD_ENV, EmailSection, server
from jiading_cli.share.mail import Mail
from jiading_cli.share.network import Access
from jiading_cli.share.replies import SHOWN_MAX, shown
from jiading_cli.share.request import Between, Delivery, ShareError
from jiading_cli.share.smtpwire import END, Guarded, Held, OutOfTurn, dotted, leave, no_login
from jiading_cli.share.smtpwire import connect as _connect
from jiading_cli.share.transport import UPLOAD_RATE, Policy, tries


class Batches(Protocol):
    """What a message sent in several transactions tells of each, by the recipients' places in its envelope: before
    the message goes, that it goes to those from ``first`` up to ``end`` (a :class:`ShareError` stops it, unsent);
    once it went, that those up to ``end`` have it (one stops the next)."""

    def before(self, first: int, end: int) -> None: ...

    def after(self, end: int) -> None: ...


@dataclass(slots=True)
class _Envelope:
    """What the recipients of a transaction answered: how many took it, the end of those it goes to, those refused
    for good, and the last refusal's reply."""

    accepted: int
    end: int
    refused: list[str]
    last: tuple[int, bytes]


class _Stop(Exception):
    """An answer not worth retrying."""


class _Unsure(Exception):
    """The message was handed over, and the reply does not say whether it was taken."""


def _expect(reply: tuple[int, bytes], accepted: Container[int] = range(200, 300)) -> None:
    """The one rule for every command's reply: a code ``accepted`` goes on; any other (a refusal, or -1 for a reply
    that is not SMTP) ends the session as an :class:`smtplib.SMTPResponseException`, which the stage it answered,
    noted before the command, names: a 4xx is tried again, anything else is not."""
    code, text = reply
    if code not in accepted:
        raise smtplib.SMTPResponseException(code, text)


def _reply(code: int, text: bytes | str) -> str:
    """A server's reply on one line (its lines joined), at most ``SHOWN_MAX`` characters; a reply smtplib could not
    read as SMTP (code -1) in words, since what it kept of it is cut."""
    if code == -1:
        return "something other than an SMTP reply"
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    line = " ".join(f"{code} {said}".split("\n")).strip()
    return line if len(line) <= SHOWN_MAX else line[: SHOWN_MAX - 1] + "…"


RECIPIENT_TIME = 1.0  # seconds a session is given for each RCPT TO beyond the first: a turn of its own


def session_budget(policy: Policy, size: int, recipients: int = 1) -> float:
    """Seconds a whole session may take: four times ``share.timeout`` (a session is a few exchanges, one RCPT TO
    among them), a second for every ``UPLOAD_RATE`` bytes of the message, and a second for every recipient after
    the first, as the docs promise. The session grows with what it sends, so a long list of recipients is held to
    progress, never to a few turns' time for all, which it could never be sent within."""
    return 2 * policy.whole(0) + size / UPLOAD_RATE + max(0, recipients - 1) * RECIPIENT_TIME


def _said(said: bytes) -> str:
    """What a server sent out of turn, on one line, quoted."""
    return repr(shown(" ".join(said.decode("utf-8", "replace").split())))


@dataclass(slots=True)
class MailSender:
    email: EmailSection
    policy: Policy
    password: str | None
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random

    def _session(self, smtp: Guarded, state: dict[str, str]) -> None:
        email = self.email
        state["stage"] = "EHLO"
        greeted = smtp.ehlo()
        if 500 <= greeted[0] < 600:
            state["stage"] = "HELO"  # a server of the first SMTP: EHLO refused (5xx), HELO it knows
            _expect(smtp.helo())
        else:
            _expect(greeted)  # by the rule of every reply: a 4xx is tried again, one that is not SMTP fails unsent
        if email.smtp_security == "starttls":
            if not smtp.has_extn("starttls"):
                raise _Stop(
                    f"{server(email)} did not offer STARTTLS, so the connection would not be encrypted; "
                    'set email.smtp_security = "none" only for a relay on this machine'
                )
            state["stage"] = "STARTTLS"
            _expect(smtp.docmd("STARTTLS"), (220,))
            state["stage"] = "the TLS handshake"
            smtp.secure(trust.context())
            state["stage"] = "EHLO after STARTTLS"  # a server that offered STARTTLS speaks ESMTP: no HELO now
            _expect(smtp.ehlo())
        if email.smtp_user:
            if email.smtp_security == "none" and not email.allow_insecure_auth:
                raise _Stop(
                    "refusing to send the SMTP password over a connection without TLS; use "
                    'email.smtp_security = "starttls" or "tls", or set email.allow_insecure_auth = true '
                    "for a relay on this machine"
                )
            state["stage"] = "the login"
            if (cannot := no_login(smtp, server(email))) is not None:
                raise _Stop(cannot)
            if self.password:
                smtp.secrets.append(self.password.encode("utf-8"))
            smtp.in_login = True
            try:
                _expect(smtp.login(email.smtp_user, self.password or ""), (235,))  # 503 is no login
            except smtplib.SMTPAuthenticationError as exc:
                if not 500 <= exc.smtp_code < 600:  # a 4xx is tried again; a reply that is not SMTP is no refusal
                    raise smtplib.SMTPResponseException(exc.smtp_code, exc.smtp_error) from None
                raise
            finally:
                smtp.in_login = False

    def _envelope(self, smtp: Guarded, mail: Mail, first: int, state: dict[str, str]) -> _Envelope:
        """MAIL FROM, then RCPT TO of each recipient from ``first`` on: (how many were accepted, the end of those this
        transaction takes, those refused for good). Once one is accepted, a 4xx or a 552 is the server's limit on
        recipients (RFC 5321, 4.5.3.1.10): the transaction ends there, the rest go in another. Before any is, a 4xx
        undoes it (``RSET``), to be tried again; a 5xx refuses that recipient alone."""
        state["stage"] = f"MAIL FROM:<{mail.sender}>"
        _expect(smtp.mail(mail.sender), (250,))
        found = _Envelope(0, len(mail.recipients), [], (550, b"no recipient accepted"))
        for index in range(first, found.end):
            recipient = mail.recipients[index]
            state["stage"] = f"RCPT TO:<{recipient}>"
            code, text = smtp.rcpt(recipient)
            if code in (250, 251):
                found.accepted += 1
            elif found.accepted and (400 <= code < 500 or code == 552):
                found.end = index
                return found
            elif 400 <= code < 500:
                state["stage"] = "RSET"
                smtp.rset()  # the transaction undone before anything else is said; whatever it answers, it is over
                state["stage"] = f"RCPT TO:<{recipient}>"
                _expect((code, text), ())  # a 4xx: tried again, from this recipient on
            else:
                found.refused.append(f"{recipient} ({_reply(code, text)})")
                found.last = (code, text)
        return found

    def _hand_over(
        self, smtp: Guarded, mail: Mail, state: dict[str, str], first: int, batches: Batches | None
    ) -> list[str]:
        envelope = self._envelope(smtp, mail, first, state)
        end, refused = envelope.end, envelope.refused
        state["end"] = str(end)
        if not envelope.accepted:  # every recipient left refused it: none to send it to
            if first == 0:
                state["stage"] = "RCPT TO of every recipient"
                _expect(envelope.last, ())
            state["phase"], state["refused"] = "sent", "\n".join(refused)  # those before have it
            return refused
        if batches is not None:
            state["stage"] = "the record of the recipients"
            try:
                batches.before(first, end)
            except ShareError as exc:
                smtp.rset()
                raise _Stop(f"{exc}; the message was not sent") from None
        state["stage"] = "DATA"
        smtp.putcmd("data")
        _expect(smtp.getreply(), (354,))  # until the server says to go on, not a byte of the message is sent
        state["phase"], state["stage"] = "data", "the message"
        data = dotted(mail.data)
        smtp.send(data[: -len(END)])  # OutOfTurn before any chunk, when the server said anything unasked (beyond 354)
        smtp.send(END)  # alone, and only when the server said nothing while the rest went: else the message is not sent
        if smtp.sock is not None:  # the server may still be reading what the connection holds of it: its allowance
            smtp.sock.settimeout(self.policy.timeout + len(mail.data) / UPLOAD_RATE)
        code, text = smtp.getreply()
        if said := smtp.waiting():  # what the server said beyond it: the reply read may answer something else
            raise _Unsure(f"answered {_reply(code, text)} to the message and then {_said(said)}, unasked")
        if 200 <= code < 300:
            state["phase"], state["refused"] = "sent", "\n".join(refused)  # whatever QUIT then meets
            return refused
        if 400 <= code < 600:
            raise smtplib.SMTPResponseException(code, text)
        raise _Unsure(f"answered {_reply(code, text)} to the message, where 250 says it was taken")

    def _deliver(self, mail: Mail, state: dict[str, str], held: Held, first: int, batches: Batches | None) -> list[str]:
        """One session: connect, secure, log in, hand the message over to the recipients from ``first`` on as far as
        the server takes them in one transaction, leave; the recipients refused."""
        smtp = _connect(self.email, self.policy.timeout, held)
        try:
            self._session(smtp, state)
            state["phase"] = "envelope"
            return self._hand_over(smtp, mail, state, first, batches)
        finally:
            leave(smtp)

    def send(self, mail: Mail, start: int = 0, batches: Batches | None = None) -> Delivery:
        """The message to its recipients from ``start`` on (those before have it), in as many transactions as the
        server takes, each a session of its own tried as the policy says; ``batches`` is told before each message
        goes which recipients it goes to, and after which have it (:class:`Batches`): a failure after some
        transactions went leaves those recipients with the message, as ``after`` was told."""
        first, tries = start, 0
        refused: list[str] = []
        notes: list[str] = []
        while first < len(mail.recipients):
            reached: dict[str, Any] = {}
            delivery = self._transaction(mail, first, batches, reached)
            tries, notes = tries + delivery.tries, [*notes, *delivery.notes]
            if delivery.outcome != "posted":
                return replace(delivery, tries=tries, notes=tuple(notes))
            refused, first = [*refused, *reached["refused"]], reached["end"]
            if first < len(mail.recipients) and batches is not None:
                try:
                    batches.after(first)
                except ShareError as exc:
                    message = f"the message went to {first} of {len(mail.recipients)} recipients, not recorded ({exc})"
                    return Delivery("unknown", message, tries=tries, notes=tuple(notes))
        return _sent(mail, refused, max(tries, 1), notes)

    def _transaction(self, mail: Mail, first: int, batches: Batches | None, reached: dict[str, Any]) -> Delivery:
        """One transaction, to the recipients from ``first`` on: how it ended; when it went, ``reached`` holds the end
        of the recipients it went to (``end``) and those refused for good (``refused``). A stop between two tries
        carries the transaction so far, certainly not done (:class:`~jiading_cli.share.request.Between`)."""
        between = Between()
        with between.watching():
            return self._tries(mail, first, batches, reached, between)

    def _tries(
        self, mail: Mail, first: int, batches: Batches | None, reached: dict[str, Any], between: Between
    ) -> Delivery:
        host = server(self.email)
        notes: list[str] = []
        attempt = 0
        while True:
            between.undone = None  # from here, this try may be under way
            silent = False  # this try ended for want of an answer in time
            attempt += 1
            state = {"phase": "connect", "stage": "the connection"}
            self.policy.progress(f"email: SMTP {host}" + (f" (try {attempt})" if attempt > 1 else ""))
            held = Held()
            # Where the session stood when it was given up, taken before its socket is shut down: the thread left
            # reading then reads the end of the stream, and may take a half line ("222", trickled) for a reply.
            given_up: dict[str, str] = {}
            try:
                whole = session_budget(self.policy, len(mail.data), len(mail.recipients) - first)
                work = partial(self._deliver, mail, state, held, first, batches)
                refused = within(whole, work, partial(_give_up, state, given_up, held))
                reached.update(end=int(state["end"]), refused=refused)
                return _sent(mail, refused, attempt, notes)
            except KeyboardInterrupt:  # the session given up (``within``): a phase before "data" now never reaches it
                if state["phase"] in ("connect", "envelope"):
                    stage = f"stopped at {state['stage']}, before the message was handed over"
                    between.undone = Delivery("failed", stage, tries=attempt)
                raise
            except _Unsure as exc:
                message = f"{host} {exc}; it may have been sent"
                return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
            except (_Stop, trust.BadBundle) as exc:
                return Delivery("failed", str(exc), tries=attempt, notes=tuple(notes))
            except OutOfTurn as exc:  # raised before what was to follow went, or the message's end: it was not sent
                where = f"while {state['stage']} went, before its end" if exc.went else f"before {state['stage']}"
                message = f"{host} said {_said(exc.said)} unasked, {where}; the message was not sent"
                return Delivery("failed", message, tries=attempt, notes=tuple(notes))
            except smtplib.SMTPAuthenticationError as exc:
                message = (
                    f"{host} refused the login for {self.email.smtp_user} ({_reply(exc.smtp_code, exc.smtp_error)}); "
                    f"check {PASSWORD_ENV} and email.smtp_user"
                )
                return Delivery("failed", message, tries=attempt, notes=tuple(notes), standing=True)
            except smtplib.SMTPNotSupportedError as exc:
                return Delivery("failed", f"{host}: {exc}", tries=attempt, notes=tuple(notes))
            except ssl.SSLError as exc:
                message = f"TLS with {host} failed: {exc.reason or exc}; check email.smtp_host and its certificate"
                return Delivery("failed", message, tries=attempt, notes=tuple(notes))
            except smtplib.SMTPResponseException as exc:
                said = _reply(exc.smtp_code, exc.smtp_error)
                answered = f"{host} answered {said} to {state['stage']}"
                if not 400 <= exc.smtp_code < 500:
                    refused_it = state["stage"] == "the message"
                    message = f"{host} refused the message ({said})" if refused_it else answered
                    return Delivery("failed", message, tries=attempt, notes=tuple(notes))
                reason = answered
            except Late as exc:
                if given_up["phase"] == "sent":  # taken; only the goodbye was late
                    refused = [r for r in given_up["refused"].split("\n") if r]
                    reached.update(end=int(given_up["end"]), refused=refused)
                    return _sent(mail, refused, attempt, notes)
                if given_up["phase"] == "data":
                    message = f"{host} did not answer in full while the message was handed over ({exc}); "
                    message += "it may have been sent"
                    return Delivery("unknown", message, tries=attempt, notes=tuple(notes), silent=True)
                reason, silent = f"could not talk to {host}: {exc}", True
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                if state["phase"] == "data":
                    message = (
                        f"the connection to {host} ended while the message was handed over ({exc}); "
                        "it may have been sent"
                    )
                    return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
                reason = f"could not talk to {host}: {exc or type(exc).__name__}"
                silent = any(isinstance(found, TimeoutError) for found in causes(exc))  # wrapped by smtplib too
            except Exception as exc:  # noqa: BLE001 - anything else: never a traceback; the stage decides the outcome
                said = shown(f"{type(exc).__name__}: {exc}")
                if state["phase"] in ("data", "sent"):
                    message = f"{host}: {said} while the message was handed over; it may have been sent"
                    return Delivery("unknown", message, tries=attempt, notes=tuple(notes))
                return Delivery("failed", f"could not send to {host} at {state['stage']}: {said}", tries=attempt)
            if attempt >= self.policy.attempts:
                message = f"{reason} (gave up after {tries(attempt)})"
                return Delivery("failed", message, tries=attempt, notes=tuple(notes), silent=silent)
            between.undone = Delivery("failed", f"{reason}; stopped before trying again", tries=attempt)
            wait = self.policy.wait(attempt, self.rand)
            notes.append(f"try {attempt}: {reason}; waiting {wait:.2f} s")
            self.policy.progress(f"email: {reason}; trying again in {wait:.1f} s")
            self.sleep(wait)


def _sent(mail: Mail, refused: list[str], attempt: int, notes: list[str]) -> Delivery:
    said = f"{len(refused)} of {len(mail.recipients)} recipients refused: " + ", ".join(refused)
    return Delivery("posted", said if refused else "", mail.message_id, None, attempt, tuple(notes))


def verify(sender: MailSender) -> Access:
    """Connect, secure and log in as posting would, then leave without sending anything."""
    email = sender.email
    host = server(email)
    held = Held()
    state = {"phase": "connect", "stage": "the connection"}

    def visit() -> None:
        smtp = _connect(email, sender.policy.timeout, held)
        try:
            sender._session(smtp, state)
            state["stage"] = "MAIL FROM"  # what posting would send next, and would not send then
            if said := smtp.waiting():  # found here, as posting finds it: QUIT would meet it and be given up unread
                raise OutOfTurn(smtp.redacted(said))
        finally:
            leave(smtp)

    try:
        within(session_budget(sender.policy, 0), visit, held.give_up)
    except Late as exc:
        return Access(False, f"could not talk to {host}: {exc}")
    except (_Stop, trust.BadBundle) as exc:
        return Access(False, str(exc).removesuffix("; the message was not sent"))
    except OutOfTurn as exc:
        return Access(False, f"{host} said {_said(exc.said)} unasked, before {state['stage']}")
    except smtplib.SMTPAuthenticationError as exc:
        return Access(
            False, f"{host} refused the login for {email.smtp_user} ({_reply(exc.smtp_code, exc.smtp_error)})"
        )
    except smtplib.SMTPResponseException as exc:
        return Access(False, f"{host} answered {_reply(exc.smtp_code, exc.smtp_error)} to {state['stage']}")
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        return Access(False, f"could not talk to {host}: {exc or type(exc).__name__}")
    except Exception as exc:  # noqa: BLE001 - anything else is one line too, never a traceback
        return Access(False, f"could not talk to {host}: {shown(f'{type(exc).__name__}: {exc}')}")
    who = f"the login of {email.smtp_user}" if email.smtp_user else "a connection"
    return Access(True, f"{host} ({email.smtp_security}) accepts {who}")


def _give_up(state: dict[str, str], given_up: dict[str, str], held: Held) -> None:
    """Note where the session stood (``given_up``), then end it (:meth:`Held.give_up`): nothing its thread reads
    after counts, and nothing it would send after goes."""
    given_up.update(state)
    held.give_up()
