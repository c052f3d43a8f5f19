"""An incremental build of the pages: only the articles that changed, and those whose pages show them, are read.

After every ``jiading build`` the page store (:mod:`.pagestore`) keeps a :class:`Fact` for each article file: the
file's stat line as build avoidance took it, the fields the site's lists, groups and language versions show
of the article (everything but its body, authors, canonical URL and share settings), and its page's
:class:`~jiading_cli.pages.build.Record` (path, key, sitemap entry, the files it names, the digest its quick
key follows from).

When the feeds' build was incremental (:mod:`.ledger.delta`: it read every changed article file and ran its
rules, and found no error), :func:`plan` hands the page build every article: the ones that build read, the
language versions of those (before and after the change) and, when an article's URL came or went, the articles
whose bodies may link one, read again from their files; every other article as a skeleton made from its fact,
whose body cannot be read (reading it raises :class:`~jiading_cli.pages.build.Stale`, and the build is made in
full). The page build takes the skeletons' article pages as they are (:class:`~jiading_cli.pages.build.Known`)
and makes the lists, the root page and the sitemap from every article as it does in a full build.

Anything it cannot account for exactly means a full build: no facts, or facts of another config, theme or
version of jiading; a changed file the feeds' build did not read; more than ``MAX_CHANGES`` articles to read;
an article to read again that no longer loads cleanly; a page not in place as it was made; the site's
categories, tags, languages or feeds changed. The pages are the same bytes as a full build's
(tests/test_page_delta.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiading_cli.config import Config
from jiading_cli.content.site import public_url, read_and_load
from jiading_cli.incremental.ledger.files import name_of
from jiading_cli.model.article import Article, digest
from jiading_cli.pages.assets import Resolved
from jiading_cli.pages.build import Known, Record, Shape, Stale
from jiading_cli.pages.head import Alternate
from jiading_cli.pages.sitemap import Entry

MAX_CHANGES = 200  # articles read again, at most; beyond that a full build is as quick

# What a fact of the wrong shape raises where it is decoded (here) or where its skeleton is used (the page build).
# The store's files are checked as a whole when read (``pagejournal``), each fact only as a tuple: checking every
# field of 10,000 facts would cost more than loading them, so a fact that does not decode ends the incremental
# build, and a full build (which reads no fact) is made instead. Tests hold that the incremental build is the one
# made wherever it can be (tests/test_page_delta.py), so this never hides a fault of its own.
UNDECODED = (TypeError, ValueError, AttributeError, KeyError, IndexError)


# What the store keeps, as plain tuples (quick to pickle by the ten thousand):
# an article's fields, as its skeleton holds them ...
Fields = tuple[
    str, str, str, dt.datetime, dt.datetime | None, str, tuple[str, ...], str | None, str, str, str | None,
    str | None, bool, tuple[tuple[str, str], ...],
]  # fmt: skip
# ... its page's record (``pages.build.Record``, its sitemap entry and language versions as tuples) ...
Kept = tuple[str, str, tuple[str, str | None, tuple[tuple[str, str, str, str], ...]], tuple[str, ...], bytes, bool]
# ... and its file's stat line (``avoidance.Inputs.lines``, marked unknown when it changed too recently to trust).
Fact = tuple[str, Fields, Kept | None]

_new = object.__new__
_tuple = tuple.__new__  # a record, an entry or a language version made from its items, without a call of its own


@dataclass(frozen=True, slots=True)
class Plan:
    """The articles of an incremental page build, in the order of their files, and the pages taken as they are."""

    articles: list[Article]
    known: Known
    sources: dict[str, tuple[Article, bytes]]  # by path: each article read, and the digest of its bytes
    read: frozenset[str]  # the files read (the others are skeletons)


class Unread(tuple[str, str]):
    """A skeleton's body: not at hand. Its article's path, and the name of the file whose fact it was made from
    (a tuple: made by the ten thousand without a call of its own)."""

    __slots__ = ()

    def read(self) -> str:
        raise Stale(f"{self[0]}: its body is not at hand")


def fields_of(article: Article, shared: dict[Any, Any] | None = None) -> Fields:
    """``shared``: each value many articles share (a tag, a category, a language, an image and its text, a title), by
    itself: those of a build's facts are then one object each, which the store holds once, and loads once."""
    one = ({} if shared is None else shared).setdefault
    translations = tuple(sorted(article.translations.items()))
    tags, category, image, alt = article.tags, article.category, article.image, article.image_alt
    # The dates as the article has them, at their own offsets: the day of a moment of local mean time is the one its
    # offset shows (``model.article.in_zone``), in its URL among others, which another article's page may link.
    date, updated = _zoned(article.date, one), None if article.updated is None else _zoned(article.updated, one)
    return (
        article.path, article.id, one(article.title, article.title), date, updated,
        article.summary, tuple(map(one, tags, tags)), one(category, category), one(article.lang, article.lang),
        article.slug, one(image, image), one(alt, alt), article.draft, translations,
    )  # fmt: skip


def _zoned(when: dt.datetime, one: Callable[[Any, Any], Any]) -> dt.datetime:
    """``when`` with its zone object shared by the build's facts (by its ``repr``: its offset and name), as the fast
    front-matter reader shares one per offset: the store then holds each zone once, however many dates name it."""
    zone = when.tzinfo
    same = one((repr(zone),), zone)
    return when if same is zone else when.replace(tzinfo=same)


def skeleton(fields: Fields, name: str = "") -> Article:
    """The article as lists, groups and language versions show it, its body not at hand;
    ``name``: the file whose fact holds ``fields``.

    Made by the ten thousand: its attributes are set as a dataclass's ``__init__`` sets them, without the call.
    """
    path, key, title, date, updated, summary, tags, category, lang, slug, image, alt, draft, translations = fields
    made: Article = _new(Article)
    made.__dict__.update(
        path=path, id=key, title=title, date=date, updated=updated, summary=summary, authors=(), tags=tags,
        category=category, lang=lang, slug=slug, image=image, image_alt=alt, draft=draft, canonical_url=None,
        translations=dict(translations) if translations else {}, share={}, syndication=(),
        body=_tuple(Unread, (path, name)), body_line=0, lines={}, unread=(),
    )  # fmt: skip
    return made


def kept_of(record: Record, shared: dict[Any, Any] | None = None) -> Kept:
    """``shared``: as for :func:`fields_of` (the files pages name, the language versions' URLs, names and titles)."""
    one = ({} if shared is None else shared).setdefault
    entry, named = record.entry, record.named
    versions = tuple([tuple(map(one, version, version)) for version in entry.alternates]) if entry.alternates else ()
    lastmod = one(entry.lastmod, entry.lastmod)
    return (
        record.path,
        record.key,
        (entry.url, lastmod, versions),
        tuple(map(one, named, named)),
        record.digest,
        record.links,
    )


def record_of(kept: Kept) -> Record:
    path, key, (url, lastmod, versions), named, digest, links = kept
    alternates = tuple(map(Alternate._make, versions)) if versions else ()
    return _tuple(Record, (path, key, _tuple(Entry, (url, lastmod, alternates)), named, digest, links))


def plan(
    config: Config,
    facts: Mapping[str, Fact],
    shape: Shape,
    resolved: Resolved,
    lines: Sequence[str],
    read: Mapping[str, tuple[Article, bytes]],
    gone: Collection[str],
) -> Plan | None:
    """The incremental page build, or None when it must be a full one.

    ``lines``: every article file's stat line now, in order; ``read`` and ``gone``: the files the feeds'
    incremental build read (each article with the digest of its bytes) and found removed, by name;
    ``resolved``: where the last build found the files articles name lead (the feeds' build found every file
    named then unchanged).
    """
    if not facts or not shape[0]:
        return None
    names = [line.split("\0", 2)[1] for line in lines]  # as ``ledger.files.name_of`` reads each
    present = set(names)
    fact_of = facts.get
    changed = {name for name, line in zip(names, lines, strict=True) if (fact_of(name) or ("",))[0] != line}
    removed = facts.keys() - present
    if not changed <= read.keys() or not removed.issubset(gone) or not read.keys() <= present:
        return None
    again = _partners(config, facts, read, removed, present)
    if len(read) + len(again) > MAX_CHANGES:
        return None
    taken = dict(read)
    for name in again:
        loaded, raw = read_and_load(config, Path(name))
        if raw is None or not loaded.ok or loaded.article is None:
            return None
        taken[name] = (loaded.article, digest(raw))
    articles: list[Article] = []
    records: dict[str, Record] = {}
    add = articles.append
    for name in names:
        found = taken.get(name)
        if found is not None:
            add(found[0])
            continue
        _, fields, kept = facts[name]
        add(skeleton(fields, name))
        if kept is not None:
            records[fields[0]] = record_of(kept)
    sources = {article.path: (article, source) for article, source in taken.values()}
    return Plan(articles, Known(records, shape, resolved), sources, frozenset(taken))


def _partners(
    config: Config,
    facts: Mapping[str, Fact],
    read: Mapping[str, tuple[Article, bytes]],
    removed: Collection[str],
    present: Collection[str],
) -> set[str]:
    """The unchanged articles whose pages show a changed one: its language versions, before and after the
    change, and when an article's URL came or went or it became or stopped being a draft or scheduled (its page
    with it), the articles whose bodies may link one."""
    ids: set[str] = set()
    moved = bool(removed)
    for name in [*read, *removed]:
        fact = facts.get(name)
        if fact is not None:
            ids.add(fact[1][1])
            ids.update(target for _, target in fact[1][13])
        if name in read:
            article = read[name][0]
            ids.add(article.id)
            ids.update(article.translations.values())
            before = None if fact is None else skeleton(fact[1])
            moved = moved or before is None or public_url(config, before) != public_url(config, article)
            # its page came or went (a draft's, a scheduled one's, JD168): the links to it are judged again
            moved = moved or before is None or (before.draft, before.date) != (article.draft, article.date)
    again: set[str] = set()
    for name, (_, fields, kept) in facts.items():
        if (moved and kept is not None and kept[5]) or fields[1] in ids or (fields[13] and _names_one(fields[13], ids)):
            again.add(name)
    again.difference_update(read)
    again.intersection_update(present)
    return again


def _names_one(translations: tuple[tuple[str, str], ...], ids: Collection[str]) -> bool:
    return any(target in ids for _, target in translations)


def facts_of(
    lines: Sequence[str], articles: Sequence[Article], records: Mapping[str, Record], last: Mapping[str, Fact]
) -> dict[str, Fact]:
    """Each article file's fact after a build (``lines``: each one's stat line as kept, beside ``articles``);
    the last build's fact object where nothing of it changed. Empty when the articles do not match the files."""
    if len(lines) != len(articles):
        return {}
    facts: dict[str, Fact] = {}
    shared: dict[Any, Any] = {}
    fact_of = last.get
    for line, article in zip(lines, articles, strict=True):
        body = article.__dict__["body"]
        if type(body) is Unread:  # a skeleton: its page taken as it was (its record the same), its fact kept
            name = body[1]
            old = fact_of(name)
            if old is not None and old[0] == line:
                facts[name] = old
                continue
        name = name_of(line)
        if not name.endswith(article.path):
            return {}  # not the file's article: nothing is kept rather than a wrong fact
        record = records.get(article.path)
        facts[name] = (line, fields_of(article, shared), None if record is None else kept_of(record, shared))
    return facts
