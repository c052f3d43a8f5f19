"""A cache file whose checksum is right but whose contents are not of the shape its store declares is damaged,
and a damaged store is never used: for every store file a build writes, contents of a wrong shape planted with
a valid CRC leave the build exactly as a build without the cache (same files, exit 0, no traceback)."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import os
import pickle
import re
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import chdir
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from unittest.mock import patch

import pytest
from typer.testing import CliRunner, Result

from conftest import CONFIG, Site, tree
from jiading_cli.incremental import listing
from test_delta import age, edit, write_news

CHECK = 4
Mutant = tuple[str, bytes]


def sealed(data: bytes) -> bytes:
    return data + zlib.crc32(data).to_bytes(CHECK, "big")


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def wrong(value: object) -> object:
    """A value of another shape than ``value``: a dict for a tuple, a str for bytes, and so on."""
    if isinstance(value, dict):
        return ("not", "a dict")
    if isinstance(value, tuple | list | set | frozenset):
        return {"not": "a sequence"}
    if isinstance(value, str):
        return b"not text"
    if isinstance(value, bytes | bytearray | memoryview):
        return "not bytes"
    if isinstance(value, bool | int | float):
        return "0"
    if value is None:
        return {"not": None}
    return "not a record"


def _set(container: Any, step: Any, value: object) -> Any:
    """A copy of ``container`` with ``value`` at ``step`` (an index, a key or a field name)."""
    if isinstance(container, dict):
        return {**container, step: value}
    if isinstance(container, tuple):
        return (*container[:step], value, *container[step + 1 :])
    if isinstance(container, list):
        return [*container[:step], value, *container[step + 1 :]]
    changed = copy.copy(container)
    object.__setattr__(changed, step, value)
    return changed


def _steps(value: Any) -> list[Any]:
    """Where ``value`` holds other values: its indexes, its first keys, or its fields."""
    if isinstance(value, tuple | list):
        return list(range(len(value)))
    if isinstance(value, dict):
        return list(value) if len(value) <= 20 else list(value)[:3]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [field.name for field in dataclasses.fields(value)]
    return []


def wrong_json(value: object) -> object:
    """A JSON value of another shape than ``value``."""
    if isinstance(value, dict):
        return ["not", "an object"]
    if isinstance(value, list):
        return {"not": "a list"}
    return {"not": value} if isinstance(value, str | int | float) else "not null"


def mutants(value: Any, depth: int = 3, other: Callable[[Any], object] = wrong) -> Iterator[tuple[str, Any]]:
    """``value`` with one part of it, down to ``depth`` levels in, replaced by a value of another shape."""
    yield "whole", other(value)
    if depth == 0:
        return
    for number, step in enumerate(_steps(value)):
        inner = value[step] if isinstance(value, tuple | list | dict) else getattr(value, step)
        shown = step if isinstance(step, int | str) and not isinstance(value, dict) else f"#{number}"
        for where, changed in mutants(inner, depth - 1, other):
            yield f"{shown}/{where}", _set(value, step, changed)


def _pickles(data: bytes) -> tuple[list[Any], int]:
    """The pickles one after another at the start of ``data``, and where they end."""
    stream = io.BytesIO(data)
    found = []
    while stream.tell() < len(data) - CHECK:
        found.append(pickle.Unpickler(stream).load())
    return found, stream.tell()


def planted(name: str, data: bytes) -> Iterator[Mutant]:
    """Every store file's contents with one part of a wrong shape, framed and sealed as its store frames them."""
    if name.endswith(".json"):  # no CRC: whatever parses is read
        for where, changed in mutants(json.loads(data), other=wrong_json):
            yield where, json.dumps(changed).encode()
    elif name.startswith("articles-"):  # a key pickle, the entries, their CRC-32
        size = int.from_bytes(data[:4], "big")
        head, entries = data[: 4 + size], pickle.loads(data[4 + size : -CHECK])
        yield "whole", head + sealed(dumps(wrong(entries)))
        # which other files share the shard depends on where the site is: the edited article's entry alone
        (key,) = (key for key in entries if key.endswith("park-4.md"))
        for where, changed in mutants(entries[key]):
            yield f"park-4/{where}", head + sealed(dumps({**entries, key: changed}))
    elif name == "checks.pickle":  # pickles one after another, then the CRC-32 of them all
        values, _ = _pickles(data)
        for index, value in enumerate(values):
            for where, changed in mutants(value):
                yield f"{index}/{where}", sealed(b"".join(dumps(v) for v in _set(values, index, changed)))
    elif name.startswith("ledger-") and data.startswith(b"jiading ledger\n"):  # blobs, the index, its offset
        start = int.from_bytes(data[-8:], "big")
        for where, changed in mutants(pickle.loads(data[start : -8 - CHECK])):
            yield where, data[:start] + sealed(dumps(changed)) + data[-8:]
        yield from _ledger_blobs(data, start)
    else:  # one pickle, then its CRC-32
        for where, changed in mutants(pickle.loads(data[:-CHECK])):
            yield where, sealed(dumps(changed))


def _ledger_blobs(data: bytes, start: int) -> Iterator[Mutant]:
    """The ledger with one of its kept articles or items of a wrong shape: written after the others, indexed."""
    head, values = pickle.loads(data[start : -8 - CHECK])
    kept = sorted(blob for blob in values["index"] if blob[0] in ("article", "item"))
    for number, blob in enumerate(kept):
        at, size = values["index"][blob]
        for where, changed in mutants(pickle.loads(data[at : at + size - CHECK]), depth=1):
            extra = sealed(dumps(changed))
            index = {**values["index"], blob: (start, len(extra))}
            tail = sealed(dumps((head, {**values, "index": index})))
            yield f"{blob[0]}#{number}/{where}", data[:start] + extra + tail + (start + len(extra)).to_bytes(8, "big")


def prepared(root: Path) -> Site:
    """The feeds' tests' site built, then built again after an edit: every store a build keeps is written (the
    ledger's and the page store's changes too)."""
    site = Site(root, CliRunner())
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    write_news(site)
    age(root)
    with patch.object(listing, "RACY_NS", 0):  # the folders' listings kept, though made moments ago
        build(site)
        edit(site, 10, "Jiading opens", "Jiading has opened")
        past = time.time() - 3600
        os.utime(root / "articles/en/park-10.md", (past, past))  # as between two real runs
        build(site)
    return site


def build(site: Site) -> Result:
    result = site.run("build")
    assert result.exit_code == 0, result.output
    return result


SCENARIOS: dict[str, Callable[[Site], object]] = {
    "unchanged": lambda site: None,
    "unchanged, the site's answer gone": lambda site: next((site.root / ".jiading-cache").glob("memo-site-*")).unlink(),
    "edited": lambda site: edit(site, 4, "Jiading opens", "Jiading has opened"),
}


def scenario(name: str) -> str:
    """What is done before the build that finds the planted file: nothing for a stored whole answer (else it is
    not asked for), an edit for the others (so the build is incremental and reads every store)."""
    if name == "memo-feed-build.pickle":
        return "unchanged, the site's answer gone"
    return "unchanged" if name.startswith("memo-") else "edited"


def kind(path: Path) -> str:
    """A store file's name without what names its site or folder (the same in every site)."""
    return re.sub(r"-[0-9a-f]{16}|-[0-9]{2}\.", lambda m: "-*" + m[0][-1:] if m[0].endswith(".") else "-*", path.name)


def store(root: Path, name: str) -> Path:
    """The store file of this kind; of the article store, the shard holding the article the edit changes (the
    others are of the same shape)."""
    found = [path for path in (root / ".jiading-cache").iterdir() if kind(path) == name]
    if name == "articles-*.pickle":
        found = [path for path in found if b"park-4.md" in path.read_bytes()]
    (path,) = found
    return path


PER_STORE = 15  # wrong shapes planted in each kind of store file, spread over all that can be


def cases() -> list[tuple[str, str]]:
    with TemporaryDirectory() as folder, chdir(folder):
        site = prepared(Path(folder))
        kinds = sorted({kind(path) for path in (site.root / ".jiading-cache").iterdir() if path.is_file()})
        found = []
        for name in kinds:
            path = store(site.root, name)
            labels = [where for where, _ in planted(path.name, path.read_bytes())]
            found += [(name, where) for where in labels[:: -(-len(labels) // PER_STORE)]]
        return found


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """What a build writes without any cache, after each scenario."""
    found = {}
    for name, change in SCENARIOS.items():
        root = tmp_path_factory.mktemp("cold")
        with chdir(root):
            site = prepared(root)
            change(site)
            done = site.run("build", env={"JIADING_CACHE": "off"})
            assert done.exit_code == 0, done.output
            found[name] = tree(root / "public")
    return found


CASES = cases()


@pytest.mark.parametrize(
    ("name", "where"),
    [pytest.param(name, where) for name, where in CASES],
    ids=[f"{name}:{where}" for name, where in CASES],
)
def test_a_store_of_the_wrong_shape_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold: dict[str, dict[str, bytes]], name: str, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = prepared(tmp_path)
    path = store(tmp_path, name)
    path.write_bytes(dict(planted(path.name, path.read_bytes()))[where])
    change = scenario(name)
    SCENARIOS[change](site)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert tree(tmp_path / "public") == cold[change]
