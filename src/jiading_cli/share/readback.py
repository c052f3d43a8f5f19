"""Reading back what a network has, when an article has no record of it (records lost: a clone without them, a
record removed) or an unknown outcome: its post is the one linking the article's URL now, or the one its request
linked; else one whose text is the very text jiading would post now, its link no page of the site now (the slug or
``site.base_url`` changed since); else, when a post the site cannot place links a page of this site (its host, or
the utm tags jiading's links carry) the article may have had before, nothing is posted, and one line says how to
settle it: a post made again is never the answer to a link that changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlsplit

from jiading_cli.base import realclock
from jiading_cli.base.printable import printable, shortened
from jiading_cli.config import Config
from jiading_cli.model.article import Article
from jiading_cli.share import links, records
from jiading_cli.share.network import Connection, Draft, Listed, Lookup, Network, recordable_lookup
from jiading_cli.share.settings import share
from jiading_cli.validate.rules import post_keys

# How long a request whose outcome is unknown may still be becoming a post: a network may finish a request after
# jiading stopped waiting for its answer, so until then no post found is no answer.
SETTLING = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Known:
    """What the site accounts for: every article's page now, and the links its intents name (as page addresses,
    :func:`links.without_utm`), and which articles' records hold each network's post ids. ``ids`` and ``shared``
    are read from ``holders`` once, when it is made: a run asks them for every article it posts or edits."""

    pages: frozenset[str] = frozenset()
    holders: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)  # network → id → paths
    ids: Mapping[str, frozenset[str]] = field(init=False)  # each network's ids an article records
    shared: Mapping[str, frozenset[str]] = field(init=False)  # each network's ids two articles record

    def __post_init__(self) -> None:
        held = self.holders.items()
        object.__setattr__(self, "ids", {network: frozenset(by_id) for network, by_id in held})
        shared = {network: frozenset(i for i, paths in by_id.items() if len(paths) > 1) for network, by_id in held}
        object.__setattr__(self, "shared", {network: ids for network, ids in shared.items() if ids})

    def others(self, network: str, remote: str, path: str) -> list[str]:
        """The articles other than ``path`` (as :attr:`Article.path` names them) whose records hold the post
        ``remote`` of ``network``, in order: a post is one article's."""
        return sorted(self.holders.get(network, {}).get(remote, frozenset()) - {path})


def _page(url: str) -> str | None:
    try:
        return links.without_utm(url)
    except ValueError:
        return None


def known(urls: Iterable[str], articles: Iterable[Article]) -> Known:
    """What the site accounts for, from its articles' URLs now and their records."""
    pages = {page for url in urls if (page := _page(url))}
    holders: dict[str, dict[str, set[str]]] = {}
    for article in articles:
        if article.canonical_url and (page := _page(article.canonical_url)):
            pages.add(page)
        for item in article.syndication or ():
            if isinstance(item.get("link"), str) and (page := _page(item["link"])):
                pages.add(page)
        for network, remote in post_keys(article):  # the posts JD187 holds to one article each, read as it reads them
            holders.setdefault(network, {}).setdefault(remote, set()).add(article.path)
    frozen = {network: {i: frozenset(paths) for i, paths in ids.items()} for network, ids in holders.items()}
    return Known(frozenset(pages), frozen)


def lookup(network: Network, draft: Draft, connection: Connection, settle: records.Record | None) -> Lookup:
    """Whether the network has the article's post: by its URL now and, for an unknown outcome, by the URL the
    request linked and back to when it was made (the article's date, slug or the site's base URL may have changed
    since)."""
    if settle is not None:
        draft = replace(draft, requested=settle.started())
    found = recordable_lookup(network, draft.config, network.find(draft, connection))
    if found.state == "absent" and settle is not None and settle.link and settle.link != draft.url:
        earlier = recordable_lookup(network, draft.config, network.find(replace(draft, url=settle.link), connection))
        return earlier if earlier.state != "absent" else replace(earlier, listed=found.listed + earlier.listed)
    return found


def settling(settle: records.Record) -> dt.datetime | None:
    """When an unknown outcome can be settled by a lookup that finds no post; None when it can be now. Both ends
    of the wait are the real clock's: the intent's time was written by it, and it is read again now. A time not in
    the form jiading writes never gets here (JD183 refuses the article first); were it to, it is read as the
    request made now, never as one long over."""
    started = settle.started() or realclock.now()
    ready = started + SETTLING
    return ready if realclock.now() < ready else None


@dataclass(frozen=True, slots=True)
class Stray:
    """A post of this site the site cannot place, which may be the article's from before its URL changed."""

    post: Listed
    link: str


def placed(network: Network, draft: Draft, lookup: Lookup, site: Known) -> Lookup | Stray | None:
    """For a lookup that found no post linking the article's URL: the post whose text is the text jiading would
    post now and whose links lead to no page of the site now (found), else a post of this site that no article
    accounts for (a stray: the article's URL may have changed since it was made), else None: post it."""
    own = site.ids.get(network.name, frozenset())
    unplaced = [post for post in lookup.listed if post.remote_id not in own and not _placed(post, site)]
    same = [post for post in unplaced if post.text and post.text == draft.text.value]
    if len(same) == 1 and same[0].remote_id is not None:
        post = same[0]
        found = Lookup("found", post.remote_id, post.url, message="by its text")
        checked = recordable_lookup(network, draft.config, found)
        if checked.state == "found":
            return checked
    for post in [*same, *unplaced]:
        link = next((link for link in post.links if _ours(link, draft.config, network.name)), None)
        if link is not None or post in same:
            return Stray(post, link or (post.links[0] if post.links else "no link"))
    return None


def _placed(post: Listed, site: Known) -> bool:
    """Whether a post links a page of the site now, or one an intent names."""
    return any(_page(link) in site.pages for link in post.links)


def _ours(link: str, config: Config, network: str) -> bool:
    """Whether ``link`` leads to this site (``site.base_url``'s host) or carries the utm tags jiading's links to
    ``network`` carry (a base URL changed since keeps them)."""
    try:
        parts = urlsplit(link.strip())
        for _ in range(links.SHIMS_MAX):  # Facebook's link shim, undone as links.without_utm undoes it
            if (parts.hostname or "") not in links.SHIMS or not (target := dict(parse_qsl(parts.query)).get("u")):
                break
            parts = urlsplit(target.strip())
        if parts.hostname and parts.hostname == urlsplit(config.site.base_url).hostname:
            return _article_path(parts.path, config)
        tags = dict(parse_qsl(urlsplit(links.with_utm("https://x.invalid/", share(config), network)).query))
        return bool(tags) and all(dict(parse_qsl(parts.query)).get(k) == v for k, v in tags.items())
    except ValueError:  # a link no reader of URLs can read leads nowhere
        return False


def _article_path(path: str, config: Config) -> bool:
    """Whether ``path`` (of the site's host) is one the permalink makes, of any slug or date: an article's page.
    The site's other pages (its home page, a news list, a contact page of the wider site) are never an article's
    post, however recently a post linking one was made by hand."""
    base = urlsplit(config.site.base_url).path.rstrip("/")
    if not path.startswith(base + "/"):
        return False
    shape = "[^/]+".join(map(re.escape, re.split(r"\{[^{}/]*\}", config.site.permalink)))
    return re.fullmatch(shape.rstrip("/"), path[len(base) :].rstrip("/")) is not None


def stray_line(network: Network, shown: str, stray: Stray) -> str:
    """One line: what was found, what it may be, and how to settle it."""
    post = stray.post
    named = post.remote_id or "(its id not in the network's form)"
    adopt = f"jiading share --adopt {shown} --network {network.name} --remote-id {post.remote_id or 'ID'}"
    return (
        f"not posted: {network.label} has a post {named} linking {printable(shortened(stray.link))}, a page no article "
        f"of the site has now, made since the article's date; with no record of the article's post, it may be this "
        f"article's from before its slug or site.base_url changed. If it is, record it: `{adopt}`; if it is another "
        f"article's, record it there the same way; if it is none of the site's, post with share.reconcile = false"
    )
