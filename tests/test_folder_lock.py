"""Two runs on one output folder that does not exist yet: the first makes it and takes its lock, the second waits.
When the first fails or is stopped, it removes the folder it made, left empty. The second then held the lock of a
folder no path led to any more, and failed on its first file (`public/.jiading-manifest.json.writing: cannot
write: No such file or directory`), though nothing was wrong with its own build."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from jiading_cli.feeds import mark


@pytest.mark.parametrize("replaced", [False, True])
def test_a_run_that_waited_for_a_folder_removed_meanwhile_locks_the_folder_there(
    tmp_path: Path, replaced: bool
) -> None:
    out = tmp_path / "site" / "public"
    holding, release = threading.Event(), threading.Event()
    written: list[str] = []

    def first() -> None:
        with mark.locked(out, str):  # makes site/ and public/, and removes them when it ends, left empty
            holding.set()
            release.wait(10)
        if replaced:  # another hand makes the folder again before the second run looks
            out.mkdir(parents=True)

    def second() -> None:
        with mark.locked(out, str):
            (out / "feed.xml").write_text("made", encoding="utf-8")
            written.append("feed.xml")

    one = threading.Thread(target=first)
    one.start()
    assert holding.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.3)  # the second waits for the lock
    assert written == []
    release.set()
    one.join(10)
    two.join(10)
    assert written == ["feed.xml"]
    assert (out / "feed.xml").read_text(encoding="utf-8") == "made"


def test_the_folders_a_failed_run_made_are_removed_when_left_empty(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "public"
    with pytest.raises(RuntimeError), mark.locked(out, str):
        assert out.is_dir()
        raise RuntimeError
    assert not (tmp_path / "a").exists()


def test_a_build_waiting_for_another_run_on_its_output_folder_says_so_once(tmp_path: Path) -> None:
    """A build whose output folder another process holds (another build, one stopped with Ctrl-Z, or never ending)
    waits for it, as it must; it says so once on stderr, never waiting without a word, and builds when it ends."""
    import fcntl
    import os
    import select
    import subprocess
    import sys

    from pages.sample import NOW, make

    make(tmp_path)
    (tmp_path / "public").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIADING_")} | {"JIADING_NOW": NOW}
    fd = os.open(tmp_path / "public", os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the other run's lock
        build = subprocess.Popen(
            [sys.executable, "-m", "jiading_cli", "build", "-q"], cwd=tmp_path, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert build.stderr is not None
        ready, _, _ = select.select([build.stderr], [], [], 30)  # it says so while it waits, before the other ends
        said = build.stderr.readline() if ready else b"(nothing said in 30 s)"
        assert build.poll() is None
    finally:
        os.close(fd)  # the other run ends
    out, err = build.communicate(timeout=60)
    assert said == b"Waiting: another run is writing in public/; this one goes on when it ends (Ctrl-C to stop)\n"
    assert build.returncode == 0, err
    assert b"Waiting" not in err and out.decode().endswith("removed\n")
    assert (tmp_path / "public/index.html").is_file()
