"""The folders of the articles' URLs that are no page of their own: each gets a small page sending the reader on.

An article at ``/en/news/2017/07/a/`` lies in the folders ``/en/news/2017/07/``, ``/en/news/2017/`` and
``/en/news/``, which the permalink makes and no list shows: a reader who trims the URL would find nothing there.
Each such folder holding a published article, and not already a page of the site (a news list, an article's
page) or a file an article names, gets ``folder.html``: a refresh to the page of its language's news list that
holds the folder's newest article, named as the page's canonical URL, and a plain link to it; ``noindex``, and
in no sitemap, since it shows no article of its own.

The folders are worked out from the paths of the pages already made, a few string cuts each, newest article
first: no article is read again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping, Sequence

from jiading_cli.content.layout import INDEX
from jiading_cli.content.messages import messages
from jiading_cli.model.article import Article
from jiading_cli.pages.context import Link, Pages, page
from jiading_cli.pages.head import Head
from jiading_cli.pages.listing import FRONT, Cut, Listing, Rendered, cuts, dated, page_folder, shown_heading
from jiading_cli.pages.urls import absolute, href

TEMPLATE = "folder.html"


def holding(cut: Sequence[Cut], starts: Sequence[int], index: int) -> Cut:
    """The page of a list, cut as :func:`~jiading_cli.pages.listing.cuts` cuts it (its pages' ranges follow each other
    from 0; ``starts``: each one's start), that shows its ``index``-th newest article."""
    return cut[bisect_right(starts, index) - 1]


def sheet_of(size: int, per_page: int, index: int) -> int:
    """The number of the page of a list of ``size`` articles, ``per_page`` to a page, that shows its ``index``-th
    newest article (:data:`~jiading_cli.pages.listing.FRONT` or k for ``page/k/``)."""
    cut = cuts(size, per_page)
    return holding(cut, [each.start for each in cut], index).number


def folders(placed: Iterable[tuple[str, Article]]) -> dict[str, dict[str, Article]]:
    """Each folder above the pages ``placed`` (each page's path in the output folder and its article, newest
    first): its newest article of each language, by the language's key. A page at ``{folder}/index.html`` is its
    folder's own page, not a page in it."""
    found: dict[str, dict[str, Article]] = {}
    for path, article in placed:
        key = article.lang.lower()
        inner = path.rpartition("/")[0]
        if path.endswith("/" + INDEX):
            inner = inner.rpartition("/")[0]
        if key in found.get(inner, ()):  # a newer article of its language in its folder: nothing above changes
            continue
        parts = path.split("/")[:-1]
        if parts and path.endswith("/" + INDEX):
            parts.pop()
        for end in range(len(parts), 0, -1):
            newest = found.setdefault("/".join(parts[:end]), {})
            if key in newest:  # newest first: this folder, and those above it, have their newest of the language
                break
            newest[key] = article
    return found


def folder_pages(
    pages: Pages,
    placed: Iterable[tuple[str, Article]],
    lists: Mapping[str, Listing],
    taken: Container[str],
) -> list[tuple[str, Rendered]]:
    """The page of each folder above ``placed`` (see :func:`folders`) whose ``index.html`` is not ``taken``: its
    path and what it is made of. ``lists``: each language's news list, by the language's key."""
    config = pages.config
    site_lang = config.site.language.lower()
    per_page = config.pages.per_page
    ranks: dict[str, dict[str, int]] = {}  # each language's articles' places in its list, made when first needed
    cut: dict[str, tuple[list[Cut], list[int]]] = {}  # each language's list's pages as they are cut, their starts
    made: list[tuple[str, Rendered]] = []
    for folder, newest in sorted(folders(placed).items()):
        path = f"{folder}/{INDEX}"
        if path in taken:
            continue
        key = next(iter(newest)) if len(newest) == 1 else site_lang if site_lang in newest else min(newest)
        listing = lists.get(key)
        if listing is None:
            continue
        if key not in ranks:
            ranks[key] = {a.id: i for i, a in enumerate(listing.articles)}
            made_cut = cuts(len(listing.articles), per_page)
            cut[key] = (made_cut, [each.start for each in made_cut])
        index = ranks[key].get(newest[key].id)
        if index is None:
            continue
        made.append((path, _page(pages, folder, listing, holding(*cut[key], index))))
    return made


def _page(pages: Pages, folder: str, listing: Listing, shown: Cut) -> Rendered:
    """The folder's page, sending the reader to ``shown``, the page of ``listing`` holding its newest article."""
    config, lang = pages.config, listing.lang
    where = page_folder(listing.folder, shown.number) + "/"
    if shown.number == FRONT:
        text = shown_heading(listing)
    else:
        text = dated(pages, listing, listing.articles[shown.start : shown.stop], shown=True)
    link = href(config, where)
    head = Head(
        title=f"{listing.heading} | {config.site.title_in(lang)}",
        description="",
        canonical=absolute(config, where),
        meta=(("http-equiv", "refresh", f"0; url={link}"),),
        noindex=True,
    )
    crumbs = [Link(messages(lang).text("home"), pages.site(lang).home), Link(text, link)]
    return Rendered(folder, TEMPLATE, page(pages, lang, head, crumbs, target=Link(text, link)))
