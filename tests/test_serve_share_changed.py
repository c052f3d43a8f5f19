"""The share preview of an article whose file changed since the last good build is `409`, a page naming the file,
however the preview stands: a rebuild still to come or running, or one that failed since. A rebuild that failed
(the edit broke the article's front matter) left the last good build's article in place, and its share preview was
answered 200 from it: the body the share preview shows was read once and then held (the body read last), never read
again from the file, so the page showed a text the file no longer held. Each share preview is now answered only
while the article's file holds the bytes the last good build read from it, checked before and after it is made; the
page says the last rebuild failed when it did, rather than promise a rebuild already done."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jiading_cli.app.serve import SHARE_PREFIX, Session
from serve.running import Preview, serving, session_of
from serve.site import LONG_PAGE, site, start

ARTICLE = "articles/en/2017/park2.md"
PENDING = f"{ARTICLE}: changed since the last rebuild; shown once the preview is rebuilt"
FAILED = (
    f"{ARTICLE}: changed since the last good build, and the last rebuild failed (its problems are at the top of this "
    "page); shown once a rebuild succeeds"
)


def _get(preview: Preview, path: str) -> tuple[int, str]:
    origin = "/".join(preview.url.split("/")[:3])
    try:
        with urllib.request.urlopen(origin + path, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as failed:
        return failed.code, failed.read().decode("utf-8")


def _body(text: str) -> str:
    return text.replace("\n---\n", "\n---\nA paragraph added since.\n\n", 1)


def _broken(text: str) -> str:
    return text.replace("date: 2017", "date: May 2017", 1)


def _renamed_into_place(path: Path, text: str) -> None:
    """As an editor saves: the new text written beside the file, then renamed over it."""
    aside = path.with_name(".park2.md.saving")
    aside.write_text(text, encoding="utf-8")
    aside.replace(path)


def _written(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# what the edit makes of the file's text, how it is saved, whether the rebuild it starts has run, and what the page says
CASES: dict[str, tuple[Callable[[str], str], Callable[[Path, str], None], bool, str]] = {
    "body edited, rebuild to come": (_body, _written, False, PENDING),
    "front matter broken, rebuild to come": (_broken, _written, False, PENDING),
    "front matter broken, rebuild failed": (_broken, _written, True, FAILED),
    "front matter broken by a rename into place, rebuild failed": (_broken, _renamed_into_place, True, FAILED),
    "file removed, rebuild to come": (_body, lambda path, _: path.unlink(), False, PENDING),
}


@pytest.mark.parametrize("cache", ["on", "off"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_share_preview_of_an_article_changed_since_the_last_good_build_is_409(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, cache: str
) -> None:
    monkeypatch.setenv("JIADING_CACHE", cache)  # without the cache, an article holds its body's text itself
    edit, save, rebuilt, said = CASES[case]
    session = session_of(site(tmp_path))
    share = SHARE_PREFIX + LONG_PAGE
    article = tmp_path / ARTICLE
    good = article.read_text(encoding="utf-8")
    with serving(session) as preview:
        assert _get(preview, share)[0] == 200  # asked for once: its body read, and held as the last one read
        save(article, edit(good))
        if rebuilt:
            assert session.rebuild([ARTICLE]).problems
        code, page = _get(preview, share)
        assert (code, said in page) == (409, True), page
        assert '<script src="/_jiading/live.js" data-generation=' in page  # reloaded once a rebuild has made it
        assert ("rebuild succeeds" in page) == rebuilt  # no rebuild promised that has failed already
        _written(article, good)  # the very bytes the last good build read: that build's preview is the file's
        assert _get(preview, share)[0] == 200
        _written(article, _body(good))
        assert not session.rebuild([ARTICLE]).problems
        code, page = _get(preview, share)
        assert code == 200 and "A paragraph added since." in page


def _states(preview: Preview) -> Iterator[dict[str, Any]]:
    """The states the live reload stream sends."""
    origin = "/".join(preview.url.split("/")[:3])
    with urllib.request.urlopen(origin + "/_jiading/live", timeout=30) as stream:
        for raw in stream:
            if raw.startswith(b"data: "):
                yield json.loads(raw[6:])


@pytest.mark.parametrize("put_back", ["as the last good build read it", "with a change no page shows"])
def test_the_409_page_reloads_once_a_good_rebuild_has_indexed_the_file_whether_or_not_it_changed_a_file(
    tmp_path: Path, put_back: str
) -> None:
    """The page reloaded only with a rebuild that changed a file: an article put back as the last good build read it
    after a failed rebuild (undone), or changed in a way no page shows, rebuilt well and changed no file, and the
    page kept saying the article changed, and that a rebuild had failed, until reloaded by hand."""
    session = session_of(site(tmp_path))
    article = tmp_path / ARTICLE
    good = article.read_text(encoding="utf-8")
    with serving(session) as preview:
        _written(article, _broken(good))
        assert session.rebuild([ARTICLE]).problems
        code, page = _get(preview, SHARE_PREFIX + LONG_PAGE)
        carried = re.search(r'data-generation="(\d+)" data-index="(\d+)"', page)
        assert code == 409 and carried is not None, page
        states = _states(preview)
        first = next(states)
        assert (first["generation"], first["index"]) == (int(carried[1]), int(carried[2]))  # not reloaded yet
        _written(article, good if put_back.startswith("as") else good.replace("slug:", "# a note\nslug:", 1))
        rebuilt = session.rebuild([ARTICLE])
        assert not rebuilt.problems and rebuilt.changed == 0  # no page changed: the count of rebuilds neither
        then = next(states)
        assert then["generation"] == first["generation"] and then["index"] != first["index"]  # the page reloads
        states.close()
        assert _get(preview, SHARE_PREFIX + LONG_PAGE)[0] == 200  # and is the share preview


def _session_with_problems(root: Path) -> Session:
    session = session_of(site(root))
    other = root / "articles/en/2026/forum.md"
    other.write_text(other.read_text(encoding="utf-8").replace("date: 2026", "date: May 2026", 1), "utf-8")
    assert session.rebuild().problems  # another article broken: the last rebuild failed
    return session


def test_the_page_says_the_last_rebuild_failed_whichever_article_broke_it(tmp_path: Path) -> None:
    session = _session_with_problems(tmp_path)
    article = tmp_path / ARTICLE
    _written(article, _body(article.read_text(encoding="utf-8")))
    with serving(session) as preview:
        code, page = _get(preview, SHARE_PREFIX + LONG_PAGE)
    assert code == 409 and FAILED in page


def test_a_running_serve_answers_409_after_a_failed_rebuild_and_200_once_fixed(tmp_path: Path) -> None:
    """The case as it was met: `jiading serve` running, the article's front matter broken, the rebuild failed."""
    root = site(tmp_path)
    serving_ = start(root, "--port", "0")
    try:
        article = root / ARTICLE
        good = article.read_text(encoding="utf-8")
        assert serving_.get("/_jiading/share" + LONG_PAGE)[0] == 200
        article.write_text(_broken(good), encoding="utf-8")
        serving_.wait_for(r"rebuild failed")
        code, _, page = serving_.get("/_jiading/share" + LONG_PAGE)
        assert code == 409 and FAILED in page, page
        article.write_text(_body(good), encoding="utf-8")
        serving_.wait_for(r"rebuilt in")
        code, _, page = serving_.get("/_jiading/share" + LONG_PAGE)
        assert code == 200 and "A paragraph added since." in page
    finally:
        serving_.stop()
