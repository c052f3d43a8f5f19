"""Whatever of the articles folder cannot be read — a folder (``JD118``), a file (``JD100``: no permission, not a
regular file, not UTF-8) — is an error of every command that reads the site's articles, said one line each: ``list``
and ``share`` show the rest and exit 1, and ``new-article`` and ``init``, which check the public URLs they would take
against the articles there, write nothing, since an article they cannot read may have one (exit 1). Runs refused by mode
bits are processes whose capabilities to pass over them are dropped (``setpriv``), skipped without it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import tree
from test_unreadable_folders import SETPRIV, article, make_site, modes, run, traceless


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _latin_1(path: Path) -> None:
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")


# Each way a thing of the articles folder cannot be read: what to do to it, and the line it is said in.
KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "JD100 expected a regular file"),
    "latin-1": (_latin_1, "JD100 expected UTF-8 text"),
    "file mode": (lambda path: path.chmod(0), "JD100 cannot read the file: Permission denied"),
    "folder mode": (lambda path: None, "JD118 cannot read the folder: Permission denied"),
}
WHY = {
    "list": "",
    "share": "",
    "new-article": "; an article there may have the new article's public URL (nothing was written)",
    "init": "; an article there may have an example's public URL (nothing was written)",
}
COMMANDS = {
    "list": ["list"],
    "share": ["share"],
    "new-article": ["new-article", "Another day"],
    "init": ["init", ".", "--yes"],
}


def _site(root: Path, spoilt: dict[int, str]) -> Path:
    """A site of three articles, each in its own folder; the ones ``spoilt`` made unreadable in their way."""
    make_site(root)
    for number in range(3):
        path = article(root, f"en/f{number}/a{number}.md", number)
        if number in spoilt:
            KINDS[spoilt[number]][0](path)
    return root


def _said(number: int, kind: str) -> str:
    where = f"articles/en/f{number}" if kind == "folder mode" else f"articles/en/f{number}/a{number}.md"
    return f"Error: {where}: {KINDS[kind][1]}"


def _check(root: Path, spoilt: dict[int, str], command: str) -> None:
    if command == "init":
        (root / "jiading.toml").unlink()
    before = tree(root)
    result = run(root, *COMMANDS[command], dropped=SETPRIV is not None)
    traceless(result)
    assert result.returncode == (1 if spoilt else 0), result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == len(spoilt), result.stderr
    for number, kind in spoilt.items():
        # share names the line of the file's first error, as validate finds it ("a.md: line 2: JD100 ...")
        [line] = [
            line for line in errors if re.sub(r": line \d+: ", ": ", line, count=1).startswith(_said(number, kind))
        ]
        assert line.endswith(WHY[command]) or command in ("list", "share"), line
    if command == "list":
        assert {f"articles/en/f{n}/a{n}.md" for n in range(3) if n not in spoilt} <= set(result.stdout.split())
    elif spoilt:
        after = {name: data for name, data in tree(root).items() if not name.startswith(".jiading-cache/")}
        assert after == before  # nothing written (the cache's stores are no output)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_what_cannot_be_read_is_one_error_line_each_and_exit_1(tmp_path: Path, kind: str, command: str) -> None:
    if "mode" in kind and SETPRIV is None:
        pytest.skip("mode bits stop no process here")
    root = _site(tmp_path, {1: kind})
    with modes((root / "articles/en/f1", 0)) if kind == "folder mode" else modes():  # its mode back after
        _check(root, {1: kind}, command)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    st.dictionaries(st.integers(0, 2), st.sampled_from(["fifo", "latin-1"]), max_size=3),
    st.sampled_from(sorted(COMMANDS)),
)
def test_every_thing_that_cannot_be_read_is_said(spoilt: dict[int, str], command: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _check(_site(Path(folder), spoilt), spoilt, command)
