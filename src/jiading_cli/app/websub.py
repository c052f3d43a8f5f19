"""`feed ping`, and `--ping` of `feed build` and `build`: the feeds the site's WebSub hub is owed a ping for,
and the pings.

A feed is owed a ping from the build that changed it until the hub accepts one for it: what is owed is kept in
``.jiading-cache/websub-owed.json``. Every build of a site with a hub (not a preview) records there the feeds it is
about to change, before any of its files goes in place (:func:`owe`), so that no stop between the two loses one:
a feed recorded that then did not change (the build failed after) costs one harmless ping more. The record is
written again once the hub has answered, keeping what it did not accept, so a refused or unreachable hub, or a
run stopped before it asked, is asked again by every later ping, from ``--ping`` (one answered by build avoidance
too) or from ``feed ping``. A feed no longer made is no longer owed. The record is kept as the share lock is:
never through a symbolic link where the cache folder or the record goes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config
from jiading_cli.model.errors import JiadingError

if TYPE_CHECKING:
    from jiading_cli.feeds.ping import Ping

CACHE = ".jiading-cache"
RECORD = Path(CACHE) / "websub-owed.json"
FORMAT = 1


@dataclass
class Announced:
    """The pings of one run, and why what is still owed could not be recorded (one line each)."""

    pings: list[Ping] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)


def owed(root: Path) -> list[str]:
    """The feed URLs the last ``--ping`` runs left owed (none when the record is not there, not one jiading wrote,
    or reached through a link)."""
    from jiading_cli.base import files, jsontext

    path = root / RECORD
    if files.linked_on_the_way(root / CACHE, path) is not None or path.is_symlink():
        return []
    try:
        data = files.read_regular(path)
        found = jsontext.loads(data) if data is not None else None  # never the decoder's recursion
    except (OSError, ValueError):
        return []
    urls = found.get("owed") if isinstance(found, dict) and found.get("format") == FORMAT else None
    return [url for url in urls if isinstance(url, str)] if isinstance(urls, list) else []


def _linked(root: Path) -> str | None:
    """The line saying a symbolic link is where the cache folder or the record goes, else None."""
    from jiading_cli.base import files

    path = root / RECORD
    linked = files.linked_on_the_way(root / CACHE, path) or (path if path.is_symlink() else None)
    if linked is None:
        return None
    found = os.path.relpath(linked, root)
    return f"{found}: cannot record the feeds owed a WebSub ping: a symbolic link is there; remove it"


def _record(root: Path, urls: Sequence[str]) -> str | None:
    """Keep ``urls`` as what is owed; the line saying why it could not be kept, else None."""
    from jiading_cli.base import files

    path = root / RECORD
    linked = _linked(root)
    if linked is not None:
        return linked
    data = json.dumps({"format": FORMAT, "owed": sorted(set(urls))}, ensure_ascii=False, indent=1) + "\n"
    try:
        if not urls and not os.path.lexists(path):
            return None
        files.make_folders(path.parent)
        files.write_atomic(path, data.encode("utf-8"), mode=0o644)
    except OSError as exc:
        return f"{RECORD}: cannot record the feeds owed a WebSub ping: {exc.strerror or exc}"
    return None


def owe(config: Config, made: Sequence[str], changing: Sequence[str]) -> None:
    """Before a build's files go in place: record the feeds it is about to change (``changing``, their URLs) as
    owed a ping, beside those owed already that it still makes (``made``: every feed URL of its table). Nothing is
    recorded for a site without a hub; JiadingError when it cannot be, so that the build puts nothing in place."""
    if not config.feeds.websub_hub:
        return
    before = owed(config.root)
    kept = set(made)
    urls = [url for url in before if url in kept] + list(changing)
    if set(urls) == set(before):
        return
    failed = _record(config.root, urls)
    if failed is not None:
        raise JiadingError(f"{failed}; nothing was written")


def _settled(root: Path, asked: Sequence[str], accepted: set[str]) -> list[str]:
    """What stays owed once the hub accepted ``accepted`` of ``asked``: each feed still owed that it did not
    accept (read again: one a build recorded meanwhile stays)."""
    now = owed(root)
    return [url for url in now if url not in accepted] if now else [u for u in asked if u not in accepted]


def ping_owed(config: Config) -> Announced | None:
    """`feed ping`: ping the site's hub for every feed owed one, building nothing; None when the site has no hub."""
    from jiading_cli.feeds.ping import ping as publish

    hub = config.feeds.websub_hub
    if not hub:
        return None
    root = config.root
    due = owed(root)
    result = Announced(unrecorded=list(filter(None, [_linked(root)])))  # what is owed cannot be read through it
    if not due:
        return result
    result.pings = publish(hub, due, config.feeds.ping_timeout)
    accepted = {p.url for p in result.pings if p.ok}
    if accepted:
        result.unrecorded += filter(None, [_record(root, _settled(root, due, accepted))])
    return result


def announce(config: Config, rows: Sequence[Mapping[str, Any]]) -> Announced:
    """Ping the site's hub for each feed of ``rows`` (a build's table, its files in place) that changed in this
    build or is owed from an earlier one; keep what the hub did not accept as owed."""
    from jiading_cli.feeds.ping import ping as publish

    hub = config.feeds.websub_hub
    if not hub:
        return Announced()
    root = config.root
    before = set(owed(root))
    due = [str(r["url"]) for r in rows if r["status"] != "unchanged" or str(r["url"]) in before]
    due = list(dict.fromkeys(due))
    made = {str(r["url"]) for r in rows}
    result = Announced()
    if before - made or due:  # recorded before asking: a run stopped meanwhile leaves them owed
        result.unrecorded += filter(None, [_record(root, due)])
    if not due:
        return result
    result.pings = publish(hub, due, config.feeds.ping_timeout)
    accepted = {p.url for p in result.pings if p.ok}
    if accepted:
        result.unrecorded += filter(None, [_record(root, _settled(root, due, accepted))])
    result.unrecorded = list(dict.fromkeys(result.unrecorded))
    return result
