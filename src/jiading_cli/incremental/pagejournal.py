"""The page store on disk: a base written whole now and then, and beside it the changes since.

A store of a large site holds tens of thousands of entries (a page's key and stat, what pages showed of an
article, an article's fact); writing them all again after a build that changed a few costs more than that
build. So a build that read only what changed writes only the changes since the base
(``pages-<folder>.changes.pickle``, replaced whole each time, holding every change since the base), and a new
base is written after a full build, or once the changes pass ``CHANGES_MAX``. The changes file names the base
it applies to (a random id written into both): changes written against another base, or a damaged file, are
not used, and the next build finds the base alone (whose facts then tell it to read more, or make a full build).
Both files are sealed by a CRC-32 and replaced by rename.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jiading_cli.incremental import keys as cache
from jiading_cli.incremental.pickles import UNREADABLE, dumps, opened, safe_loads, sealed

FORMAT = 9  # 6: where the files articles name lead; 7: a fact's dates as datetimes; 8: the named files' stats;
# 9: a page's ctime and inode beside its size and mtime
CHANGES_MAX = 5_000  # changes kept beside a base, at most; past that a new base is written
PARTS = ("entries", "views", "digests", "facts", "resolved", "named")


# What the store's files hold, as ``pickles.safe_loads`` checks it: the format, the salt and the base's id, each
# part by key, and the site's shape. A fact is checked as a tuple here, and field by field where
# ``pagedelta`` decodes it (checking 10,000 of them here would cost more than loading them). A changes file holds
# None for a key removed.
_ENTRY = tuple[str, str, int, int, int, int]  # key, digest, size, mtime_ns, ctime_ns, inode
_VIEW = tuple[str | None, ...]
_FACT = tuple[Any, ...]
_LEADS = tuple[str, str] | None  # where a file an article names leads (None: nowhere)
_SHAPE = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
_STAT = tuple[int, int, int, int] | tuple[()]  # a file an article names, as the rules found it (``()``: not there)
BASE = tuple[
    int, str, str, dict[str, _ENTRY], dict[bytes, _VIEW], dict[bytes, bytes], dict[str, _FACT],
    dict[tuple[str, str], _LEADS], dict[str, _STAT], _SHAPE,
]  # fmt: skip
CHANGES = tuple[
    int, str, str, dict[str, _ENTRY | None], dict[bytes, _VIEW | None], dict[bytes, bytes | None],
    dict[str, _FACT | None], dict[tuple[str, str], _LEADS | tuple[()]], dict[str, _STAT | None], _SHAPE,
]  # fmt: skip
NOWHERE = ()  # in a changes file's ``resolved``: a reference that leads nowhere (None there is a key removed)


@dataclass
class State:
    """Everything the store holds, as dictionaries by key, and the shape of the site last built."""

    entries: dict[str, Any] = field(default_factory=dict)
    views: dict[bytes, Any] = field(default_factory=dict)
    digests: dict[bytes, bytes] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    resolved: dict[Any, Any] = field(default_factory=dict)
    named: dict[str, Any] = field(default_factory=dict)
    shape: tuple[Any, ...] = ("", (), ())


Changes = dict[str, dict[Any, Any]]  # part -> key -> its value, or None once removed
V = TypeVar("V")


class Journal:
    """One output folder's store: :meth:`load` the base with its changes applied, :meth:`save` a build's state."""

    def __init__(self, base: Path, salt: str) -> None:
        self.base = base
        self.changes = base.with_name(base.name.removesuffix(".pickle") + ".changes.pickle")
        self.salt = salt
        self.base_id = ""  # of the base loaded ("": none)
        self.pending: Changes = {part: {} for part in PARTS}  # the changes file's, applied to the base

    def load(self) -> State:
        """The base with its changes applied (empty when there is no usable base)."""
        base = _read(self.base, self.salt, BASE)
        if base is None:
            return State()
        self.base_id, found = base
        changes = _read(self.changes, self.salt, CHANGES)
        if changes is not None and changes[0] == self.base_id:
            self.pending = {part: dict(getattr(changes[1], part)) for part in PARTS}
            _apply(found, changes[1])
        return found

    def save(self, state: State, changes: Changes | None = None) -> None:
        """Write ``state``: as the ``changes`` this build made to what was loaded (each part's keys added or changed,
        with their values, and removed, with None), joined to those found beside the base; or, without
        ``changes`` (or without a base, or once they grow past ``CHANGES_MAX``), as a new base."""
        if changes is not None and self.base_id:
            merged: Changes = {part: {**self.pending[part], **changes.get(part, {})} for part in PARTS}
            if sum(len(part) for part in merged.values()) <= CHANGES_MAX:
                kept = _state([merged[part] for part in PARTS], state.shape)
                _write(self.changes, sealed(dumps((FORMAT, self.salt, self.base_id, *_parts(kept)))))
                return
        made = os.urandom(8).hex()
        _write(self.base, sealed(dumps((FORMAT, self.salt, made, *_parts(state)))))
        cache.remove_store(self.changes)  # written against the old base: never applied to the new one


def diff(old: Mapping[Any, Any], new: Mapping[Any, Any], identical: bool = False) -> dict[Any, Any]:
    """What changed from ``old`` to ``new``: each key added or changed with its value (``identical``: a value kept
    is the very one of ``old``; else values are compared), each key gone with None. Values are never None, so a
    key missing from ``old`` reads as changed (one pass in C, by the ten thousand)."""
    if identical:
        found = {key: value for key, value in new.items() if old.get(key) is not value}
    else:
        found = {key: value for key, value in new.items() if old.get(key) != value}
    found.update((key, None) for key in old.keys() - new.keys())
    return found


class Noted(dict[bytes, V]):
    """A dict that notes every key set or deleted in it since it was made (``noted``): the views, which the pages
    change in place by a few keys, their changes then those keys alone. Only ``[key] = `` and ``del`` are noted:
    a view follows from its key (``pages.reuse.Inputs.view``), so a change missed only leaves a view unused, or
    makes one again, never a wrong one."""

    __slots__ = ("noted",)

    def __init__(self, found: Mapping[bytes, V]) -> None:
        super().__init__(found)
        self.noted: set[bytes] = set()

    def __setitem__(self, key: bytes, value: V) -> None:
        self.noted.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: bytes) -> None:
        self.noted.add(key)
        super().__delitem__(key)

    def changes(self) -> dict[bytes, V | None]:
        """Each key noted, with its value now (None once deleted)."""
        return {key: self.get(key) for key in self.noted}


def diff_leads(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> dict[Any, Any]:
    """As :func:`diff`, for where the files the articles name lead, whose value None (a reference that leads
    nowhere) a changes file holds as :data:`NOWHERE`, since None there is a key removed."""
    missing = object()
    found = {key: NOWHERE if value is None else value for key, value in new.items() if old.get(key, missing) != value}
    found.update((key, None) for key in old.keys() - new.keys())
    return found


def _apply(state: State, changes: State) -> None:
    for part in PARTS:
        target: dict[Any, Any] = getattr(state, part)
        leads = part == "resolved"
        for key, value in getattr(changes, part).items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = None if leads and value == NOWHERE else value
    state.shape = changes.shape


def _state(parts: list[dict[Any, Any]], shape: tuple[Any, ...]) -> State:
    entries, views, digests, facts, resolved, named = parts
    return State(entries, views, digests, facts, resolved, named, shape)


def _parts(state: State) -> tuple[Any, ...]:
    """The parts as written: each a plain dict (a :class:`Noted` one copied, since only plain ones are read back)."""
    parts = (getattr(state, part) for part in PARTS)
    return (*(part if type(part) is dict else dict(part) for part in parts), state.shape)


def _read(path: Path, salt: str, shape: object) -> tuple[str, State] | None:
    """A file's base id and state, when it is whole, of ``shape`` (``BASE`` or ``CHANGES``) and of this format and
    salt; else None."""
    try:
        found = safe_loads(opened(cache.read_store(path)), shape)
    except UNREADABLE:
        return None
    if found[:2] != (FORMAT, salt):
        return None
    made, *parts, site = found[2:]
    return made, _state(parts, site)


def _write(path: Path, data: bytes) -> None:
    with suppress(OSError):
        cache.write_atomic(path, data)
