"""A rebuild overtaken by an edit (an article saved again while the rebuild read it, a file an article names
replaced while it was copied) is built again at once from the files as they are now: never a failed rebuild, a red
box on every page and `Error: …: run the command again` on a terminal whose user runs nothing. In an edit storm
such rebuilds failed one after the other, each telling the user to do what `serve` does by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app.serve import RACED_TRIES, Session
from jiading_cli.app.settings import load
from jiading_cli.content.source import Kept
from jiading_cli.feeds.write import Writer
from serve.site import NOW, site


def _edited(text: str, count: int) -> str:
    return text.replace("\n---\n", "\n---\nEdited-" + str(count) + "-mark.\n\n", 1)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example({0}, False)
@example(set(), True)
@example({0, 1}, False)
@example({3}, True)
@given(st.sets(st.integers(min_value=0, max_value=8), max_size=RACED_TRIES - 1), st.booleans())
def test_a_rebuild_overtaken_by_an_edit_is_built_again_from_the_files_as_they_are(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, reads: set[int], copied: bool
) -> None:
    """``reads``: the reads of an article's body (counted over the rebuild) before which its file is saved again;
    ``copied``: whether the first file an article names is replaced while the rebuild copies it. Fewer such edits
    than the tries a rebuild has: it ends without a problem, and the preview holds each article's last text and
    each named file's last bytes."""
    assume(len(reads) + copied < RACED_TRIES)
    root = site(tmp_path_factory.mktemp("raced"))
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    for article in (root / "articles").rglob("*.md"):  # every page made again by the rebuild: each body is read
        article.write_text(_edited(article.read_text(encoding="utf-8"), 0), encoding="utf-8")
    pdf = next((root / "articles").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n% kept\n")
    count = {"reads": 0, "edits": 0}
    last: dict[Path, str] = {}
    read: Callable[[Kept], str] = Kept.read

    def edited_then_read(kept: Kept) -> str:
        if count["reads"] in reads:  # saved again just now: the bytes the rebuild checked are gone
            count["edits"] += 1
            name = Path(kept.name)
            last[name] = _edited(name.read_text(encoding="utf-8"), count["edits"])
            name.write_text(last[name], encoding="utf-8")
        count["reads"] += 1
        return read(kept)

    put_file = Writer.put_file

    def replaced_then_copied(writer: Writer, name: str, source: Path, *args: object) -> None:
        if copied and source == pdf and not count.get("copied"):
            count["copied"] = 1
            pdf.write_bytes(pdf.read_bytes() + b"% replaced\n")
        put_file(writer, name, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Kept, "read", edited_then_read)
    monkeypatch.setattr(Writer, "put_file", replaced_then_copied)
    rebuilt = session.rebuild(["articles/en/2017/finance.md"])
    monkeypatch.undo()

    assert rebuilt.problems == (), rebuilt.problems
    assert not session.problems
    built = [path.read_bytes() for path in session.folder.rglob("*") if path.is_file()]
    for text in last.values():
        mark = text.split("\n---\n", 1)[1].split("\n", 1)[0].encode()
        assert any(mark in page for page in built), mark
    assert pdf.read_bytes() in built


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=RACED_TRIES, max_value=RACED_TRIES + 4))
def test_a_rebuild_overtaken_each_time_it_is_built_is_no_failure_and_is_built_again_when_the_edits_pause(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, edits: int
) -> None:
    """An edit storm overtaking every build of a rebuild (``edits``, as many as its tries or more): the rebuild is no
    failure; the preview keeps what it showed, and the watcher builds it again once the edits pause. The line that
    tells it names nothing to run by hand, and the preview then holds every edit."""
    import threading
    from collections.abc import Iterator

    from watchfiles import Change

    from jiading_cli.app.serve import Rebuilt, watch
    from jiading_cli.cli.serve import told

    root = site(tmp_path_factory.mktemp("storm"))
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    before, generation = session.problems, session.generation
    count = {"edits": 0}
    read: Callable[[Kept], str] = Kept.read

    def edited_then_read(kept: Kept) -> str:
        if count["edits"] < edits:
            count["edits"] += 1
            name = Path(kept.name)
            name.write_text(_edited(name.read_text(encoding="utf-8"), count["edits"]), encoding="utf-8")
        return read(kept)

    monkeypatch.setattr(Kept, "read", edited_then_read)
    for path in (root / "articles").rglob("*.md"):  # every page made again: each body is read
        path.write_text(_edited(path.read_text(encoding="utf-8"), 0), encoding="utf-8")
    overtaken = session.rebuild(["articles/en/2017/finance.md"])
    assert overtaken.overtaken and overtaken.problems == before == session.problems
    assert session.generation == generation  # nothing reloaded: the preview shows what it showed
    stop, ready = threading.Event(), threading.Event()
    said: list[Rebuilt] = []

    def tell(rebuilt: Rebuilt) -> None:
        said.append(rebuilt)
        stop.set()

    def notify(*_: object, **__: object) -> Iterator[set[tuple[Change, str]]]:
        yield set()  # caught up; then idle, the edits paused or not
        while not stop.is_set():
            yield set()

    watch(session, tell, ready.set, stop, notify=notify)
    monkeypatch.undo()
    assert [rebuilt.overtaken for rebuilt in said] == [False] and said[0].problems == before
    assert session.generation > generation and session.overtaken is None
    for edit in range(1, edits + 1):  # each edit in the preview
        mark = _edited("\n---\n", edit).split("\n---\n", 1)[1].split("\n", 1)[0].encode()
        assert any(mark in page.read_bytes() for page in session.folder.rglob("*.html")), mark
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        told(overtaken)
    assert "overtaken by edits" in out.getvalue() and "failed" not in out.getvalue() and not err.getvalue()
    assert "again;" not in out.getvalue() and "run the command" not in out.getvalue()


@pytest.mark.parametrize("saved", ["truncated", "truncated, then written in part"])
def test_a_rebuild_that_read_a_save_half_done_is_overtaken_not_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str
) -> None:
    """An editor that truncates a file and then writes it (rather than renaming a new one into place): a rebuild that
    read the file between the two found it empty or cut short (`JD102 empty file`), and failed, a red box on every
    page and an `Error:` line for a site with no error. The file changed while it ran: it is built again at once."""
    from jiading_cli.app import build

    root = site(tmp_path)
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    article = next((root / "articles").rglob("park2.md"))
    text = _edited(article.read_text(encoding="utf-8"), 1)
    real = build.build
    count = {"builds": 0}

    def half_saved(*args: object, **kwargs: object) -> build.SiteResult:
        count["builds"] += 1
        if count["builds"] == 1:  # the save begun as the rebuild began, and done while it ran
            article.write_text("" if saved == "truncated" else text[:20], encoding="utf-8")
            try:
                return real(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                article.write_text(text, encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "build", half_saved)
    rebuilt = session.rebuild(["articles/en/2017/park2.md"])
    monkeypatch.undo()
    assert count["builds"] == 2 and rebuilt.problems == () and not rebuilt.overtaken, rebuilt
    assert any(b"Edited-1-mark." in page.read_bytes() for page in session.folder.rglob("*.html"))
