"""The site's folder deleted while `jiading serve` runs in it (`rm -rf site`), then put back (a fresh clone, a copy).

The server outlives it: every rebuild meanwhile fails in its lines (the configuration gone, then broken), never
ending the server, and once the site is back whole the preview is rebuilt and served. The folder put back is a new
folder, which the system's watcher of the old one never sees: the server goes over to looking at the site.
The shell's current folder, the deleted one, is never looked at again after the start.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import IO

from conftest import CONFIG, NOW, front

WAIT = 60.0  # seconds to wait for a line the server owes, at most (never a measure of speed)


def _make(root: Path, config: str = CONFIG) -> None:
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(config, encoding="utf-8")
    (root / "articles/a.md").write_text(front() + "Body.\n", encoding="utf-8")


class Lines:
    """The lines a stream gives, as they come, kept in a queue by a thread of their own."""

    def __init__(self, stream: IO[str]) -> None:
        self.seen: list[str] = []
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, wanted: str) -> str:
        """The next line holding ``wanted``, the lines before it kept in :attr:`seen`."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no line with {wanted!r} came; before it: {self.seen}") from None
            if line is None:
                raise AssertionError(f"the stream ended before a line with {wanted!r}; before it: {self.seen}")
            self.seen.append(line)
            if wanted in line:
                return line

    def rest(self) -> list[str]:
        found = []
        while (line := self.lines.get(timeout=WAIT)) is not None:
            found.append(line)
        return found


def test_serve_outlives_its_site_folder_deleted_and_builds_it_once_it_is_back(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _make(root)
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "jiading_cli", "serve", "--port", "0"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stderr is not None
    out, err = Lines(server.stdout), Lines(server.stderr)
    try:
        url = out.until("Serving ").split()[1]
        shutil.rmtree(root)
        out.until("failed")
        err.until("jiading.toml: no such config file")
        _make(root, CONFIG + "\nbroken = [\n")  # back, with a configuration that cannot be read
        err.until("JD001")
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        out.until("rebuilt")
        with urllib.request.urlopen(url) as answer:
            assert answer.status == 200
    finally:
        server.send_signal(signal.SIGINT)
        status = server.wait(timeout=WAIT)
    said, told = out.seen + out.rest(), err.seen + err.rest()
    assert (status, said[-1]) == (130, "Stopped"), (said, told)
    assert not [line for line in told if "internal error" in line or "Traceback" in line], told
    assert all(line.startswith(("Error: ", "Warning: ")) for line in told), told
