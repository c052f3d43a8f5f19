"""Corrections: a posted article whose text changed (title, summary, share override) gets its post edited.

Each posted record keeps the hash of the text posted (``text_sha256``); ``update`` compares it with the
text the article gives now and edits the post where they differ, recording the new hash and the time
(``updated``). An edit says the same thing however often it is sent, so a lost answer is safe to retry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.config import Config
from jiading_cli.content.site import load_file, relative
from jiading_cli.share import records
from jiading_cli.share.lock import site_lock
from jiading_cli.share.outcomes import Row, Target
from jiading_cli.share.payloads import plan_article
from jiading_cli.share.post import Run, Senders, Site, refusal
from jiading_cli.share.request import ShareError, record_through_stop
from jiading_cli.share.standing import Standing

Clock = Callable[[], dt.datetime]


def _edit(
    config: Config, senders: Senders, site: Site, target: Target, network: str, explicit: bool, clock: Clock
) -> Row | str:
    """A row for an edit made or failed, or the reason (counted quietly) no edit was needed."""
    loaded = records.find(target.article.syndication, network)  # as read under the lock: nothing to edit, no more
    if loaded is None or not loaded.posted or not loaded.remote_id:
        return _unedited(loaded)
    found = records.find(records.current(target.path, target.shown), network)
    if found is None or not found.posted or not found.remote_id:
        return _unedited(found)
    if found.remote_id in site.known.shared.get(network, frozenset()):  # an edit would change the other's post too
        detail = (
            f"not updated: its post {found.remote_id} is recorded on another article too, whose post an edit would "
            "change; keep the record on the article the post links, and remove the other (`jiading validate`)"
        )
        return Row(target.shown, network, "failed", detail)
    chosen = senders.registry.get(network)
    assert chosen is not None
    plan = plan_article(config, target.article, clock(), [network], site.versions, senders.registry, site.article_urls)
    if network in plan.problems:
        return Row(target.shown, network, "failed", plan.problems[network])
    text_sha = records.text_hash(plan.texts[network].value)
    if found.text_sha256 == text_sha:
        return "unchanged"
    if found.text_sha256 is None and not explicit:
        return "posted before texts were recorded (name the article to update it)"
    done = chosen.edit(plan.drafts[network], found.remote_id, senders.connections[network])
    if done is None:
        return f"{chosen.label} cannot be edited"
    if done.outcome == "unknown":  # an edit says the same however often it is sent: run again to be sure
        detail = f"{done.message.removesuffix('; the post may have gone out')}; the edit may have been made; run again"
        return Row(target.shown, network, "failed", detail, standing=done.standing, silent=done.silent)
    if done.outcome != "posted":
        detail = f"{done.message}; the post keeps its old text; run again"
        return Row(target.shown, network, "failed", detail, standing=done.standing, silent=done.silent)
    edited = replace(found, text_sha256=text_sha, updated=records.utc(realclock.now()))
    try:
        record_through_stop(lambda: records.update(target.path, records.replacing(network, edited), target.shown))
    except ShareError as exc:  # the post has its new text; only the record of it is missing
        detail = (
            f"{found.url or found.remote_id} has its new text, but the edit could not be recorded ({exc}); "
            "the next `jiading share --update` sends it again"
        )
        return Row(target.shown, network, "failed", detail, found.remote_id, found.url)
    detail = "; ".join([found.url or found.remote_id, *done.notes])
    return Row(target.shown, network, "updated", detail, found.remote_id, found.url)


def _unedited(found: records.Record | None) -> str:
    """Why there is no post to edit: none is recorded, or its record names none (an article adopted without
    ``--remote-id``, a duplicate the network did not name)."""
    if found is not None and found.posted:
        return "recorded without the post's id (give it with --adopt ARTICLE --network NAME --remote-id ID)"
    return "not posted"


def update(
    config: Config,
    senders: Senders,
    site: Site,
    paths: Sequence[Path],
    networks: Sequence[str],
    named: Collection[Path],
    clock: Clock,
) -> Run:
    """Edit each post whose article's text changed since it was posted; record each edit. A refusal of what every
    request of a network carries (its token, a permission, its API version) is said once: that network is sent no
    more edits in the run (:mod:`jiading_cli.share.standing`)."""
    moment, standing = clock(), Standing()
    run = Run(idle="nothing to update")
    with site_lock(config.root, paths):
        for path in paths:
            loaded = load_file(config, path)
            article, shown, explicit = loaded.article, relative(config, path), path in named
            refused = refusal(shown, loaded, moment, site.errors.get(shown, 0), explicit, (config, senders.registry))
            if isinstance(refused, Row):
                run.rows.append(replace(refused, detail=refused.detail.replace("not posted", "not updated")))
                continue
            if refused is not None or article is None:
                run.quiet[refused or "unreadable"] += 1
                continue
            for network in networks:
                if standing.why(network) is not None:
                    run.quiet[standing.skipped(network)] += 1
                    continue
                try:  # one file whose records cannot be read is its row: the other articles' edits go on
                    result = _edit(config, senders, site, Target(path, shown, article), network, explicit, clock)
                except ShareError as exc:
                    result = Row(shown, network, "failed", f"not updated: {str(exc).removeprefix(shown + ': ')}")
                if isinstance(result, Row):
                    run.rows.append(result)
                    standing.heard(network, shown, result.standing, result.silent)
                else:
                    run.quiet[result] += 1
    return run
