"""Writing and reading a ledger: a base that a full build writes, and the changes of the builds since.

Both files live in ``.jiading-cache/``, named for the output folder and mode. Each is replaced whole
by rename. The changes file names the base it applies to (a random id written into both), so after
two builds at once, a changes file written against a base another build has replaced is ignored:
the ledger is then the base alone, which the files on disk either match or do not (and then the
build is a full one). Anything unreadable, of another format or another key is ignored the same way.
"""

from __future__ import annotations

import datetime as dt
import mmap
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jiading_cli.config import Config
from jiading_cli.content.site import public_url
from jiading_cli.feeds.sets import Groups
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental import keys
from jiading_cli.incremental.ledger.files import UNKNOWN, dumps, key, lines, loads, stats, trusted, where
from jiading_cli.incremental.ledger.model import (
    Brief,
    Candidates,
    Changes,
    Feed,
    Kept,
    Ledger,
    Made,
    Ranked,
    brief,
    depth,
    feed_of,
    post_key,
    to_candidates,
)
from jiading_cli.incremental.ledger.table import Buffer, key_table, pair_table
from jiading_cli.incremental.pickles import UNREADABLE, checked
from jiading_cli.incremental.shapes import Each, Mapped, Record
from jiading_cli.validate.rules import post_keys

if TYPE_CHECKING:
    from jiading_cli.feeds.build import Output
    from jiading_cli.feeds.items import Items
    from jiading_cli.incremental.reuse import Reuse
    from jiading_cli.model.article import Article

FORMAT = 13  # 13: the post ids the articles' records name (JD187)
MAGIC = b"jiading ledger\n"
KEEP_UNKNOWN = 200  # files changed moments before a full build whose articles it keeps, at most
COMPACT = 500  # articles and items changed since the base, at most, before a new base is written
SMALL = ("key", "since", "until", "refs", "uses", "outputs", "warnings", "drafts", "depth", "languages")

# The shapes of a base's values and of a changes file's: whatever is not of its shape is damaged.
Stat = tuple[int, int, int, int] | None
Group = tuple[str, str]
CANDIDATES = Record(
    Candidates, first=dt.datetime | None, names=dict[str, int], size=int, top=list[Ranked], bound=Ranked | None
)
FEED = Record(
    Feed, group=Group, label=str, kind=str, name=str, folder=str, language=str, members=tuple[str, ...],
    files=tuple[Kept, ...],
)  # fmt: skip
SMALL_SHAPES: dict[str, object] = {
    "key": bytes, "since": dt.datetime | None, "until": dt.datetime | None, "refs": dict[str, Stat],
    "uses": dict[str, int], "outputs": dict[str, Stat], "warnings": int, "drafts": int, "depth": int,
    "languages": dict[str, int], "groups": Mapped(Group, CANDIDATES), "feeds": Each(list, FEED), "base": str,
}  # fmt: skip
BASE = Record(
    dict, **SMALL_SHAPES, lines=list[str], targets=dict[str, int], warned=dict[str, int], briefs=dict[str, Brief],
    index=dict[tuple[str, str], tuple[int, int]],
)  # fmt: skip
CHANGES = Record(
    dict, **SMALL_SHAPES, lines=tuple[list[str], list[str]],
    changed=tuple[
        dict[str, Brief | None], dict[str, bytes | None], dict[str, bytes | None], dict[str, str | None],
        dict[str, bool], dict[str, int], dict[str, tuple[str, ...] | None], dict[str, str | None],
    ],
)  # fmt: skip


@dataclass(frozen=True)
class Build:
    """What a full build hands to :func:`record`."""

    now: dt.datetime
    names: Sequence[str]  # the article files, beside ``articles``
    articles: Sequence[Article]
    warnings: dict[str, int]  # shown path -> warnings shown for it
    references: Iterable[str]
    looked: Mapping[str, memo.Stat]  # references as the rules found them (``validate.probe``), by path
    groups: Groups
    outputs: Sequence[Output]
    written: Iterable[str]
    items: Items | None  # None once the feeds' records are made (``record``)
    span: memo.Span  # memo.window of the articles
    chosen: Sequence[Article]  # the articles in the feeds
    digests: dict[str, str]  # each file written -> its digest
    urls: Sequence[str] | None = None  # each article's public URL, when known
    named: Sequence[tuple[str, ...]] = ()  # the local files each article names, beside ``articles``


def record(
    config: Config, folder: Path, preview: bool, build: Build, reuse: Reuse, state: memo.Inputs
) -> Callable[[], None] | None:
    """What a full build saw, kept as a new base by the call returned, once the build's files are in place (their
    stats taken then); ``state``: the article files as the build found them. None: nothing sound to keep.

    The feeds' records and their items are made now, so that the call holds none of the files' bytes or items
    while the pages are made; the rest follows from the articles, which the pages hold anyway.
    """
    if not len(build.articles) == len(build.names) == len(build.named):
        return None  # a file that gave no article (its errors were ignored): nothing sound to keep
    named = {id(article): name for article, name in zip(build.articles, build.names, strict=True)}
    feeds: list[Feed] = []
    items: dict[str, Buffer] = {}
    for start in range(0, len(build.outputs), 3):
        feed = build.outputs[start].feed
        members = tuple(named[id(article)] for article in feed.items)
        feeds.append(feed_of(feed, build.outputs[start : start + 3], reuse, build.digests, members))
        for article, name in zip(feed.items, members, strict=True):
            item = build.items.made(article.id) if build.items is not None else None
            if item is not None and name not in items:
                items[name] = dumps(Made(item, reuse.digest(item)))
    rest = replace(build, outputs=(), items=None)  # what the call holds: no file's bytes, no item
    return lambda: _save_base(config, folder, preview, *_ledger(config, folder, preview, rest, feeds, items, state))


def _ledger(
    config: Config,
    folder: Path,
    preview: bool,
    build: Build,
    feeds: list[Feed],
    items: dict[str, Buffer],
    state: memo.Inputs,
) -> tuple[Ledger, list[str]]:
    """The new base of a full build (``build``, its feeds' records and items made), and its article files' lines."""
    articles, names = build.articles, build.names
    named = {id(article): name for article, name in zip(articles, names, strict=True)}
    groups = {
        (kind, k): to_candidates(kind, g, named) for kind, by_key in build.groups.items() for k, g in by_key.items()
    }
    ids: dict[str, str] = {}
    targets: dict[str, int] = {}
    warned: dict[str, int] = {}
    posts: dict[str, str] = {}  # each post's key -> the file recording it, '' when several do (JD187 suppressed)
    for article, name in zip(articles, names, strict=True):
        ids.setdefault(article.id, name)
        for post in post_keys(article) if article.syndication else ():
            posts[post_key(*post)] = "" if post_key(*post) in posts else name
        if article.translations:
            for target in article.translations.values():
                targets[target] = targets.get(target, 0) + 1
        if article.path in build.warnings:
            warned[name] = build.warnings[article.path]
    urls = build.urls if build.urls is not None else [public_url(config, a) for a in articles]
    since, until = build.span
    looked = build.looked  # each file as the rules found it: one changed since is checked again by the next build
    now = time.time_ns()
    current = lines(state, now)
    refs = {path: trusted(memo.stat_as_looked(path, looked), now) for path in sorted(set(build.references))}
    briefs: dict[str, Brief] = {}
    kept: dict[str, Buffer] = {}
    unknown = [i for i, line in enumerate(current) if line.startswith(UNKNOWN)]
    if len(unknown) <= KEEP_UNKNOWN:  # changed moments ago: the article store may later hold another version
        chosen = {id(article) for article in build.chosen}
        for i in unknown:
            article, name = articles[i], names[i]
            values = brief(article, urls[i], id(article) in chosen, warned.get(name, 0))
            briefs[name], kept[name] = values, dumps(article)
    ledger = Ledger(
        key=key(config, folder, preview, FORMAT),
        base="",
        since=since,
        until=until,
        lines=set(),
        refs=refs,
        uses=dict(Counter(path for files in build.named for path in files)),
        outputs=stats(build.written),
        groups=groups,
        feeds=feeds,
        warnings=sum(build.warnings.values()),
        drafts=sum(1 for article in build.articles if article.draft),
        depth=depth(config),
        languages=dict(Counter(article.lang.lower() for article in articles)),
        targets=targets,
        warned=warned,
        base_lines=current,
        base_ids=b"",
        base_urls=b"",
        base_named=b"",
        base_posts=b"".join(pair_table(posts)),
        base_briefs=briefs,
        base_articles=kept,
        base_items=items,
        _ids=ids,
        _urls=set(urls),
        _named={name: files for name, files in zip(names, build.named, strict=True) if files},
    )
    return ledger, ledger.base_lines


def _changes_path(config: Config, folder: Path, preview: bool) -> Path:
    base = where(config, folder, preview)
    return base.with_name(base.stem + "-changes.pickle")


def _small(ledger: Ledger) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(ledger, name) for name in SMALL}
    values["groups"] = ledger.groups
    values["feeds"] = ledger.feeds
    return values


def _save_base(config: Config, folder: Path, preview: bool, ledger: Ledger, current: list[str]) -> None:
    """Write a new base: blobs (ids, URLs, kept articles and items), each read only when needed, then the rest.

    Each blob is written straight into the file, so a large site's never all sit in memory at once; the
    index of where each lies goes last, with its own offset in the file's last eight bytes. Every blob and
    the index end with their CRC-32: a damaged byte anywhere makes the ledger unused, never misread.
    """
    values = _small(ledger)
    values["base"] = os.urandom(12).hex()
    values["lines"] = current
    values["targets"] = ledger.targets
    values["warned"] = ledger.merged_warned()
    values["briefs"] = ledger.merged_briefs()
    blobs: list[tuple[tuple[str, str], Buffer | Iterator[bytes]]] = [
        (("ids", ""), pair_table(ledger.all_ids())),
        (("urls", ""), key_table(ledger.all_urls())),
        (("named", ""), pair_table({name: "\0".join(files) for name, files in ledger.all_named().items()})),
        (("posts", ""), pair_table(ledger.all_posts())),
    ]
    blobs.extend((("article", name), data) for name, data in ledger.merged_articles().items())
    blobs.extend((("item", name), data) for name, data in ledger.merged_items().items())

    def write(out: BinaryIO) -> None:
        out.write(MAGIC)
        index: dict[tuple[str, str], tuple[int, int]] = {}
        for blob, value in blobs:
            start = out.tell()
            if isinstance(value, bytes | memoryview):  # an article or item, sealed by ``dumps``
                out.write(value)
            else:  # a table, in parts, sealed by its last
                out.writelines(value)
            index[blob] = (start, out.tell() - start)
        values["index"] = index
        start = out.tell()
        out.write(dumps((FORMAT, values)))
        out.write(start.to_bytes(8, "big"))

    with suppress(OSError):
        keys.write_atomic(where(config, folder, preview), write)
        keys.remove_store(_changes_path(config, folder, preview))


def save(config: Config, folder: Path, preview: bool, ledger: Ledger, current: list[str]) -> None:
    """Keep an incremental build's state: its changes beside the base, or a new base now and then.

    ``current``: the article files' stat lines as this build leaves them.
    """
    if ledger.changed.size() > COMPACT:
        _save_base(config, folder, preview, ledger, current)
        return
    values = _small(ledger)
    now, before = set(current), set(ledger.base_lines)
    values["base"] = ledger.base
    values["lines"] = (sorted(before - now), sorted(now - before))
    changed = ledger.changed
    values["changed"] = (
        changed.briefs,
        changed.articles,
        changed.items,
        changed.ids,
        changed.urls,
        changed.targets,
        changed.named,
        changed.posts,
    )
    with suppress(OSError):
        keys.write_atomic(_changes_path(config, folder, preview), dumps((FORMAT, values)))


def _read(path: Path) -> dict[str, Any] | None:
    """A changes file's values, when it is whole, of this format and of its shape."""
    try:
        head, values = loads(keys.read_store(path), tuple[int, dict[str, Any]])
        return checked(values, CHANGES) if head == FORMAT else None
    except (*UNREADABLE, LookupError):
        return None


def _read_base(path: Path) -> tuple[dict[str, Any], memoryview] | None:
    """The base's index and values, and a view of the whole file (mapped, not read: only what is used is)."""
    try:
        with open(keys.open_store(path), "rb") as handle:  # a FIFO or a device there is no store
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
        if len(view) < len(MAGIC) + 8 or view[: len(MAGIC)] != MAGIC:
            return None
        start = int.from_bytes(view[-8:], "big")
        head, values = loads(view[start:-8], tuple[int, dict[str, Any]])
        if head != FORMAT:
            return None
        return checked(values, BASE), view[:start]
    except (*UNREADABLE, LookupError):
        return None


def _apply_small(ledger: Ledger, values: dict[str, Any]) -> None:
    for name in SMALL:
        setattr(ledger, name, values[name])
    groups: dict[Any, Any] = values["groups"]
    feeds: list[Any] = values["feeds"]
    if not (isinstance(groups, dict) and isinstance(feeds, list) and all(isinstance(f, Feed) for f in feeds)):
        raise ValueError("groups or feeds")
    ledger.groups, ledger.feeds = groups, feeds


def load(config: Config, folder: Path, preview: bool) -> Ledger | None:
    """The ledger of this folder and mode: its base with the changes made since; None when there is none."""
    found = _read_base(where(config, folder, preview))
    wanted = key(config, folder, preview, FORMAT)
    if found is None or found[0].get("key") != wanted:
        return None
    base, blobs = found
    try:
        index: dict[tuple[str, str], tuple[int, int]] = base["index"]
        if any(start < len(MAGIC) or start + size > len(blobs) for start, size in index.values()):
            return None
        view = {blob: blobs[start : start + size] for blob, (start, size) in index.items()}
        ledger = Ledger(
            **{name: base[name] for name in SMALL},
            base=base["base"],
            lines=set(base["lines"]),
            groups={},
            feeds=[],
            targets=base["targets"],
            warned=base["warned"],
            base_lines=base["lines"],
            base_ids=view[("ids", "")],
            base_urls=view[("urls", "")],
            base_named=view[("named", "")],
            base_posts=view[("posts", "")],
            base_briefs=base["briefs"],
            base_articles={name: data for (kind, name), data in view.items() if kind == "article"},
            base_items={name: data for (kind, name), data in view.items() if kind == "item"},
        )
        _apply_small(ledger, base)
        changes = _read(_changes_path(config, folder, preview))
        if changes is not None and changes.get("key") == wanted and changes.get("base") == ledger.base:
            _apply_small(ledger, changes)
            gone, added = changes["lines"]
            ledger.lines.difference_update(gone)
            ledger.lines.update(added)
            briefs, articles, items, ids, urls, targets, named, posts = changes["changed"]
            ledger.changed = Changes(briefs, articles, items, ids, urls, targets, named, posts)
            for target, by in targets.items():
                ledger.targets[target] = ledger.targets.get(target, 0) + by
                if ledger.targets[target] <= 0:
                    del ledger.targets[target]
    except (LookupError, TypeError, ValueError, AttributeError):
        return None
    return ledger
