"""No text widens a page: a word or URL longer than a phone's line wraps, and a wide table scrolls within the
article, in headless Chromium at 375 pixels, on every kind of page jiading writes (an article, a news list, a
tag's list, a feed shown by its stylesheet)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator

import pytest

from pages.sample import make, run
from serve.cdp import Browser

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

WORD = "Supercalifragilisticexpialidociousinvestmentannouncementforjiadingdistrict"
URL = "https://www.example.com/a/very/long/path/that/goes/on/" + "and/on/" * 12 + "index.html?with=query&and=more"
ARTICLE = f"""\
---
id: urn:uuid:3f0c1c52-9a0e-4d47-8f57-6f4e0b7c2d11
title: {WORD} opens
date: 2017-08-01T09:00:00+08:00
summary: Read {URL} for the {WORD} details.
tags: [{WORD}]
category: News
lang: en
slug: long-words
---
See {URL} and {WORD * 2}.

| {" | ".join(["column"] * 10)} |
|{"---|" * 10}
| {" | ".join([WORD] * 10)} |

`{WORD * 2}`
"""
PAGES = ["/en/news/2017/08/long-words/", "/en/", "/tags/" + WORD.lower() + "/", "/feed.xml", "/index.html"]
# the skip link and visually hidden text, read by a screen reader, are clipped where they stand: not shown
WIDER = """[...document.querySelectorAll('body *')].filter(e => !e.closest('pre, table, .skip, .visually-hidden'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(e => e.tagName + (e.className ? '.' + e.className : ''))"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make(tmp_path_factory.mktemp("site"))
    (root / "articles/en/2017/long.md").write_text(ARTICLE, encoding="utf-8")
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert BROWSER is not None, "chromium is not installed"
    opened = Browser(BROWSER, tmp_path_factory.mktemp("profile"), width=375, height=800)
    yield opened
    opened.close()


@pytest.mark.parametrize("page", PAGES)
def test_no_text_is_wider_than_a_phone(served: str, browser: Browser, page: str) -> None:
    browser.open(served + page)
    browser.until("document.readyState", "complete")
    assert browser.value("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert browser.value(WIDER) == []


def test_a_wide_table_scrolls_within_the_article(served: str, browser: Browser) -> None:
    browser.open(served + PAGES[0])
    browser.until("document.readyState", "complete")
    table = "document.querySelector('.body table')"
    assert browser.value(f"{table}.getBoundingClientRect().right <= document.documentElement.clientWidth")
    assert browser.value(f"{table}.scrollWidth > {table}.clientWidth")  # its cells are all there, scrolled to
