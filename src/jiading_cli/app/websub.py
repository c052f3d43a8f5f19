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

Each feed owed has a mark, a new one each time a build records it (never one it had before, even once it was no longer
owed): a ping the hub accepts settles the feed only while its mark is the one the ping was sent for, so a build that
changes the feed again while it is being pinged (the hub may have fetched the old one) leaves it owed. Every change to
the record is made under the lock of the cache folder (``flock``, released by the kernel however the holder ends), held
only while it is read and written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
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


def _read(root: Path) -> dict[str, str]:
    """Each feed URL owed a ping, with its mark (none when the record is not there, not one jiading wrote, or
    reached through a link)."""
    from jiading_cli.base import files, jsontext

    path = root / RECORD
    if files.linked_on_the_way(root / CACHE, path) is not None or path.is_symlink():
        return {}
    try:
        data = files.read_own(path)
        found = jsontext.loads(data) if data is not None else None  # never the decoder's recursion
    except (OSError, ValueError):
        return {}
    urls = found.get("owed") if isinstance(found, dict) and found.get("format") == FORMAT else None
    marks = found.get("marks") if isinstance(found, dict) else None
    marks = marks if isinstance(marks, dict) else {}
    owing = [url for url in urls if isinstance(url, str)] if isinstance(urls, list) else []
    return {url: mark if isinstance(mark := marks.get(url), str) else "" for url in owing}


def owed(root: Path) -> list[str]:
    """The feed URLs owed a ping (see :func:`_read`)."""
    return list(_read(root))


def _linked(root: Path) -> str | None:
    """The line saying a symbolic link is where the cache folder or the record goes, else None."""
    from jiading_cli.base import files

    path = root / RECORD
    linked = files.linked_on_the_way(root / CACHE, path) or (path if path.is_symlink() else None)
    if linked is None:
        return None
    found = os.path.relpath(linked, root)
    return f"{found}: cannot record the feeds owed a WebSub ping: a symbolic link is there; remove it"


Change = Callable[[dict[str, str]], dict[str, str]]


def _update(root: Path, change: Change) -> tuple[dict[str, str], str | None]:
    """Under the cache folder's lock, record what ``change`` makes of what is owed; what is owed then, and the line
    saying why it could not be recorded, else None."""
    from jiading_cli.base import files
    from jiading_cli.base.folderlock import locked

    linked = _linked(root)
    if linked is not None:
        return {}, linked
    path = root / RECORD
    try:
        if not os.path.lexists(root / CACHE) and not change({}):
            return {}, None  # nothing owed, nothing made
        with locked(root / CACHE):
            before = _read(root)
            after = change(dict(before))
            if after != before or (after and not os.path.lexists(path)):
                data = {"format": FORMAT, "owed": sorted(after), "marks": dict(sorted(after.items()))}
                text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
                files.write_atomic(path, text.encode("utf-8"), mode=0o644)
    except OSError as exc:
        return {}, f"{RECORD}: cannot record the feeds owed a WebSub ping: {exc.strerror or exc}"
    return after, None


def owe(config: Config, made: Sequence[str], changing: Sequence[str]) -> None:
    """Before a build's files go in place: record the feeds it is about to change (``changing``, their URLs) as
    owed a ping, each with a new mark, beside those owed already that it still makes (``made``: every feed URL of
    its table). Nothing is recorded for a site without a hub; JiadingError when it cannot be, so that the build puts
    nothing in place."""
    if not config.feeds.websub_hub:
        return
    kept, mark = set(made), os.urandom(8).hex()  # this build's: no earlier ping was sent for it

    def change(marks: dict[str, str]) -> dict[str, str]:
        return {url: n for url, n in marks.items() if url in kept} | dict.fromkeys(changing, mark)

    failed = _update(config.root, change)[1]
    if failed is not None:
        raise JiadingError(f"{failed}; nothing was written")


def _settle(root: Path, asked: Mapping[str, str], accepted: set[str]) -> str | None:
    """Once the hub answered the pings sent for ``asked`` (each URL with its mark then): each it accepted is
    owed no more, unless a build recorded it again since; each it did not stays owed (unless a build since no
    longer makes it, or the cache was deleted)."""

    def change(marks: dict[str, str]) -> dict[str, str]:
        return {url: n for url, n in marks.items() if url not in accepted or n != asked.get(url)}

    return _update(root, change)[1]


def _ask(config: Config, hub: str, asked: Mapping[str, str], result: Announced) -> None:
    """Ping ``hub`` for each feed of ``asked``, and settle what it accepted."""
    from jiading_cli.feeds.ping import ping as publish

    result.pings = publish(hub, list(asked), config.feeds.ping_timeout)
    accepted = {p.url for p in result.pings if p.ok}
    if accepted:
        result.unrecorded += filter(None, [_settle(config.root, asked, accepted)])
    result.unrecorded = list(dict.fromkeys(result.unrecorded))


def ping_owed(config: Config) -> Announced | None:
    """`feed ping`: ping the site's hub for every feed owed one, building nothing; None when the site has no hub."""
    hub = config.feeds.websub_hub
    if not hub:
        return None
    asked = _read(config.root)
    result = Announced(unrecorded=list(filter(None, [_linked(config.root)])))  # what is owed cannot be read so
    if asked:
        _ask(config, hub, asked, result)
    return result


def announce(config: Config, rows: Sequence[Mapping[str, Any]]) -> Announced:
    """Ping the site's hub for each feed of ``rows`` (a build's table, its files in place) that changed in this
    build or is owed from an earlier one; keep what the hub did not accept as owed."""
    hub = config.feeds.websub_hub
    if not hub:
        return Announced()
    made = {str(r["url"]) for r in rows}
    changed = [str(r["url"]) for r in rows if r["status"] != "unchanged"]

    mark = os.urandom(8).hex()

    def change(marks: dict[str, str]) -> dict[str, str]:  # recorded before asking: a run stopped meanwhile asks again
        return {url: n for url, n in marks.items() if url in made} | {u: marks.get(u, mark) for u in changed}

    now, failed = _update(config.root, change)
    result = Announced(unrecorded=list(filter(None, [failed])))
    asked = now if failed is None else dict.fromkeys([*changed, *(u for u in owed(config.root) if u in made)], mark)
    if asked:
        _ask(config, hub, asked, result)
    return result
