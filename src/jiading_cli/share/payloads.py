"""Everything needed to share one article, built without sending anything.

``plan_article`` returns links, Open Graph tags, the QR code, each network's text and each
payload. Problems that stop a payload (a network not configured, a title that would forge an
email header) are kept per network, so the rest of the article still gets its payloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jiading_cli.config import Config
from jiading_cli.content.site import public_url, status
from jiading_cli.model.article import Article, naming, versions
from jiading_cli.share import links, opengraph, text
from jiading_cli.share.email import settings as email_settings
from jiading_cli.share.fill import ShareText, link_texts, share_text, values
from jiading_cli.share.network import Draft, Network, Payload
from jiading_cli.share.registry import Registry
from jiading_cli.share.request import ShareError
from jiading_cli.share.settings import share


@dataclass(slots=True)
class Plan:
    article: Article
    status: str
    url: str
    links: dict[str, str]
    qr_svg: str
    opengraph: list[opengraph.MetaTag]
    texts: dict[str, ShareText]
    drafts: dict[str, Draft] = field(default_factory=dict)
    payloads: dict[str, Payload] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def configured(config: Config, registry: Registry) -> dict[str, str | None]:
    """Each network: None when ready, else what to set."""
    return {n.name: n.missing(config) for n in registry.networks}


def default_networks(config: Config, registry: Registry) -> tuple[str, ...]:
    chosen = share(config).networks
    if chosen:
        return tuple(dict.fromkeys(chosen))  # each once, as --network given twice: one payload, one post
    return tuple(n.name for n in registry.networks if n.missing(config) is None)


Versions = Callable[[Article], Sequence[Article]]  # an article's language versions, itself first


def site_versions(articles: Iterable[Article], now: dt.datetime) -> Versions:
    """Each article's language versions among ``articles`` published at ``now``, as its page lists them
    (:func:`~jiading_cli.model.article.versions`): its card's ``og:locale:alternate`` are its page's."""
    published = [article for article in articles if status(article, now) == "published"]
    by_id = {article.id: article for article in published}
    named_by = naming(published)
    return lambda article: versions(article, by_id, named_by.get(article.id, ()))


def _translations(article: Article, versions_of: Versions) -> dict[str, str]:
    """The languages of the article's other versions, as :func:`~jiading_cli.share.opengraph.tags` takes them."""
    return {other.lang: other.lang for other in versions_of(article)[1:]}


def network_text(config: Config, article: Article, network: Network) -> ShareText:
    return share_text(config, article, network.name, network.template(config), network.text)


def texts(config: Config, article: Article, registry: Registry) -> dict[str, ShareText]:
    found = {n.name: network_text(config, article, n) for n in registry.networks}
    return {**found, **link_texts(config, article)}


def _links(
    config: Config, article: Article, url: str, found: dict[str, ShareText], image: str | None
) -> dict[str, str]:
    settings = share(config)
    email_values = values(config, article, "email", "email")
    subject = text.render(email_settings(config).subject, email_values)
    return {
        "facebook": links.facebook(links.with_utm(url, settings, "facebook")),
        "linkedin": links.linkedin(links.with_utm(url, settings, "linkedin")),
        "x": links.x(found["x"].value, links.with_utm(url, settings, "x"), settings.x_via),
        "weibo": links.weibo(found["weibo"].value, links.with_utm(url, settings, "weibo"), image),
        "email": links.mailto(subject, text.render(settings.mailto_template, email_values)),
        "wechat": links.qr_target(links.with_utm(url, settings, "wechat"), url),
    }


def plan_article(
    config: Config,
    article: Article,
    now: dt.datetime,
    networks: Sequence[str],
    versions_of: Versions,
    registry: Registry,
    article_urls: Mapping[str, str] | None = None,
) -> Plan:
    """Links, tags and payloads for ``networks``. ``versions_of``: each article's language versions
    (:func:`site_versions`);
    ``article_urls`` maps article files to their public URLs (``markdown.article_links``)."""
    url = public_url(config, article)
    share_texts = texts(config, article, registry)
    picture = opengraph.image(config, article)
    share_links = _links(config, article, url, share_texts, picture.url if picture else None)
    plan = Plan(
        article=article,
        status=status(article, now),
        url=url,
        links=share_links,
        qr_svg=links.qr_svg(share_links["wechat"]),
        opengraph=opengraph.tags(config, article, _translations(article, versions_of)),
        texts=share_texts,
    )
    for name in networks:
        network = registry.get(name)
        missing = network.missing(config) if network else "not a network jiading knows"
        if network is None or missing:
            plan.problems[name] = f"not configured: {missing}"
            continue
        draft = Draft(config, article, url, share_texts[name], now, picture, article_urls)
        try:
            plan.payloads[name] = network.payload(draft)
        except ShareError as exc:
            plan.problems[name] = str(exc)
        else:
            plan.drafts[name] = draft
    return plan
