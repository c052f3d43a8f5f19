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
