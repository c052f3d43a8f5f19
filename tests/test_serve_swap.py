"""A page answered while a rebuild replaces the preview's files carries the rebuild count of the build it was read
from, or an older one: never a newer one. The count was read after the page's file was opened, so a page read just
before a rebuild put its new version in place was sent with the new count beside its old text, and its reload script,
which reloads when the count it holds is not the server's, never reloaded it: the tab showed the old page until the
next edit."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

import pytest

from jiading_cli.app.servedfiles import Spares
from serve.running import previewing
from serve.site import EN_PAGE, LONG_PAGE


@pytest.mark.parametrize("path", ["/", EN_PAGE, LONG_PAGE, "/no-such-page/"])
def test_a_page_read_as_a_rebuild_replaces_it_never_carries_the_newer_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    with previewing(tmp_path) as preview:
        session = preview.session
        article = next((preview.root / "articles").rglob("finance.md"))
        opened = Spares.regular
        before = session.generation

        def rebuilt_once_opened(spares: Spares, connection: socket.socket, target: Path) -> BinaryIO | None:
            handle = opened(spares, connection, target)  # the page as this build left it
            if session.generation == before:  # the rebuild lands between the opening and the answer
                article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\n---\nNew.\n\n", 1))
                assert session.rebuild(["articles/en/2017/finance.md"]).changed
            return handle

        monkeypatch.setattr(Spares, "regular", rebuilt_once_opened)
        try:
            with urllib.request.urlopen(preview.url.rstrip("/") + path, timeout=30) as answer:
                page = answer.read().decode("utf-8")
        except urllib.error.HTTPError as missing:
            page = missing.read().decode("utf-8")
        monkeypatch.undo()
    assert session.generation > before
    carried = re.search(r'data-generation="(\d+)"', page)
    assert carried is not None and int(carried[1]) == before  # older than the server's: the tab reloads
