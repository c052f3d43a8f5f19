"""`--ping` of `feed build` and `build`: the feeds the site's WebSub hub is owed a ping for, and the pings.

A feed is owed a ping from the build that changed it until the hub accepts one for it: what is owed is kept in
``.jiading-cache/websub-owed.json``, written once the build's files are in place and again once the hub has
answered, so a refused or unreachable hub, or a run stopped before it asked, is asked again by every later
``--ping`` run, one answered by build avoidance too. A feed no longer made is no longer owed. The record is kept
as the share lock is: never through a symbolic link where the cache folder or the record goes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config

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


def _record(root: Path, urls: Sequence[str]) -> str | None:
    """Keep ``urls`` as what is owed; the line saying why it could not be kept, else None."""
    from jiading_cli.base import files

    path = root / RECORD
    linked = files.linked_on_the_way(root / CACHE, path) or (path if path.is_symlink() else None)
    if linked is not None:
        found = os.path.relpath(linked, root)
        return f"{found}: cannot record the feeds owed a WebSub ping: a symbolic link is there; remove it"
    data = json.dumps({"format": FORMAT, "owed": sorted(set(urls))}, ensure_ascii=False, indent=1) + "\n"
    try:
        if not urls and not os.path.lexists(path):
            return None
        files.make_folders(path.parent)
        files.write_atomic(path, data.encode("utf-8"), mode=0o644)
    except OSError as exc:
        return f"{RECORD}: cannot record the feeds owed a WebSub ping: {exc.strerror or exc}"
    return None


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
        result.unrecorded += filter(None, [_record(root, [url for url in due if url not in accepted])])
    result.unrecorded = list(dict.fromkeys(result.unrecorded))
    return result
