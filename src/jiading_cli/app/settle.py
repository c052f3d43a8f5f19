"""`share --adopt` and `share --resolve`: records written without posting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jiading_cli.app.share import Clock, Options, Outcome, Selection, run_outcome, select
from jiading_cli.config import Config
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.share.registry import Registry


def adopt(
    config: Config, registry: Registry, chosen: Selection, names: Sequence[str], options: Options, clock: Clock
) -> Outcome:
    """Record articles as already shared, without sending: onboarding an archive posted by other means."""
    from jiading_cli.share.settle import adopt

    if options.post or options.digest:
        raise UsageError("--adopt records without sending; it does not go with --post or --digest")
    if (options.remote_id or options.url) and (len(chosen.paths) != 1 or len(names) != 1):
        raise UsageError("--adopt --remote-id/--url: expected one ARTICLE and one --network")
    if options.url and not options.remote_id:
        raise UsageError("--url goes with --remote-id")
    run = adopt(config, registry, chosen.paths, names, bool(options.articles), clock, options.remote_id, options.url)
    return run_outcome(run, options.as_json)


def resolve(config: Config, registry: Registry, options: Options, clock: Clock) -> Outcome:
    """Settle a post whose outcome was unknown: it went out (with its remote id), or it did not."""
    from jiading_cli.share.settle import resolve

    target = options.resolve
    assert target is not None
    if options.articles:
        raise UsageError("--resolve takes one ARTICLE as its value; give no other articles")
    if len(options.networks) != 1:
        raise UsageError(f"--resolve: expected exactly one --network ({', '.join(registry.names())})")
    if (options.remote_id is None) == (not options.not_posted):
        raise UsageError("--resolve: expected either --remote-id ID (it went out) or --not-posted (it did not)")
    if options.url and not options.remote_id:
        raise UsageError("--url goes with --remote-id")
    [network] = options.networks
    if network not in registry.names():
        raise UsageError(f"--network: expected one of {', '.join(registry.names())}, got {network!r}")
    paths = select(config, [target]).paths
    if len(paths) != 1:
        raise UsageError(f"--resolve: expected one article, got {len(paths)} for {target!r}")
    said = resolve(config, paths[0], network, options.remote_id, options.url, options.not_posted, clock, registry)
    return Outcome(said + "\n")
