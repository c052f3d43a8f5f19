"""Everything needed to share one article, built without sending anything.

``plan_article`` returns links, Open Graph tags, the QR code, each network's text and each
payload. Problems that stop a payload (a network not configured, a title that would forge an
email header) are kept per network, so the rest of the article still gets its payloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jiading_cli.config import Config
from jiading_cli.content.site import local_date, public_url, status
from jiading_cli.model.article import Article
from jiading_cli.share import NETWORKS, links, opengraph, text
from jiading_cli.share.facebook import feed_request
from jiading_cli.share.fill import ShareText, texts, values
from jiading_cli.share.linkedin import PENDING_IMAGE, post_request
from jiading_cli.share.mail import Entry, Mail, article_parts, build, digest_parts
from jiading_cli.share.request import HttpRequest, ShareError


@dataclass
class Plan:
    article: Article
    status: str
    url: str
    links: dict[str, str]
    qr_svg: str
    opengraph: list[tuple[str, str]]
    texts: dict[str, ShareText]
    requests: dict[str, HttpRequest] = field(default_factory=dict)
    image_file: str | None = None
    mail: Mail | None = None
    problems: dict[str, str] = field(default_factory=dict)


def configured(config: Config) -> dict[str, str | None]:
    """Each network: None when ready, else what to set."""
    return {
        "facebook": None if config.facebook.page_id else "set facebook.page_id in jiading.toml",
        "linkedin": None if config.linkedin.organization else "set linkedin.organization in jiading.toml",
        "email": None if config.email.sender and config.email.to else "set email.sender and email.to in jiading.toml",
    }


def default_networks(config: Config) -> tuple[str, ...]:
    if config.share.networks:
        return config.share.networks
    ready = configured(config)
    return tuple(n for n in NETWORKS if ready[n] is None)


def _translations(article: Article, langs: dict[str, str]) -> dict[str, str]:
    return {tag: langs[target] for tag, target in article.translations.items() if target in langs}


def entry(
    config: Config, article: Article, intro: str, with_body: bool, article_urls: Mapping[str, str] | None = None
) -> Entry:
    """``article_urls`` (from ``render.article_links``) turns links to other articles' files into their pages."""
    from jiading_cli.content.markdown import link_articles, render_html, render_text

    url = links.with_utm(public_url(config, article), config.share, "email")
    day = local_date(config, article.date).date().isoformat()
    body_text = render_text(article) if with_body else ""
    body_html = render_html(config, article) if with_body else ""
    if body_html and article_urls:
        body_html = link_articles(body_html, article_urls)
    return Entry(article.title, url, intro, day, body_text, body_html)


def article_mail(
    config: Config, article: Article, intro: str, now: dt.datetime, article_urls: Mapping[str, str] | None = None
) -> Mail:
    subject = text.render(config.email.subject, values(config, article, "email", "email"))
    parts = article_parts(config, entry(config, article, intro, True, article_urls), article.lang)
    return build(config, article.id, subject, article.lang, parts, now)


def digest_mail(config: Config, articles: Sequence[Article], since: dt.date, now: dt.datetime) -> Mail:
    ordered = sorted(articles, key=lambda a: (a.date, a.path))
    subject_values = dict.fromkeys(("title", "summary", "url", "hashtags", "author", "date", "category"), "")
    subject_values.update(site=config.site.title, since=since.isoformat(), count=str(len(ordered)))
    subject = text.render(config.email.digest_subject, subject_values)
    entries = [entry(config, a, a.summary, False) for a in ordered]
    key = "digest\n" + since.isoformat() + "\n" + "\n".join(a.id for a in ordered)
    return build(
        config, key, subject, config.site.language, digest_parts(config, subject, entries, config.site.language), now
    )


def plan_article(
    config: Config,
    article: Article,
    now: dt.datetime,
    networks: Sequence[str],
    langs: dict[str, str],
    article_urls: Mapping[str, str] | None = None,
) -> Plan:
    """Links, tags and payloads for ``networks``. ``langs`` maps every article id to its language;
    ``article_urls`` maps article files to their public URLs (``render.article_links``)."""
    url = public_url(config, article)
    share_texts = texts(config, article)
    picture = opengraph.image(config, article)
    image_url = picture.url if picture else None
    email_values = values(config, article, "email", "email")
    wechat_url = links.with_utm(url, config.share, "wechat")
    share_links = {
        "facebook": links.facebook(links.with_utm(url, config.share, "facebook")),
        "linkedin": links.linkedin(links.with_utm(url, config.share, "linkedin")),
        "x": links.x(share_texts["x"].value, links.with_utm(url, config.share, "x"), config.share.x_via),
        "weibo": links.weibo(share_texts["weibo"].value, links.with_utm(url, config.share, "weibo"), image_url),
        "email": links.mailto(
            text.render(config.email.subject, email_values), text.render(config.share.mailto_template, email_values)
        ),
        "wechat": wechat_url,
    }
    plan = Plan(
        article=article,
        status=status(article, now),
        url=url,
        links=share_links,
        qr_svg=links.qr_svg(wechat_url),
        opengraph=opengraph.tags(config, article, _translations(article, langs)),
        texts=share_texts,
    )
    ready = configured(config)
    for network in networks:
        if ready[network]:
            plan.problems[network] = f"not configured: {ready[network]}"
            continue
        try:
            add_payload(config, plan, network, now, article_urls=article_urls)
        except ShareError as exc:
            plan.problems[network] = str(exc)
    return plan


def add_payload(
    config: Config,
    plan: Plan,
    network: str,
    now: dt.datetime,
    thumbnail: str | None = None,
    article_urls: Mapping[str, str] | None = None,
) -> None:
    article = plan.article
    if network == "facebook":
        link = links.with_utm(plan.url, config.share, "facebook")
        plan.requests[network] = feed_request(config, plan.texts["facebook"].value, link, article.date, now)
    elif network == "linkedin":
        picture = opengraph.image(config, article)
        if picture and picture.file and thumbnail is None:
            plan.image_file = str(picture.file)
            thumbnail = PENDING_IMAGE
        source = links.with_utm(plan.url, config.share, "linkedin")
        plan.requests[network] = post_request(
            config, plan.texts["linkedin"].value, source, article.title, article.summary, thumbnail
        )
    elif network == "email":
        plan.mail = article_mail(config, article, plan.texts["email"].value, now, article_urls)
