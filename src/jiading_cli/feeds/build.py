"""Building a site's feeds: items and feed sets in, the bytes of every file out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from jiading_cli.config import Config
from jiading_cli.content.layout import STYLESHEET
from jiading_cli.feeds.items import Items, Renderer
from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.feeds.sets import FORMATS, FeedSet, Groups, feed_sets, groups, select
from jiading_cli.model.kinds import blank

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # a feed with no items: fixed, never "now"
PREVIEW_SUFFIX = " (preview)"


class Stored(Protocol):
    """Feed files made before, found by a key of everything they are made from (a cache of them, say)."""

    def key(self, meta: FeedMeta, items: Sequence[Item]) -> str: ...

    def get(self, name: str, key: str) -> bytes | None:
        """The bytes of ``name`` as made for ``key``; None when they must be made."""
        ...


@dataclass(frozen=True)
class Output:
    """One file of one feed."""

    feed: FeedSet
    fmt: str  # rss, atom or json
    path: str  # relative to the output folder, '/'-separated
    url: str
    items: int
    data: bytes


def stylesheet_bytes() -> bytes:
    """The XSL stylesheet that shows an RSS or Atom file as a page in a browser (feed readers ignore it)."""
    return (Path(__file__).parent / STYLESHEET).read_bytes()


def stylesheet_href(config: Config, path: str, preview: bool) -> str:
    """Where the RSS or Atom file at ``path`` finds the stylesheet: on the deployed host the site path
    (the base URL's path), in a preview relative to the file, so that it works wherever the folder is served."""
    if preview:
        return "../" * (len(PurePosixPath(path).parts) - 1) + STYLESHEET
    from urllib.parse import urlsplit

    return urlsplit(config.site.base_url).path.rstrip("/") + "/" + STYLESHEET


def file_url(config: Config, path: str) -> str:
    """The URL a feed file is served at in production."""
    return config.site.base_url.rstrip("/") + "/" + quote(path, safe="/-._~")


def own_url(config: Config, path: str, preview: bool) -> str:
    """The URL a feed file names itself by: in a preview, under ``feeds.preview_url``, or without one its own
    file name (a reference to itself wherever the preview folder is opened or served); else its public URL."""
    if not preview:
        return file_url(config, path)
    if config.feeds.preview_url:
        return config.feeds.preview_url.rstrip("/") + "/" + quote(path, safe="/-._~")
    return quote(PurePosixPath(path).name, safe="-._~")


def _words(config: Config, feed: FeedSet) -> tuple[str, str, str]:
    """The site's title, description and copyright line a feed carries: the site feed's, of every language, are
    ``site.title``'s and the others; a language's, category's or tag's are those of its language (``site.titles``
    and the others, falling back to them)."""
    site = config.site
    if feed.kind == "site":
        return site.title, site.description, site.copyright
    lang = feed.language
    return site.title_in(lang), site.description_in(lang), site.copyright_in(lang)


def _title(config: Config, feed: FeedSet, preview: bool) -> str:
    site = _words(config, feed)[0]
    title = {"site": site, "language": f"{site} ({feed.name})"}.get(feed.kind, f"{site}: {feed.name}")
    return title + (PREVIEW_SUFFIX if preview else "")


def feed_meta(config: Config, feed: FeedSet, items: Sequence[Item], preview: bool) -> FeedMeta:
    """A feed's channel. Its description, which RSS requires, is the site's title where ``site.description`` shows
    nothing (left out, or spaces and zero-width characters only): a blank one is a channel without a description."""
    site = config.site
    title, description, rights = _words(config, feed)
    urls = {fmt: own_url(config, feed.path(name), preview) for fmt, name in FORMATS}
    return FeedMeta(
        title=_title(config, feed, preview),
        description=title if blank(description) else description,
        language=feed.language,
        home=site.base_url,
        updated=max((item.updated for item in items), default=EMPTY_UPDATED),
        authors=site.authors or (title,),
        rights=rights,
        icon=site.icon,
        logo=site.logo,
        hub=config.feeds.websub_hub,
        urls=urls,
        id=urls["atom"] if "://" in urls["atom"] else file_url(config, feed.path("atom.xml")),
        stylesheet=stylesheet_href(config, feed.path("rss.xml"), preview),
    )


def _files(feed: FeedSet, meta: FeedMeta, items: Sequence[Item], reuse: Stored | None) -> dict[str, bytes]:
    """The three files of one feed, by format: reused where ``reuse`` has them, else made."""
    from jiading_cli.feeds import jsonfeed, xmltext

    found: dict[str, bytes | None] = dict.fromkeys(("rss", "atom", "json"))
    if reuse is not None:
        key = reuse.key(meta, items)
        found = {fmt: reuse.get(feed.path(name), key) for fmt, name in FORMATS}
    if found["rss"] is None or found["atom"] is None:
        found["rss"], found["atom"] = xmltext.rss_and_atom(meta, items)
    if found["json"] is None:
        found["json"] = jsonfeed.json_feed(meta, items)
    return {fmt: data for fmt, data in found.items() if data is not None}


def feed_outputs(
    config: Config, feed: FeedSet, items: Sequence[Item], preview: bool, reuse: Stored | None
) -> list[Output]:
    """The three files of one feed with their items."""
    meta = feed_meta(config, feed, items, preview)
    data = _files(feed, meta, items, reuse)
    return [Output(feed, fmt, feed.path(name), _shown_url(meta, fmt, feed.path(name)), len(items), data[fmt])
            for fmt, name in FORMATS]  # fmt: skip


def _shown_url(meta: FeedMeta, fmt: str, path: str) -> str:
    """The URL printed for a file: the one it names itself by, or for a preview served nowhere known its path
    in the preview folder."""
    url = meta.urls[fmt]
    return url if "://" in url else path


@dataclass(frozen=True)
class Built:
    """A whole build: every file, and the groups it was planned from (each with its newest ``depth``)."""

    outputs: list[Output]
    groups: Groups
    items: Items  # each article's item, by id
    chosen: list[Article]  # the articles in the feeds, newest first


def build_feeds(
    config: Config,
    articles: Iterable[Article],
    now: dt.datetime,
    *,
    include_drafts: bool = False,
    render: Renderer | None = None,
    reuse: Stored | None = None,
    depth: int = 0,
) -> Built:
    """Every feed file the site produces, in a fixed order; ``articles`` must have passed validation.

    ``render``: how a body is rendered (default: ``markdown.render_html``). ``reuse``: feed
    files made before, taken when their key is the same; neither changes a byte of the result.
    ``depth``: how many of each group's newest articles to keep in the result's groups (at least the
    feed limit).
    """
    every = list(articles)
    chosen = select(every, now, include_drafts)
    full = config.feeds.content == "full"
    found = groups(config, chosen, max(depth, config.feeds.limit))
    make = Items(config, chosen, now, full=full, preview=include_drafts, render=render, linked=every)
    feeds = feed_sets(config, found)
    outputs: list[Output] = []
    for feed in feeds:
        outputs.extend(feed_outputs(config, feed, [make(article) for article in feed.items], include_drafts, reuse))
    let_go()
    return Built(outputs, found, make, chosen)


def let_go() -> None:
    """Forget the texts each format made of an item once for all the feeds carrying it: a build's feeds made, none
    of them (tens of megabytes when bodies are long) is held while its pages are made."""
    from jiading_cli.feeds import jsonfeed, xmltext

    xmltext.forget()
    jsonfeed.forget()
