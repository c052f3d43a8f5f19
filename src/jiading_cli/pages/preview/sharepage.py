"""An article's share preview page: its link cards, its email as it will arrive, its share links and the
exact API requests of the dry run (secrets redacted), with a warning wherever a network will do badly."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from jiading_cli.config import Config
from jiading_cli.model.article import Article
from jiading_cli.pages.preview.cards import CARDS, Card, Warning, card, cut_warnings, image_warnings
from jiading_cli.pages.urls import link
from jiading_cli.share.mail import Mail
from jiading_cli.share.opengraph import image, og_url
from jiading_cli.share.payloads import Plan
from jiading_cli.share.registry import Registry

TEMPLATES = Path(__file__).parent / "templates"
LINK_NAMES = {"facebook": "Facebook", "linkedin": "LinkedIn", "x": "X", "weibo": "Weibo", "email": "Email"}  # in order


@dataclass(frozen=True, slots=True)
class Arrived:
    """An email as a mail client shows it: headers decoded, the plain text and the HTML part."""

    subject: str
    sender: str
    to: str
    date: str
    message_id: str
    text: str
    html: str
    size: int  # bytes as sent


@dataclass(frozen=True, slots=True)
class Request:
    network: str
    shown: str  # the request as text: method and URL, headers (redacted), body


def arrived(mail: Mail) -> Arrived:
    """``mail`` parsed back from its bytes, as the receiving client reads it."""
    message = message_from_bytes(mail.data, _class=EmailMessage, policy=default)
    assert isinstance(message, EmailMessage)  # the class asked for
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    return Arrived(
        subject=str(message["Subject"] or ""),
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        date=str(message["Date"] or ""),
        message_id=mail.message_id,
        text=plain.get_content() if isinstance(plain, EmailMessage) else "",
        html=rich.get_content() if isinstance(rich, EmailMessage) else "",
        size=len(mail.data),
    )


def _shown_here(config: Config, mail: Arrived) -> Arrived:
    """The email with its links and images into the site led to the preview (nothing is deployed yet)."""
    from dataclasses import replace

    from jiading_cli.pages.urls import local

    return replace(mail, html=local(config, mail.html))


def requests(config: Config, plan: Plan, registry: Registry) -> list[Request]:
    """Each network's request as the dry run of `jiading share` shows it (the email is shown as it arrives)."""
    found = []
    for name, payload in plan.payloads.items():
        network = registry.get(name)
        if network is not None and not isinstance(payload, Mail):
            found.append(Request(name, "\n".join(network.lines(config, payload))))
    return found


def mail(plan: Plan) -> Mail | None:
    return next((payload for payload in plan.payloads.values() if isinstance(payload, Mail)), None)


def cards(config: Config, article: Article) -> list[Card]:
    """Each network's card for ``article``, from the tags its page gives (Open Graph, Twitter)."""
    picture = image(config, article)
    image_link = link(config, picture.url) if picture else None
    url = og_url(config, article)
    return [card(spec, article.title, article.summary, url, picture, image_link) for spec in CARDS]


def warnings(config: Config, plan: Plan, made: list[Card]) -> list[Warning]:
    found = image_warnings(image(config, plan.article)) + cut_warnings(made)
    for text in plan.texts.values():
        if text.cut:
            found.append(
                Warning(text.network, f"the {text.network} post text is cut to {text.length} of {text.limit} allowed")
            )
    found += [Warning(name, problem) for name, problem in plan.problems.items()]
    return found


def inline_svg(document: str) -> str:
    """An SVG document (``share --out``'s ``wechat-qr.svg``) as the ``<svg>`` element a page holds: what comes before
    the element (the XML declaration, a doctype or a comment) is left out, since HTML reads a ``<?xml`` as text."""
    start = document.find("<svg")
    return document[start:] if start > 0 else document


def context(config: Config, plan: Plan, registry: Registry, page: str, status: str) -> dict[str, Any]:
    """The variables of ``share-preview.html`` for one article's plan; ``page``: the link to its page."""
    article = plan.article
    sent = mail(plan)
    made = cards(config, article)
    return {
        "article": article,
        "page": page,
        "status": status,
        "site": config.site.title_in(article.lang),
        "cards": made,
        "warnings": warnings(config, plan, made),
        "links": [(shown, plan.links[name]) for name, shown in LINK_NAMES.items()],
        "wechat": plan.links["wechat"],
        "qr_svg": inline_svg(plan.qr_svg),
        "texts": list(plan.texts.values()),
        "email": _shown_here(config, arrived(sent)) if sent else None,
        "requests": requests(config, plan, registry),
        "problems": plan.problems,
        "reach": [],  # the figures of posted articles, read when the page is asked for (jiading serve)
    }


def render(values: dict[str, Any], template: str = "share-preview.html") -> str:
    """The share preview page (or ``template``, such as ``share-index.html``) as HTML."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(template).render(values)


def shipped(name: str) -> bytes:
    """A file shipped beside the templates (the live reload script)."""
    return (TEMPLATES / name).read_bytes()
