"""Email: one message per article to ``email.to`` over SMTP, or a digest of many (``mail`` builds, ``smtp`` sends)."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jiading_cli.base.iphosts import unbracketed
from jiading_cli.base.printable import quoted
from jiading_cli.config import Config, Finding, key
from jiading_cli.content.site import local_date, public_url
from jiading_cli.model import kinds, mailboxes
from jiading_cli.model.article import Article
from jiading_cli.model.errors import UsageError
from jiading_cli.share import headers, links, text
from jiading_cli.share.network import Access, Connection, Draft, Lookup, Payload, Reach, TextSpec
from jiading_cli.share.request import Delivery
from jiading_cli.share.settings import share
from jiading_cli.share.settings import template as text_template

PASSWORD_ENV = "JIADING_SMTP_PASSWORD"  # noqa: S105 - the name of the variable, not a secret


titles = kinds.per_language(mailboxes.header_text, "title", '{zh-CN = "投资嘉定"}')
"""The site's title per language for emails. A title is the text of an email header (a digest's subject is made of
it): one line of plain text, no control character and no '=?' (``mailboxes.header_text``), as
``email.digest_subject`` is."""


def header_template(*extra: str) -> Callable[[Any], str]:
    """A template of a header: one line of plain text (``mailboxes.header_text``) using known placeholders."""
    check = text_template(*extra)
    return lambda value: check(mailboxes.header_text(value))


def unsubscribe(value: Any) -> str:
    """A List-Unsubscribe value as it is written (:func:`headers.unsubscribe_problem`): ASCII, never encoded."""
    found = mailboxes.header_text(value)
    if problem := headers.unsubscribe_problem(found):
        expected, _, what = problem.removeprefix("expected ").partition(", found ")
        raise kinds.Expected(expected, what or None)
    return found


@dataclass(frozen=True, slots=True)
class EmailSection:
    SECRET_ENV = PASSWORD_ENV

    sender: str | None = key(kinds.optional(mailboxes.mailbox), "From: header, 'Name <addr>'.", None)
    to: tuple[str, ...] = key(mailboxes.email_list, "Recipients of shared articles.", ())
    smtp_host: str = key(kinds.host, "SMTP server host name.", "localhost")
    smtp_port: int = key(kinds.whole(65535, "a port number"), "SMTP server port (587 STARTTLS, 465 TLS).", 587)
    smtp_security: str = key(kinds.choice("starttls", "tls", "none"), "How the SMTP connection is secured.", "starttls")
    smtp_user: str | None = key(kinds.optional(kinds.nonempty_line), "SMTP user name.", None)
    allow_insecure_auth: bool = key(
        kinds.boolean, "Allow a password over a connection without TLS (local relay).", False
    )
    list_unsubscribe: str | None = key(
        kinds.optional(unsubscribe), "List-Unsubscribe header value: <URI> items separated by commas.", None
    )
    list_unsubscribe_post: bool = key(
        kinds.boolean, "Add 'List-Unsubscribe-Post: List-Unsubscribe=One-Click' (needs an https URI above).", False
    )
    subject: str = key(header_template(), "Subject of an article's email.", "{title}")
    template: str = key(text_template(), "Text above the article in its email.", "{summary}")
    digest_subject: str | None = key(
        kinds.optional(header_template("since", "count")),
        "Subject of a digest email (default: the language's, '{site}: news since {since}' in English).",
        None,
    )
    site_titles: tuple[tuple[str, str], ...] | None = key(
        kinds.optional(titles),
        'The site\'s title per language, e.g. {zh-CN = "投资嘉定"}: signs emails in that language.',
        None,
    )


def settings(config: Config) -> EmailSection:
    return config.section("email", EmailSection)


email_settings = settings

if TYPE_CHECKING:
    from jiading_cli.share.mail import Mail, MailArticle
    from jiading_cli.share.transport import Policy
    from jiading_cli.share.versions import Retirement


def _mail(payload: Payload) -> Mail:
    from jiading_cli.share.mail import Mail

    assert isinstance(payload, Mail)
    return payload


def server(email: EmailSection) -> str:
    """The SMTP server as every message names it: host and port as configured (an IPv6 address in brackets)."""
    host = unbracketed(email.smtp_host)  # kinds.host: only an IPv6 address holds a ':'
    return f"{f'[{host}]' if ':' in host else host}:{email.smtp_port}"


def smtp_line(config: Config) -> str:
    email = email_settings(config)
    user = f", user {email.smtp_user}" if email.smtp_user else ""
    return f"SMTP {server(email)} ({email.smtp_security}{user})"


def entry(
    config: Config, article: Article, intro: str, with_body: bool, article_urls: Mapping[str, str] | None = None
) -> MailArticle:
    """``article_urls`` (from ``markdown.article_links``) turns links to other articles' files into their pages."""
    from jiading_cli.content.markdown import link_articles, render_html, resolver
    from jiading_cli.content.plaintext import text_of
    from jiading_cli.content.shown import for_readers

    url = links.with_utm(public_url(config, article), share(config), "email")
    day = local_date(config, article.date).date().isoformat()
    body_html = for_readers(config, render_html(config, article)) if with_body else ""  # what the page shows
    if body_html and article_urls:
        body_html = link_articles(body_html, article_urls)
    body_text = text_of(body_html, resolver(config, article))  # each URL as the HTML part has it
    from jiading_cli.share.mail import MailArticle

    return MailArticle(article.title, url, intro, day, body_text, body_html, article.lang)


def subject(config: Config, article: Article) -> str:
    from jiading_cli.share.fill import values

    return text.render(email_settings(config).subject, values(config, article, "email", "email"))


def article_mail(
    config: Config, article: Article, intro: str, now: dt.datetime, article_urls: Mapping[str, str] | None = None
) -> Mail:
    from jiading_cli.share.mail import article_parts, build

    parts = article_parts(config, entry(config, article, intro, True, article_urls), article.lang)
    return build(config, article.id, subject(config, article), article.lang, parts, now)


def digest_language(config: Config, articles: Sequence[Article]) -> str:
    """The articles' language when they share one, else the site's."""
    langs = {a.lang for a in articles}
    return langs.pop() if len(langs) == 1 else config.site.language


def sending_moment(config: Config) -> dt.datetime:
    """The ``Date`` of a message about to be sent: the real clock now, in the site's time zone."""
    from jiading_cli.base import realclock

    return local_date(config, realclock.now())


def digest_mail(config: Config, articles: Sequence[Article], since: dt.date, now: dt.datetime) -> Mail:
    from jiading_cli.share.mail import build, digest_parts, digest_subject

    ordered = sorted(articles, key=lambda a: (a.date, a.path))
    lang = digest_language(config, ordered)
    title, heading = digest_subject(config, lang, since.isoformat(), len(ordered))
    entries = [entry(config, a, a.summary, False) for a in ordered]
    key = "digest\n" + since.isoformat() + "\n" + "\n".join(a.id for a in ordered)
    return build(config, key, title, lang, digest_parts(config, title, entries, lang, heading), now)


def mail_data(config: Config, mail: Mail) -> dict[str, Any]:
    return {
        "smtp": smtp_line(config),
        "message_id": mail.message_id,
        "from": mail.sender,
        "to": list(mail.recipients),
        "headers": list(mail.headers),
        "text": mail.text,
        "sha256": mail.sha256(),
    }


def _decoded(headers: Sequence[str]) -> list[tuple[str, str]]:
    """Headers that carry RFC 2047 encoded words, as a reader sees them."""
    from email.header import decode_header, make_header

    found = []
    for header in headers:
        name, _, value = header.partition(": ")
        if "=?" in value:
            found.append((name, str(make_header(decode_header(value)))))
    return found


def envelope_line(mail: Mail) -> str | None:
    """Who gets a message whose ``To`` hides its recipients (:data:`.mail.UNDISCLOSED`): the envelope's count."""
    count = len(mail.recipients)
    if count < 2:
        return None
    return f"(sent to the {count} addresses of email.to by the SMTP envelope alone: no reader sees another's)"


def mail_lines(config: Config, mail: Mail) -> list[str]:
    lines = [f"email: {smtp_line(config)}", *("  " + header for header in mail.headers)]
    lines += [f"  ({name} reads: {value})" for name, value in _decoded(mail.headers)]
    lines += [f"  {said}" for said in [envelope_line(mail)] if said]
    return [*lines, "", textwrap.indent(mail.text.rstrip("\n"), "  ")]


class Email:
    name = "email"
    label = "email"
    section = EmailSection
    text = TextSpec(limit=None, style="email")
    reads_duplicates = False  # no server says a message is a duplicate

    def template(self, config: Config) -> str:
        return email_settings(config).template

    def missing(self, config: Config) -> str | None:
        email = email_settings(config)
        return None if email.sender and email.to else "set email.sender and email.to in jiading.toml"

    def check(self, section: Any, site: Any = None) -> list[Finding]:
        """A password never crosses a connection without TLS unless the config says the relay is local; every
        address of the envelope is ASCII, as SMTP without its SMTPUTF8 extension carries it; the sender's domain
        makes a Message-ID that can be written (:func:`headers.problem`); one-click unsubscribe has the https URI it
        POSTs to (:func:`headers.one_click_problem`); the site's title, which a digest's subject (and ``{site}`` in
        ``email.subject``) is made of, is an email header's text (:func:`headers.header_problem`)."""
        from email.utils import parseaddr

        assert isinstance(section, EmailSection)
        found = []
        if section.smtp_user and section.smtp_security == "none" and not section.allow_insecure_auth:
            message = (
                'expected "starttls" or "tls" when email.smtp_user is set, got "none" (the password would cross '
                "the network unencrypted); set email.allow_insecure_auth = true only for a relay on this machine"
            )
            found.append(Finding("email.smtp_security", message))
        given = [("email.sender", parseaddr(section.sender)[1])] if section.sender else []
        for key_name, address in [*given, *(("email.to", to) for to in section.to)]:
            if not address.isascii():
                message = (
                    f"expected an address in ASCII (mail servers take other letters only with SMTPUTF8, which "
                    f"jiading does not use), got {address!r}"
                )
                found.append(Finding(key_name, message))
        domain = parseaddr(section.sender or "")[1].rpartition("@")[2]
        problem = headers.problem("Message-ID", headers.message_id("0" * 32, domain)) if domain.isascii() else None
        if problem:  # the Message-ID is made of the sender's domain
            found.append(Finding("email.sender", f"{problem} in the Message-ID made of its domain"))
        if section.list_unsubscribe_post and (problem := headers.one_click_problem(section.list_unsubscribe)):
            found.append(Finding("email.list_unsubscribe_post", problem))
        named = [("site.title", getattr(site, "title", None))]
        named += [(f"site.titles.{tag}", title) for tag, title in getattr(site, "titles", None) or ()]
        for key_name, title in named:  # an email in a language without a title of its own signs with these
            if isinstance(title, str) and (problem := headers.header_problem(title)):
                found.append(Finding(key_name, f"{problem} in {quoted(title)}, which a digest's subject is made of"))
        return found

    def payload(self, draft: Draft) -> Payload:
        return article_mail(draft.config, draft.article, draft.text.value, draft.now, draft.article_urls)

    def data(self, config: Config, payload: Payload) -> dict[str, Any]:
        return mail_data(config, _mail(payload))

    def lines(self, config: Config, payload: Payload) -> list[str]:
        return mail_lines(config, _mail(payload))

    def as_file(self, config: Config, payload: Payload) -> tuple[str, bytes]:
        return f"{self.name}.eml", _mail(payload).data

    def connect(self, config: Config, env: Mapping[str, str], policy: Policy) -> Connection:
        from jiading_cli.share.smtp import MailSender

        email = email_settings(config)
        from jiading_cli.config import environment

        password = environment.secret(PASSWORD_ENV, env)
        if email.smtp_user and not password:
            raise UsageError(f"email: set {PASSWORD_ENV} to the password of {email.smtp_user}")
        return Connection(mail=MailSender(email, policy, password))

    def prepare(self, draft: Draft, payload: Payload, connection: Connection) -> Payload:
        """The message as it is sent: its ``Date`` the moment it is ready to go (RFC 5322 3.6.1), by the real clock
        in the site's time zone, never the run's as-of moment (``JIADING_NOW``: a CI build's, minutes or hours
        before; a date in the past is what spam filters score)."""
        return self.payload(replace(draft, now=sending_moment(draft.config)))

    def send(self, payload: Payload, connection: Connection) -> Delivery:
        assert connection.mail is not None
        return connection.mail.send(_mail(payload))

    def post_url(self, remote_id: str) -> str | None:
        return None

    def find(self, draft: Draft, connection: Connection) -> Lookup:
        return Lookup("unsupported")  # a mailbox cannot be asked

    def retires(self, section: Any) -> Retirement | None:
        return None

    def edit(self, draft: Draft, remote_id: str, connection: Connection) -> Delivery | None:
        return None  # a sent email cannot be edited

    def reach(self, config: Config, remote_id: str, connect: Callable[[], Connection]) -> Reach | None:
        return None  # a mailbox reports nothing back

    def remote_problem(self, remote_id: str, config: Config | None = None) -> str | None:
        """A message's id is its Message-ID: any text on one line, without spaces."""
        if remote_id and remote_id.isprintable() and not any(ch.isspace() for ch in remote_id):
            return None
        return f"expected the message's Message-ID, such as <id@example.com>, got {quoted(remote_id)}"

    def verify(self, config: Config, connection: Connection) -> Access:
        from jiading_cli.share.smtp import verify

        assert connection.mail is not None
        return verify(connection.mail)


NETWORK = Email()
