"""What `jiading serve` watches: every file of the site but its own output (the preview folder, the deployed output
folder however nested, the cache), and whatever the watcher meets, the server goes on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app.serve import Rebuilt, Session

NAME = st.text(alphabet="abcpublicout-_.0", min_size=1, max_size=8).filter(
    lambda s: s not in (".", "..") and not s.startswith(".")
)


def _session(root: Path, output_dir: str) -> SimpleNamespace:
    config = SimpleNamespace(root=root, output_path=root / output_dir)
    fake = SimpleNamespace(config=config, folder=root / f"{output_dir}-preview")
    fake.unwatched = lambda: Session.unwatched(fake)  # type: ignore[arg-type]
    return fake


@settings(max_examples=300, deadline=None)
@example(["out", "public"], ["en", "index.html"], "x")
@example(["public"], ["index.html"], "x")
@given(st.lists(NAME, min_size=1, max_size=3), st.lists(NAME, min_size=1, max_size=3), NAME)
def test_the_sessions_own_folders_are_unwatched_by_full_path_however_nested(
    output: list[str], below: list[str], suffix: str
) -> None:
    root = Path("/srv/site")
    output_dir = "/".join(output)
    fake = _session(root, output_dir)
    relevant = lambda path: Session.relevant(fake, str(root / path))  # type: ignore[arg-type]  # noqa: E731
    tail = "/".join(below)
    for own in (output_dir, f"{output_dir}-preview", ".jiading-cache"):
        assert not relevant(f"{own}/{tail}"), own
        assert not relevant(own)
    # a neighbour whose name merely starts like an output folder's is the site's own file
    neighbour = f"{output_dir}{suffix}/{tail}"
    if not any(p.startswith(".") for p in neighbour.split("/")) and not neighbour.endswith(("~", ".tmp")):
        assert relevant(neighbour) == (f"{output_dir}{suffix}" != f"{output_dir}-preview"), neighbour
    assert relevant("articles/en/a.md")


PLACES = ["nothing", "file", "dangling", "folder"]


def _put(place: Path, kind: str) -> None:
    """``kind`` in the preview folder's place, whatever stood there (a build may make the folder meanwhile)."""
    import shutil

    for _ in range(20):
        if place.is_symlink() or place.is_file():
            place.unlink()
        elif place.is_dir():
            shutil.rmtree(place, ignore_errors=True)
        try:
            if kind == "file":
                place.write_text("x")
            elif kind == "dangling":
                place.symlink_to("nowhere")
            elif kind == "folder":
                place.mkdir()
            return
        except (FileExistsError, IsADirectoryError, OSError):
            continue


def _until(condition: object, seconds: float = 8.0) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@settings(max_examples=6, deadline=None)
@example([("file", True), ("nothing", True)])  # a file in its place, then removed: the preview comes back
@example([("nothing", False), ("nothing", True)])
@given(st.lists(st.tuples(st.sampled_from(PLACES), st.booleans()), min_size=1, max_size=3))
def test_the_preview_folders_place_damaged_is_built_again_whatever_the_problems(
    tmp_path_factory: object, steps: list[tuple[str, bool]]
) -> None:
    """Whatever stands at the preview folder's place after a step (nothing, a file, a link to nothing, an empty
    folder), and whether the articles have an error: once the watcher has seen it, a site without an error is
    served whole from its folder, and a failed rebuild says "the last good build" only when one stands there."""
    import datetime as dt
    import threading
    import time

    from jiading_cli.app.serve import watch
    from jiading_cli.app.settings import load
    from serve.site import NOW, site

    root = site(tmp_path_factory.mktemp("place"))  # type: ignore[attr-defined]
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    article = next((root / "articles").rglob("park2.md"))
    good = article.read_text(encoding="utf-8")
    told: list[Rebuilt] = []
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(session, told.append, ready.set, stop), daemon=True)
    thread.start()
    place = session.folder
    try:
        assert ready.wait(30)
        for kind, fine in steps:
            article.write_text(good if fine else good.replace("date: 2017", "date: May 2017"), encoding="utf-8")
            _put(place, kind)
            time.sleep(0.5)  # the watcher's debounce and a rebuild
            if fine and kind in ("nothing", "folder"):
                assert _until(lambda: (place / "index.html").is_file() and not session.problems), (steps, told)
            else:
                assert _until(lambda: bool(session.problems)), (steps, told)
            time.sleep(0.3)
            last = told[-1] if told else None
            if last is not None and last.problems:  # what it said is what stands
                assert not last.built or (place / "index.html").is_file(), (steps, last)
    finally:
        stop.set()
        thread.join(30)


FAILURES = [
    RuntimeError('Unable to decode path "/site/node_modules/x\\xFF" to string'),
    OSError(28, "OS file watch limit reached"),
    PermissionError(13, "Permission denied"),
    FileNotFoundError(2, "No such file or directory"),
    ValueError("embedded null byte"),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    Exception(),
]


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, Path]:
    import datetime as dt

    from jiading_cli.app.settings import load
    from serve.site import NOW, site

    root = site(tmp_path_factory.mktemp("failing"))
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    return session, next((root / "articles").rglob("park2.md"))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FAILURES), st.integers(min_value=0, max_value=3))
def test_whatever_the_system_watcher_raises_it_is_told_once_and_changes_are_still_rebuilt(
    watched: tuple[Session, Path], failure: Exception, after: int
) -> None:
    """The system's watcher failing, at start or later, with any exception: one warning, then the site is looked
    over every second, and an edit is rebuilt as before; nothing ends the server."""
    import threading
    import time

    from jiading_cli.app.serve import watch

    session, article = watched

    def failing(*_: object, **__: object) -> Iterator[set[tuple[object, str]]]:
        for _ in range(after):
            yield set()
        raise failure

    told: list[Rebuilt] = []
    warned: list[str] = []
    stop, ready = threading.Event(), threading.Event()
    arguments = (session, told.append, ready.set, stop, warned.append, failing)
    thread = threading.Thread(target=watch, args=arguments, daemon=True)
    thread.start()
    try:
        assert ready.wait(30) and _until(lambda: bool(warned))
        marker = f"Edited {time.monotonic_ns()}."
        text = article.read_text(encoding="utf-8").split("---\n")
        article.write_text("---\n".join([*text[:2], marker + "\n"]), encoding="utf-8")
        shown = lambda: any(marker.encode() in page.read_bytes() for page in session.folder.rglob("*.html"))  # noqa: E731
        assert _until(shown), (told, warned)
        assert len(warned) == 1 and "\n" not in warned[0] and "file watcher failed" in warned[0], warned
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()


def test_the_look_over_the_site_sees_names_in_any_bytes_and_leaves_out_what_the_watcher_does(tmp_path: Path) -> None:
    import os

    from watchfiles import Change

    from jiading_cli.app.polling import differences, snapshot
    from jiading_cli.app.serve import skipped

    for folder in ("articles", ".git", "node_modules", "public-preview"):
        (tmp_path / folder).mkdir()
    odd = os.fsdecode(b"x\xff.md")
    own = (tmp_path / "public-preview",)
    before = snapshot(tmp_path, own, skipped)
    for folder in ("articles", ".git", "node_modules", "public-preview"):
        (tmp_path / folder / odd).write_text("x")
    after = snapshot(tmp_path, own, skipped)
    changed = set(differences(before, after))
    assert (Change.added, str(tmp_path / "articles" / odd)) in changed
    assert not any(os.sep + ".git" + os.sep in p or "node_modules" + os.sep in p for _, p in changed), changed
    assert not any("public-preview" + os.sep in p for _, p in changed), changed
    (tmp_path / "articles").chmod(0)  # a folder that cannot be read is taken as empty, never an error
    try:
        snapshot(tmp_path, own, skipped)
    finally:
        (tmp_path / "articles").chmod(0o755)


@pytest.mark.parametrize("linked", ["folder", "file"])
def test_a_template_reached_through_a_link_out_of_the_site_is_rebuilt_when_edited(tmp_path: Path, linked: str) -> None:
    """A template the templates folder reaches through a link leading out of the site (``templates/parts`` a link to
    a shared folder, or ``templates/part.html`` to a shared file) is read by every build; no watcher of the site sees
    it change, yet an edit there is rebuilt as one in the site is."""
    import datetime as dt
    import time

    from jiading_cli.app.settings import load
    from serve.site import NOW, site

    (tmp_path / "site").mkdir()
    root = site(tmp_path / "site")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "part.html").write_text("<p>First</p>\n", encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    if linked == "folder":
        (root / "templates/parts").symlink_to(shared)
    else:
        (root / "templates/parts").mkdir()
        (root / "templates/parts/part.html").symlink_to(shared / "part.html")
    page = '{% extends "base.html" %}\n{% block main %}\n{% include "parts/part.html" %}\n{% endblock %}\n'
    (root / "templates/article.html").write_text(page, encoding="utf-8")
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    with _watching(session) as told:
        marker = f"Edited {time.monotonic_ns()}"
        (shared / "part.html").write_text(f"<p>{marker}</p>\n", encoding="utf-8")
        shown = lambda: any(marker.encode() in page.read_bytes() for page in session.folder.rglob("*.html"))  # noqa: E731
        assert _until(shown), told
        assert _until(lambda: any(rebuilt.trigger == ("templates/parts/part.html",) for rebuilt in told)), told


@pytest.mark.parametrize("linked", ["articles", "a new article", "an article"])
def test_articles_reached_through_a_link_out_of_the_site_are_rebuilt_when_edited(tmp_path: Path, linked: str) -> None:
    """The articles folder reached through a link leading out of the site (``articles`` a link to a shared folder), or
    an article in it that is such a link (to a shared file), is read by every build; no watcher of the site sees it
    change, yet an edit there (an article changed or added) is rebuilt as one in the site is, and named as the site
    names it. (A file an article names never leads out of the articles folder: JD164.)"""
    import datetime as dt
    import time

    from jiading_cli.app.settings import load
    from serve.site import NOW, article, site

    (tmp_path / "site").mkdir()
    root = site(tmp_path / "site")
    shared = tmp_path / "shared"
    shared.mkdir()
    moved = "articles/en/2017/park2.md" if linked == "an article" else "articles"
    (shared / moved).parent.mkdir(parents=True, exist_ok=True)
    (root / moved).rename(shared / moved)
    (root / moved).symlink_to(shared / moved)
    session = Session(load(root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    with _watching(session) as told:
        marker = f"Edited {time.monotonic_ns()}"
        name = {"articles": "articles/en/2017/park2.md", "a new article": "articles/en/2017/new.md"}.get(linked, moved)
        if linked == "a new article":
            piece = article("8d6f6a43-7d0b-4f55-9a7e-0d1f1f7b1a09", "new", marker, "2017-09-01T09:00:00+08:00")
            (shared / name).write_text(piece, encoding="utf-8")
        else:
            (shared / name).write_text((shared / name).read_text(encoding="utf-8").replace("Text.", marker), "utf-8")
        shown = lambda: any(marker.encode() in page.read_bytes() for page in session.folder.rglob("*.html"))  # noqa: E731
        assert _until(shown), told
        assert _until(lambda: any(name in rebuilt.trigger for rebuilt in told)), told


@contextmanager
def _watching(session: Session) -> Iterator[list[Rebuilt]]:
    """``serve``'s watcher running on ``session`` while the block runs; what it rebuilt, as it tells it."""
    import threading

    from jiading_cli.app.serve import watch

    told: list[Rebuilt] = []
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(session, told.append, ready.set, stop), daemon=True)
    thread.start()
    try:
        assert ready.wait(30)
        yield told
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
