"""Each network's text for one article: the template filled in, or the article's override, cut to fit.

Kept apart from ``plan`` so that validation (``share.checks``) can measure texts without importing
the payload and email builders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiading_cli.config import Config
from jiading_cli.content.site import local_date, public_url
from jiading_cli.model.article import Article
from jiading_cli.share import links, text

OVERRIDE_HASHTAG = re.compile(r"(?<!\S)#([^\W_]\w*)")


@dataclass(frozen=True)
class ShareText:
    """One network's text: ``value`` as sent, ``shown`` as read, and whether it was cut to fit."""

    network: str
    value: str
    shown: str
    cut: bool
    length: int
    limit: int | None
    override: bool


def values(config: Config, article: Article, network: str, style: str) -> dict[str, str]:
    return {
        "title": article.title,
        "summary": article.summary,
        "url": links.with_utm(public_url(config, article), config.share, network),
        "hashtags": text.hashtags(article.tags, style),
        "site": config.site.title,
        "author": ", ".join(article.authors),
        "date": local_date(config, article.date).date().isoformat(),
        "category": article.category or "",
    }


def share_text(config: Config, article: Article, network: str, template: str, style: str | None = None) -> ShareText:
    """The template filled in, or the article's ``share`` override as written, cut to the network's limit."""
    style = style or network
    override = article.share.get(network)
    if override is not None:
        raw = override.strip()
        if network == "linkedin":
            raw = OVERRIDE_HASHTAG.sub(lambda m: text.HASH_OPEN + m.group(1) + text.HASH_CLOSE, raw)
    else:
        raw = text.render(template, values(config, article, network, style))
    limit = text.LIMITS.get(network)
    if network == "x" and limit is not None:
        via = f" via @{config.share.x_via.lstrip('@')}" if config.share.x_via else ""
        limit -= text.X_LINK + 1 + text.x_length(via)
    fitted = text.fit(raw, limit, text.measure_for(network))
    value = text.little_text(fitted.text) if network == "linkedin" else text.plain(fitted.text)
    return ShareText(
        network, value, text.plain(fitted.text), fitted.cut, fitted.length, fitted.limit, override is not None
    )


def texts(config: Config, article: Article) -> dict[str, ShareText]:
    return {
        "facebook": share_text(config, article, "facebook", config.facebook.template),
        "linkedin": share_text(config, article, "linkedin", config.linkedin.template),
        "email": share_text(config, article, "email", config.email.template),
        "x": share_text(config, article, "x", config.share.x_template),
        "weibo": share_text(config, article, "weibo", config.share.weibo_template),
    }
