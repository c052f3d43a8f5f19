"""What stands where a file or a folder of jiading's should be is named in one set of words (``base/filekinds.py``),
wherever it stands: a FIFO, a socket or a device where an article, the config, a template, an output folder or a
new site's folder goes is named alike in each command's line, never in words of its own ("a named pipe", "a special
file", "a device" for a character device)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Site
from jiading_cli.base.filekinds import KINDS

OTHER_WORDS = ("named pipe", "special file", "something else", "not a regular file")


def _socket(path: Path) -> None:
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(os.path.relpath(path))  # a short name: a socket's path is at most 107 bytes
    listening.close()


def _device(path: Path) -> None:
    path.symlink_to(os.devnull)


PUT: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "a FIFO": (os.mkfifo, (KINDS[0o010000],)),
    "a socket": (_socket, (KINDS[0o140000],)),
    "a link to a character device": (_device, (KINDS[0o020000], KINDS[0o120000])),  # the device, or the link itself
}
PLACES: dict[str, tuple[str, tuple[str, ...]]] = {
    "an article": ("articles/b.md", ("validate",)),
    "the config": ("c.toml", ("--config", "c.toml", "validate")),
    "a template": ("templates/x.html", ("build",)),
    "a folder of share --out": ("out", ("share", "--out", "out/x")),
    "a folder of build --out": ("pub", ("build", "--out", "pub/x")),
    "the folder of init": ("new", ("init", "new", "--yes", "--title", "T", "--base-url", "https://news.example.com")),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("kind", sorted(PUT))
def test_what_stands_there_is_named_as_every_line_names_it(site: Site, kind: str, place: str) -> None:
    site.article("a.md", slug="a")
    where, command = PLACES[place]
    put, names = PUT[kind]
    (site.root / where).parent.mkdir(parents=True, exist_ok=True)
    put(site.root / where)
    result = site.run(*command)
    assert result.exit_code in (1, 2), result.output
    [line] = [line for line in result.output.splitlines() if line.startswith(("Error:", "articles/"))][:1]
    assert any(name in line for name in names), (line, names)
    assert not any(words in line for words in OTHER_WORDS), line
