"""The share bar of an article page, as the seed page has it: facebook, linkedin, email, tel, more.

Every control is a plain link (or, for WeChat, a QR code drawn as inline SVG), so the bar works
without JavaScript; the page's small script only adds "copy link" and the browser's own share sheet
where they exist. Every control carries an accessible name from the message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jiading_cli.base.tel import tel_uri
from jiading_cli.config import Config
from jiading_cli.content.messages import Messages
from jiading_cli.model.article import Article
from jiading_cli.share import links
from jiading_cli.share.email import settings as email_settings
from jiading_cli.share.fill import bar_texts, common, filling
from jiading_cli.share.opengraph import Image
from jiading_cli.share.settings import ShareSection
from jiading_cli.share.settings import share as share_settings
from jiading_cli.share.text import render


@dataclass(frozen=True, slots=True)
class Control:
    """One link of the bar: what it is (``network``), its visible text, its accessible name, its target."""

    network: str
    text: str
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class ShareBar:
    main: tuple[Control, ...]  # facebook, linkedin, email, tel
    more: tuple[Control, ...]  # x, weibo, telegram
    url: str  # the article's URL, as "copy link" and the native share sheet give it
    title: str
    qr_svg: str  # the WeChat QR code: an <svg> element to place inline


@dataclass(frozen=True, slots=True)
class Labels:
    """The bar's words in one language: the same on every page of it."""

    facebook: str  # each network's accessible name
    linkedin: str
    x: str
    weibo: str
    telegram: str
    email: str  # the email control's text and name
    by_email: str
    tel: str
    weibo_text: str
    wechat: str  # the QR code's accessible name


def labels(t: Messages) -> Labels:
    """The bar's words in ``t``'s language."""
    return Labels(
        facebook=t.text("share_on", network="Facebook"),
        linkedin=t.text("share_on", network="LinkedIn"),
        x=t.text("share_on", network="X"),
        weibo=t.text("share_on", network=t.text("weibo")),
        telegram=t.text("share_on", network="Telegram"),
        email=t.text("email"),
        by_email=t.text("share_by_email"),
        tel=t.text("tel"),
        weibo_text=t.text("weibo"),
        wechat=t.text("wechat_qr"),
    )


def qr_inline(url: str, label: str, scale: int = 3, border: int = 2) -> str:
    """The QR code of ``url`` as an ``<svg>`` element with an accessible name, for HTML.

    One path of lines a module wide, one row of dark runs after another (see ``pages.qrcode``).
    """
    import html

    from jiading_cli.pages.qrcode import MASK, drawing

    count, drawn = drawing(url, MASK, border)
    side = count + 2 * border
    name = html.escape(label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" class="qr" width="{side * scale}" '
        f'height="{side * scale}" viewBox="0 0 {side} {side}"><title>{name}</title>'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<path stroke="#000" stroke-width="1" d="{drawn}"/></svg>'
    )


TAGGED = ("x", "weibo", "email", "facebook", "linkedin", "telegram", "wechat")  # each network the bar links to
_tel_uri = lru_cache(maxsize=8)(tel_uri)  # the site's one number, on every page
_SITES: dict[int, tuple[Config, ShareSection, str]] = {}  # by config: it, its [share] section, its email subject


def _site(config: Config) -> tuple[ShareSection, str]:
    """The ``[share]`` section and the email subject of ``config``, the same on each of the site's pages (looked up,
    or made when the config has none, once). A loaded config is never changed; it is kept with them, so that while
    it is here its id is no other's."""
    found = _SITES.get(id(config))
    if found is None or found[0] is not config:
        if len(_SITES) >= 4:  # a build has one config; a test or a served site's reloads, one after another
            _SITES.clear()
        found = _SITES[id(config)] = (config, share_settings(config), email_settings(config).subject)
    return found[1], found[2]


def share_bar(
    config: Config, article: Article, url: str, t: Messages, picture: Image | None, words: Labels | None = None
) -> ShareBar:
    """The bar for ``article`` at ``url`` (its public URL), with links carrying the site's utm_* tags.

    ``picture``: the article's image as Open Graph gives it (Weibo's link carries it); ``words``: ``labels(t)``,
    when made already. Each network's tagged link is made once, for its button and for the text that holds it.
    """
    said = labels(t) if words is None else words
    share, subject = _site(config)
    body = share.mailto_template
    shared = common(config, article)
    tagged = links.each_with_utm(url, share, TAGGED)
    texts = bar_texts(article, share, shared, tagged)
    mail = filling(shared, tagged["email"], article.tags, "email", subject, body)
    main = [
        Control("facebook", "facebook", said.facebook, links.facebook(tagged["facebook"])),
        Control("linkedin", "linkedin", said.linkedin, links.linkedin(tagged["linkedin"])),
        Control("email", said.email, said.by_email, links.mailto(render(subject, mail), render(body, mail))),
    ]
    phone = config.site.phone
    tel = _tel_uri(phone) if phone else None
    if phone and tel:
        main.append(Control("tel", said.tel, t.text("call", phone=phone), tel))
    more = (
        Control("x", "X", said.x, links.x(texts["x"].value, tagged["x"], share.x_via)),
        Control(
            "weibo",
            said.weibo_text,
            said.weibo,
            links.weibo(texts["weibo"].value, tagged["weibo"], picture.url if picture else None),
        ),
        Control(
            "telegram",
            "Telegram",
            said.telegram,
            "https://t.me/share/url?url=" + links.quoted(tagged["telegram"]) + "&text=" + links.quoted(article.title),
        ),
    )
    qr = qr_inline(links.qr_target(tagged["wechat"], url), said.wechat)
    return ShareBar(tuple(main), more, url, article.title, qr)
