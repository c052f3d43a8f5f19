"""A site for the serve tests (the page tests' bilingual site, with a draft, a scheduled article, a long
title and every network configured), and `jiading serve` run as a process of its own."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from pages.sample import NOW, make

LONG_TITLE = (
    "Jiading opens an international innovation park for integrated circuits, new-energy vehicles "
    "and smart manufacturing firms"
)
LONG_PAGE = "/en/news/2017/08/innovation-park/"
DRAFT_PAGE = "/en/news/2026/11/draft-budget/"
SCHEDULED_PAGE = "/en/news/2026/12/forum/"
EN_PAGE = "/en/news/2017/07/financial-industry-to-boost-jiading/"

NETWORKS = """
[email]
sender = "Invest in Jiading <news@investinjiading.com>"
to = "readers@example.com"
subject = "[Jiading] {title}"

[facebook]
page_id = "123456"

[linkedin]
organization = "2414183"
"""


def article(name: str, slug: str, title: str, date: str, extra: str = "", body: str = "Text.") -> str:
    return (
        f"---\nid: urn:uuid:{name}\ntitle: {title}\ndate: {date}\nsummary: About {slug}.\nlang: en\n"
        f"slug: {slug}\ncategory: News\n{extra}---\n{body}\n"
    )


def site(root: Path) -> Path:
    """The site under ``root``."""
    make(root)
    with (root / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write(NETWORKS)
    articles = root / "articles" / "en"
    pieces = {
        "2017/park2.md": article(
            "8d6f6a43-7d0b-4f55-9a7e-0d1f1f7b1a01", "innovation-park", LONG_TITLE, "2017-08-01T09:00:00+08:00"
        ),
        "2026/draft.md": article(
            "8d6f6a43-7d0b-4f55-9a7e-0d1f1f7b1a02",
            "draft-budget",
            "Draft budget",
            "2026-11-20T09:00:00+08:00",
            "draft: true\n",
        ),
        "2026/forum.md": article(
            "8d6f6a43-7d0b-4f55-9a7e-0d1f1f7b1a03", "forum", "Investment forum", "2026-12-20T09:00:00+08:00"
        ),
    }
    for name, text in pieces.items():
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_text(text, encoding="utf-8")
    return root


@dataclass
class Serving:
    """A running `jiading serve`: its process, its output lines so far, and its URL."""

    process: subprocess.Popen[str]
    root: Path
    lines: queue.Queue[str]
    errors: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    url: str = ""

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first line of standard output (from now on) that matches ``pattern``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} in {self.seen!r}; stderr: {self.errors!r}")

    def stderr(self, containing: str, timeout: float = 30.0) -> str:
        """Standard error so far, once it holds ``containing`` (it is read by a thread of its own)."""
        end = time.monotonic() + timeout
        while containing not in "".join(self.errors) and time.monotonic() < end:
            time.sleep(0.1)
        return "".join(self.errors)

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, content type and text of ``path`` below the site's home (``/_jiading/…`` below the server's root)."""
        origin = "/".join(self.url.split("/")[:3])
        base = origin if path.startswith("/_jiading/") else self.url.rstrip("/")
        try:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read().decode("utf-8")
        except urllib.error.HTTPError as failed:
            return failed.code, failed.headers["Content-Type"], failed.read().decode("utf-8")

    def stop(self, number: int = signal.SIGINT) -> tuple[int, str]:
        """Send ``number``; the exit status and what it wrote to standard error."""
        if self.process.poll() is None:
            self.process.send_signal(number)
        return self.ended()

    def ended(self) -> tuple[int, str]:
        """Once the process has ended and all its output is read: its exit status and its standard error."""
        code = self.process.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=30)
        return code, "".join(self.errors)


def _pump(stream: object, into: queue.Queue[str] | list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        if isinstance(into, list):
            into.append(line)
        else:
            into.put(line)


def start(root: Path, *args: str, ready: bool = True, **more: str) -> Serving:
    """``jiading serve ARGS`` in ``root`` at the tests' fixed time, with ``more`` environment variables;
    with ``ready``, once it serves."""
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONUNBUFFERED": "1", **more}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-c", "from jiading_cli.cli import main; main()", "serve", *args]
    process = subprocess.Popen(
        command,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=_interruptible,
    )
    serving = Serving(process, root, queue.Queue())
    serving.readers = [
        threading.Thread(target=_pump, args=(process.stdout, serving.lines), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, serving.errors), daemon=True),
    ]
    for reader in serving.readers:
        reader.start()
    if ready:
        serving.url = serving.wait_for(r"Serving (http://\S+)").group(1)
    return serving


def _interruptible() -> None:
    """In the child, before it runs: Ctrl-C (SIGINT) and SIGQUIT as a terminal's foreground process gets them.
    A suite started in the background by a shell without job control inherits both ignored, and Python keeps
    a signal ignored at start-up so: ``stop`` would then wait for a preview that never hears it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
