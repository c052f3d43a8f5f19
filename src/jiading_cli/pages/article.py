"""An article's page: its view for the template, its head and its share bar."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from jiading_cli.config import Config
from jiading_cli.content.markdown import link_articles, links_markdown
from jiading_cli.content.messages import messages
from jiading_cli.content.site import local_date, public_url
from jiading_cli.feeds.sets import filed
from jiading_cli.model.article import Article, versions
from jiading_cli.pages.context import Link, Pages, page
from jiading_cli.pages.dates import language_name
from jiading_cli.pages.dates import local_date as date_text
from jiading_cli.pages.head import Alternate, Head, meta_tags, news_article
from jiading_cli.pages.reuse import Inputs, key_of
from jiading_cli.pages.sharebar import Labels, ShareBar, labels, share_bar
from jiading_cli.pages.urls import href, link, local
from jiading_cli.share.opengraph import Image

Renderer = Callable[[Config, Article], str]


@dataclass(frozen=True, slots=True)
class Picture:
    src: str
    alt: str
    width: int | None
    height: int | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as templates show it (``article``)."""

    title: str
    summary: str
    lang: str
    url: str  # absolute
    href: str  # from the site's root
    date: str  # in the article's language
    date_iso: str
    updated: str | None
    updated_iso: str | None
    authors: tuple[str, ...]
    category: Link | None
    tags: tuple[Link, ...]
    image: Picture | None
    body: str  # HTML
    translations: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Folders:
    """The folder of each category's and tag's page, by normalised name (as the feeds name them)."""

    category: Mapping[str, str]
    tag: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Parts:
    """What an article's page, its key and its sitemap entry share, each computed once per article."""

    url: str  # public, absolute
    versions: tuple[Alternate, ...]  # see ``alternates``
    picture: Image | None  # as Open Graph gives it
    terms: tuple[tuple[Link, ...], tuple[Link, ...]]  # the category's and the tags' pages


def _links(config: Config, article: Article, kind: str, folders: Mapping[str, str]) -> tuple[Link, ...]:
    return tuple(
        Link(name, href(config, folders[key] + "/"), article.lang)
        for key, name in filed(article, kind).items()  # type: ignore[arg-type]  # 'category' or 'tag'
        if key in folders
    )


def alternates(
    config: Config, article: Article, by_id: Mapping[str, Article], naming: Sequence[Article] = ()
) -> tuple[Alternate, ...]:
    """The article's language versions, then ``x-default``: the site language's, else itself. Its versions are
    itself, the published articles its ``translations`` name, and those whose ``translations`` name it (``naming``,
    :func:`naming`): a translation is one both ways, so each page lists the other as the other lists it (a
    search engine takes an ``hreflang`` only when the page it names names it back)."""
    found: dict[str, Alternate] = {}
    for other in versions(article, by_id, naming):
        name = language_name(other.lang, messages(other.lang))
        found[other.lang.lower()] = Alternate(other.lang, public_url(config, other), name, other.title)
    default = found.get(config.site.language.lower(), found[article.lang.lower()])
    return (*found.values(), Alternate("x-default", default.url, default.name, default.title))


def parts(
    pages: Pages, article: Article, folders: Folders, by_id: Mapping[str, Article], versions: tuple[Alternate, ...] = ()
) -> Parts:
    """The article's URL, language versions, image and terms' links (``folders``: each term's page).

    ``versions``: its ``alternates``, when computed already.
    """
    config = pages.config
    versions = versions or alternates(config, article, by_id)
    terms = (_links(config, article, "category", folders.category), _links(config, article, "tag", folders.tag))
    return Parts(versions[0].url, versions, pages.picture(article), terms)


def view(config: Config, article: Article, body: str, made: Parts) -> ArticleView:
    t = messages(article.lang)
    when = local_date(config, article.date)
    changed = local_date(config, article.updated) if article.updated else None
    picture = made.picture
    return ArticleView(
        title=article.title,
        summary=article.summary,
        lang=article.lang,
        url=made.url,
        href=link(config, made.url),
        date=date_text(when, t, article.lang),
        date_iso=when.isoformat(),
        updated=date_text(changed, t, article.lang) if changed and changed.date() != when.date() else None,
        updated_iso=changed.isoformat() if changed else None,
        authors=article.authors,
        category=next(iter(made.terms[0]), None),
        tags=made.terms[1],
        image=Picture(link(config, picture.url), picture.alt or "", picture.width, picture.height) if picture else None,
        body=local(config, body, body=True),
        translations=tuple(Link(v.name, link(config, v.url), v.lang) for v in made.versions[1:-1]),
    )


def linked(html: str, links: Mapping[str, str]) -> str:
    """``html`` with its links to articles' Markdown files made links to their pages.

    A link to one ends in ``.md`` (in any case): HTML without those three characters is returned as it is,
    unsearched.
    """
    return link_articles(html, links) if links_markdown(html) else html


def article_key(
    pages: Pages,
    article: Article,
    html: str | None,
    links: Mapping[str, str],
    made: Parts,
    files: tuple[str | None, ...] = (),
) -> str:
    """What an article's page is made from, besides the site's config, templates and code: the article, its
    body (``html``: None when it follows from the article alone), its language versions, its image, its
    category's and tags' folders, the site's languages; ``files``: where each file it names is published
    (``assets.Leads.of``: a link's is its target's path, which the page's links and image show)."""
    body = None if html is None else link_articles(html, links) if links_markdown(html) else html
    site = pages.site(article.lang)
    return key_of("article", article, body, made.versions, made.picture, made.terms, site, pages.feeds_on, files)


def quick_article_key(
    inputs: Inputs,
    article: Article,
    html: str | None,
    links: Mapping[str, str],
    folders: Folders,
    versions: tuple[Alternate, ...],
    files: tuple[str | None, ...] = (),
) -> str | None:
    """:func:`article_key` composed from what its records follow from: the article's source and image file,
    its language versions (``versions``, as :func:`alternates` gives them; () for an article without
    translations, whose versions follow from it alone), its category's and tags' folders, where the files
    it names are published (``files``), the site's shared inputs; None when the article's source is not known
    (then :func:`article_key` says)."""
    own = inputs.article(article)
    if own is None:
        return None
    terms = tuple(
        tuple(named.get(key) for key in filed(article, kind))  # type: ignore[arg-type]  # 'category' or 'tag'
        for kind, named in (("category", folders.category), ("tag", folders.tag))
    )
    body = None if html is None else link_articles(html, links) if links_markdown(html) else html
    return key_of("article, by its source", own, body, versions, terms, inputs.site, files)


def article_context(
    pages: Pages, article: Article, html: str, links: Mapping[str, str], made: Parts
) -> dict[str, object]:
    """The variables of ``article.html``: those of every page, and ``article`` and ``share``."""
    config = pages.config
    body = linked(html, links)
    versions, picture = made.versions, made.picture
    shown = view(config, article, body, made)
    t = messages(article.lang)
    canonical = article.canonical_url or made.url  # opengraph.og_url, the public URL known already
    head = Head(
        title=f"{article.title} | {config.site.title_in(article.lang)}",
        description=article.summary,
        canonical=canonical,
        alternates=versions if len(versions) > 2 else (),
        meta=meta_tags(config, article, versions, canonical, picture),
        jsonld=news_article(config, article, canonical, picture.url if picture else None, article.modified.isoformat()),
        feeds=pages.feeds(article.lang, "language", article.lang.lower(), language_name(article.lang, t)),
    )
    words: Labels = pages.once(("share labels", t.name), lambda: labels(t))
    bar: ShareBar = share_bar(config, article, shown.url, t, picture, words)
    news = Link(t.text("news"), href(config, pages.news_path(article.lang)))
    crumbs = [
        Link(t.text("home"), pages.site(article.lang).home),
        news,
        Link(article.title, shown.href, article.lang, current=True),  # the article's words, in its language
    ]
    return page(pages, article.lang, head, crumbs, article=shown, share=bar)
