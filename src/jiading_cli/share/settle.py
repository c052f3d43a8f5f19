"""Records settled without posting: an unknown outcome resolved by hand, an archive adopted as already shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.base.printable import quoted
from jiading_cli.config import Config
from jiading_cli.content.site import load_file, relative, unloaded
from jiading_cli.model.errors import UsageError
from jiading_cli.share import records
from jiading_cli.share.checks import untrusted_records
from jiading_cli.share.lock import site_lock
from jiading_cli.share.network import Network
from jiading_cli.share.outcomes import Row, Target, next_post, pending_row
from jiading_cli.share.post import Run, refusal
from jiading_cli.share.recordforms import url_problem
from jiading_cli.share.registry import Registry
from jiading_cli.share.request import ShareError

Clock = Callable[[], dt.datetime]


def resolve(
    config: Config,
    path: Path,
    network: str,
    remote_id: str | None,
    url: str | None,
    not_posted: bool,
    registry: Registry,
    display: Callable[[str], str] = str,
) -> str:
    """Settle a post whose outcome was unknown: it went out (with its remote id), or it did not. The article is read
    under the lock, and settled only when its records can be trusted (JD183): of two records of the network that a
    merge left, one posted, the other an intent, settling the intent would drop the record of the post with it.

    ``display`` turns the site-relative path into the one printed (relative to the current folder).
    """
    shown, here = relative(config, path), display(relative(config, path))
    with site_lock(config.root, [path]):
        loaded = load_file(config, path)
        if loaded.article is None:  # a file of the site that gives no article, as --post refuses it: exit 1
            raise ShareError(f"{here}: {unloaded(loaded)}; run `jiading validate {here}`")
        article = loaded.article
        if (untrusted := untrusted_records(loaded, registry, config)) is not None:  # as --post checks it
            raise ShareError(f"{here}: not resolved: {untrusted} (`jiading validate {here}`), then run again")
        found = records.find(article.syndication, network)
        if not_posted:
            if not found or found.state != "intent":
                raise UsageError(f"{here}: no pending {network} post to resolve")
            records.update(path, records.replacing(network, _partial(found, article.id, found.sent)), shown)
            if found.sent:
                return f"{shown}: {network}: {_rest(found.sent, network)}"
            return f"{shown}: {network}: recorded as not posted; the next {next_post(network)} posts it"
        assert remote_id is not None
        if found and found.posted:  # the same post again (a run stopped as it recorded it, say): nothing to do
            if found.remote_id != remote_id:
                raise UsageError(
                    f"{here}: {network}: already recorded as posted ({found.remote_id}), not as {quoted(remote_id)}; "
                    "edit its record by hand to change it"
                )
            if url not in (None, found.url):
                raise UsageError(
                    f"{here}: {network}: already recorded as posted ({remote_id}) at {found.url}, not at "
                    f"{quoted(url)}; edit its record by hand to change it"
                )
            return f"{shown}: {network}: already recorded as posted ({remote_id}); nothing to do"
        chosen = registry.get(network)
        _given(chosen, remote_id, url, config)
        if found and found.state == "intent" and found.sending:  # that transaction went: its recipients have it
            records.update(path, records.replacing(network, _partial(found, article.id, found.sending)), shown)
            return f"{shown}: {network}: {_rest(found.sending, network)}"
        if url is None and chosen is not None:
            url = chosen.post_url(remote_id)
        sha = found.sha256 if found else None
        done = records.record(
            network, article.id, "posted", realclock.now(),
            remote_id=remote_id, url=url, sha256=sha, note="resolved by hand",
        )  # fmt: skip
        records.update(path, records.replacing(network, done), shown)
        return f"{shown}: {network}: recorded as posted ({remote_id})"


def _partial(found: records.Record, article: str, sent: int | None) -> records.Record | None:
    """The record of an email whose first ``sent`` recipients have it (none: no record)."""
    if not sent:
        return None
    return records.record(
        found.network, article, "partial", realclock.now(), remote_id=found.remote_id, sent=sent, sha256=found.sha256,
        note="resolved by hand",
    )  # fmt: skip


def _rest(sent: int, network: str) -> str:
    return f"recorded as sent to its first {sent} recipients; the next {next_post(network)} sends it to the rest"


ADOPTED = "adopted: shared before jiading kept a record"


def _given(chosen: Network | None, remote_id: str | None, url: str | None, config: Config) -> None:
    """A post's id and URL given by hand, refused (a usage error) unless in the forms the network gives them."""
    problem = chosen.remote_problem(remote_id, config) if chosen is not None and remote_id is not None else None
    if problem is not None:
        raise UsageError(f"--remote-id: {problem}")
    why = None if url is None else url_problem(url)
    if url is not None and why is not None:
        raise UsageError(f"--url: expected the post's http:// or https:// URL, got {quoted(url)} ({why})")


def _adopt_one(target: Target, network: str, remote_id: str | None, url: str | None, registry: Registry) -> Row | None:
    found = records.find(records.current(target.path, target.shown), network)
    if found and found.posted and (found.remote_id or not remote_id):
        return None
    if found and found.partial:  # known, not unknown: the message went to some of its recipients, and goes to the rest
        detail = (
            f"not adopted: its message went to the first {found.sent} of its recipients, and the next "
            f"{next_post(network)} sends it to the rest; `jiading share --resolve {target.shown} --network {network} "
            "--remote-id ID` records it as sent to all"
        )
        return Row(target.shown, network, "failed", detail, found.remote_id)
    if found and not found.posted:
        return pending_row(target.shown, network, found)
    chosen = registry.get(network)
    if remote_id and url is None and chosen is not None:
        url = chosen.post_url(remote_id)
    if found:  # recorded as shared without its id: the id given now names the post, so that it can be edited
        done = replace(found, remote_id=remote_id, url=url)
    else:
        done = records.record(
            network, target.article.id, "posted", realclock.now(), remote_id=remote_id, url=url, note=ADOPTED
        )
    records.update(target.path, records.replacing(network, done), target.shown)
    return Row(target.shown, network, "adopted", url or remote_id or "recorded as shared", remote_id, url)


def adopt(
    config: Config,
    registry: Registry,
    paths: Sequence[Path],
    networks: Sequence[str],
    named: Collection[Path],
    clock: Clock,
    remote_id: str | None = None,
    url: str | None = None,
    errors: Mapping[str, int] | None = None,
) -> Run:
    """Record published articles as already shared on ``networks``, sending nothing (an archive, onboarded). An
    article with validation ``errors`` (by path) is refused, as ``--post`` refuses it: its id may be another's."""
    for network in networks if remote_id is not None or url is not None else ():
        _given(registry.get(network), remote_id, url, config)
    moment = clock()
    run = Run(idle="nothing to adopt")
    with site_lock(config.root, paths):
        for path in paths:
            loaded = load_file(config, path)
            article, shown, explicit = loaded.article, relative(config, path), path in named
            refused = refusal(shown, loaded, moment, (errors or {}).get(shown, 0), explicit, (config, registry))
            if isinstance(refused, Row):
                run.rows.append(replace(refused, detail=refused.detail.replace("not posted", "not adopted")))
                continue
            if refused is not None or article is None:
                run.quiet[refused or "unreadable"] += 1
                continue
            for network in networks:
                try:  # one file whose records cannot be read or written is its row: the archive's others go on
                    row = _adopt_one(Target(path, shown, article), network, remote_id, url, registry)
                except ShareError as exc:
                    row = Row(shown, network, "failed", f"not adopted: {str(exc).removeprefix(shown + ': ')}")
                if row is None:
                    run.quiet["already recorded"] += 1
                else:
                    run.rows.append(row)
    return run
