"""`share --adopt`, `share --resolve` and `share --check`: records written, and secrets tried, without posting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.share import Clock, Options, Outcome, Selection, checked, dump, run_outcome, select
from jiading_cli.base.printable import printable
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
    from collections import Counter

    if options.remote_id is not None:
        _not_taken(config, registry, chosen, names[0], options.remote_id, chosen.paths[0])
    report = checked(config, clock)()  # an article with errors is refused, as --post refuses it
    errors = Counter(p.path for p in report.problems if p.severity == "error")
    run = adopt(config, registry, chosen.paths, names, chosen.named, clock, options.remote_id, options.url, errors)
    return run_outcome(run, options.as_json, options.shown)


def resolve(config: Config, registry: Registry, options: Options) -> Outcome:
    """Settle a post whose outcome was unknown: it went out (with its remote id), or it did not."""
    from jiading_cli.share.registry import DIGEST
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
    known = (*registry.names(), DIGEST)  # a digest's unknown outcome is settled by hand too (JD184 says how)
    if network not in known:
        raise UsageError(f"--network: expected one of {', '.join(known)}, got {network!r}")
    selection = select(config, [target])
    paths = selection.paths
    if len(paths) != 1:
        raise UsageError(f"--resolve: expected one article, got {len(paths)} for {target!r}")
    if options.remote_id is not None:
        _not_taken(config, registry, selection, network, options.remote_id, paths[0])
    from jiading_cli.content.site import relative

    said = resolve(
        config, paths[0], network, options.remote_id, options.url, options.not_posted, registry, options.shown
    )
    path = relative(config, paths[0])
    if said.startswith(path + ":"):
        said = options.shown(path) + said[len(path) :]
    return Outcome(said + "\n")


def _not_taken(config: Config, registry: Registry, chosen: Selection, network: str, remote_id: str, path: Path) -> None:
    """A post id given by hand that another article's record holds is a usage error naming that article: a post is
    one article's, and recorded on a second, that one's ``--update`` would rewrite the first's post. An id not in
    the network's form is said as such by the command itself."""
    from jiading_cli.content.site import relative
    from jiading_cli.share.readback import known

    given = registry.get(network)
    if given is not None and given.remote_problem(remote_id, config) is not None:
        return
    others = known((), chosen.by_id.values()).others(network, remote_id, relative(config, path))
    if others:
        raise UsageError(
            f"--remote-id: {printable(remote_id)} is recorded as the {network} post of {others[0]}; a post is "
            "one article's: give this article's own post id (or fix the other article's record by hand)"
        )


def check(config: Config, registry: Registry, names: Sequence[str], env: Mapping[str, str], as_json: bool) -> Outcome:
    """`share --check`: each network's secret tried with a read-only call (nothing is posted)."""
    from jiading_cli.share.settings import share
    from jiading_cli.share.transport import Policy

    policy = Policy.from_config(share(config))
    rows = []
    for name in names:
        network = registry.get(name)
        assert network is not None
        try:
            access = network.verify(config, network.connect(config, env, policy))
        except UsageError as exc:
            rows.append({"network": name, "ok": False, "detail": str(exc).removeprefix(f"{name}: ")})
            continue
        rows.append({"network": name, "ok": access.ok, "detail": access.message})
    failed = not all(row["ok"] for row in rows)
    if as_json:
        return Outcome(dump({"ok": not failed, "networks": rows}), failed=failed)
    lines = [
        f"{'ok' if row['ok'] else 'failed':<9}  {row['network']:<8}  {printable(str(row['detail']))}" for row in rows
    ]
    return Outcome("\n".join(lines) + "\n" if lines else "no network to check\n", failed=failed)
