"""Reach: how each recorded post did, read back from its network (reactions, comments, shares)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jiading_cli.config import Config
from jiading_cli.content.site import load_file, relative, unloaded
from jiading_cli.share import records
from jiading_cli.share.checks import record_problems, unread_records
from jiading_cli.share.network import Connection, Reach
from jiading_cli.share.registry import Registry
from jiading_cli.share.standing import Standing


@dataclass(frozen=True, slots=True)
class Figures:
    """One post's figures; ``problem`` when the network could not be read."""

    path: str
    network: str
    remote_id: str
    url: str | None
    reactions: int | None
    comments: int | None
    shares: int | None
    problem: str = ""


def figures(
    config: Config,
    registry: Registry,
    paths: Sequence[Path],
    names: Sequence[str],
    connect: Callable[[str], Connection],
) -> list[Figures]:
    """The figures of every recorded post of the articles at ``paths`` on ``names``, in path order.

    ``connect`` opens a network's connection (its secret from the environment), once, when first needed. A refusal
    of what every request of a network carries (its token, a permission, its API version) is read once: the
    network's posts after it are not asked for, each saying why (:mod:`jiading_cli.share.standing`); so is a network
    that gave no answer in time.
    """
    opened: dict[str, Connection] = {}
    standing = Standing()

    def connection(name: str) -> Connection:
        if name not in opened:
            opened[name] = connect(name)
        return opened[name]

    found = []
    for path in paths:
        loaded = load_file(config, path)
        article = loaded.article
        if article is None:  # its records unknown: said, never passed over as an article with no post
            said = f"{unloaded(loaded)}; run jiading validate"
            found.append(Figures(relative(config, path), "-", "", None, None, None, None, said))
            continue
        if (unread := unread_records(loaded)) is not None:  # never taken for an article with no post
            found.append(Figures(relative(config, path), "-", "", None, None, None, None, f"not read: {unread}"))
            continue
        untrusted = record_problems(article, registry, config)
        for name in names:
            record = records.find(article.syndication, name)
            network = registry.get(name)
            if network is None or record is None or not record.posted or not record.remote_id:
                continue
            if untrusted:  # a record of another article, or an id read wrong: no request names it
                said = f"not read: its records have {len(untrusted)} error(s) (JD183; run jiading validate)"
                found.append(Figures(relative(config, path), name, str(record.remote_id), None, None, None, None, said))
                continue
            shown = relative(config, path)
            why = standing.why(name, "read")
            reach = Reach(problem=why) if why else network.reach(config, record.remote_id, partial(connection, name))
            if reach is None:
                continue
            standing.heard(name, shown, reach.standing, reach.silent)
            counts = (reach.reactions, reach.comments, reach.shares, reach.problem)
            found.append(Figures(shown, name, record.remote_id, web_link(record.url), *counts))
    return found


def web_link(url: str | None) -> str | None:
    """A record's ``url`` when it is a link a page may carry (http or https, one token of printable ASCII); else
    None. A record is a file anyone may edit: a ``javascript:`` URL there would run on the preview's page."""
    if not url or any(ch <= " " or ch >= "\x7f" for ch in url):
        return None
    scheme, colon, rest = url.partition(":")
    return url if colon and scheme.lower() in ("http", "https") and rest.startswith("//") else None
