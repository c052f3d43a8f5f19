"""Building a site's pages: articles in; every page, the sitemap and the theme's files out, each handed to
the writer as it is made (so a build holds one page's bytes at a time, not the site's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import NamedTuple

from jiading_cli.config import Config
from jiading_cli.content.layout import CSS, GROUP_FOLDERS, INDEX, NOT_FOUND, ROBOTS, SCRIPT
from jiading_cli.content.markdown import article_links, mentions_markdown
from jiading_cli.content.site import names_site_file
from jiading_cli.content.targets import is_rooted
from jiading_cli.feeds.sets import Group, filed, groups, select, slugs
from jiading_cli.model.article import Article, naming
from jiading_cli.pages.article import (
    Folders,
    Parts,
    Renderer,
    alternates,
    article_context,
    article_key,
    parts,
    quick_article_key,
)
from jiading_cli.pages.assets import Asset, Leads, Resolved, assets, named_files
from jiading_cli.pages.context import Pages
from jiading_cli.pages.dates import language_name
from jiading_cli.pages.folders import folder_pages
from jiading_cli.pages.head import Alternate
from jiading_cli.pages.listing import (
    Listing,
    Rendered,
    group_listing,
    not_found,
    quick_sheet_keys,
    root_page,
    sheet_page,
    sheets,
)
from jiading_cli.pages.listpage import ListPage
from jiading_cli.pages.makers import Makers, begin, stopped, where
from jiading_cli.pages.output import Output, Write
from jiading_cli.pages.reuse import Inputs, NoReuse, Reuse, key_of
from jiading_cli.pages.shipped import ArticlePage
from jiading_cli.pages.sitemap import Entry, robots, sitemaps
from jiading_cli.pages.theme import Theme, theme
from jiading_cli.pages.urls import absolute
from jiading_cli.validate.single import Seen

FOLDERS = GROUP_FOLDERS


class Stale(Exception):
    """A page the last build made cannot be taken as it was (its file changed, or the site's categories, tags
    or languages did): the build must go through every article."""


class Record(NamedTuple):
    """An article's page as a build made or kept it: enough to keep it in the next build without the article's
    body, when nothing it is made from changed (:class:`Known`). A tuple: the page store keeps it as one, and an
    incremental build takes one back for every article."""

    path: str  # of the page, relative to the output folder
    key: str
    entry: Entry  # of the sitemap
    named: tuple[str, ...]  # the local files the article names
    digest: bytes  # what the page's quick key follows from (``pages.reuse.Inputs.article``)
    links: bool  # whether its body may link another article's file (then that article's URL is an input too)


# What every article page depends on besides its own inputs and its language versions: a key of the site's
# languages and the kinds of feeds it writes, and the folder of each category and tag, by normalised name.
Shape = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class Known:
    """The article pages a build takes as the last build left them, by article path, and the shape of the site
    they were made for (:func:`shape`)."""

    records: Mapping[str, Record]
    shape: Shape
    resolved: Resolved  # where the files the articles name lead (:func:`~jiading_cli.pages.assets.assets`)


@dataclass(frozen=True, slots=True)
class Built:
    """What a build of the pages made: the paths of the files written, and the assets to copy."""

    made: list[str]  # relative to the output folder, each handed to the writer
    assets: list[Asset]
    kept: dict[str, str]  # pages left in place, made from the same inputs as before: path -> digest
    keys: dict[str, str]  # what each page (made or kept) was made from: path -> key
    records: dict[str, Record] = field(default_factory=dict)  # each article page's, by article path
    shape: Shape = ("", (), ())  # the site's, as :func:`shape` gives it
    resolved: Resolved = field(default_factory=dict)  # where the files the articles name lead


def _groups(config: Config, chosen: Sequence[Article]) -> dict[str, dict[str, Group]]:
    """Every language's, category's and tag's articles, whatever feeds the site writes."""
    every = replace(config, feeds=replace(config.feeds, per_language=True, per_category=True, per_tag=True))
    return {kind: found for kind, found in groups(every, chosen, len(chosen)).items() if kind != "site"}


def _listings(pages: Pages, found: dict[str, dict[str, Group]], folders: Folders) -> list[Listing]:
    """Each language's news, then each category's and tag's articles, in their fixed order."""
    from jiading_cli.content.messages import messages

    made: list[Listing] = []
    for key in sorted(found["language"]):
        group = found["language"][key]
        lang, folder = group.name, pages.news_path(group.name).rstrip("/")
        name = language_name(lang, messages(lang))
        made.append(Listing(folder, lang, messages(lang).text("news"), "language", name, group.members))
    for kind, named in (("category", folders.category), ("tag", folders.tag)):
        for key in sorted(found[kind], key=lambda k: named[k]):
            group = found[kind][key]
            made.append(group_listing(pages, kind, named[key], group.name, group.members))
    return made


class _Links(Mapping[str, str]):
    """Each article's Markdown file's URL -> its page's URL, worked out when first looked up."""

    def __init__(self, make: Callable[[], dict[str, str]]) -> None:
        self.make = make
        self.found: dict[str, str] | None = None

    def _all(self) -> dict[str, str]:
        if self.found is None:
            self.found = self.make()
        return self.found

    def __getitem__(self, key: str) -> str:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def shape(pages: Pages, folders: Folders) -> Shape:
    """The site's :data:`Shape`."""
    site = key_of("site", sorted(pages.languages.items()), sorted(pages.feeds_on.items()))
    return (site, tuple(sorted(folders.category.items())), tuple(sorted(folders.tag.items())))


def _moved(before: Shape, now: Shape) -> dict[str, set[str]]:
    """The categories and tags whose folder changed between two shapes (added or gone included); :class:`Stale`
    when the site's languages or feeds changed (every page shows them)."""
    if before[0] != now[0]:
        raise Stale("the site's languages or feeds changed")
    moved: dict[str, set[str]] = {}
    for kind, was, is_ in (("category", before[1], now[1]), ("tag", before[2], now[2])):
        moved[kind] = {key for key, _ in set(was) ^ set(is_)}
    return moved


def _shows(article: Article, moved: Mapping[str, set[str]]) -> bool:
    """Whether the article's page links a category or tag in ``moved``."""
    return any(key in moved[kind] for kind in ("category", "tag") for key in filed(article, kind))


def _site(config: Config, chosen: Sequence[Article]) -> tuple[Pages, Folders, dict[str, dict[str, Group]]]:
    found = _groups(config, chosen)
    folders = Folders(
        {k: f"{FOLDERS['category']}/{v}" for k, v in slugs(found["category"]).items()},
        {k: f"{FOLDERS['tag']}/{v}" for k, v in slugs(found["tag"]).items()},
    )
    languages = {key: group.name for key, group in found["language"].items()}
    switches = config.feeds
    kinds = {"language": switches.per_language, "category": switches.per_category, "tag": switches.per_tag}
    return Pages(config, languages, kinds), folders, found


def build_pages(
    config: Config,
    articles: Sequence[Article],
    now: dt.datetime,
    render: Renderer,
    write: Write,
    preview: bool = False,
    reuse: Reuse | None = None,
    makers: Makers | None = None,
    known: Known | None = None,
    validated: dict[str, Seen] | None = None,
    looked: Mapping[str, object] | None = None,
) -> Built:
    """Every page of the site for ``articles`` (all of them, validated) as of ``now``, each handed to ``write``.

    ``reuse``: which pages are in place already, made from the same inputs (default: none; every page is made).
    ``makers``: other processes making article pages (default: none; each is made here as it comes).
    ``known``: article pages taken as the last build left them, without looking at their articles (whose bodies
    may not be at hand); :class:`Stale` when one is not in place as it was made or links a category or tag whose
    folder changed, or the site's languages or feeds changed.
    ``validated``: what the pages take from each article's validation, by path: its URL and the files it names are
    taken from there, not worked out again (each body read and parsed once more); each is taken out of it as its
    article is seen, so that none is held while the pages are made. ``looked``: the named files as the rules
    found them (:class:`~jiading_cli.pages.assets.Leads`).
    """
    chosen = select(articles, now, preview)
    pages, folders, found = _site(config, chosen)
    site_shape = shape(pages, folders)
    records = known.records if known is not None else {}
    moved = _moved(known.shape, site_shape) if known is not None and known.shape != site_shape else None
    out = Output(reuse or NoReuse(), write)
    look = theme(config.root / config.pages.templates_dir, config.root, out.reuse.compiled)
    article_page = ArticlePage(look)
    by_id = {a.id: a for a in chosen}
    named_by = naming(chosen)

    def versions_of(article: Article) -> tuple[Alternate, ...]:
        """Its language versions; () for an article no translation joins to another, whose versions (itself and
        x-default) follow from it alone."""
        others = named_by.get(article.id, ())
        return alternates(config, article, by_id, others) if article.translations or others else ()

    links = _Links(lambda: article_links(config, articles))  # only a body linking an article's file reads it
    resolved: Resolved = dict(known.resolved) if known is not None else {}

    @cache
    def sources() -> frozenset[str]:  # the article files, made once a reference may name one (not before the fork)
        return frozenset(a.path for a in articles)

    # where the files each page names are published: in its key
    lead = Leads(config, sources, resolved, recent=True, looked=looked)
    digests = {path: record.digest for path, record in records.items()}
    inputs = Inputs(config, out.reuse, pages.languages, pages.feeds_on, digests)
    named: dict[str, list[str]] = {}  # the files each article names, found while its body is at hand
    placed: dict[str, str] = {}  # each article's page, by article path
    recorded: dict[str, Record] = {}  # each article page's

    def page(article: Article, html: str | None, shared: Parts | None, versions: tuple[Alternate, ...]) -> bytes:
        shared = shared or parts(pages, article, folders, by_id, versions)
        body = html if html is not None else render(config, article)
        return article_page.render(article_context(pages, article, body, links, shared)).encode("utf-8")

    def again(index: int) -> bytes:  # a page left to ``makers``, made from its article alone
        article = chosen[index]
        html = render(config, article) if _links_files(inputs, article) else None
        return page(article, html, None, versions_of(article))

    begun = makers is not None and known is None and begin(config, pages, out, makers, chosen, validated, again)
    taken = [(article, record) for article in chosen if (record := records.get(article.path)) is not None]
    if taken:  # taken as the last build made them, all at once
        missing = out.take([record for _, record in taken])
        if missing is not None:
            raise Stale(f"{missing}: not in place as the last build made it")
        for article, record in taken:
            if moved and _shows(article, moved):
                raise Stale(f"{record.path}: a category or tag it links moved")
        inputs.take([article for article, _ in taken])
        named.update([(article.path, list(record.named)) for article, record in taken])
        recorded.update([(article.path, record) for article, record in taken])
        placed.update([(article.path, record.path) for article, record in taken])
    with stopped(makers if begun else None):
        for index, article in enumerate(chosen):
            if article.path in records:
                continue
            checked = validated.pop(article.path, None) if validated else None
            if checked is not None and checked.image_size != ():
                pages.measured(article, checked.image_size or None)
            url, path = inputs.view(article, partial(where, config, article, checked), b"page")
            if url is None or path is None:  # permalink and base URL are checked: every URL is below the base URL
                continue
            # Its HTML follows from the article (in its key) unless it links another article's file, or a site path
            # that names a file of the articles folder now: then the URL that link becomes is an input too. Otherwise
            # the body is rendered only for a page to make.
            named[article.path] = _named(inputs, article, checked)
            linking = _links_files(inputs, article, checked) or _site_files(config, named[article.path])
            html = render(config, article) if linking else None
            versions = versions_of(article)
            files = lead.of(article, named[article.path])
            key = quick_article_key(inputs, article, html, links, folders, versions, files)
            shared = None  # its parts, computed once when its key or its page needs them
            if key is None:
                shared = parts(pages, article, folders, by_id, versions)
                key = article_key(pages, article, html, links, shared, files)
            placed[article.path] = path
            if out.fresh(path, key):
                if makers is not None and makers.later(index, path):
                    out.made.add(path)
                else:
                    out.save(path, page(article, html, shared, versions))
            entry = Entry(url, article.modified.isoformat(), versions if len(versions) > 2 else ())
            out.entries.append(entry)
            digest = inputs.article(article)
            if digest is not None:
                recorded[article.path] = Record(path, key, entry, tuple(named[article.path]), digest, html is not None)
    if makers is not None:
        makers.start(again)
    root = root_page(pages, {k: list(g.members) for k, g in found["language"].items()}, inputs)
    if out.fresh(INDEX, _variables_key(root)):
        out.save(INDEX, look.render(root.template, root.context).encode("utf-8"))
    out.entries.append(Entry(absolute(config, "")))
    list_page = ListPage(look, pages, inputs)
    listings = _listings(pages, found, folders)
    for listing in listings:
        cut = sheets(pages, listing)
        for sheet, quick in zip(cut, quick_sheet_keys(inputs, cut), strict=True):
            made = None if quick is not None else sheet_page(pages, sheet, inputs)
            folder = sheet.folder
            path = f"{folder}/{INDEX}"
            if out.fresh(path, quick or _variables_key(made or sheet_page(pages, sheet, inputs))):
                out.save(path, list_page.render(sheet, made).encode("utf-8"))
            out.entries.append(Entry(absolute(config, f"{folder}/")))
    inputs.close()
    _finish(out, look, pages, preview)

    def names(article: Article) -> list[str]:
        return named[article.path] if article.path in named else _named(inputs, article)

    copied = assets(config, chosen, sources(), names, resolved, looked)  # clashes: ``assets.Taken``
    lists = {listing.lang.lower(): listing for listing in listings if listing.kind == "language"}
    pages_or_files = out.keys.keys() | {asset.path for asset in copied}  # a page, or a file an article names
    articles_placed = [(placed[a.path], a) for a in chosen if a.path in placed]
    for path, made in folder_pages(pages, articles_placed, lists, pages_or_files):  # no sitemap entry: each sends on
        if out.fresh(path, _variables_key(made)):
            out.save(path, look.render(made.template, made.context).encode("utf-8"))
    return Built(sorted(out.made), copied, out.kept, out.keys, recorded, site_shape, resolved)


def _links_files(inputs: Inputs, article: Article, seen: Seen | None = None) -> bool:
    """Whether the body may link a Markdown file (it holds ``.md``, in any case), kept by the article's inputs
    (``seen``: what its validation found, which says): a body that is not held in memory is then read only for a
    page to make."""

    def make() -> tuple[str, ...]:
        held = mentions_markdown(article.body) if seen is None else seen.markdown_links
        return (".md",) if held else ()

    return inputs.view(article, make, b"md") != ()


def _site_files(config: Config, named: Sequence[str]) -> bool:
    """Whether a site path among the files an article names names a file of the articles folder (linked as a
    relative reference to it is, :func:`~jiading_cli.content.site.names_site_file`): a decision taken now, not
    kept with the article."""
    return any(is_rooted(ref) and names_site_file(config, ref) for ref in named)


def _named(inputs: Inputs, article: Article, seen: Seen | None = None) -> list[str]:
    """The local files the article names (:func:`~jiading_cli.pages.assets.named_files`), kept by its inputs;
    ``seen``: what its validation found, holding them."""
    unsafe = inputs.config.markdown.unsafe_html
    make = partial(named_files, article, unsafe) if seen is None else lambda: seen.named
    named = inputs.view(article, make, b"named-raw" if unsafe else b"named")
    return [name for name in named if name is not None]


def _variables_key(made: Rendered) -> str:
    """What a list or the root page is made from: its template, path and variables."""
    path = f"{made.path}/{INDEX}" if made.path else INDEX
    variables = {name: value for name, value in made.context.items() if name != "t"}  # 't': by 'lang'
    return key_of(made.template, path, variables)


def _finish(out: Output, look: Theme, pages: Pages, preview: bool) -> None:
    """The 404 page (made again when its variables changed), and the files made whole every time: the sitemap,
    robots.txt, the theme's stylesheet and script."""
    missing = not_found(pages)
    if out.fresh(NOT_FOUND, key_of("404.html", {name: value for name, value in missing.items() if name != "t"})):
        out.save(NOT_FOUND, look.render("404.html", missing).encode("utf-8"))  # the theme's template of that name
    for name, data in sitemaps(pages.config, out.entries):
        out.put(name, data)
    out.put(ROBOTS, robots(pages.config, preview))
    out.put(CSS, look.source("style.css").encode("utf-8"))
    out.put(SCRIPT, look.source("share.js").encode("utf-8"))
