"""Email: one RFC 5322 MIME message per article (plain text + HTML), or a digest of many.

Header values are checked before anything is built: a line break or an RFC 2047 ``=?`` in a
title, name or subject could forge a header in a mail client or in Python's email package. The structured
headers (``Message-ID``, ``List-Unsubscribe``, ``Content-Language``, …) are written by :mod:`.headers`: ASCII,
folded only between their items, never encoded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email._header_value_parser import TokenList
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import urlsplit

from jiading_cli.config import Config
from jiading_cli.content.messages import Messages, marks, messages, said
from jiading_cli.model import kinds, mailboxes
from jiading_cli.share import headers
from jiading_cli.share.email import settings
from jiading_cli.share.request import ShareError
from jiading_cli.share.text import render


class _Structured(UnstructuredHeader, BaseHeader):
    """A header of :data:`.headers.STRUCTURED`, or ``To``: its value exactly as given, written by
    :func:`.headers.fold`. Python's email parser never reads it: the value is written as it is, not as the parser
    reads it."""

    max_count = 1

    @classmethod
    def parse(cls, value: str, kwds: dict[str, Any]) -> None:
        kwds["parse_tree"] = TokenList()  # never read: ``fold`` writes the value itself
        kwds["decoded"] = value

    def fold(self, *, policy: Policy) -> str:
        return headers.fold(self.name, str(self), policy.linesep)


class _Text(_Structured):
    """``Subject``: its text exactly as given, written by :func:`.headers.text` as a reader reads it back."""

    def fold(self, *, policy: Policy) -> str:
        return headers.text(self.name, str(self), policy.linesep)


FACTORY = HeaderRegistry()
for _name in (*headers.STRUCTURED, "To"):
    FACTORY.map_to_type(_name.lower(), _Structured)
FACTORY.map_to_type("subject", _Text)
_SLOT = re.compile("\x00([^\x00]*)\x00")  # a value's place in a subject filled with its name between NULs
HTML_SPACE = " \t\n\r\f"  # what HTML trims: never an ideographic space (a Chinese paragraph's indent) nor U+00A0
POLICY = SMTP.clone(cte_type="7bit", max_line_length=headers.WIDTH, header_factory=FACTORY)


@dataclass(frozen=True, slots=True)
class Mail:
    """A built message: its bytes as sent, and the SMTP envelope."""

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    data: bytes
    headers: tuple[str, ...]
    text: str

    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class MailArticle:
    """One article as the email shows it."""

    title: str
    url: str
    intro: str
    date: str
    body_text: str
    body_html: str
    lang: str = ""  # the article's language (a digest may list articles of several)


def site_title(config: Config, lang: str) -> str:
    """The site's title in ``lang``: ``email.site_titles``' (the exact tag, then its language), else the site's title
    in that language (``site.titles``, then ``site.title``)."""
    return kinds.in_language(settings(config).site_titles, lang) or config.site.title_in(lang)


def header_value(name: str, value: str) -> str:
    """``value`` if it is safe in a header (:func:`.headers.header_problem`), else a ShareError naming the field."""
    if problem := headers.header_problem(value):
        raise ShareError(f"{name}: {problem}")
    return value


def structured(name: str, value: str) -> str:
    """``value`` if it can be written as header ``name`` (:func:`headers.problem`); otherwise a ShareError."""
    if problem := headers.problem(name, value):
        raise ShareError(f"{name}: {problem}")
    return value


def address(name: str, value: str) -> Address:
    """The one address ``value`` names, as Python's email parser reads it back, which the header and RCPT carry."""
    found = mailboxes.read_back(header_value(name, value))
    if found is None or not mailboxes.EMAIL.fullmatch(found.addr_spec):
        raise ShareError(f"{name}: expected an address such as 'News <news@example.com>', got {value!r}")
    return found


UNDISCLOSED = "undisclosed-recipients:;"  # RFC 5322 3.4: a group of no address, for a message of hidden recipients


def to_header(recipients: Sequence[Address]) -> str:
    """The ``To`` header's value: the one recipient's address, as the parser read it back (a mailing list is shown
    as it is); for more than one, :data:`UNDISCLOSED`, so that no reader sees another's address: every address is
    in the SMTP envelope alone (``RCPT TO``), as a blind copy's is."""
    if len(recipients) > 1:
        return UNDISCLOSED
    return structured("To", recipients[0].addr_spec)


def message_id(config: Config, key: str) -> str:
    """Deterministic: the same article (or digest) and config always give the same Message-ID."""
    sender = settings(config).sender or ""
    digest = hashlib.sha256("\n".join([key, sender, *settings(config).to]).encode("utf-8")).hexdigest()[:32]
    domain = parseaddr(sender)[1].rpartition("@")[2] or urlsplit(config.site.base_url).hostname or "localhost"
    return headers.message_id(digest, domain)


def _paragraphs(text: str) -> str:
    blocks = [b.strip(HTML_SPACE) for b in text.split("\n\n") if b.strip(HTML_SPACE)]
    return "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>\n" for b in blocks)


def _footer_text(config: Config, lang: str, t: Messages) -> list[str]:
    lines = ["-- ", site_title(config, lang)]
    target = settings(config).list_unsubscribe
    if target:
        lines.append(t.text("unsubscribe") + t.text("colon") + target)
    return lines


def _footer_html(config: Config, lang: str, t: Messages) -> str:
    parts = [f"<hr>\n<p>{html.escape(site_title(config, lang))}"]
    target = settings(config).list_unsubscribe
    if target:
        first = headers.unsubscribe_targets(target)[0]
        words = said(marks(t.name, lang))  # the catalogue's word, in an email of another language
        parts.append(f' · <a href="{html.escape(first)}"{words}>{html.escape(t.text("unsubscribe"))}</a>')
    return "".join(parts) + "</p>\n"


def _page(lang: str, title: str, content: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html{said(html.escape(lang))}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{content}</body>\n</html>\n"
    )


def article_parts(config: Config, entry: MailArticle, lang: str) -> tuple[str, str]:
    """(plain text, HTML) of one article's email."""
    t = messages(lang)
    text_lines = [entry.title, "", *([entry.intro, ""] if entry.intro else []), entry.body_text.rstrip("\n"), ""]
    text_lines += [t.text("read_online") + t.text("colon") + entry.url, "", *_footer_text(config, lang, t)]
    content = f'<h1><a href="{html.escape(entry.url)}">{html.escape(entry.title)}</a></h1>\n'
    content += _paragraphs(entry.intro) + entry.body_html
    words = said(marks(t.name, lang))  # the catalogue's words, in an email of another language
    content += f'<p><a href="{html.escape(entry.url)}"{words}>{html.escape(t.text("read_online"))}</a></p>\n'
    content += _footer_html(config, lang, t)
    return "\n".join(text_lines) + "\n", _page(lang, entry.title, content)


def digest_subject(config: Config, lang: str, since: str, count: int) -> tuple[str, str]:
    """A digest's subject in ``lang`` (``email.digest_subject``, else the catalogue's), and its heading as HTML:
    where the email is of another language than the catalogue's, each run of the catalogue's words is a ``<span>``
    saying its language, the values (the site's title, the date) the email's; a subject of the site's own is the
    email's language throughout."""
    values = dict.fromkeys(("title", "summary", "url", "hashtags", "author", "date", "category"), "")
    values.update(site=site_title(config, lang), since=since, count=str(count))
    t = messages(lang)
    chosen = settings(config).digest_subject or t.raw("digest_subject")
    subject = render(chosen, values)
    tag = None if settings(config).digest_subject else marks(t.name, lang)
    if tag is None:
        return subject, html.escape(subject)
    parts = _SLOT.split(render(chosen, {name: f"\x00{name}\x00" for name in values}))
    if "".join(values[part] if n % 2 else part for n, part in enumerate(parts)) != subject:
        return subject, html.escape(subject)  # a value tidied where it meets the words: the subject as it is
    words = "<span" + said(tag) + ">{}</span>"
    shown = [
        html.escape(values[part]) if n % 2 else words.format(html.escape(part)) if part else ""
        for n, part in enumerate(parts)
    ]
    return subject, "".join(shown)


def digest_parts(
    config: Config, subject: str, entries: Sequence[MailArticle], lang: str, heading: str | None = None
) -> tuple[str, str]:
    """(plain text, HTML) listing each article: title, date, summary, link. ``heading``: the subject as HTML
    (:func:`digest_subject`), by default the subject as text."""
    t = messages(lang)
    text_lines = [subject, ""]
    content = f"<h1>{html.escape(subject) if heading is None else heading}</h1>\n"
    for entry in entries:
        published = t.text("published_on", date=entry.date)
        text_lines += [entry.title, published]
        text_lines += [entry.intro] if entry.intro else []
        text_lines += [entry.url, ""]
        around = entry.lang or lang  # an article of another language says its own, and the catalogue's words theirs
        other = around.lower() != lang.lower()
        content += f"<div{said(around)}>\n" if other else ""
        content += f'<h2><a href="{html.escape(entry.url)}">{html.escape(entry.title)}</a></h2>\n'
        content += f"<p{said(marks(t.name, around))}>{html.escape(published)}</p>\n" + _paragraphs(entry.intro)
        content += "</div>\n" if other else ""
    text_lines += _footer_text(config, lang, t)
    content += _footer_html(config, lang, t)
    return "\n".join(text_lines) + "\n", _page(lang, subject, content)


FROM_LINE = re.compile(r"^From ", re.MULTILINE)


def _cte(text: str) -> str | None:
    """Quoted-printable for a part with a line that starts ``From ``, which :func:`unmangled` can then write
    otherwise; else the encoding Python's email package chooses."""
    return "quoted-printable" if FROM_LINE.search(text) else None


def unmangled(data: bytes) -> bytes:
    """The message ``data`` with no line of its body starting ``From `` (a part's own, or one a quoted-printable
    soft line break starts): such a line is its ``F`` written ``=46``, as RFC 2049 (section 3, rule 8) says, since
    a mailbox of the mbox format, where many servers deliver, marks the start of a message so, and writes such a
    line ``>From `` (the reader of an article whose paragraph starts "From the park" read ">From the park")."""
    head, _, body = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n" + body.replace(b"\r\nFrom ", b"\r\n=46rom ")


def build(config: Config, key: str, subject: str, lang: str, parts: tuple[str, str], now: dt.datetime) -> Mail:
    """The complete message. ``key`` (an article id, or the digest's ids) makes the Message-ID."""
    email = settings(config)
    if not email.sender or not email.to:
        raise ShareError("email: set email.sender and email.to in jiading.toml")
    sender = address("email.sender", email.sender)
    recipients = tuple(address("email.to", to) for to in email.to)
    msg = EmailMessage(policy=POLICY)
    msg["From"] = sender
    msg["To"] = to_header(recipients)
    msg["Subject"] = header_value("subject", subject)
    msg["Date"] = format_datetime(now)
    ident = message_id(config, key)
    msg["Message-ID"] = structured("Message-ID", ident)
    if email.list_unsubscribe:
        msg["List-Unsubscribe"] = structured("List-Unsubscribe", email.list_unsubscribe)
    if email.list_unsubscribe_post:
        if problem := headers.one_click_problem(email.list_unsubscribe):
            raise ShareError(f"List-Unsubscribe-Post: {problem}")
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text, page = parts
    msg.set_content(text, subtype="plain", charset="utf-8", cte=_cte(text))
    msg.add_alternative(page, subtype="html", charset="utf-8", cte=_cte(page))
    for part in msg.iter_parts():
        del part["MIME-Version"]  # only the top level carries it
    msg["Content-Language"] = structured("Content-Language", lang)
    msg.set_boundary("=_jiading_" + ident[1:25])
    data = unmangled(msg.as_bytes(policy=POLICY))
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = tuple(re.sub(r"\r\n(?=[ \t])", "", head).split("\r\n"))  # RFC 5322 2.2.3: CRLF before a space
    return Mail(ident, sender.addr_spec, tuple(r.addr_spec for r in recipients), data, unfolded, text)
