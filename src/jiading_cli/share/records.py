"""The ``syndication`` field: reading records and rewriting only that field of an article file.

A record is a mapping: ``network``, ``article`` (id), ``state`` (``intent`` before a request, ``posted`` after,
``partial`` for an email that went to some of its recipients), ``remote_id``, ``url``, ``link`` (in an intent: the
article's URL the post links, so that a post made before the URL changed is still found), ``time`` (UTC, ISO 8601),
``sent`` and ``sending`` (an email sent in several SMTP transactions: how many recipients of its envelope, in
order, have it, and up to which one the transaction under way goes), ``sha256`` (of the bytes sent),
``text_sha256`` (of the text posted, to see when it changes), ``updated`` (when the post was last edited) and
sometimes ``note``. Every other byte of the file is kept: the new file is the old one with the field's lines
replaced (or appended to the front matter), checked by loading it again, then written to a temporary file and
renamed into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jiading_cli.base import files, stops, tempnames
from jiading_cli.content.linestarts import bom_stand_in, stood_in
from jiading_cli.model.article import EARLIEST, LATEST
from jiading_cli.model.errors import writing
from jiading_cli.share.lock import holds
from jiading_cli.share.request import ShareError

FIELD = "syndication"
STATES = ("intent", "posted", "partial")
ORDER: tuple[str, ...] = ("network", "article", "state", "remote_id", "url", "link", "time", "sent", "sending")
ORDER += ("sha256", "text_sha256", "updated", "note")
BOM = "\ufeff"
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]  # same interface, slower

Records = list[dict[str, Any]]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"  # %Y: year 999 as '999'


@dataclass(frozen=True, slots=True)
class Record:
    """One network's record of one article: ``intent`` before the request, ``posted`` once it is known; ``partial``
    for an email whose first ``sent`` recipients have it (the rest do not), and an intent of one whose transaction
    under way goes to those after ``sent`` up to ``sending`` (all of them when not said)."""

    network: str
    article: str
    state: str
    time: str = ""
    remote_id: str | None = None
    url: str | None = None
    sha256: str | None = None
    text_sha256: str | None = None
    updated: str | None = None
    note: str | None = None
    link: str | None = None  # in an intent: the article's URL the post links
    sent: int | None = None  # an email's recipients, in order, that have it (or refused it for good)
    sending: int | None = None  # in an intent: the end of the recipients its transaction went to

    @property
    def posted(self) -> bool:
        return self.state == "posted"

    @property
    def partial(self) -> bool:
        """An email that went to its first ``sent`` recipients and is known not to have gone to the rest."""
        return self.state == "partial"

    def started(self) -> dt.datetime | None:
        """When the record was written, as its ``time`` says, read only in the form jiading writes
        (:func:`instant`); None for any other, which the record's check (JD183) refuses before a post is settled."""
        return instant(self.time)

    def mapping(self) -> dict[str, Any]:
        """As written in the file: keys in the documented order, empty values left out."""
        values = {name: getattr(self, name) for name in ORDER}
        return {name: value for name, value in values.items() if value not in (None, "")}

    @classmethod
    def read(cls, item: Mapping[str, Any]) -> Record:
        def text(name: str) -> str | None:
            value = item.get(name)  # a time without quotes is YAML's timestamp: its text is none jiading writes
            return None if value is None else str(value)

        def count(name: str) -> int | None:
            value = item.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return cls(
            str(item.get("network", "")), str(item.get("article", "")), str(item.get("state", "")),
            text("time") or "", text("remote_id"), text("url"), text("sha256"), text("text_sha256"),
            text("updated"), text("note"), text("link"), count("sent"), count("sending"),
        )  # fmt: skip


STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")  # as :func:`utc` writes a time


def instant(text: str) -> dt.datetime | None:
    """The instant a record's time names, read only in the form jiading writes (``2026-11-27T04:00:00Z``: UTC, to
    the second), or None: another form (an offset, a space for the ``T``, no ``Z``, a date alone) may have been
    written by a hand that meant another instant, and a time misread as long over would settle a request that may
    still be becoming a post; none, too, outside the years an article's date may have (2 to 9998)."""
    if not STAMP.fullmatch(text):
        return None
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:  # no such day or hour: 2026-02-30, 25:00
        return None
    return moment if EARLIEST <= moment <= LATEST else None


def record(network: str, article_id: str, state: str, moment: dt.datetime, **extra: Any) -> Record:
    """A new record, stamped with ``moment`` in UTC."""
    return Record(network, article_id, state, utc(moment), **extra)


def find(records: Any, network: str) -> Record | None:
    """The record for ``network`` (the last one, should there be several)."""
    found = None
    for item in records or ():
        if isinstance(item, dict) and item.get("network") == network:
            found = item
    return None if found is None else Record.read(found)


def _dump(records: Records, newline: str) -> str:
    """The records as YAML lines: letters as written, unless a value would not read back as itself (PyYAML writes
    NEL, U+0085, as it is, and reads it back as a space): then every character beyond ASCII is escaped."""
    if not records:
        return ""
    whole = {FIELD: records}
    text = yaml.safe_dump(whole, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    if yaml.load(text, Loader=SafeLoader) != whole:
        text = yaml.safe_dump(whole, allow_unicode=False, sort_keys=False, default_flow_style=False, width=4096)
    return text.replace("\n", newline)


def _last_end(node: yaml.Node) -> int:
    """Index just after the last character a value occupies (not the comments or blank lines after it)."""
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def _doubled(node: yaml.MappingNode) -> bool:
    """Whether a record of the field holds a key twice (YAML keeps the last, and a rewrite would drop the first)."""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == FIELD and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    keys = [k.value for k, _ in item.value if isinstance(k, yaml.ScalarNode)]
                    if len(keys) != len(set(keys)):
                        return True
    return False


def _span(front: str, node: yaml.MappingNode, where: str) -> tuple[int, int] | None:
    """(start, end) of the field's lines in the front matter, or None when there is no such field."""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == FIELD:
            start = int(key.start_mark.index)
            if key.start_mark.column != 0:
                raise ShareError(f"{where}: {FIELD}: expected the field at the start of a line, to rewrite it")
            end = _last_end(value)
            if end > 0 and front[end - 1] == "\n":
                return start, end
            newline = front.find("\n", end)
            return start, len(front) if newline < 0 else newline + 1
    return None


def edit(raw: bytes, change: Callable[[Records], Records], where: str) -> tuple[bytes, Records]:
    """The file's new bytes with ``change`` applied to its records, and the new records. A front matter with a YAML
    alias is never built or compared (ten levels of ten aliases are 10^10 values to compare, and one inside its own
    anchor has no end): one line, the file as it was, as ``jiading validate`` refuses it (JD114)."""
    try:
        return _edit(raw, change, where)
    except RecursionError:  # nested past what the parser itself can follow
        raise ShareError(
            f"{where}: expected the front matter nested as jiading validate allows; file left as it was"
        ) from None


ALIASED = (
    "expected the front matter written out, found a YAML alias (*name) (JD114: run jiading validate); "
    "file left as it was"
)


def _aliased(node: yaml.Node) -> bool:
    """Whether a value of the composed front matter is an alias of another (PyYAML gives an alias the very node its
    anchor names): one walk over the nodes, each met once."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            return True
        seen.add(id(item))
        if isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                stack += (key, value)
    return False


def _edit(raw: bytes, change: Callable[[Records], Records], where: str) -> tuple[bytes, Records]:
    try:
        whole = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareError(f"{where}: expected UTF-8 text") from None
    bom = BOM if whole.startswith(BOM) else ""
    text = whole[len(bom) :]
    opening = re.match(r"---[ \t]*\r?\n", text)
    closing = CLOSING.search(text, opening.end()) if opening else None
    if not opening or not closing:
        raise ShareError(f"{where}: expected front matter between '---' lines")
    newline = "\r\n" if opening.group().endswith("\r\n") else "\n"
    front = text[opening.end() : closing.start()]
    mark = bom_stand_in(text)  # read as the loader reads it: a U+FEFF at a line's start is no byte-order mark
    try:
        node = yaml.compose(stood_in(front, mark), Loader=SafeLoader)
        if node is not None and _aliased(node):
            raise ShareError(f"{where}: {ALIASED}")
        old = yaml.load(stood_in(front, mark), Loader=SafeLoader)
    except yaml.YAMLError as exc:
        raise ShareError(f"{where}: front matter is not valid YAML ({_said(exc)})") from None
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not isinstance(old, dict):
        raise ShareError(f"{where}: expected the front matter to be a block mapping of field: value")
    current = old.get(FIELD) or []
    if not isinstance(current, list):
        raise ShareError(f"{where}: {FIELD}: expected a list of records written by `jiading share`")
    strays = [item for item in current if not isinstance(item, dict)]  # an empty item (None) too
    if strays or _doubled(node):  # rewritten, such an item or key would be lost without a word
        found = f"an item {strays[0]!r}" if strays else "a key given twice in a record"
        raise ShareError(
            f"{where}: {FIELD}: expected records written by `jiading share`, a mapping each, found {found}; "
            "fix it by hand (jiading validate), file left as it was"
        )
    records = change([_restored(item, mark) for item in current])
    block = _dump(records, newline)
    span = _span(front, node, where)
    if span:
        new_front = front[: span[0]] + block + front[span[1] :]
    else:
        glue = newline if front and not front.endswith("\n") else ""
        new_front = front + glue + block
    new_text = bom + text[: opening.end()] + new_front + text[closing.start() :]
    try:
        check = yaml.load(stood_in(new_front, mark), Loader=SafeLoader)
    except yaml.YAMLError:  # an alias elsewhere of an anchor inside the records: it would name nothing now
        check = None
    others = {k: v for k, v in old.items() if k != FIELD}
    if not isinstance(check, dict) or {k: v for k, v in check.items() if k != FIELD} != others:
        raise ShareError(f"{where}: could not rewrite {FIELD} without changing other fields; file left as it was")
    if [_restored(item, mark) if isinstance(item, dict) else item for item in check.get(FIELD) or []] != records:
        raise ShareError(f"{where}: could not write {FIELD}; file left as it was")
    return new_text.encode("utf-8"), records


def _restored(item: dict[Any, Any], mark: str | None) -> dict[Any, Any]:
    """A record as the file holds it: each text read with ``mark`` for U+FEFF
    (:func:`jiading_cli.content.linestarts.stood_in`) given its U+FEFF back."""
    if mark is None:
        return dict(item)
    return {k: v.replace(mark, "\ufeff") if isinstance(v, str) else v for k, v in item.items()}


def _said(exc: yaml.YAMLError) -> str:
    """What YAML found wrong, on one line, with the file's line (the front matter starts on its second)."""
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} on line {mark.line + 2}" if mark is not None else str(problem)


TRIES = 5  # times a record is written again over an article that an editor keeps saving meanwhile


@stops.whole  # a stop between staging the new bytes and taking charge of them would leave them
def update(path: Path, change: Callable[[Records], Records], where: str) -> Records:
    """Apply ``change`` to the file's records on disk, keeping every other byte.

    The new bytes are staged (written and synced) first; an edit saved meanwhile, which the rename would undo,
    is seen just before it, and the record is written again over the edited file. An article file reached by a
    symbolic link (the walk follows one to a file) is written where the link leads: the link stays a link, and
    the file it shares gets the record."""
    for _ in range(TRIES):
        real = Path(os.path.realpath(path))  # taken again each time: the link may be changed meanwhile
        holds(os.fspath(real), where)
        raw = _read(real, where)
        data, records = edit(raw, change, where)
        if data == raw:
            return records
        with writing(where, ShareError):  # the file is as it was: the record is not kept
            tempnames.remove_leftovers_of(
                real
            )  # under the site's share lock: a temporary file beside it is a killed run's
            staged = files.stage(real, data, durable=True, mode=_mode(real))
            try:
                kept = _read(real, where) == raw  # else edited while the new bytes were staged: again, over the edit
            except BaseException:
                staged.unlink(missing_ok=True)
                raise
            if kept:
                files.commit(staged, real, durable=True)
                return records
            staged.unlink(missing_ok=True)
    raise ShareError(f"{where}: the file kept changing while its {FIELD} record was written; file left as it was")


def _read(path: Path, where: str) -> bytes:
    """The article file's bytes as every command reads an article (``read_file``): a file replaced since it was
    loaded by one past the size of any article, or by a FIFO, is named, never read whole or waited on."""
    from jiading_cli.content.source import Unreadable, read_file

    try:
        return read_file(path).data
    except Unreadable as exc:
        raise ShareError(f"{where}: cannot read: {exc}") from None


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o644


def replacing(network: str, new: Record | None) -> Callable[[Records], Records]:
    """A change that drops ``network``'s records and, unless ``new`` is None, appends ``new``.

    ``new`` takes on each key of the record it replaces that jiading does not write (one a newer version of jiading
    added, or a person), with its value as it was: a record is rewritten over years, by the versions of jiading a
    site goes through, and one that knows fewer keys never drops another's."""

    def change(records: Records) -> Records:
        kept = [r for r in records if r.get("network") != network]
        if new is None:
            return kept
        old = [r for r in records if r.get("network") == network]
        return [*kept, {**new.mapping(), **unknown(old[-1] if old else {})}]

    return change


def unknown(item: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of a record that jiading does not write, with their values, in their order."""
    return {key: value for key, value in item.items() if key not in ORDER}


def current(path: Path, where: str) -> Records:
    """The records on disk now (not as loaded earlier): read under the lock before each post."""
    seen: Records = []

    def keep(records: Records) -> Records:
        seen.extend(records)
        return records

    edit(_read(path, where), keep, where)
    return seen
