"""A stop (Ctrl-C, a signal) in the instant after `jiading build` or `feed build` creates any file, or as it
begins to fill one, leaves nothing of the build behind: every file a build makes is its to remove from the moment
it exists, not from a later step that notes it. The mark of a build writing (``.jiading-manifest.json.writing``)
was noted as put only once its text was written and its maker had returned: a Ctrl-C a moment after the build
began left it in the output folder, where the next build took it for a killed one's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import Site
from jiading_cli.base import tempnames
from test_faults_hostile import _files, _site, _stray

COMMANDS = [("build",), ("feed", "build")]
MOMENTS = ["created", "filling"]


def _chosen(created: list[str]) -> list[int]:
    """The creations (counted from 1) a stop is tried at: each of a file that is no temporary one (a mark, a store,
    a manifest), and the first, a middle and the last temporary file."""
    temps = [n for n, path in enumerate(created, 1) if tempnames.is_leftover(os.path.basename(path))]
    others = [n for n, path in enumerate(created, 1) if n not in temps]
    return sorted({*others, *([temps[0], temps[len(temps) // 2], temps[-1]] if temps else [])})


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_stop_the_instant_any_file_is_made_leaves_nothing(
    site: Site, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], moment: str
) -> None:
    _site(site.root)
    real_open, real_write = os.open, os.write
    created: list[str] = []
    nth, filling = [0], [-1]

    def opening(path: str | Path, flags: int, mode: int = 0o777, **kw: object) -> int:
        fd = real_open(path, flags, mode, **kw)  # type: ignore[arg-type]
        if flags & os.O_CREAT and Path(path).is_relative_to(site.root):
            created.append(os.fspath(path))
            if len(created) == nth[0]:
                if moment == "created":
                    raise KeyboardInterrupt
                filling[0] = fd
        return fd

    def writing(fd: int, data: bytes) -> int:
        if fd == filling[0]:
            filling[0] = -1
            raise KeyboardInterrupt
        return real_write(fd, data)

    def build() -> Result:
        shutil.rmtree(site.root / ".jiading-cache", ignore_errors=True)
        shutil.rmtree(site.root / "public", ignore_errors=True)  # every file is made anew
        created.clear()
        filling[0] = -1
        with monkeypatch.context() as patched:
            patched.setattr(os, "open", opening)
            patched.setattr(os, "write", writing)
            return site.run(*command, env={"JIADING_JOBS": "1"})

    first = build()
    assert first.exit_code == 0, first.output
    good, made = _files(site.root / "public"), list(created)
    assert any(path.endswith(".writing") for path in made)
    for n in _chosen(made):
        nth[0] = n
        stopped = build()
        where = f"stopped as {made[n - 1]} was {moment}"
        if stopped.exit_code == 0:  # a file filled by other means than os.write: no stop came
            assert moment == "filling", where
        else:
            assert (stopped.exit_code, stopped.output.strip().splitlines()[-1]) == (130, "Error: interrupted"), where
        assert _stray(site.root) == [], where
    nth[0] = 0
    again = build()
    assert again.exit_code == 0, again.output
    assert _files(site.root / "public") == good
