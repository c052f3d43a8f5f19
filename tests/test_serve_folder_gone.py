"""A folder moved out of the site while `jiading serve` runs (to the desktop's bin, ``mv templates ~/old``) is one
removal in the system watcher's batch, with nothing in it to show it was a folder: the rebuild's line named it as a
changed file, ``rebuilt … after templates changed``. It is named as the folder it was, ``templates/``."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from watchfiles import Change

from jiading_cli.app.changes import Folders, named
from jiading_cli.app.serve import Rebuilt, Session, watch
from serve.running import session_of
from serve.site import site

PARTS = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3).map("/".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=5, unique=True), st.data())
def test_a_folder_removed_alone_is_named_as_a_folder_whatever_it_held(tree: list[str], data: st.DataObject) -> None:
    """``tree``: folders below the site; one of them (with all it holds) leaves the site in one removal, as the
    system's watcher tells a folder moved elsewhere. The batch's line names the folder, with its '/'."""
    with tempfile.TemporaryDirectory() as made, tempfile.TemporaryDirectory() as away:
        root = Path(made)
        for folder in tree:
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / "page.html").write_text("x", encoding="utf-8")
        gone = data.draw(st.sampled_from(sorted({name.split("/")[0] for name in tree})))
        folders = Folders(root, tuple, lambda name: name.startswith("."))
        shutil.move(root / gone, Path(away) / gone)
        batch = {(Change.deleted, str(root / gone))}
        assert named(root, batch, folders) == [gone + "/"]
        folders.update(batch)
        (root / gone).write_text("now a file", encoding="utf-8")  # a file of that name since: a file again
        batch = {(Change.added, str(root / gone))}
        assert named(root, batch, folders) == [gone]


def test_a_folder_moved_in_then_out_is_named_as_a_folder(tmp_path: Path) -> None:
    with tempfile.TemporaryDirectory() as away:
        (Path(away) / "notes" / "old").mkdir(parents=True)
        folders = Folders(tmp_path, tuple, lambda name: name.startswith("."))
        shutil.move(Path(away) / "notes", tmp_path / "notes")
        folders.update({(Change.added, str(tmp_path / "notes"))})
        shutil.move(tmp_path / "notes", Path(away) / "notes")
        assert named(tmp_path, {(Change.deleted, str(tmp_path / "notes" / "old"))}, folders) == ["notes/old/"]


def test_serve_names_a_templates_folder_moved_out_as_a_folder(tmp_path: Path) -> None:
    """The watcher's own batch for ``mv templates elsewhere``, through :func:`watch`: the rebuild's trigger is the
    folder."""
    (tmp_path / "site").mkdir()
    root = site(tmp_path / "site")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "note.txt").write_text("x", encoding="utf-8")
    session: Session = session_of(root)
    told: list[Rebuilt] = []
    stop, ready = threading.Event(), threading.Event()

    def notify(*_: object, **__: object) -> Iterator[set[tuple[Change, str]]]:
        yield set()
        ready.wait(30)
        shutil.move(root / "templates", tmp_path / "templates")
        yield {(Change.deleted, str(root / "templates"))}

    watch(session, told.append, ready.set, stop, notify=notify)
    assert [rebuilt.trigger for rebuilt in told] == [("templates/",)]
