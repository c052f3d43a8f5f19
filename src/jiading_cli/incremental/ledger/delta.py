"""An incremental feed build: start from the last build's ledger and touch only what changed.

A build starts from the ledger (:mod:`.ledger`) when it was made under the same key, no article's
date lies between then and now, every file the articles name and every file the build wrote is as
it was, and at most ``MAX_CHANGES`` article files were added, changed or removed. Only those files
are read. Everything else comes from the ledger: the other articles' problems, ids and URLs, which
articles each feed carries, their items, and the files of every feed whose articles did not change.
What the changed files held before comes from the ledger or from the article store (only when the
store's entry has the stat the ledger recorded).

Anything this module cannot update exactly sends the build back to a full one, which then reports
or records a new ledger:

- an error in a changed article (the full build reports every problem);
- a changed article with another id, URL, language or translations, or that enters or leaves the
  feeds while a translation points at it (other articles' checks and items depend on those);
- an added article whose id or URL is taken, or whose translation leads nowhere; a removed article a
  translation points at;
- a changed article whose page would take a file of the site's or whose URL is too long (JD125, JD124), or
  that names a file published where the site writes its own (JD169), a
  language the site's articles gain or lose (any article's page may take its folder), and an article whose
  JD132 depends on articles naming it that are not at hand (:func:`.across.check_site` runs the rules a full
  build's validation runs);
- a group that loses its oldest article while the ledger does not hold all of it (a feed's folder
  may depend on it), or more of its newest articles than the ledger holds;
- a changed file whose earlier version neither the ledger nor the article store holds;
- a feed item with a link to another article's file (it would need every article's URL);
- a changed article that links a Markdown file (JD168 judges the link by the linked article's status: a full
  build's validation sees every article); an article whose file another one links is a file that article names,
  so its change means a full build already;
- an error code ignored in the config.

The result is the same files, byte for byte, as a full build's (tests/test_delta.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.site import public_url, read_and_load, status
from jiading_cli.content.slug import chinese
from jiading_cli.feeds.build import Output, feed_outputs, let_go
from jiading_cli.feeds.items import Items
from jiading_cli.feeds.model import Item
from jiading_cli.feeds.sets import FeedSet, kinds, language_of
from jiading_cli.incremental import avoidance as memo
from jiading_cli.incremental.ledger.across import check_site, check_urls, naming, target
from jiading_cli.incremental.ledger.files import UNKNOWN, UNSURE, line_of, name_of
from jiading_cli.incremental.ledger.groups import Fallback, enter, leave, placed, sets
from jiading_cli.incremental.ledger.model import Brief, Feed, Ledger, Made, brief, depth, feed_of
from jiading_cli.incremental.ledger.store import load
from jiading_cli.incremental.pickles import Damaged
from jiading_cli.incremental.reuse import Reuse
from jiading_cli.incremental.romanise import romanisations
from jiading_cli.incremental.shards import Entry, Shard, digest, stored_entry
from jiading_cli.validate import suppress
from jiading_cli.validate.linked import is_markdown
from jiading_cli.validate.moment import turns
from jiading_cli.validate.rules import RULES, Probe
from jiading_cli.validate.single import check_alone

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Loaded

MAX_CHANGES = 200


@dataclass(frozen=True, slots=True)
class Row:
    """One feed file as the build's summary lists it."""

    label: str
    kind: str
    name: str
    fmt: str
    items: int
    path: str
    url: str


def row_of(output: Output) -> Row:
    feed = output.feed
    return Row(feed.label, feed.kind, feed.name, output.fmt, output.items, output.path, output.url)


@dataclass(frozen=True, slots=True)
class Pending:
    """A feed made again, until its files are written: then the ledger records it as a :class:`Feed`."""

    feed: FeedSet
    outputs: list[Output]
    members: tuple[str, ...]  # its articles' file names


@dataclass
class Delta:
    """An incremental build, ready to be written: the files made and the files left in place."""

    config: Config
    ledger: Ledger
    reuse: Reuse
    now: dt.datetime
    preview: bool
    rows: list[Row] = field(default_factory=list)
    made: list[Output] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # path -> digest
    fresh: dict[str, Article] = field(default_factory=dict)  # the articles read, by file name
    digests: dict[str, bytes] = field(default_factory=dict)  # of the bytes each article read was parsed from
    gone: set[str] = field(default_factory=set)  # the article files removed
    named: dict[str, memo.Stat] = field(default_factory=dict)  # files the articles read name, with their stat
    unsure: set[str] = field(default_factory=set)  # named files changed moments before their last check: not known
    naming: dict[str, list[str] | None] = field(default_factory=dict)  # each changed file's named files (None: gone)
    items: dict[str, Made] = field(default_factory=dict)  # items made, with their reuse digests
    seen: dict[str, Item] = field(default_factory=dict)  # every item this build used, by file name
    feeds: list[Feed | Pending] = field(default_factory=list)
    shards: dict[int, Shard] = field(default_factory=dict)  # the article store's, as read

    def settle(self, digests: Mapping[str, str]) -> None:
        """Once the files are written (``digests``: of each), record every feed in the ledger."""
        made = [
            f if isinstance(f, Feed) else feed_of(f.feed, f.outputs, self.reuse, digests, f.members) for f in self.feeds
        ]
        self.ledger.feeds = made
        self.ledger.keep_items(self.items)

    def article(self, name: str) -> Article:
        """An article as the last build had it: kept in the ledger, or the article store's when its stat is."""
        found = self.ledger.read_article(name)
        if found is not None:
            return found
        entry = self._stored(name)
        if entry is None or entry.loaded.article is None:
            raise Fallback
        article: Article = entry.loaded.article
        return article

    def _stored(self, name: str) -> Entry | None:
        """The article store's entry for ``name`` when it has the stat the ledger recorded, else None."""
        entry = stored_entry(self.config, name, self.shards)
        if entry is None or line_of(name, entry.stat) not in self.ledger.lines:
            return None
        return entry

    def brief(self, name: str) -> Brief | None:
        """What the last build knew of an article; None if it had no such file."""
        if self.ledger.has_brief(name):
            return self.ledger.read_brief(name)
        article = self.article(name)
        chosen = self.preview or status(article, self.now) == "published"
        return brief(article, public_url(self.config, article), chosen, self.ledger.warned.get(name, 0))


def attempt(
    config: Config,
    folder: Path,
    preview: bool,
    now: dt.datetime,
    state: memo.Inputs,
    reuse: Reuse,
) -> Delta | None:
    """The build made from the ledger and the changed files, or None when it must be a full one."""
    ignored = {code for code in config.validate.ignore if RULES.get(code, ("",))[0] == "error"}
    ledger = load(config, folder, preview)
    if ignored or ledger is None or ledger.depth != depth(config) or not ledger.covers(now):
        return None
    if any(memo.stat(p) != s for p, s in (*ledger.refs.items(), *ledger.outputs.items()) if s != UNSURE):
        return None
    after = set(state.lines)
    old = {name_of(line): line for line in ledger.lines if line not in after}  # changed or gone since
    present = sorted(name_of(line) for line in state.lines if line not in ledger.lines)  # changed or new
    unsure = {path for path, found in ledger.refs.items() if found == UNSURE}
    if unsure:  # files changed moments before they were checked: the articles naming them are checked again
        naming = {name for name, files in ledger.all_named().items() if unsure.intersection(files)}
        unchanged = naming - old.keys()
        old.update((name_of(line), line) for line in ledger.lines if name_of(line) in unchanged)
        present = sorted(set(present) | (naming & {name_of(line) for line in state.lines}))
    if len(old.keys() | present) > MAX_CHANGES:
        return None
    try:
        ledger.check()
        delta = Delta(config, ledger, reuse, now, preview, unsure=unsure)
        _apply(delta, old, present)
    except (Fallback, Damaged):
        return None
    return delta


def _apply(delta: Delta, old: dict[str, str], present: list[str]) -> None:
    config, ledger, now = delta.config, delta.ledger, delta.now
    probe = Probe()
    kinds_on = kinds(config)
    changes: list[tuple[str, Brief | None, Brief | None]] = []  # file name, before, after: removals first
    for name in sorted(set(old) - set(present)):
        changes.append((name, _before(delta, name, old), None))
        delta.gone.add(name)
        delta.naming[name] = None
    for name in present:
        changes.append((name, _before(delta, name, old), _read(delta, name, probe)))
    languages = set(ledger.languages)
    for index, (name, was, new) in enumerate(changes):
        found = check_site(config, delta, name, was, new)
        if new is not None and found:
            changes[index] = (name, was, dataclasses.replace(new, warnings=new.warnings + found))
    check_urls(config, delta, languages)
    done: set[str] = set()

    def date_of(name: str) -> dt.datetime:  # the version of the article its rank in a group stands for
        return (delta.fresh[name] if name in done else delta.article(name)).date

    for name, was, new in changes:
        done.add(name)
        ledger.keep(name, new, delta.fresh.get(name))
        ledger.drafts += (new is not None and new.draft) - (was is not None and was.draft)
        if was is not None and new is not None and placed(was) == placed(new):
            ledger.warnings += new.warnings - was.warnings  # the same place in the same groups
            continue
        if was is not None:
            ledger.warnings -= was.warnings
            leave(ledger, was, name, kinds_on, date_of)
        if new is not None:
            ledger.warnings += new.warnings
            enter(ledger, new, name, kinds_on, delta.fresh[name])
    for article in delta.fresh.values():  # the ledger's window narrowed as avoidance.window makes one
        for moment in turns(article):
            if moment <= now:
                ledger.since = max(ledger.since or moment, moment)
            else:
                ledger.until = min(ledger.until or moment, moment)
    _feeds(delta, {name for name, was, new in changes if was and new})


def _before(delta: Delta, name: str, old: dict[str, str]) -> Brief | None:
    """What the last build knew of a changed file: None when it is new; Fallback when that is not known."""
    line = old.get(name)
    if line is None:
        return None
    if line.startswith(UNKNOWN) and not delta.ledger.has_brief(name):
        raise Fallback  # recorded moments after a change: the article store's entry may be a later version
    found = delta.brief(name)
    if found is None:
        raise Fallback
    return found


def _read(delta: Delta, name: str, probe: Probe) -> Brief:
    """A changed file's brief, as a full build's validation would find it; Fallback on any error."""
    config, now = delta.config, delta.now
    loaded, source = _load(config, name)
    checked = check_alone(config, loaded, now, probe)
    if checked is None or loaded.article is None:
        raise Fallback
    article = loaded.article
    url, named = checked.found.url, checked.named
    if any(is_markdown(path) for path in named):
        raise Fallback  # it may link an article not published now (JD168): a full build's validation says
    problems = [*loaded.problems, *checked.found.problems, *checked.outside]
    ignored = set(config.validate.ignore)
    shown = [p for p in problems if p.code not in ignored]
    if any(p.severity == "error" for p in shown):
        raise Fallback
    kept = suppress.apply(str(config.root), shown, [article])  # as a full build's validation leaves them
    warnings = sum(1 for p in kept if p.severity == "warning" and p.code != suppress.UNUSED)
    delta.fresh[name] = article
    delta.digests[name] = source
    # each file as the rules found it: one changed since is checked again by the next build
    delta.named.update((path, memo.stat_as_looked(path, checked.stats)) for path in named)
    delta.naming[name] = named
    chosen = delta.preview or status(article, now) == "published"
    return brief(article, url, chosen, warnings)


def _load(config: Config, name: str) -> tuple[Loaded, bytes]:
    """The file loaded as ``site.load_file`` loads it, and the digest of the bytes it was read from (b"" when
    it could not be read)."""
    loaded, raw = read_and_load(config, Path(name))
    return loaded, b"" if raw is None else digest(raw)


def _feeds(delta: Delta, edited: set[str]) -> None:
    """Each feed left as it was when its articles are, made again otherwise."""
    config, ledger, reuse, limit = delta.config, delta.ledger, delta.reuse, delta.config.feeds.limit
    old = {feed.group: feed for feed in ledger.feeds}
    items = Items(
        config,
        (),
        delta.now,
        full=config.feeds.content == "full",
        preview=delta.preview,
        target=lambda key: target(delta, key),
        links=_links,
        naming=lambda article: naming(delta, article),
    )
    feeds = delta.feeds
    if any(chinese(name) for group in ledger.groups.values() for name in group.names):
        with romanisations(config):  # a Chinese name's slug, without loading pypinyin again
            found = sets(config, ledger)
    else:
        found = sets(config, ledger)
    for group_key, name, folder, group in found:
        if len(group.top) < min(limit, group.size):
            raise Fallback  # more of its newest articles left than the ledger holds
        members = tuple(entry.name for entry in group.top[:limit])
        was = old.get(group_key)
        if was and (was.name, was.folder, was.members) == (name, folder, members) and not edited & set(members):
            feeds.append(was)
            for kept in was.files:
                delta.kept[kept.path] = kept.digest
                reuse.keep(kept.path, kept.key, kept.digest)
                delta.rows.append(Row(was.label, was.kind, was.name, kept.fmt, len(members), kept.path, kept.url))
            continue
        made = [_item(delta, items, name) for name in members]
        kind = group_key[0]
        language = {"site": config.site.language, "language": name}.get(kind) or language_of(
            [item.lang for item in made], config.site.language
        )
        feed = FeedSet(kind, name, folder, language, (), group_key[1])
        outputs = feed_outputs(config, feed, made, delta.preview, reuse)
        delta.made.extend(outputs)
        delta.rows.extend(row_of(o) for o in outputs)
        feeds.append(Pending(feed, outputs, members))
    let_go()


def _item(delta: Delta, items: Items, name: str) -> Item:
    """A feed member's item: made again for an article read now, else the one made before, else made."""
    item = delta.seen.get(name)
    if item is not None:
        return item
    kept = None if name in delta.fresh else delta.ledger.item(name)
    if kept is not None:
        item = kept.item
        items.add(item)
        delta.reuse.add(item, kept.digest)
    else:
        item = items(delta.fresh[name] if name in delta.fresh else delta.article(name))
        delta.items[name] = Made(item, delta.reuse.digest(item))
    delta.seen[name] = item
    return item


def _links() -> dict[str, str]:
    """Every article's links are not at hand: an item that links to another article's file needs a full build."""
    raise Fallback
