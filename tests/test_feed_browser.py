"""A feed opened in headless Chromium with the stylesheet ``feed.xsl``, served on loopback as a site serves it: the
page shows each item, however many '&' its text holds (the browser stops a transform nested 3000 calls deep).

CI installs Debian's ``chromium`` (.ci/run); elsewhere the tests are skipped without it.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import html

from jiading_cli.feeds.build import stylesheet_bytes
from jiading_cli.feeds.model import FeedMeta, Item
from jiading_cli.feeds.xmltext import rss_and_atom

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
WHEN = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)

if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def feeds(folder: Path, text: str) -> None:
    """feed.xml and atom.xml of one item whose summary, like the feed's description, is ``text``."""
    meta = FeedMeta(
        "News", text, "en", "https://news.example.com/", WHEN, ("Newsroom",), "", None, None, None,
        {"rss": "https://news.example.com/feed.xml", "atom": "https://news.example.com/atom.xml"},
        "https://news.example.com/atom.xml", "/feed.xsl",
    )  # fmt: skip
    item = Item("urn:uuid:1", "https://news.example.com/a/", "A title", WHEN, WHEN, text, None, (), (), "en", None, ())
    rss, atom = rss_and_atom(meta, [item])
    (folder / "feed.xml").write_bytes(rss)
    (folder / "atom.xml").write_bytes(atom)
    (folder / "feed.xsl").write_bytes(stylesheet_bytes())


def paragraphs(tmp_path: Path, url: str) -> list[str]:
    assert BROWSER is not None, "chromium is not installed"
    command = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom", url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "the browser made no page of the feed: " + done.stderr[-2000:]
    page = html.fromstring(done.stdout)
    assert page.get("lang") == "en"  # the feed's language
    return [p.text_content() for p in page.xpath("//p[not(@class)]")]


@pytest.mark.parametrize("text", ["R&D " * 5000, "&amp;" * 4000, "a < b & c > d " * 2000])
def test_a_feed_with_thousands_of_ampersands_is_shown_in_the_browser(tmp_path: Path, text: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    feeds(site, text)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        root = f"http://127.0.0.1:{httpd.server_address[1]}"
        assert paragraphs(tmp_path, root + "/feed.xml") == paragraphs(tmp_path, root + "/atom.xml") == [text, text]
    finally:
        httpd.shutdown()
        thread.join()
