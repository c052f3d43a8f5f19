"""The news lists: per language (the news section), per category and per tag, cut into stable pages; the root page.

A list of N articles (newest first) with P to a page is cut from its oldest end (:func:`cuts`): archive page k
(``{folder}/page/{k}/``, k = 1 .. N // P - 1) holds the k-th P articles counted from the oldest, and the
front page (``{folder}/``) the rest, the newest P to 2P - 1 (all of them when N < P). An archive page shows
only its own articles and links to its neighbours, so it does not change when articles are added at the
newest end: one new article changes the front page, and at most one new archive page and the one before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiading_cli.content.layout import list_page
from jiading_cli.content.messages import foreign, messages
from jiading_cli.content.site import local_date, public_url
from jiading_cli.feeds.sets import language_of
from jiading_cli.model.article import Article
from jiading_cli.pages.context import Link, Pages, page
from jiading_cli.pages.dates import local_date as date_text
from jiading_cli.pages.head import Head
from jiading_cli.pages.marks import marked
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
    """A list page's place in its list (``pagination``): its number and the links to its neighbours."""

    number: int  # FRONT for the front page ({folder}/), k for archive page k ({folder}/page/k/)
    newer: str | None  # the page of the next newer articles (the front page, or archive page k + 1); none on the front
    older: str | None  # the archive page of the next older articles; none on the oldest page


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
    picture = pages.shown(article)
    return Teaser(
        title=article.title,
        href=link(config, public_url(config, article)),
        lang=article.lang,
        date=date_text(when, messages(article.lang), article.lang),
        date_iso=when.isoformat(),
        summary=article.summary,
        image=link(config, picture[0]) if picture else None,
        image_alt=picture[1] if picture else "",
    )


FRONT = 0  # the number of a list's front page, {folder}/


@dataclass(frozen=True, slots=True)
class Cut:
    """One page of a list of a given size: its number (:data:`FRONT` or k for ``page/k/``), its articles as the
    range ``start:stop`` of the list's newest-first articles, and the numbers of the pages it links to: ``newer``
    (FRONT or k + 1; None on the front page) and ``older`` (an archive page's number; None on the oldest page)."""

    number: int
    start: int
    stop: int
    newer: int | None
    older: int | None


def cuts(size: int, per_page: int) -> list[Cut]:
    """The pages of a list of ``size`` articles, ``per_page`` to a page: the front page, then the archive pages
    from the newest to the oldest (so their ranges follow each other from 0 to ``size``). Archive page k holds
    the articles ranked (k - 1) * per_page to k * per_page - 1 counted from the oldest; the front page the rest."""
    if size < 0 or per_page < 1:
        raise ValueError(f"a list of {size} articles cannot be cut into pages of {per_page}")
    archived = max(0, size // per_page - 1)
    front = size - archived * per_page
    found = [Cut(FRONT, 0, front, None, archived or None)]
    for k in range(archived, 0, -1):
        stop = size - (k - 1) * per_page
        found.append(Cut(k, stop - per_page, stop, k + 1 if k < archived else FRONT, k - 1 or None))
    return found


def page_folder(folder: str, number: int) -> str:
    """The folder of page ``number`` of the list in ``folder``: the list's own for the front page."""
    return folder if number == FRONT else list_page(folder, number)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One page of a list: where it is cut (its number and its neighbours'), its articles."""

    listing: Listing
    cut: Cut
    articles: Sequence[Article]

    @property
    def number(self) -> int:
        return self.cut.number

    @property
    def folder(self) -> str:
        return page_folder(self.listing.folder, self.cut.number)


def sheets(pages: Pages, listing: Listing) -> list[Sheet]:
    """The pages of one list, as :func:`cuts` gives them: ``{folder}/``, then ``{folder}/page/{k}/`` from the
    newest archive page to ``page/1/``."""
    articles = listing.articles
    return [
        Sheet(listing, cut, articles[cut.start : cut.stop]) for cut in cuts(len(articles), pages.config.pages.per_page)
    ]


def sheet_page(pages: Pages, sheet: Sheet, inputs: Inputs | None = None, teasers: bool = True) -> Rendered:
    """One page of a list, with its variables (its teasers as the last build made them, given ``inputs``);
    without ``teasers``, ``items`` is None (for a page that writes its articles' teasers its own way)."""
    listing, cut, config = sheet.listing, sheet.cut, pages.config
    t = messages(listing.lang)
    folder = sheet.folder
    heading = listing.heading if cut.number == FRONT else dated(pages, listing, sheet.articles)
    shown = shown_heading(listing) if cut.number == FRONT else dated(pages, listing, sheet.articles, shown=True)
    head = Head(
        title=f"{heading} | {config.site.title_in(listing.lang)}",
        description=config.site.description_in(listing.lang),
        canonical=absolute(config, folder + "/"),
        feeds=pages.feeds(listing.lang, listing.kind, listing.folder, listing.name),
    )
    pagination = Pagination(cut.number, _link(pages, listing, cut.newer), _link(pages, listing, cut.older))
    crumbs = [Link(t.text("home"), pages.site(listing.lang).home)]
    news = Link(t.text("news"), href(config, pages.news_path(listing.lang)))
    crumbs += [news] if listing.kind != "language" else []
    crumbs.append(Link(shown_heading(listing), href(config, folder + "/"), current=True))
    items = [teaser(pages, a, inputs) for a in sheet.articles] if teasers else None
    context = page(pages, listing.lang, head, crumbs, heading=shown, items=items, pagination=pagination)
    return Rendered(folder, "list.html", context)


def _link(pages: Pages, listing: Listing, number: int | None) -> str | None:
    return None if number is None else href(pages.config, page_folder(listing.folder, number) + "/")


def shown_heading(listing: Listing) -> str:
    """The list's heading as its page's ``<h1>`` and breadcrumb show it: its text, or, on a page whose catalogue
    is not in its language, HTML whose catalogue words and name each say their language (:func:`marked`)."""
    lang = listing.lang
    if foreign(lang) is None:
        return listing.heading
    t = messages(lang)
    if listing.kind == "language":
        return marked(t, lang, "news")
    return marked(t, lang, "category_title" if listing.kind == "category" else "tag_title", name=listing.name)


def dated(pages: Pages, listing: Listing, articles: Sequence[Article], shown: bool = False) -> str:
    """An archive page's heading: the list's, and the days of its newest and oldest articles (one day when
    they are the same) as the list's language writes an article's date; ``shown``: as its page's ``<h1>`` shows
    it (:func:`shown_heading`)."""
    lang = listing.lang
    t = messages(lang)
    newest, oldest = (local_date(pages.config, articles[i].date) for i in (0, -1))
    heading = shown_heading(listing) if shown else listing.heading  # HTML marked safe, or the text
    if newest.date() == oldest.date():
        key, values = "dated_day", {"heading": heading, "date": date_text(newest, t, lang)}
    else:
        newer, older = date_text(newest, t, lang), date_text(oldest, t, lang)
        key, values = "dated", {"heading": heading, "newest": newer, "oldest": older}
    return marked(t, lang, key, **values) if shown else t.text(key, **values)


def quick_sheet_keys(inputs: Inputs, cut: Sequence[Sheet]) -> list[str | None]:
    """What each page of one list (``cut``: its :func:`sheets`) is made from, composed from its articles' sources
    and images, the list's own fields (digested once for all its pages) and the pages it links to (as
    :func:`~jiading_cli.pages.reuse.key_of` over its variables would say); None where an article's source is not
    known."""
    if not cut:
        return []
    listing = cut[0].listing
    own = (listing.folder, listing.lang, listing.heading, listing.kind, listing.name)
    parts = [((sheet.cut.number, sheet.cut.newer, sheet.cut.older), sheet.articles) for sheet in cut]
    return inputs.sheets(("list, by its sources", own), parts)


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
    site = config.site
    head = Head(title=site.title_in(lang), description=site.description_in(lang), canonical=absolute(config, ""))
    crumbs = [Link(t.text("home"), href(config, ""), current=True)]
    return Rendered("", "root.html", page(pages, lang, head, crumbs, sections=sections))


def not_found(pages: Pages) -> dict[str, object]:
    config = pages.config
    lang = config.site.language
    t = messages(lang)
    title = f"{t.text('not_found_title')} | {config.site.title_in(lang)}"
    head = Head(title=title, description="", canonical="", noindex=True)
    return page(pages, lang, head, [Link(t.text("home"), pages.site(lang).home)])
