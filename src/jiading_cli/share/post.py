"""Posting, exactly once: lock the site, check each article's records on disk, write an intent, send,
record the outcome. A post whose outcome is unknown keeps its intent until ``resolve`` settles it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.config import Config
from jiading_cli.content.site import load_file, local_date, relative, status, unloaded
from jiading_cli.model.article import Article, Loaded
from jiading_cli.share import duplicates, readback, records
from jiading_cli.share.checks import untrusted_records
from jiading_cli.share.lock import site_lock, still_held
from jiading_cli.share.mail import Mail
from jiading_cli.share.mailsend import Progress, Recorded, resume_problem
from jiading_cli.share.network import Connection, Draft, Lookup, Network, recordable
from jiading_cli.share.outcomes import Row, Target, finish, pending_row
from jiading_cli.share.payloads import Versions, plan_article
from jiading_cli.share.registry import Registry
from jiading_cli.share.request import Delivery, ShareError, record_through_stop, record_undone, undone
from jiading_cli.share.settings import share
from jiading_cli.share.standing import Standing

Clock = Callable[[], dt.datetime]
FAILING = ("failed", "pending", "refused")


@dataclass(slots=True)
class Run:
    rows: list[Row] = field(default_factory=list)
    quiet: Counter[str] = field(default_factory=Counter)
    idle: str = "nothing to post"  # the closing line of a run with no row: what it had nothing to do

    @property
    def failed(self) -> bool:
        return any(row.result in FAILING for row in self.rows)


@dataclass(frozen=True, slots=True)
class Site:
    """What posting needs to know of the whole site, from validating it first."""

    errors: Mapping[str, int]  # validation errors by article path
    versions: Versions  # each article's language versions (``payloads.site_versions``)
    article_urls: Mapping[str, str]  # article files to their public URLs
    known: readback.Known = field(
        default_factory=readback.Known
    )  # what the site accounts for, to place a post read back
    claimed: dict[str, set[str]] = field(default_factory=dict)  # each network's post ids this run recorded

    def taken(self, network: str, remote: str | None, article: Article) -> bool:
        """Whether the post ``remote`` is another article's: recorded on one other than ``article`` when the run
        began, or by this run (each article is posted to a network once a run). A post id names one article's
        post: recorded on a second, that article's edits would change the first's post, and its own would never
        be made."""
        if remote is None:
            return False
        return remote in self.claimed.get(network, set()) or bool(self.known.others(network, remote, article.path))

    def claim(self, network: str, rows: Sequence[Row]) -> None:
        """Keep the post ids ``rows`` recorded, for :meth:`taken`."""
        for row in rows:
            if row.remote_id and row.result in ("posted", "duplicate", "found"):
                self.claimed.setdefault(network, set()).add(row.remote_id)


@dataclass(frozen=True, slots=True)
class Senders:
    """A connection for each network posted to, and the networks themselves."""

    registry: Registry
    connections: Mapping[str, Connection]


def _found(target: Target, network: str, lookup: Lookup, label: str, settled: bool) -> Row:
    """Record a post the network already has: it is not posted again."""
    note = f"found on {label}{f' {lookup.message}' if lookup.message else ''}"
    note += ": the unknown outcome was a post" if settled else " before posting"
    remote, url = lookup.remote_id, lookup.url
    done = records.record(network, target.article.id, "posted", realclock.now(), remote_id=remote, url=url, note=note)
    records.update(target.path, records.replacing(network, done), target.shown)
    return Row(target.shown, network, "found", f"{note}: {url or remote}", remote, url)


def _reconciled(
    config: Config, target: Target, network: Network, draft: Draft, connection: Connection,
    settle: records.Record | None, site: Site,
) -> Row | None:  # fmt: skip
    """Ask the network first: a row when that settles it (found, or no answer), None to go on and post."""
    asked = share(config).reconcile
    lookup = readback.lookup(network, draft, connection, settle) if asked else Lookup("unsupported")
    if lookup.state == "found":
        return _found(target, network.name, lookup, network.label, settle is not None)
    if lookup.state == "unknown" and settle is None:
        detail = f"could not ask {network.label} whether it is posted already ({lookup.message}); nothing was sent"
        return Row(target.shown, network.name, "failed", detail, standing=lookup.standing, silent=lookup.silent)
    if settle is not None and lookup.state != "absent":
        row = replace(pending_row(target.shown, network.name, settle), standing=lookup.standing, silent=lookup.silent)
        return replace(row, detail=f"{row.detail} ({lookup.message})") if lookup.message else row
    ready = readback.settling(settle) if settle is not None else None
    if settle is not None and ready is not None:
        row = pending_row(target.shown, network.name, settle)
        wait = (
            f"{network.label} shows no post of it yet, but the request may still be becoming one: it is looked for "
            f"again from {records.utc(ready)}"
        )
        return replace(row, detail=f"{row.detail} ({wait})")
    found = readback.placed(network, draft, lookup, site.known) if lookup.state == "absent" else None
    if isinstance(found, Lookup):
        return _found(target, network.name, found, network.label, settle is not None)
    if found is not None:
        return Row(target.shown, network.name, "refused", readback.stray_line(network, target.shown, found))
    return None


def deliver(
    config: Config, senders: Senders, site: Site, target: Target, network: str, clock: Clock,
    settle: records.Record | None = None,
) -> list[Row]:  # fmt: skip
    """Post one article to one network: ask whether it is there, intent, request, record.

    ``settle``: the intent of an earlier post whose outcome is unknown; the network's answer settles it. A partial
    record (an email some recipients have) is no unknown outcome: the message goes to the others.
    """
    shown, article = target.shown, target.article
    resumed, settle = (settle, None) if settle is not None and settle.partial else (None, settle)
    moment = clock()  # as of: what is due, and the payload of that moment
    plan = plan_article(config, article, moment, [network], site.versions, senders.registry, site.article_urls)
    if network in plan.problems:
        return [Row(shown, network, "failed", plan.problems[network])]
    chosen = senders.registry.get(network)
    assert chosen is not None
    connection = senders.connections[network]
    early = _reconciled(config, target, chosen, plan.drafts[network], connection, settle, site)
    if early is not None:
        return [early]
    try:
        payload = chosen.prepare(plan.drafts[network], plan.payloads[network], connection)
    except ShareError as exc:
        return [Row(shown, network, "failed", str(exc))]
    sha, link, sent = payload.sha256(), plan.drafts[network].url, realclock.now()
    if connection.mail is not None and isinstance(payload, Mail):  # in as many transactions as the server takes
        if resumed is not None and (problem := resume_problem(resumed, payload)):
            return [Row(shown, network, "failed", problem)]
        progress = Progress([Recorded(target.path, shown, article.id)], network, payload, sha, link)
        delivery = recordable(chosen, config, progress.send(connection.mail, resumed))
        sent, kept = progress.started or sent, progress.kept
    else:
        intent, path = records.record(network, article.id, "intent", sent, sha256=sha, link=link), target.path
        record_through_stop(  # a stop as it is written puts back the record before (none, or an intent settled now)
            lambda: records.update(path, records.replacing(network, intent), shown),
            lambda: records.update(path, records.replacing(network, settle), shown),
        )
        try:
            delivery, kept = recordable(chosen, config, chosen.send(payload, connection)), None
        except KeyboardInterrupt as stop:  # between two tries, nothing in flight: not posted, said as such
            if undone(stop) is not None:
                record_undone(lambda: records.update(target.path, records.replacing(network, None), shown))
            raise
    if delivery.outcome == "duplicate" and delivery.remote_id is None and chosen.reads_duplicates:
        held, draft = partial(site.taken, network, article=article), plan.drafts[network]  # whose, by the records
        delivery = duplicates.settled(chosen, draft, connection, settle, site.known, held, delivery, shown)
    if delivery.outcome in ("posted", "duplicate") and site.taken(network, delivery.remote_id, article):
        delivery = _not_taken(delivery, chosen.label)
    text_sha = records.text_hash(plan.texts[network].value)
    return finish([target], network, delivery, sha, text_sha, sent, link, kept)


def _not_taken(delivery: Delivery, label: str) -> Delivery:
    """An answer naming a post another article's record holds, never recorded on this one: a duplicate is a post
    refused for its text (the network made nothing), a post made answered with that id has an unknown outcome. A
    duplicate is said with the server's own words (``Delivery.said``; a network that gives none, its message)."""
    if delivery.outcome == "duplicate":
        answer = delivery.said or delivery.message
        said = (
            f"{label} refused the post as a duplicate {answer} of {delivery.remote_id}, another article's post by the "
            "records: the two texts are the same; nothing was recorded: give this article a text of its own (a "
            "`share` override) and post again"
        )
        return Delivery("failed", said, tries=delivery.tries, notes=delivery.notes)
    said = f"{label} answered with the post id {delivery.remote_id}, which is another article's post by its records"
    return Delivery("unknown", f"{said}; the post may have gone out", tries=delivery.tries, notes=delivery.notes)


def _article_rows(
    config: Config, senders: Senders, site: Site, target: Target, networks: Sequence[str], clock: Clock,
    standing: Standing,
) -> tuple[list[Row], Counter[str]]:  # fmt: skip
    rows: list[Row] = []
    quiet: Counter[str] = Counter()
    for network in networks:
        found = records.find(target.article.syndication, network)
        if found and found.posted:
            quiet["already posted"] += 1
            continue
        if (why := standing.why(network)) is not None:  # nothing sent: an unfinished post still has its row
            if found is None:
                quiet[standing.skipped(network)] += 1
            elif found.partial:
                rows.append(Row(target.shown, network, "failed", f"sent to its first {found.sent} recipients; {why}"))
            else:
                row = pending_row(target.shown, network, found)
                rows.append(replace(row, detail=f"{row.detail}; {why}"))
            continue
        try:
            new = deliver(config, senders, site, target, network, clock, found)
        except ShareError as exc:
            new = [Row(target.shown, network, "failed", str(exc))]
        site.claim(network, new)
        rows += new
        standing.heard(network, target.shown, any(row.standing for row in new), any(row.silent for row in new))
    return rows, quiet


def refusal(
    shown: str, loaded: Loaded, moment: dt.datetime, errors: int, explicit: bool, checks: tuple[Config, Registry]
) -> Row | str | None:
    """Why an article is not posted: a row to show (a file that gives none, with its first error), a quiet reason
    to count, or None to post it. Its records are checked first, as the file holds them now, under the lock, by the
    check a digest's articles and ``--resolve`` get too (``checks.untrusted_records``: readable, and JD183 with
    ``checks``): another run, a merge or an edit since the site was validated never has records jiading cannot
    trust taken for what was posted, whatever the article is now (a draft too)."""
    article = loaded.article
    if article is None:
        return Row(shown, "-", "refused", f"{unloaded(loaded)}; run `jiading validate {shown}`")
    if (untrusted := untrusted_records(loaded, checks[1], checks[0])) is not None:  # as the file is now
        return Row(shown, "-", "refused", f"not posted: {untrusted} (`jiading validate {shown}`)")
    state = status(article, moment)
    if state != "published":
        if not explicit:
            return state
        why = "a draft" if state == "draft" else f"dated in the future ({article.date.isoformat()})"
        return Row(shown, "-", "refused", f"not posted: it is {why}")
    if errors:
        return Row(shown, "-", "refused", f"not posted: {errors} validation error(s); run `jiading validate {shown}`")
    return None


WHY_LEFT = {
    "draft": "the article is a draft now, and is looked for once it is published again",
    "scheduled": "the article is dated in the future now, and is looked for once it is due",
    "dated before share.since": "the article is dated before share.since, and is looked for when named",
}


def unsettled(shown: str, article: Article, networks: Sequence[str], why: str) -> list[Row]:
    """A ``pending`` row for each network whose post of an article left out now (``why``: a draft, scheduled, dated
    before ``share.since``) has an unknown outcome: the post may be out there whatever the article is now, and the
    article is not looked for until it is due, so the run never says nothing of it, nor exits 0."""
    rows = []
    for network in networks:
        found = records.find(article.syndication, network)
        if found is not None and found.state == "intent":
            row = pending_row(shown, network, found)
            rows.append(replace(row, detail=f"{row.detail} ({WHY_LEFT.get(why, why)})"))
    return rows


def before_since(config: Config, article: Article) -> bool:
    """True for an article dated before ``share.since``: posted only when named."""
    since = share(config).since
    return since is not None and local_date(config, article.date).date() < since


def post(
    config: Config,
    senders: Senders,
    site: Site,
    paths: Sequence[Path],
    networks: Sequence[str],
    named: Collection[Path],
    clock: Clock,
    progress: Callable[[Row], None] = lambda row: None,
) -> Run:
    """Post every selected article to every network it is not yet on. One failure never stops the rest, but a refusal
    of a network's secret sends it nothing more (``standing``). ``named``: the articles named one by one, posted
    whatever their date (``share.since``), refused when drafts."""
    moment, run, standing = clock(), Run(), Standing()
    with site_lock(config.root, paths):
        for index, path in enumerate(paths):
            try:
                still_held()  # the cache folder deleted meanwhile: another run may hold a new lock, and post too
            except ShareError as exc:
                run.rows += [Row(relative(config, rest), "-", "failed", f"not posted: {exc}") for rest in paths[index:]]
                break
            loaded = load_file(config, path)  # fresh, under the lock: another run may have posted
            article, shown, explicit = loaded.article, relative(config, path), path in named
            refused = refusal(shown, loaded, moment, site.errors.get(shown, 0), explicit, (config, senders.registry))
            if isinstance(refused, Row):
                run.rows.append(refused)
                progress(refused)
                continue
            if refused is None and article is not None and not explicit and before_since(config, article):
                refused = "dated before share.since"
            if refused is not None or article is None:
                run.quiet[refused or "unreadable"] += 1
                held = unsettled(shown, article, networks, refused) if article is not None and refused else []
                run.rows += held
                for row in held:
                    progress(row)
                continue
            rows, quiet = _article_rows(config, senders, site, Target(path, shown, article), networks, clock, standing)
            run.quiet.update(quiet)
            for row in rows:
                run.rows.append(row)
                progress(row)
    return run
