"""The news lists: per language (the news section), per category and per tag, paginated; the root page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiading_cli.content.messages import messages
from jiading_cli.content.site import local_date, public_url
from jiading_cli.feeds.sets import language_of
from jiading_cli.model.article import Article
from jiading_cli.pages.context import Link, Pages, page
from jiading_cli.pages.dates import local_date as date_text
from jiading_cli.pages.head import Head
from jiading_cli.pages.reuse import Inputs, View
from jiading_cli.pages.urls import absolute, href, link

ROOT_LATEST = 5  # articles of each language on the root page


@dataclass(frozen=True, slots=True)
class Teaser:
    """An article in a list (``items``)."""

    title: str
    href: str
    lang: str
    date: str
    date_iso: str
    summary: str
    image: str | None
    image_alt: str


@dataclass(frozen=True, slots=True)
class Pagination:
    page: int
    pages: int
    previous: str | None
    next: str | None


@dataclass(frozen=True, slots=True)
class Listing:
    """One list before it is cut into pages: where it lives, its heading, its articles (newest first)."""

    folder: str  # '' for none; e.g. 'en' or 'tags/finance'
    lang: str
    heading: str
    kind: str  # language, category or tag: whose feed it announces
    name: str
    articles: Sequence[Article]


@dataclass(frozen=True, slots=True)
class Rendered:
    path: str  # the page's folder, relative to the output folder ('' for the root)
    template: str
    context: dict[str, object]


def teaser(pages: Pages, article: Article, inputs: Inputs | None = None) -> Teaser:
    """An article in a list; with ``inputs``, as the last build made it when its inputs are the same."""
    if inputs is None:
        found: Teaser = pages.once(("teaser", article.id), lambda: _teaser(pages, article))
        return found
    kept: Teaser = pages.once(("teaser", article.id), lambda: _kept(pages, article, inputs))
    return kept


def _kept(pages: Pages, article: Article, inputs: Inputs) -> Teaser:
    fields = inputs.view(article, lambda: _fields(_teaser(pages, article)))
    return Teaser(*fields)  # type: ignore[arg-type]  # the fields as _fields gives them, in order


def _fields(made: Teaser) -> View:
    return (made.title, made.href, made.lang, made.date, made.date_iso, made.summary, made.image, made.image_alt)


def _teaser(pages: Pages, article: Article) -> Teaser:
    config = pages.config
    when = local_date(config, article.date)
    picture = pages.picture(article)
    return Teaser(
        title=article.title,
        href=link(config, public_url(config, article)),
        lang=article.lang,
        date=date_text(when, messages(article.lang)),
        date_iso=when.isoformat(),
        summary=article.summary,
        image=link(config, picture.url) if picture else None,
        image_alt=(picture.alt or "") if picture else "",
    )


def page_folder(folder: str, number: int) -> str:
    return folder if number == 1 else f"{folder}/page/{number}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One page of a list: its number, how many pages the list has, its articles."""

    listing: Listing
    number: int
    count: int
    articles: Sequence[Article]

    @property
    def folder(self) -> str:
        return page_folder(self.listing.folder, self.number)


def sheets(pages: Pages, listing: Listing) -> list[Sheet]:
    """The pages of one list: ``{folder}/``, then ``{folder}/page/2/`` and on."""
    size = pages.config.pages.per_page
    chunks = [listing.articles[i : i + size] for i in range(0, len(listing.articles), size)] or [[]]
    return [Sheet(listing, number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1)]


def sheet_page(pages: Pages, sheet: Sheet, inputs: Inputs | None = None, teasers: bool = True) -> Rendered:
    """One page of a list, with its variables (its teasers as the last build made them, given ``inputs``);
    without ``teasers``, ``items`` is None (for a page that writes its articles' teasers its own way)."""
    listing, number, config = sheet.listing, sheet.number, pages.config
    t = messages(listing.lang)
    folder = sheet.folder
    title = (
        listing.heading
        if number == 1
        else f"{listing.heading} ({t.text('page_of', page=str(number), pages=str(sheet.count))})"
    )
    head = Head(
        title=f"{title} | {config.site.title}",
        description=config.site.description,
        canonical=absolute(config, folder + "/"),
        feeds=pages.feeds(t, listing.kind, listing.folder, listing.name),
    )
    pagination = Pagination(
        number,
        sheet.count,
        href(config, page_folder(listing.folder, number - 1) + "/") if number > 1 else None,
        href(config, page_folder(listing.folder, number + 1) + "/") if number < sheet.count else None,
    )
    crumbs = [Link(t.text("home"), pages.site(listing.lang).home)]
    news = Link(t.text("news"), href(config, pages.news_path(listing.lang)))
    crumbs += [news] if listing.kind != "language" else []
    crumbs.append(Link(listing.heading, href(config, folder + "/"), current=True))
    items = [teaser(pages, a, inputs) for a in sheet.articles] if teasers else None
    context = page(pages, listing.lang, head, crumbs, heading=listing.heading, items=items, pagination=pagination)
    return Rendered(folder, "list.html", context)


def quick_sheet_key(inputs: Inputs, sheet: Sheet) -> str | None:
    """What a page of a list is made from, composed from its articles' sources and images and the list's
    own fields (as :func:`~jiading_cli.pages.reuse.key_of` over its variables would say); None when an
    article's source is not known."""
    listing = sheet.listing
    own = (listing.folder, listing.lang, listing.heading, listing.kind, listing.name, sheet.number, sheet.count)
    return inputs.sheet(("list, by its sources", sheet.folder, own), sheet.articles)


def group_listing(pages: Pages, kind: str, folder: str, name: str, members: Sequence[Article]) -> Listing:
    lang = language_of([a.lang for a in members], pages.config.site.language)
    key = "category_title" if kind == "category" else "tag_title"
    return Listing(folder, lang, messages(lang).text(key, name=name), kind, name, members)


def root_page(pages: Pages, by_lang: dict[str, list[Article]], inputs: Inputs | None = None) -> Rendered:
    """The site's root: each language's news list, with its newest articles (their teasers kept, given ``inputs``)."""
    config = pages.config
    lang = config.site.language
    t = messages(lang)
    sections = []
    for view in pages.site(lang).languages:
        articles = by_lang.get(view.lang.lower(), [])[:ROOT_LATEST]
        sections.append((view, [teaser(pages, a, inputs) for a in articles]))
    head = Head(title=config.site.title, description=config.site.description, canonical=absolute(config, ""))
    crumbs = [Link(t.text("home"), href(config, ""), current=True)]
    return Rendered("", "root.html", page(pages, lang, head, crumbs, sections=sections))


def not_found(pages: Pages) -> dict[str, object]:
    config = pages.config
    lang = config.site.language
    t = messages(lang)
    head = Head(title=f"{t.text('not_found_title')} | {config.site.title}", description="", canonical="", noindex=True)
    return page(pages, lang, head, [Link(t.text("home"), pages.site(lang).home)])
