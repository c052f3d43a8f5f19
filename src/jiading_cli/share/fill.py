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
from jiading_cli.share.settings import ShareSection, share

OVERRIDE_HASHTAG = re.compile(r"(?<!\S)#(?=[^\W_])")  # where a #word of an override starts (text.word_end ends it)
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
        "site": config.site.title_in(article.lang),
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
    link = links.with_utm(public_url(config, article) if url is None else url, share(config), network)
    return filled(common(config, article) if shared is None else shared, link, article.tags, style)


def filled(shared: Mapping[str, str], link: str, tags: tuple[str, ...], style: str) -> dict[str, str]:
    """``shared`` (:func:`common`) with ``link`` (the network's, utm tags and all) and the hashtags of ``tags``."""
    return {**shared, "url": link, "hashtags": text.hashtags(tags, style)}


def filling(shared: Mapping[str, str], link: str, tags: tuple[str, ...], style: str, *templates: str) -> dict[str, str]:
    """What ``templates`` are filled with: :func:`filled`, without the hashtags when none of them can name them (a
    placeholder is named as written, so a template without the word ``hashtags`` never looks them up)."""
    for template in templates:
        if "hashtags" in template:
            return filled(shared, link, tags, style)
    return {**shared, "url": link}


def x_spec(config: Config) -> TextSpec:
    """X counts a link as 23 and most CJK characters as 2; the link and 'via @account' come after the text."""
    return _x_spec(share(config).x_via)


@lru_cache(maxsize=8)  # one site's account, asked for each article
def _x_spec(via: str | None) -> TextSpec:
    tail = f" via @{via.lstrip('@')}" if via else ""
    limit = text.X_LIMIT - (text.X_LINK + 1 + text.x_length(tail))
    return TextSpec(limit=limit, style="x", measure=_x_measure)


def _x_measure(value: str) -> int:
    return text.x_length(text.plain(value))


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
        return _fitted(network, _overridden(override, spec), spec, True)
    raw = text.render(template, values(config, article, network, spec.style, shared, url))
    return _fitted(network, raw, spec, False)


def _overridden(override: str, spec: TextSpec) -> str:
    raw = override.strip()
    if spec.override_hashtags:
        raw = _marked(raw)
    return raw


def _marked(raw: str) -> str:
    """``raw`` with each ``#word`` between the hashtag marks, the word read as a tag's (:func:`text.word_end`)."""
    out: list[str] = []
    done = 0
    for found in OVERRIDE_HASHTAG.finditer(raw):
        if found.start() < done:
            continue
        end = text.word_end(raw, found.end())
        out += (raw[done : found.start()], text.HASH_OPEN, raw[found.end() : end], text.HASH_CLOSE)
        done = end
    return "".join(out) + raw[done:]


def _fitted(network: str, raw: str, spec: TextSpec, override: bool) -> ShareText:
    """``raw`` as :func:`text.fit` fits it to ``spec``, sent and shown (a text that fits is measured once)."""
    length = spec.measure(raw)
    if spec.limit is None or length <= spec.limit:  # what fit gives such a text: itself, not cut
        kept, cut = raw, False
    else:
        fitted = text.fit(raw, spec.limit, spec.measure)
        kept, cut, length = fitted.text, fitted.cut, fitted.length
    shown = text.plain(kept)
    value = shown if spec.finish is text.plain else spec.finish(kept)
    return ShareText(network, value, shown, cut, length, spec.limit, override)


def link_texts(
    config: Config, article: Article, shared: Mapping[str, str] | None = None, url: str | None = None
) -> dict[str, ShareText]:
    """The texts of the X and Weibo share links (``shared`` and ``url``: as :func:`values` takes them)."""
    settings = share(config)
    made = common(config, article) if shared is None else shared
    return {
        "x": share_text(config, article, "x", settings.x_template, _x_spec(settings.x_via), made, url),
        "weibo": share_text(config, article, "weibo", settings.weibo_template, WEIBO, made, url),
    }


def bar_texts(
    article: Article, settings: ShareSection, shared: Mapping[str, str], tagged: Mapping[str, str]
) -> dict[str, ShareText]:
    """:func:`link_texts` for a page that has made what they are made of already: the ``[share]`` section,
    :func:`common` and each network's link with its utm tags (``tagged``, by network)."""
    found = {}
    for network, template, spec in (
        ("x", settings.x_template, _x_spec(settings.x_via)),
        ("weibo", settings.weibo_template, WEIBO),
    ):
        override = article.share.get(network)
        if override is not None:
            found[network] = _fitted(network, _overridden(override, spec), spec, True)
        else:
            raw = text.render(template, filling(shared, tagged[network], article.tags, spec.style, template))
            found[network] = _fitted(network, raw, spec, False)
    return found
