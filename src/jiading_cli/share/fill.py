"""Each network's text for one article: the template filled in, or the article's override, cut to fit.

Kept apart from ``payloads`` so that validation (``share.checks``) can measure texts without importing
the payload and email builders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from jiading_cli.config import Config
from jiading_cli.content.site import local_date, public_url
from jiading_cli.model.article import Article
from jiading_cli.share import links, text
from jiading_cli.share.network import TextSpec
from jiading_cli.share.settings import share

OVERRIDE_HASHTAG = re.compile(r"(?<!\S)#([^\W_]\w*)")
WEIBO = TextSpec(limit=text.WEIBO_LIMIT, style="weibo")


@dataclass(frozen=True, slots=True)
class ShareText:
    """One network's text: ``value`` as sent, ``shown`` as read, and whether it was cut to fit."""

    network: str
    value: str
    shown: str
    cut: bool
    length: int
    limit: int | None
    override: bool


def common(config: Config, article: Article) -> dict[str, str]:
    """What every network's text of ``article`` is filled with but its link and hashtags (see :func:`values`)."""
    return {
        "title": article.title,
        "summary": article.summary,
        "site": config.site.title,
        "author": ", ".join(article.authors),
        "date": local_date(config, article.date).date().isoformat(),
        "category": article.category or "",
    }


def values(
    config: Config,
    article: Article,
    network: str,
    style: str,
    shared: Mapping[str, str] | None = None,
    url: str | None = None,
) -> dict[str, str]:
    """What ``network``'s template is filled with: ``shared`` (:func:`common`, when made already), the link
    (``url``: the article's public URL, when known already) with the network's utm tags, the hashtags."""
    found = dict(common(config, article) if shared is None else shared)
    found["url"] = links.with_utm(public_url(config, article) if url is None else url, share(config), network)
    found["hashtags"] = text.hashtags(article.tags, style)
    return found


def x_spec(config: Config) -> TextSpec:
    """X counts a link as 23 and most CJK characters as 2; the link and 'via @account' come after the text."""
    return _x_spec(share(config).x_via)


@lru_cache(maxsize=8)  # one site's account, asked for each article
def _x_spec(via: str | None) -> TextSpec:
    tail = f" via @{via.lstrip('@')}" if via else ""
    limit = text.X_LIMIT - (text.X_LINK + 1 + text.x_length(tail))
    return TextSpec(limit=limit, style="x", measure=lambda t: text.x_length(text.plain(t)))


def share_text(
    config: Config,
    article: Article,
    network: str,
    template: str,
    spec: TextSpec,
    shared: Mapping[str, str] | None = None,
    url: str | None = None,
) -> ShareText:
    """The template filled in, or the article's ``share`` override as written, cut to the network's limit.

    ``shared`` and ``url``: as :func:`values` takes them.
    """
    override = article.share.get(network)
    if override is not None:
        raw = override.strip()
        if spec.override_hashtags:
            raw = OVERRIDE_HASHTAG.sub(lambda m: text.HASH_OPEN + m.group(1) + text.HASH_CLOSE, raw)
    else:
        raw = text.render(template, values(config, article, network, spec.style, shared, url))
    fitted = text.fit(raw, spec.limit, spec.measure)
    return ShareText(
        network, spec.finish(fitted.text), text.plain(fitted.text), fitted.cut, fitted.length, fitted.limit,
        override is not None,
    )  # fmt: skip


def link_texts(
    config: Config, article: Article, shared: Mapping[str, str] | None = None, url: str | None = None
) -> dict[str, ShareText]:
    """The texts of the X and Weibo share links (``shared`` and ``url``: as :func:`values` takes them)."""
    settings = share(config)
    filled = common(config, article) if shared is None else shared
    return {
        "x": share_text(config, article, "x", settings.x_template, x_spec(config), filled, url),
        "weibo": share_text(config, article, "weibo", settings.weibo_template, WEIBO, filled, url),
    }
