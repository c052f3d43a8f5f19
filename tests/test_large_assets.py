"""A file an article names may be of any size (a brochure, a video): `jiading build` compares, hashes and copies it a
block at a time, so the memory it takes does not grow with the file, and the copy is the file, byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import NOW, Site
from jiading_cli.base import blocks

SIZE = 192 * 2**20  # far more than the build's own memory: held whole, it would show
GROWTH = 48 * 2**20  # what the build may take beyond a build naming a small file instead, at most
MARKS = (0, 1, SIZE // 2, SIZE - 1)  # bytes made different from the zeros of a sparse file


def _big(path: Path, fill: bytes = b"J") -> None:
    with path.open("wb") as handle:
        handle.truncate(SIZE)  # sparse: quick to make, read as zeros
        for at in MARKS:
            handle.seek(at)
            handle.write(fill)


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()


def _build(root: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """`jiading build` in a process of its own, and the most memory it held (bytes): measured by a process started
    for it alone, whose only child it is."""
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'jiading_cli', 'build'], capture_output=True, text=True)\n"
        "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n"
        "sys.exit(done.returncode)\n"
    )
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", measure], cwd=root, env=env, capture_output=True, text=True)
    *shown, peak = done.stdout.splitlines()
    return subprocess.CompletedProcess(done.args, done.returncode, "\n".join(shown) + "\n", done.stderr), int(peak)


def _copy(root: Path) -> Path:
    [found] = (root / "public").rglob("video.bin")
    return found


@pytest.fixture
def video(site: Site) -> Iterator[Path]:
    site.article(body="Watch [the video](video.bin).\n")
    yield site.root / "articles" / "video.bin"
    for path in [site.root / "articles" / "video.bin", *(site.root / "public").rglob("video.bin")]:
        path.unlink(missing_ok=True)  # large, to whatever walks the tests' folders later


def test_a_large_file_is_copied_whole_without_being_held(site: Site, video: Path) -> None:
    video.write_bytes(b"small")
    small = _build(site.root)
    assert small[0].returncode == 0, small[0].stderr
    for folder in (site.root / "public", site.root / ".jiading-cache"):  # a cold build, as the next one
        subprocess.run(["rm", "-rf", os.fspath(folder)], check=True)
    _big(video)
    done, peak = _build(site.root)
    assert done.returncode == 0, done.stderr
    assert "1 asset files: 1 new, 0 changed, 0 unchanged" in done.stdout
    copy = _copy(site.root)
    assert copy.stat().st_size == SIZE
    assert _sha256(copy) == _sha256(video)
    manifest = json.loads((site.root / "public" / ".jiading-pages.json").read_text(encoding="utf-8"))
    assert manifest["files"][copy.relative_to(site.root / "public").as_posix()] == _sha256(video)
    assert peak - small[1] < GROWTH, f"{peak - small[1]} bytes more than with a small file"


def test_a_large_file_changed_in_its_middle_is_copied_again_and_one_left_alone_is_not_touched(
    site: Site, video: Path
) -> None:
    _big(video)
    assert _build(site.root)[0].returncode == 0
    copy = _copy(site.root)
    with video.open("r+b") as handle:  # the same size, one byte other
        handle.seek(SIZE // 2)
        handle.write(b"K")
    done, _ = _build(site.root)
    assert "1 asset files: 0 new, 1 changed, 0 unchanged" in done.stdout, done.stdout
    assert _sha256(copy) == _sha256(video)
    before = copy.stat().st_mtime_ns
    subprocess.run(["rm", "-rf", os.fspath(site.root / ".jiading-cache")], check=True)  # compared, not recalled
    done, _ = _build(site.root)
    assert "1 asset files: 0 new, 0 changed, 1 unchanged" in done.stdout, done.stdout
    assert copy.stat().st_mtime_ns == before


def test_a_file_that_cannot_be_read_while_copied_is_one_line_naming_it(
    site: Site, video: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _big(video)
    real = os.read

    def failing(fd: int, size: int) -> bytes:
        if os.fstat(fd).st_size == SIZE:
            raise OSError(5, "Input/output error")
        return real(fd, size)

    monkeypatch.setattr(blocks.os, "read", failing)  # a disk failing under the file an article names
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert result.stderr == "Error: articles/video.bin: cannot read: Input/output error\n"
    assert not list((site.root / "public").rglob("video.bin"))
    assert not [p for p in (site.root / "public").rglob("*") if p.name.endswith(".tmp")]
