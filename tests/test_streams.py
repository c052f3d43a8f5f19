"""A command whose stdout or stderr is closed, full, or a pipe whose reader has gone: never a traceback, the work
done in full (the same files as with working streams), and the exit status the exit-codes page gives.

Every command is run as a user runs it (``python -m jiading_cli``) in a site of its own, once with working streams
(what it should print and return) and once under each fault.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NOW, REPO, tree

UUID = re.compile(rb"urn:uuid:[0-9a-f-]{36}")
FULL = "Error: the command's output could not be written to stdout: No space left on device"

# Every command, as a user would run it in the site ``init`` made (the time pinned by ``JIADING_NOW``).
COMMANDS = [
    ["validate"],
    ["list"],
    ["build"],
    ["feed", "build"],
    ["rule"],
    ["rule", "JD101"],
    ["share"],
    ["new-article", "Jiading opens a park", "--summary", "A new park opens in Jiading for start-ups and firms."],
    ["init", "other", "--yes", "--title", "T", "--base-url", "https://t.example.com", "--language", "en",
     "--timezone", "UTC"],
    ["validate", "--no-such-option"],
    ["--help"],
    ["--version"],
]  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site as ``init`` makes it, copied for each run."""
    root = tmp_path_factory.mktemp("made")
    init = ["init", "site", "--yes", "--title", "Jiading News", "--base-url", "https://news.example.com"]
    init += ["--language", "en,zh-CN", "--timezone", "Asia/Shanghai"]
    done = subprocess.run(_command(init), cwd=root, capture_output=True, text=True, check=False, env=_env())
    assert done.returncode == 0, done.stderr
    return root / "site"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "JIADING_CACHE": "off", "JIADING_NOW": NOW}


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "jiading_cli", *args]


def _site(made: Path, where: Path) -> Path:
    shutil.copytree(made, where)
    return where


def _run(site: Path, args: list[str], **streams: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(_command(args), cwd=site, env=_env(), check=False, timeout=120, **streams)  # type: ignore[call-overload,no-any-return]


def _files(site: Path) -> dict[str, bytes]:
    """Every file of the site, its new articles' random ids left out."""
    return {name: UUID.sub(b"urn:uuid:-", data) for name, data in tree(site).items()}


def _closing(*fds: int) -> Callable[[], None]:
    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_stdout_is_one_line_and_the_work_is_done(made: Path, tmp_path: Path, args: list[str]) -> None:
    normal = _run(_site(made, tmp_path / "a"), args, capture_output=True)
    site = _site(made, tmp_path / "b")
    with open("/dev/full", "wb") as full:
        found = _run(site, args, stdout=full, stderr=subprocess.PIPE)
    lines = found.stderr.decode().splitlines()
    assert "Traceback" not in found.stderr.decode()
    if normal.stdout:  # what it had to say was lost: said, and the run is no success
        assert lines == [*normal.stderr.decode().splitlines(), FULL]
        assert found.returncode == (normal.returncode or 1)
    else:
        assert found.stderr == normal.stderr and found.returncode == normal.returncode
    assert _files(site) == _files(tmp_path / "a")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_pipe_whose_reader_has_gone_is_no_failure(made: Path, tmp_path: Path, args: list[str]) -> None:
    normal = _run(_site(made, tmp_path / "a"), args, capture_output=True)
    site = _site(made, tmp_path / "b")
    read, write = os.pipe()
    os.close(read)  # the reader gone before the first line: every write fails with EPIPE
    try:
        found = _run(site, args, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert found.stderr == normal.stderr
    assert found.returncode == normal.returncode
    assert _files(site) == _files(tmp_path / "a")


@pytest.mark.parametrize("closed", [(1,), (2,), (1, 2), (0, 1, 2)], ids=["stdout", "stderr", "both", "all three"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_closed_streams_change_nothing_the_command_writes(
    made: Path, tmp_path: Path, args: list[str], closed: tuple[int, ...]
) -> None:
    normal = _run(_site(made, tmp_path / "a"), args, capture_output=True)
    site = _site(made, tmp_path / "b")
    streams: dict[str, object] = {"preexec_fn": _closing(*closed)}
    if 2 not in closed:
        streams["stderr"] = subprocess.PIPE
    found = _run(site, args, **streams)
    assert found.returncode == normal.returncode
    if 2 not in closed:
        assert found.stderr == normal.stderr
    # Nothing meant for a stream lands in a file: a descriptor left closed would be the first file's opened.
    assert _files(site) == _files(tmp_path / "a")
