"""The ``<head>`` of a page: canonical URL, ``hreflang`` alternates, Open Graph and Twitter tags, JSON-LD.

The Open Graph and Twitter tags are the ones :mod:`jiading_cli.share.opengraph` computes for
``share``: Facebook and LinkedIn build their cards from these, read off the page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from jiading_cli.config import Config
from jiading_cli.model.article import Article
from jiading_cli.share import opengraph


@dataclass(frozen=True, slots=True)
class Alternate:
    """A language version of a page: ``<link rel="alternate" hreflang=…>`` and the translation links."""

    lang: str  # BCP 47, as the article has it; 'x-default' for the default version
    url: str  # absolute
    name: str  # the language's name in that language
    title: str  # that version's title


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed the page announces (autodiscovery)."""

    type: str
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class Head:
    title: str
    description: str
    canonical: str
    alternates: tuple[Alternate, ...] = ()
    meta: tuple[tuple[str, str, str], ...] = ()  # (attribute, name, content): property= or name=
    jsonld: str = ""
    feeds: tuple[Feed, ...] = ()
    noindex: bool = False


def meta_tags(
    config: Config, article: Article, alternates: Sequence[Alternate], url: str, picture: opengraph.Image | None
) -> tuple[tuple[str, str, str], ...]:
    """Open Graph and Twitter tags as ``(attribute, name, content)``: twitter:* by ``name``, others by ``property``.

    ``url``: the article's ``og_url``; ``picture``: its ``image`` (see :mod:`jiading_cli.share.opengraph`).
    """
    translations = {a.lang: a.lang for a in alternates if a.lang != "x-default" and a.lang != article.lang}
    tags = opengraph.card(config, article, translations, url, picture)
    return tuple(
        ("name" if tag.property.startswith("twitter:") else "property", tag.property, tag.content) for tag in tags
    )


def script_json(data: object) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped, so no text can end the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _person(config: Config, name: str) -> dict[str, str]:
    return {"@type": "Organization" if name == config.site.title else "Person", "name": name}


def news_article(config: Config, article: Article, canonical: str, image_url: str | None, modified: str) -> str:
    """JSON-LD ``NewsArticle`` (schema.org) for an article page."""
    publisher: dict[str, object] = {"@type": "Organization", "name": config.site.title, "url": config.site.base_url}
    if config.site.logo:
        publisher["logo"] = {"@type": "ImageObject", "url": config.site.logo}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.lang,
        "datePublished": article.date.isoformat(),
        "dateModified": modified,
        "mainEntityOfPage": canonical,
        "url": canonical,
        "author": [_person(config, name) for name in article.authors] or [_person(config, config.site.title)],
        "publisher": publisher,
    }
    if image_url:
        data["image"] = [image_url]
    if article.category:
        data["articleSection"] = article.category
    if article.tags:
        data["keywords"] = ", ".join(article.tags)
    return script_json(data)
