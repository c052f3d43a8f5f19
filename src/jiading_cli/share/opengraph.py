"""Open Graph and Twitter card tags for an article's page."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jiading_cli.config import Config
from jiading_cli.content.names import each_once
from jiading_cli.content.site import asset_url, local_path, public_url
from jiading_cli.content.targets import is_local_reference
from jiading_cli.model import languages
from jiading_cli.model.article import Article
from jiading_cli.share.settings import share

LOCALES = {
    "en": "en_US",
    "ar": "ar_AR",
    "zh": "zh_CN",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
    "ja": "ja_JP",
    "de": "de_DE",
}


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    width: int | None
    height: int | None
    mime: str | None
    alt: str | None
    file: Path | None


@dataclass(frozen=True, slots=True)
class MetaTag:
    """One ``<meta property=… content=…>`` of a page's head."""

    property: str
    content: str


def locale(lang: str) -> str | None:
    """``en`` → ``en_US``, ``zh-CN`` → ``zh_CN``, ``ko`` → ``ko_KR``: the form Open Graph wants, a language and a
    region (the tag's own, else the one the language is most likely written in: :func:`languages.territory`), never
    one made of the language's letters (``ko_KO``, ``he_HE``: no region at all). None for a tag of no one language
    (``und``, ``mul``, ``mis``, ``zxx``) or of a private-use one (:func:`languages.no_language`): no locale is said,
    rather than ``und_US``."""
    tag = lang.replace("_", "-").lower()
    if tag in LOCALES:
        return LOCALES[tag]
    parts = tag.split("-")
    language = parts[0]
    if languages.no_language(language):
        return None
    if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isalpha():  # 'zh-cn', 'fr-ca': read as written
        return f"{language}_{parts[1].upper()}"
    region = languages.territory(tag)
    if region is None:  # a language of no one region (Esperanto): written as Facebook's locales write it
        return LOCALES.get(language, f"{language}_{language.upper()}")
    return f"{language}_{region}"


def og_url(config: Config, article: Article) -> str:
    """The canonical URL: canonical_url when set, else the permalink; never with tracking parameters."""
    return article.canonical_url or public_url(config, article)


def image_url(config: Config, article: Article) -> str | None:
    """The URL of the article's image: a local file's as the site publishes it, else the image as written."""
    ref = article.image
    if not ref:
        return None
    return asset_url(config, article, ref) if is_local_reference(ref) else ref


def image(
    config: Config, article: Article, measure: Callable[[Path], tuple[int, int] | None] | None = None
) -> Image | None:
    """The article's image; a local file's width and height read by ``measure`` (default: from its header)."""
    from jiading_cli.base.imagesize import mime_type, size

    if not article.image:
        return None
    if is_local_reference(article.image):
        path = Path(local_path(config, article, article.image))  # one Path, not three
        dims = (measure or size)(path)
        url = asset_url(config, article, article.image)
        width, height = dims if dims else (None, None)
        return Image(url, width, height, mime_type(article.image), article.image_alt, path)
    return Image(article.image, None, None, mime_type(article.image), article.image_alt, None)


def tags(config: Config, article: Article, translations: dict[str, str]) -> list[MetaTag]:
    """(property, content) pairs in page order; ``translations`` maps language → that article's lang."""
    return card(config, article, translations, og_url(config, article), image(config, article))


def card(
    config: Config, article: Article, translations: dict[str, str], url: str, picture: Image | None
) -> list[MetaTag]:
    """``tags`` for the article's ``og_url`` and ``image`` computed already."""
    summary = article.summary
    alternates = [("og:locale:alternate", lang) for lang in sorted(translations.values())]
    pairs: list[tuple[str, str]] = [
        ("og:url", url),
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:description", summary),
        ("og:site_name", config.site.title_in(article.lang)),
    ]
    said = [(name, found) for name, lang in [("og:locale", article.lang), *alternates] if (found := locale(lang))]
    pairs += said
    if picture:
        pairs.append(("og:image", picture.url))
        if picture.mime:
            pairs.append(("og:image:type", picture.mime))
        if picture.width and picture.height:
            pairs += [("og:image:width", str(picture.width)), ("og:image:height", str(picture.height))]
        if picture.alt:
            pairs.append(("og:image:alt", picture.alt))
    pairs.append(("article:published_time", article.date.isoformat()))
    if article.updated:
        pairs.append(("article:modified_time", article.updated.isoformat()))
    pairs += [("article:author", name) for name in article.authors]
    if article.category:
        pairs.append(("article:section", article.category))
    pairs += [("article:tag", tag) for tag in each_once(article.tags)]  # each once, as the tag pages have them
    pairs.append(("twitter:card", "summary_large_image" if picture else "summary"))
    via = share(config).x_via
    if via:
        pairs.append(("twitter:site", "@" + via.lstrip("@")))
    pairs += [("twitter:title", article.title), ("twitter:description", summary)]
    if picture:
        pairs.append(("twitter:image", picture.url))
        if picture.alt:
            pairs.append(("twitter:image:alt", picture.alt))
    return [MetaTag(name, value) for name, value in pairs if value]


def meta_html(tags: list[MetaTag]) -> str:
    """The tags as HTML ``<meta>`` lines for the page's ``<head>``."""
    lines = []
    for tag in tags:
        attr = "name" if tag.property.startswith("twitter:") else "property"
        lines.append(f'<meta {attr}="{html.escape(tag.property)}" content="{html.escape(tag.content)}">')
    return "\n".join(lines) + "\n"
