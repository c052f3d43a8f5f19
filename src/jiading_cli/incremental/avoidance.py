"""Build avoidance: when nothing a whole-site run reads has changed, reuse its last answer.

What a run of ``validate`` or ``feed build`` reads, and so what its stored answer is keyed by:

- jiading's code, the Python version and the libraries that shape output;
- the bytes of ``jiading.toml`` and the command's options;
- every article file's path, size, mtime, ctime and inode;
- every local file an article names (images, linked files): the same stat, or that it is missing;
- the clock, only through which articles are scheduled and the rules that look at the moment
  (``validate.moment``: an article's date, its last edit): an answer holds while no such moment of
  any article lies between the time it was made and now;
- for ``feed build``, the feed files it wrote: each must still have the size and mtime it left.

Anything else means a full run. An answer is not stored while any of these files changed less
than two seconds before (a file rewritten within one tick of the file system's clock keeps its
mtime); the feed files are exempt, since jiading itself has just written them. The store is
replaced whole by rename, so a reader never sees half of one.

A run's :class:`Memo` is made by :meth:`.api.SiteCache.answers`, before the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from array import array
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config
from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import UNREADABLE, dumps, opened, safe_loads, sealed
from jiading_cli.incremental.shapes import fits

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

FORMAT = 4  # 3: the stats of the files named and written in one array; 4: and how many were named
MISSING = (-1, -1, -1, -1)  # the stat of a file that is not there
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int] | None  # size, mtime_ns, ctime_ns, inode; None: missing
Span = tuple[dt.datetime | None, dt.datetime | None]  # the newest article date at or before a run, the oldest after
# A stored answer: (key, the newest non-draft date at or before the run, the oldest after it, the files named and
# the outputs (their paths joined by NUL), their stats (four numbers each, as the bytes of an array), payload, how
# many of the files were named). The payload's shape is its command's (``Memo.recall``).
ANSWER = tuple[bytes, dt.datetime | None, dt.datetime | None, str, bytes, Any, int]


@dataclass(frozen=True)
class Inputs:
    """The state of what a run reads, taken before the run."""

    key: bytes
    newest_ns: int  # latest mtime among the files read
    lines: tuple[str, ...] = ()  # each article file's path and stat, as fingerprinted
    mtimes: tuple[int, ...] = ()  # each article file's mtime_ns (0: missing), beside ``lines``


def stat(path: str) -> Stat:
    try:
        info = os.stat(path)  # a string, not a Path: this runs for every article file
    except (OSError, ValueError):  # ValueError: a name no file can have (a NUL in it)
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def inputs(
    config: Config,
    command: str,
    options: Sequence[object],
    paths: Iterable[str | Path],
    seen: dict[str, tuple[str, int]] | None = None,
) -> Inputs:
    """Fingerprint the config, the options and every article file, as they are now.

    ``seen``: each file's stat line and mtime (0: missing) as this run took them before it began, by path; each
    path not in it is added (a run that fingerprints the same files twice looks at each once).
    """
    seen = {} if seen is None else seen
    digest = hashlib.blake2b(keys.environment(), digest_size=20)
    digest.update(os.fsencode(f"\0{FORMAT}\0{command}\0{options!r}\0{config.path}\0"))
    digest.update(keys.settings(config))
    newest = 0
    with suppress(OSError):
        newest = os.stat(config.path).st_mtime_ns  # changed since it was read: later still, so no answer is kept
    lines: list[str] = []
    mtimes: list[int] = []
    for path in paths:
        name = os.fspath(path)
        known = seen.get(name)
        if known is None:
            found = stat(name)
            known = seen[name] = (f"\0{name}\0{found}", found[1] if found else 0)
        lines.append(known[0])
        mtimes.append(known[1])
    digest.update("".join(lines).encode("utf-8", "surrogateescape"))  # as one update per line would make it
    return Inputs(digest.digest(), max(newest, max(mtimes, default=0)), tuple(lines), tuple(mtimes))


def stored(config: Config, command: str) -> tuple[Any, ...] | None:
    """The stored answer of ``command``, when there is a whole one."""
    try:
        answer: tuple[Any, ...] = safe_loads(opened(keys.read_store(_file(config, command))), ANSWER)
    except UNREADABLE:
        return None
    return answer


def outputs_as_left(answer: tuple[Any, ...] | None) -> dict[str, tuple[int, int, int, int]]:
    """The stat (size, mtime, ctime, inode) of each file a stored answer's run wrote that is as it left it (with
    the stat it had once written). Whatever the run read may have changed since."""
    if answer is None:
        return {}
    names, stats, named = answer[3], answer[4], answer[6]
    outputs = _split(names)[named:]
    now, was = _stats(outputs), array("q")
    was.frombytes(stats[named * 4 * now.itemsize :])
    if len(was) != len(now):
        return {}
    four_now = zip(*(now[k::4] for k in range(4)), strict=True)  # each file's stat, as a tuple
    found = dict(zip(outputs, four_now, strict=True))
    if now != was:  # a file changed since: only the others are as left
        four_was = zip(*(was[k::4] for k in range(4)), strict=True)
        for (path, one), other in zip(list(found.items()), four_was, strict=True):
            if one != other:
                del found[path]
    return found


def _file(config: Config, command: str) -> Path:
    return keys.folder(config) / f"memo-{command}.pickle"


def recall(answer: tuple[Any, ...] | None, state: Inputs, now: dt.datetime, shape: object = Any) -> Any:
    """A stored answer's payload when everything it was made from is unchanged; else None. A payload not of
    ``shape`` (its command's) is damaged: None too."""
    if answer is None or answer[0] != state.key:
        return None
    _, since, until, names, stats, payload, _ = answer  # see ANSWER
    if (since is not None and now < since) or (until is not None and now >= until):
        return None
    if _stats(_split(names)).tobytes() != stats or not fits(payload, shape):
        return None
    return payload


def stat_as_looked(path: str, looked: Mapping[str, Stat] | None) -> Stat:
    """``path``'s stat as taken before (``looked``, by path; None: nothing was there), else as it is now."""
    return looked[path] if looked and path in looked else stat(path)


def _stats(paths: Iterable[str], known: Mapping[str, Stat] | None = None) -> array[int]:
    """Each file's :func:`stat`, one after the other (``MISSING`` for a file that is not there); ``known``: the
    stats of files taken before, used as they are (:func:`stat_as_looked`)."""
    flat = array("q")
    for path in paths:
        found = stat_as_looked(path, known)
        flat.extend(MISSING if found is None else found)
    return flat


def _split(names: str) -> list[str]:
    return names.split("\0") if names else []


def outside(span: Span, now: dt.datetime) -> bool:
    """Whether ``now`` lies past either end of a :func:`window`: what was found of its articles may have turned (a
    scheduled article's time came), so an answer found inside it is no answer now (``serve`` rebuilds)."""
    past, future = span
    return (future is not None and now >= future) or (past is not None and now < past)


def window(articles: Iterable[Article], now: dt.datetime) -> Span:
    """The span around ``now`` in which what a run finds of ``articles`` stays the same: which are published
    (not scheduled), and the answer of every rule that looks at the moment (``validate.moment.turns``)."""
    from jiading_cli.validate.moment import turns

    dates = [moment for article in articles for moment in turns(article)]
    past = [d for d in dates if d <= now]
    future = [d for d in dates if d > now]
    return (max(past) if past else None, min(future) if future else None)


def remember(
    config: Config,
    command: str,
    state: Inputs,
    now: dt.datetime,
    span: Span,
    references: Iterable[str],
    outputs: Iterable[str],
    payload: Any,
    known: Mapping[str, Stat] | None = None,
    looked: Mapping[str, Stat] | None = None,
) -> None:
    """Store an answer, unless a file it was made from changed too recently to be told apart by stat.

    ``span``: the :func:`window` of the articles the answer was made from. ``known``: the stat of each output
    (by full path) as the run put it in place or found it as it should be, taken then; ``looked``: the stat of
    each reference as the rules looked at it (``validate.probe``); the others are looked at now. A file is not
    looked at again after the run's own look: one changed since by another hand has another stat than the one
    stored, which the next run finds (and then checks it, or makes its files, anew).
    """
    limit = time.time_ns() - RACY_NS
    refs = sorted(set(references))
    stats = array("q") if state.newest_ns >= limit else _stats(refs, looked)  # an article changed just now: none
    if state.newest_ns >= limit or any(mtime >= limit for mtime in stats[1::4]):  # a missing file's is -1
        keys.remove_store(_file(config, command))
        return
    names = [*refs, *outputs]
    stats.extend(_stats(names[len(refs) :], known))
    since, until = span
    answer = (state.key, since, until, "\0".join(names), stats.tobytes(), payload, len(refs))
    with suppress(OSError):
        keys.write_atomic(_file(config, command), sealed(dumps(answer)))


@dataclass
class Memo:
    """Build avoidance for one run of a command: its inputs, taken before the run."""

    config: Config
    command: str
    state: Inputs
    answer: tuple[Any, ...] | None = field(default=None, init=False, repr=False)  # the stored one, once read
    looked: bool = field(default=False, init=False, repr=False)

    def _stored(self) -> tuple[Any, ...] | None:
        if not self.looked:
            self.answer, self.looked = stored(self.config, self.command), True
        return self.answer

    def recall(self, now: dt.datetime, shape: object = Any) -> Any:
        """The stored answer's payload, when it holds and is of ``shape`` (see :func:`recall`); else None."""
        return recall(self._stored(), self.state, now, shape)

    def outputs_as_left(self) -> dict[str, tuple[int, int, int, int]]:
        """The files the last stored answer's run wrote that are as it left them (:func:`outputs_as_left`)."""
        return outputs_as_left(self._stored())

    def remember(
        self,
        now: dt.datetime,
        span: Span,
        references: Iterable[str],
        outputs: Iterable[str],
        payload: Any,
        placed: Mapping[str, Stat] | None = None,
        looked: Mapping[str, Stat] | None = None,
    ) -> None:
        """Store the answer (:func:`remember`, ``placed`` its ``known``)."""
        remember(self.config, self.command, self.state, now, span, references, outputs, payload, placed, looked)
