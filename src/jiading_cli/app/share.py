"""The `share` use cases: show what would go out, post it once, send a digest, settle an unknown outcome.

Every decision of what to send is made here (which articles, which networks, which go in a digest);
the command line passes its options in and prints the ``Outcome``. Posting validates the site first
and hands the result down, so ``share`` never reaches back up to the use cases; a command validates it
once, however many steps read the report (``Checked``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.share.outcomes import Row
    from jiading_cli.share.post import Run, Senders
    from jiading_cli.share.registry import Registry
    from jiading_cli.validate.report import Report

Clock = Callable[[], dt.datetime]
Checked = Callable[[], "Report"]
"""The site's validation report, made when first asked for and the same report after (``checked``)."""
COMMAND = re.compile(r"`jiading [^`]*`")  # a command a message suggests
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Options:
    """The command's options, as given."""

    articles: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    pending: bool = False
    post: bool = False
    as_json: bool = False
    out: Path | None = None
    digest: bool = False
    since: str | None = None
    resolve: str | None = None
    remote_id: str | None = None
    url: str | None = None
    not_posted: bool = False
    adopt: bool = False
    yes: bool = False
    check: bool = False
    update: bool = False
    stats: bool = False
    as_csv: bool = False
    progress: Progress | None = None
    shown: Callable[[str], str] = str  # a site-relative path as printed (relative to the current folder)


@dataclass(frozen=True, slots=True)
class Complaint:
    """One error line: about the article at ``path`` (site-relative; "" for none), what is wrong."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the command prints: ``output`` as is, each of ``errors`` as an error line; ``failed``: exit 1."""

    output: str
    errors: tuple[Complaint, ...] = ()
    failed: bool = False


@dataclass(frozen=True, slots=True)
class Selection:
    paths: list[Path]
    by_id: dict[str, Article]
    named: frozenset[Path] = frozenset()  # the articles named one by one (a file or an id), not found in a folder


def dump(value: Any) -> str:
    from jiading_cli.base.printable import json_text

    return json_text(value) + "\n"


def checked(config: Config, clock: Clock) -> Checked:
    """The site validated when a step first needs the report, as of then; every later step reads that report."""
    made: list[Report] = []

    def report() -> Report:
        if not made:
            from jiading_cli.app.validate import validate

            made.append(validate(config, clock()))
        return made[0]

    return report


def network_names() -> tuple[str, ...]:
    """The networks ``--network`` accepts: those of the registry."""
    from jiading_cli.share.registry import current

    return current().names()


def select(config: Config, names: Sequence[str]) -> Selection:
    """Paths of the named articles (files, folders or ids), or every article; and every article by id."""
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.content.site import article_files, folder_asked, walked
    from jiading_cli.content.site import named as there

    walk = walked(config)
    if walk.unreadable:  # its articles' ids, URLs and records unknown: nothing is shown or posted (JD118)
        from jiading_cli.app.validate import unfollowed
        from jiading_cli.model.errors import JiadingError

        shut = [p for p in unfollowed(config, walk) if p.severity == "error"]
        raise JiadingError(*(f"{p.path}: {p.code} {p.message}" for p in shut))
    every = [Path(name) for name in walk.names]
    by_id = {item.article.id: item.article for item in load_all(config, every) if item.article}
    if not names:
        return Selection(every, by_id)
    paths: list[Path] = []
    named: set[Path] = set()
    for name in names:
        folder_asked(name)  # 'a.md/' names a folder, as the system reads it, never the file
        if there(name):  # a name no file can have (too long) is none; a look refused is said, never "no such"
            found = article_files(config, [name])
            paths.extend(found)
            if not Path(name).is_dir():  # a folder's articles are found, as the whole site's are: not named
                named.update(found)
        elif name in by_id:
            paths.append(config.root / by_id[name].path)
            named.add(paths[-1])
        else:
            raise UsageError(f"{name}: no such file, folder or article id")
    return Selection(sorted(set(paths), key=lambda p: p.as_posix()), by_id, frozenset(named))


def networks(config: Config, registry: Registry, chosen: Sequence[str]) -> tuple[str, ...]:
    """The networks of this run: those named (each known and configured), else ``share.networks`` or every ready one."""
    from jiading_cli.share.payloads import configured, default_networks

    if not chosen:
        return default_networks(config, registry)
    ready = configured(config, registry)
    for name in chosen:
        if name not in ready:
            known = ", ".join(registry.names())
            raise UsageError(f"--network: expected one of {known}, got {name!r}")
        if ready[name]:
            raise UsageError(f"--network {name}: {ready[name]}")
    return tuple(dict.fromkeys(chosen))


def connect(
    config: Config, registry: Registry, names: Sequence[str], env: Mapping[str, str], progress: Progress | None = None
) -> Senders:
    """A connection for each network, secrets from the environment; a usage error before sending if one is missing.

    ``progress`` hears a line for each request and each wait between tries.
    """
    from jiading_cli.share.post import Senders
    from jiading_cli.share.settings import share
    from jiading_cli.share.transport import Policy

    policy = Policy.from_config(share(config), progress) if progress else Policy.from_config(share(config))
    connections = {}
    for name in names:
        network = registry.get(name)
        assert network is not None
        connections[name] = network.connect(config, env, policy)
    return Senders(registry, connections)


def displayed(row: Row, shown: Callable[[str], str]) -> Row:
    """``row`` as printed: its path, and the path in each command it suggests, relative to the current folder."""
    if not row.path or shown(row.path) == row.path:
        return row
    path = shown(row.path)
    detail = COMMAND.sub(lambda command: command[0].replace(f" {row.path}", f" {path}"), row.detail)
    return replace(row, path=path, detail=detail)


def run_outcome(run: Run, as_json: bool, shown: Callable[[str], str] = str) -> Outcome:
    """The run as JSON (site-relative paths, for programs) or as text (paths as ``shown``)."""
    from jiading_cli.share.show import run_data, run_text

    if as_json:
        return Outcome(dump(run_data(run)), failed=run.failed)
    run.rows[:] = [displayed(row, shown) for row in run.rows]
    return Outcome(run_text(run), failed=run.failed)


def post(
    config: Config,
    registry: Registry,
    chosen: Selection,
    names: Sequence[str],
    options: Options,
    clock: Clock,
    env: Mapping[str, str],
    validated: Checked | None = None,
) -> Outcome:
    """Validate the site (unless ``validated`` has), then post each selected article once to each network (with
    ``update``: edit the posts whose article's text changed)."""
    from collections import Counter

    from jiading_cli.content.markdown import article_links
    from jiading_cli.share.payloads import site_versions
    from jiading_cli.share.post import Site, post
    from jiading_cli.share.readback import known

    senders = connect(config, registry, names, env, None if options.as_json else options.progress)
    report = (validated or checked(config, clock))()
    errors = Counter(p.path for p in report.problems if p.severity == "error")
    urls = article_links(config, report.articles)
    placed = known(urls.values(), report.articles)  # what the site accounts for, to place a post read back
    site = Site(errors, site_versions(report.articles, clock()), urls, placed)
    if options.update:
        from jiading_cli.share.corrections import update

        run = update(config, senders, site, chosen.paths, names, chosen.named, clock)
    else:
        run = post(config, senders, site, chosen.paths, names, chosen.named, clock)
    return run_outcome(run, options.as_json, options.shown)


def _one_action(options: Options) -> None:
    """One thing a run does: two of ``--resolve``, ``--digest``, ``--stats``, ``--check``, ``--adopt``, ``--update`` and
    ``--post`` (save a digest posted) are refused, as are ``--network`` with a digest and ``--csv`` with ``--json``:
    none is left unsaid and unused."""
    named = {
        "--resolve": options.resolve is not None, "--digest": options.digest, "--stats": options.stats,
        "--check": options.check, "--adopt": options.adopt, "--update": options.update,
        "--post": options.post and not options.digest,
    }  # fmt: skip
    given = [name for name, on in named.items() if on]
    if len(given) > 1:
        raise UsageError(f"{given[0]} and {given[1]} do not go together; run one at a time")
    if options.digest and options.networks:
        raise UsageError("--network does not go with --digest: a digest is one email, to email.to")
    if options.as_csv and options.as_json:
        raise UsageError("--csv and --json do not go together; choose one")


FEW = 3  # posts ``--post`` sends without asking, on a terminal, unless every article is named one by one

Confirm = Callable[[str], bool]


def _confirmed(
    config: Config, registry: Registry, chosen: Selection, names: Sequence[str], options: Options, now: dt.datetime,
    confirm: Confirm | None, report: Checked,
) -> bool:  # fmt: skip
    """True unless a person at a terminal, shown more than a few posts about to go out, says no."""
    if confirm is None or options.yes or (options.articles and set(chosen.paths) <= chosen.named):
        return True  # every article named one by one: what goes out is what was asked for
    from jiading_cli.app.dryrun import plans

    preview = plans(config, registry, chosen, names, replace(options, pending=True), now, report)
    lines = [f"  {name:<8}  {options.shown(plan.article.path)}" for plan in preview.plans for name in plan.payloads]
    if len(lines) <= FEW:
        return True
    question = "\n".join(["about to post:", *lines, f"post these {len(lines)}? (--yes skips this question)"])
    return confirm(question)


def share(
    config: Config, options: Options, clock: Clock, env: Mapping[str, str], confirm: Confirm | None = None
) -> Outcome:
    """The `share` command: one of resolve, digest, adopt, post or dry run, as the options say.

    ``confirm`` asks a person (on a terminal) before ``--post`` sends more than a few posts unasked.
    """
    from jiading_cli.share.registry import current

    registry = current()
    _one_action(options)
    if options.out is not None:  # its files never among the site's own, as a build's
        from jiading_cli.feeds.folder import check_apart

        check_apart(config, options.out, f"--out: {options.out}", "share --out", "share-out")
    if options.resolve is not None:
        from jiading_cli.app.settle import resolve

        return resolve(config, registry, options)
    if options.not_posted or ((options.remote_id or options.url) and not options.adopt):
        raise UsageError(
            "--remote-id, --url and --not-posted go with --resolve ARTICLE (--remote-id and --url also with --adopt)"
        )
    if options.since and not options.digest:
        raise UsageError("--since goes with --digest")
    # The networks named are checked before any article is read: a usage error does no work first.
    names = () if options.digest else networks(config, registry, options.networks)
    chosen = select(config, options.articles)
    if options.digest:
        from jiading_cli.app.digest import digest

        return digest(config, registry, chosen, options, clock, env)
    if options.stats:
        from jiading_cli.app.reach import stats

        fmt = "json" if options.as_json else "csv" if options.as_csv else "text"
        return stats(config, registry, chosen, names, env, fmt)
    if options.as_csv:
        raise UsageError("--csv goes with --stats")
    if options.check:
        from jiading_cli.app.settle import check

        return check(config, registry, names, env, options.as_json)
    if options.adopt:
        from jiading_cli.app.settle import adopt

        return adopt(config, registry, chosen, names, options, clock)
    if options.update:
        return post(config, registry, chosen, names, options, clock, env)
    if options.post:
        report = checked(config, clock)  # the question and the posts read one report
        if not _confirmed(config, registry, chosen, names, options, clock(), confirm, report):
            return Outcome("nothing posted\n", failed=True)
        return post(config, registry, chosen, names, options, clock, env, report)
    from jiading_cli.app.dryrun import dry_run

    return dry_run(config, registry, chosen, names, options, clock())
