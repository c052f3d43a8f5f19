"""With the site's cache, a loaded article holds no body: it is read again from its file where a feed item or a
page needs it, and used only when the file's bytes are still the ones that were checked; else the run stops
with one line naming the file, and nothing is made from the new text."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import tree
from jiading_cli.app import validate as validation
from jiading_cli.app.articles import load_articles
from jiading_cli.app.serve import SHARE_PREFIX
from jiading_cli.base import tempnames
from jiading_cli.config import load_config
from jiading_cli.content.loader import parse
from jiading_cli.content.site import article_files
from jiading_cli.content.source import Changed, Kept
from jiading_cli.incremental import parallel, shards
from jiading_cli.model.article import Article, Defaults, held
from jiading_cli.pages import build as pages
from pages.sample import built, make, run
from serve.running import serving, session_of

EN = "articles/en/2017/finance.md"
SAID = "signed a memorandum on July 3."  # in EN's body


def english(root: Path) -> Article:
    """The English article as a load through the site's cache gives it."""
    config = load_config(root)
    found = [item.article for item in load_articles(config, article_files(config)) if item.path == EN]
    assert found and found[0] is not None
    return found[0]


def same_size(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"July 3.", b"July 4."))


def longer(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\nOne more paragraph.\n")


def removed(path: Path) -> None:
    path.unlink()


def after(real: Callable[..., Any], edit: Callable[[Path], None], root: Path) -> Callable[..., Any]:
    """``real``, after which the English article is edited (once it has been checked)."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        edit(root / EN)
        return found

    return wrapped


def before(real: Callable[..., Any], edit: Callable[[Path], None], root: Path) -> Callable[..., Any]:
    """``real``, before which the English article is edited (once it has been checked)."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        edit(root / EN)
        return real(*args, **kwargs)

    return wrapped


def pages_of(files: dict[str, bytes]) -> dict[str, bytes]:
    feeds = ("feed.xml", "atom.xml", "feed.json", "feed.xsl", ".jiading-manifest.json")
    return {path: data for path, data in files.items() if not path.endswith(feeds)}


def test_a_loaded_article_holds_where_its_body_is_read_again(tmp_path: Path) -> None:
    make(tmp_path)
    article = english(tmp_path)
    assert isinstance(held(article), Kept)
    assert SAID in article.body
    assert english(tmp_path).body == article.body  # taken from the article store, read again the same


def test_bodies_read_in_turn_are_each_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path)
    config = load_config(tmp_path)
    kept = [item.article for item in load_articles(config, article_files(config)) if item.article]
    monkeypatch.setenv("JIADING_CACHE", "off")
    held_in_memory = [item.article.body for item in load_articles(config, article_files(config)) if item.article]
    assert len(kept) == 3
    for order in ([0, 1, 0, 0, 2, 1], [2, 2, 0, 1, 2]):
        assert [kept[n].body for n in order] == [held_in_memory[n] for n in order]


FRONT = "---\nid: urn:uuid:0b6f7d43-5a0e-4a53-9d1c-1f6f0c6a1b01\ntitle: T\ndate: 2020-03-01 10:00\n---\n"
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.sampled_from(["\n", "\r\n", "\r"]), TEXT, st.binary(max_size=20))
def test_a_body_read_again_is_the_body_the_loader_split(
    tmp_path_factory: pytest.TempPathFactory, bom: bool, newline: str, body: str, tail: bytes
) -> None:
    raw = ("\ufeff" * bom + FRONT.replace("\n", newline) + body).encode() + tail
    path = tmp_path_factory.mktemp("body") / "a.md"
    path.write_bytes(raw)
    loaded = parse(raw, "a.md", Defaults(), "a")
    again = shards.kept(loaded, str(path), len(raw))
    if loaded.article is not None and again.article is not None:
        assert isinstance(held(again.article), Kept)
        assert again.article.body == loaded.article.body


def test_the_article_store_keeps_no_body(tmp_path: Path) -> None:
    built(tmp_path)
    stored = b"".join(path.read_bytes() for path in (tmp_path / ".jiading-cache").glob("articles-*.pickle"))
    assert b"Shanghai's Jiading district" not in stored
    assert b"financial-industry-to-boost-jiading" in stored  # the article's fields are there


def test_a_body_from_a_parallel_load_is_read_again_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setenv("JIADING_JOBS", "3")
    article = english(tmp_path)
    assert isinstance(held(article), Kept)
    assert SAID in article.body


@pytest.mark.parametrize("edit", [same_size, longer, removed])
def test_a_body_changed_after_it_was_checked_is_refused(tmp_path: Path, edit: Callable[[Path], None]) -> None:
    make(tmp_path)
    article = english(tmp_path)
    edit(tmp_path / EN)
    with pytest.raises(Changed, match=f"^{EN}: .* after this run checked it; run the command again$"):
        article.body  # noqa: B018 - reading it is what is refused


def test_a_file_replaced_by_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    make(tmp_path)
    article = english(tmp_path)
    (tmp_path / EN).unlink()
    os.mkfifo(tmp_path / EN)
    with pytest.raises(Changed, match=f"^{EN}: the file changed after this run checked it"):
        article.body  # noqa: B018 - reading it is what is refused


@pytest.mark.parametrize("edit", [same_size, removed])
def test_an_article_changed_after_validation_stops_the_build_before_its_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None]
) -> None:
    make(tmp_path)
    monkeypatch.setattr(validation, "validate", after(validation.validate, edit, tmp_path))
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {EN}: ") and result.stderr.endswith(
        " after this run checked it; run the command again\n"
    )
    assert tree(tmp_path / "public") == {}


def test_an_article_changed_while_pages_are_made_leaves_the_last_build_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = built(tmp_path)
    last = tree(out)
    (tmp_path / "articles/en/2016/park.md").write_text(
        (tmp_path / "articles/en/2016/park.md").read_text(encoding="utf-8") + "\nIt opened.\n", encoding="utf-8"
    )
    monkeypatch.setattr(pages, "build_pages", before(pages.build_pages, same_size, tmp_path))
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {EN}: the file changed after this run checked it; run the command again\n"
    assert pages_of(tree(out)) == pages_of(last)  # the feeds, made before the pages, are written
    assert list(tempnames.leftovers(out)) == []


def test_without_the_cache_a_build_shows_the_text_that_was_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path)
    monkeypatch.setattr(validation, "validate", after(validation.validate, same_size, tmp_path))
    result = run(tmp_path, "build", cache="off")
    assert result.exit_code == 0, result.output
    page = tmp_path / "public/en/news/2017/07/financial-industry-to-boost-jiading/index.html"
    assert SAID in page.read_text(encoding="utf-8")


EMAIL = """
[email]
sender = "Newsroom <news@example.com>"
to = ["readers@example.com"]
smtp_host = "127.0.0.1"
"""


def test_a_share_preview_of_an_article_changed_since_the_last_rebuild_says_so(tmp_path: Path) -> None:
    make(tmp_path)
    with (tmp_path / "jiading.toml").open("a", encoding="utf-8") as config:
        config.write(EMAIL)  # the email shown in the preview carries the body
    session = session_of(tmp_path)
    href = next(page.href for page in session.index.pages.values() if page.article.path == EN)
    same_size(tmp_path / EN)
    with serving(session) as preview, pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(preview.url.rstrip("/") + SHARE_PREFIX + href, timeout=30)
    assert answer.value.code == 409
    page = answer.value.read().decode()
    assert f"{EN}: changed since the last rebuild; shown once the preview is rebuilt" in page  # nothing to run again
    assert '<script src="/_jiading/live.js" data-generation=' in page  # reloaded once the rebuild has made it
