"""What a build finds in its output folder never leads it outside: manifests and a killed build's mark whose
names climb out (``..``), are absolute, hold a NUL or a lone surrogate, or pass through a link standing in the
output folder (to a folder or a file outside it, holding exactly the bytes the manifest says jiading wrote)
make ``build`` and ``feed build`` remove nothing outside the output folder, follow no link, and end as a clean
build does: exit 0, no traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pages.sample import make, run

HELLO = b"hello\n"
DIGEST = "sha256:" + hashlib.sha256(HELLO).hexdigest()
MARK_TEXT = b"jiading is writing in this folder, or was stopped while writing; its next build tidies up\n"
PARTS = ["lnk", "dlnk", "flink", "en", "d", "e", "empty", "f.txt", "..", ".", "", "x\0y", "\ud800", "tags"]


def snapshot(folder: Path) -> dict[str, str]:
    """Everything under ``folder``, links not followed: each file's bytes, each folder, each link's target."""
    found: dict[str, str] = {}
    for parent, folders, names in os.walk(folder):
        for name in folders + names:
            path = Path(parent, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = "link " + os.readlink(path)
            elif path.is_dir():
                found[key] = "folder"
            elif path.is_file():
                found[key] = path.read_bytes().hex()
            else:
                found[key] = "something else"
    return found


def written(folder: Path) -> dict[str, str]:
    """:func:`snapshot` but the site's cache, which a build may keep whatever it writes."""
    return {k: v for k, v in snapshot(folder).items() if ".jiading-cache" not in k}


def outside(root: Path) -> Path:
    """Files and folders outside the output folder, each file holding what the manifests say jiading wrote."""
    there = root / "outside"
    for name in ("f.txt", "d/f.txt", "d/e/f.txt", "en/f.txt", "tags/f.txt"):
        (there / name).parent.mkdir(parents=True, exist_ok=True)
        (there / name).write_bytes(HELLO)
    for name in ("empty", "d/empty", "d/e/empty"):
        (there / name).mkdir(parents=True, exist_ok=True)
    return there


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once for the module's tests."""
    site = tmp_path_factory.mktemp("built") / "site"
    site.mkdir()
    make(site)
    assert run(site, "build").exit_code == 0
    return site


def pristine(built: Path, tmp: Path) -> tuple[Path, Path]:
    """A copy of the built site whose output folder holds links leading out of it: the site, and the folder
    outside."""
    site = tmp / "site"
    shutil.copytree(built, site, symlinks=True)
    there = outside(tmp)
    out = site / "public"
    os.symlink(there, out / "lnk")
    os.symlink(there / "d", out / "en" / "dlnk")
    os.symlink(there / "f.txt", out / "flink")
    park = site / "articles" / "en" / "2016" / "park.md"  # moved: a build has a file of its own to remove too
    park.write_text(park.read_text(encoding="utf-8").replace("slug: innovation-park", "slug: park"), encoding="utf-8")
    return site, there


def names() -> st.SearchStrategy[str]:
    relative = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map("/".join)
    absolute = st.lists(st.sampled_from(["d", "e", "f.txt", "empty"]), max_size=3).map(lambda p: "/".join(["", *p]))
    return st.one_of(relative, relative.map(lambda n: "../" + n), absolute)


def tamper(out: Path, there: Path, listed: list[str], noted: list[str]) -> None:
    for manifest in (".jiading-manifest.json", ".jiading-pages.json"):
        data = json.loads((out / manifest).read_text(encoding="utf-8"))
        for name in listed:
            data["files"][os.fspath(there) + name if name.startswith("/") else name] = DIGEST
        (out / manifest).write_text(json.dumps(data), encoding="utf-8")
        mark = MARK_TEXT + b"".join(name.replace("\0", "").encode("utf-8", "surrogatepass") + b"\0" for name in noted)
        (out / (manifest + ".writing")).write_bytes(mark)


SWEEP = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SWEEP
@given(listed=st.lists(names(), min_size=1, max_size=6), noted=st.lists(names(), max_size=4), feeds=st.booleans())
def test_names_in_the_output_folder_never_lead_a_build_outside_it(
    built: Path, tmp_path_factory: pytest.TempPathFactory, listed: list[str], noted: list[str], feeds: bool
) -> None:
    site, there = pristine(built, tmp_path_factory.mktemp("sweep"))
    before = snapshot(there)
    out = site / "public"
    tamper(out, there, listed, noted)
    result = run(site, *(["feed", "build"] if feeds else ["build"]))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert snapshot(there) == before, (listed, noted)
    assert {os.readlink(out / "lnk"), os.readlink(out / "flink"), os.readlink(out / "en/dlnk")} == {
        os.fspath(there),
        os.fspath(there / "f.txt"),
        os.fspath(there / "d"),
    }
    assert not (out / "en/news/2016/05/innovation-park").exists() or feeds  # its own stale file still goes
    assert not (out / ".jiading-manifest.json.writing").exists() and not list(out.rglob("*.jiading-*.tmp"))
    assert not (out / ".jiading-pages.json.writing").exists() or feeds  # the pages' mark is build's alone


def test_a_stale_file_is_removed_only_when_reached_through_folders(built: Path, tmp_path: Path) -> None:
    """A page the last build wrote and this one does not goes when it is where the build wrote it; the same
    name reached through a link (its folder moved away and linked back), with the same bytes, stays."""
    site, there = pristine(built, tmp_path)
    out = site / "public"
    stale = out / "en/news/2016/05/innovation-park"
    (there / "moved").mkdir()
    stale.rename(there / "moved/innovation-park")
    os.symlink(there / "moved/innovation-park", stale)
    before = snapshot(there)
    result = run(site, "build")
    assert result.exit_code == 0, result.output
    assert snapshot(there) == before
    assert stale.is_symlink() and (out / "en/news/2016/05/park/index.html").is_file()


def a_file(at: Path) -> None:
    at.write_text("not a folder\n", encoding="utf-8")


def a_link_to_nothing(at: Path) -> None:
    os.symlink(at.parent / "nowhere" / "deeper", at)


def a_loop_of_links(at: Path) -> None:
    os.symlink(at.name, at)


def a_link_to_a_file(at: Path) -> None:
    (at.parent / "plain.txt").write_text("a file\n", encoding="utf-8")
    os.symlink("plain.txt", at)


def a_fifo(at: Path) -> None:
    os.mkfifo(at)


IN_THE_WAY = {
    a_file: "a file",
    a_link_to_nothing: "a link to nothing",
    a_loop_of_links: "a loop of links",
    a_link_to_a_file: "a file",
    a_fifo: "a FIFO",
}


@pytest.mark.parametrize("preview", [False, True])
@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
@pytest.mark.parametrize("where", ["web", "web/sub/out", "loop/out"])
@pytest.mark.parametrize("thing", list(IN_THE_WAY), ids=lambda f: f.__name__)
def test_what_stands_where_the_output_folder_goes_is_one_line(
    tmp_path: Path, thing: object, where: str, command: list[str], preview: bool
) -> None:
    """Something other than a folder at the output folder, or on the way to it, is named in one line (exit 1),
    never a traceback; nothing is written anywhere."""
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    first = where.split("/")[0]
    assert callable(thing)
    thing(site / first)
    before = written(tmp_path)
    result = run(site, *command, "--out", where, *(["--include-drafts"] if preview else []))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {first}: cannot write: {IN_THE_WAY[thing]} is in the way of the folder\n",
    )
    assert written(tmp_path) == before


FOLDERS = ["en", "assets", "tags", "tags/finance", "categories", "en/news", "en/news/2017"]
NO_FEED = ("assets", "en/news", "en/news/2017")  # feed build puts nothing there


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("thing", list(IN_THE_WAY), ids=lambda f: f.__name__)
def test_what_stands_where_a_folder_of_the_output_goes_is_named_where_it_stands(
    built: Path, tmp_path: Path, thing: object, folder: str, command: list[str]
) -> None:
    """A file, a link to nothing, a loop of links, a link to a file or a FIFO where the build puts a folder of its
    own is named where it stands, in one line (exit 1), whether the build meets it before it stages a file or
    while it does; and the output folder is left as it was."""
    site, _ = pristine(built, tmp_path)
    out = site / "public"
    shutil.rmtree(out / folder)
    assert callable(thing)
    thing(out / folder)
    before = written(out)
    result = run(site, *command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if command == ["feed", "build"] and folder in NO_FEED:
        assert result.exit_code == 0, result.output
    else:
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: public/{folder}: cannot write: {IN_THE_WAY[thing]} is in the way of the folder\n",
        )
        assert written(out) == before
    assert not list(out.rglob("*.jiading-*.tmp")) and not list(out.glob("*.writing"))
