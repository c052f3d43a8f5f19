"""The ``<head>`` of a page: canonical URL, ``hreflang`` alternates, Open Graph and Twitter tags, JSON-LD.

The Open Graph and Twitter tags are the ones :mod:`jiading_cli.share.opengraph` computes for
``share``: Facebook and LinkedIn build their cards from these, read off the page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import NamedTuple

from jiading_cli.config import Config
from jiading_cli.content.names import each_once
from jiading_cli.model.article import Article
from jiading_cli.share import opengraph


class Alternate(NamedTuple):
    """A language version of a page: ``<link rel="alternate" hreflang=…>`` and the translation links (a tuple: the
    page store keeps it as one, and a build takes thousands back)."""

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
    text = indented_json(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Unsure(Exception):
    """A value :func:`indented_json` leaves to ``json.dumps``."""


def indented_json(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, with its strings and numbers written by the C encoder.

    ``json`` writes indented JSON in Python, value by value; here only the containers are (dicts with
    string keys, lists, tuples), and anything else goes to ``json.dumps`` whole.
    """
    try:
        return _indented(data, "\n")
    except _Unsure:
        return json.dumps(data, ensure_ascii=False, indent=2)


def _indented(value: object, pad: str) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is dict:
        if not value:
            return "{}"
        if any(type(key) is not str for key in value):
            raise _Unsure
        inner = pad + "  "
        items = [inner + encode_basestring(key) + ": " + _indented(item, inner) for key, item in value.items()]
        return "{" + ",".join(items) + pad + "}"
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + ",".join([inner + _indented(v, inner) for v in value]) + pad + "]"
    if value is None or type(value) is bool or type(value) is int or type(value) is float:
        return json.dumps(value)
    raise _Unsure


def _person(config: Config, name: str, lang: str) -> dict[str, str]:
    """An author: the site itself (its title, or its title in the article's language) is an organisation."""
    site = config.site
    return {"@type": "Organization" if name in (site.title, site.title_in(lang)) else "Person", "name": name}


def news_article(config: Config, article: Article, canonical: str, image_url: str | None, modified: str) -> str:
    """JSON-LD ``NewsArticle`` (schema.org) for an article page."""
    site = config.site.title_in(article.lang)
    publisher: dict[str, object] = {"@type": "Organization", "name": site, "url": config.site.base_url}
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
        "author": [_person(config, name, article.lang) for name in article.authors or (site,)],
        "publisher": publisher,
    }
    if image_url:
        data["image"] = [image_url]
    if article.category:
        data["articleSection"] = article.category
    if article.tags:
        data["keywords"] = list(each_once(article.tags))  # each a value: a tag may hold the comma a string splits at
    return script_json(data)
