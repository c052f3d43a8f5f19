"""A look at, or a write in, the cache or the output folder that the disk refuses (an I/O error, a full disk) at any
moment of a build: drawn, the nth call of one of the system's file functions on a path there fails. The build
ends with its own lines and exit 0 or 1, never a traceback, and the next build writes what a build without any
cache writes into an empty folder."""

from __future__ import annotations

import errno
import os
import shutil
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, tree
from jiading_cli.cli import app

ARTICLE = "---\nid: urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}\ntitle: Article {n}\n"
ARTICLE += "date: 2017-07-0{day}T18:00:00+08:00\nsummary: Summary of article number {n}.\n---\nBody {n}, edit {k}.\n"
FUNCTIONS = ("stat", "lstat", "open", "scandir", "replace", "rename", "link", "mkdir", "unlink", "rmdir")
PLACES = (".jiading-cache", "public")


def _write(root: Path, n: int, k: int) -> None:
    (root / "articles" / f"a{n}.md").write_text(ARTICLE.format(n=n, day=1 + n % 8, k=k), encoding="utf-8")


def _run(root: Path, cache: str = "on") -> Any:
    return CliRunner().invoke(app, ["--config", str(root), "build"], env={"JIADING_NOW": NOW, "JIADING_CACHE": cache})


def _failing(real: Callable[..., Any], root: Path, nth: int, code: int) -> Callable[..., Any]:
    """``real``, whose ``nth`` call on a path in the cache or the output folder fails with ``code``."""
    places = tuple(os.fspath(root / place) for place in PLACES)
    calls = [0]

    def call(*args: Any, **kwargs: Any) -> Any:
        path = args[0] if args else None
        if isinstance(path, str | bytes | os.PathLike) and os.fsdecode(path).startswith(places):
            calls[0] += 1
            if calls[0] == nth:
                raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real(*args, **kwargs)

    return call


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("io-errors") / "site"
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(3):
        _write(root, n, 0)
    assert _run(root).exit_code == 0
    return root


@settings(max_examples=40)
@given(function=st.sampled_from(FUNCTIONS), nth=st.integers(1, 60), code=st.sampled_from([errno.EIO, errno.ENOSPC]))
@example(function="lstat", nth=2, code=errno.EIO)  # the look at what stands where the cache goes
def test_a_refused_look_or_write_in_the_cache_or_the_output_is_one_line_and_the_next_build_a_cold_ones(
    built: Path,
    tmp_path_factory: pytest.TempPathFactory,
    function: str,
    nth: int,
    code: int,
) -> None:
    root = built
    _write(root, nth % 4, time.time_ns())  # an edit (or an added article) for the build to make
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(os, function, _failing(getattr(os, function), root, nth, code))
        result = _run(root)
    assert result.exit_code in (0, 1), result.output
    failure = result.exception
    assert failure is None or isinstance(failure, SystemExit), "".join(traceback.format_exception(failure))
    assert all(line.startswith(("Error:", "Warning:")) for line in result.stderr.splitlines()), result.stderr
    assert _run(root).exit_code == 0
    cold = tmp_path_factory.mktemp("cold")
    shutil.copy(root / "jiading.toml", cold)
    shutil.copytree(root / "articles", cold / "articles")
    assert _run(cold, cache="off").exit_code == 0
    assert tree(root / "public") == tree(cold / "public")
