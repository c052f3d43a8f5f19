"""Whatever of the articles folder the walk cannot read — a folder it cannot list or enter, a path longer than the
system takes — is ``JD118``, an error of every command over the site (``validate``, ``list``, ``build``, ``feed
build``, ``share``): never left out unsaid, never a traceback, and the builds then write nothing. An error of a
look at a path is never taken for "nothing there": only ``ENOENT`` (and ``ENOTDIR``) is.

The machine runs the suite as root, whom no mode bit stops: each run that must be refused is a process whose
capabilities to pass over them are dropped (``setpriv``), never a test skipped as root."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, NOW, front, tree
from jiading_cli.app.settings import load
from jiading_cli.base.realpath import exists
from jiading_cli.content.site import walked
from jiading_cli.incremental import listing

SETPRIV = shutil.which("setpriv")
DROPPED = [
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]
pytestmark = pytest.mark.skipif(SETPRIV is None, reason="setpriv (util-linux) is needed to drop capabilities")


def run(
    root: Path, *args: str, dropped: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``jiading ARGS`` in ``root``, in a process that mode bits stop (when ``dropped``), even as root."""
    command = [sys.executable, "-m", "jiading_cli", *args]
    if dropped:
        assert SETPRIV is not None
        command = [SETPRIV, *DROPPED, *command]
    every = {**os.environ, "JIADING_NOW": NOW, **(env or {})}
    every.pop("JIADING_CONFIG", None)
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=every, timeout=120, check=False)


def make_site(root: Path) -> Path:
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles").mkdir()
    return root


def article(root: Path, relative: str, number: int) -> Path:
    path = root / "articles" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    uid = f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-{number:012d}"
    path.write_text(front(id=uid, slug=f"article-{number}") + "Body.\n", encoding="utf-8")
    return path


@contextmanager
def modes(*changes: tuple[Path, int]) -> Iterator[None]:
    """Each path given its mode for the block, and its own back after (so the folder can be removed)."""
    before = [(path, stat.S_IMODE(path.stat().st_mode)) for path, _ in changes]
    try:
        for path, mode in changes:
            path.chmod(mode)
        yield
    finally:
        for path, mode in reversed(before):
            path.chmod(mode)


def traceless(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


LOCKED = "articles/en/locked: error JD118 cannot read the folder: Permission denied"


@pytest.mark.parametrize("mode", [0o000, 0o300])
def test_a_folder_that_cannot_be_listed_fails_every_command_and_no_page_is_removed(tmp_path: Path, mode: int) -> None:
    root = make_site(tmp_path)
    article(root, "en/open.md", 1)
    article(root, "en/locked/a.md", 2)
    assert run(root, "build", dropped=False).returncode == 0
    built = tree(root / "public")
    assert any("article-2" in name for name in built)
    locked = root / "articles/en/locked"
    with modes((locked, mode)):
        for args in (["build"], ["feed", "build"], ["validate"], ["build"]):  # a stored answer hides nothing
            result = run(root, *args)
            traceless(result)
            assert result.returncode == 1, (args, result.stdout, result.stderr)
            assert LOCKED in result.stdout, (args, result.stdout)
        assert tree(root / "public") == built  # nothing written, nothing removed
        listed = run(root, "list")
        traceless(listed)
        assert listed.returncode == 1
        assert "Error: articles/en/locked: JD118 cannot read the folder: Permission denied" in listed.stderr
        assert "articles/en/open.md" in listed.stdout
        shared = run(root, "share")
        traceless(shared)
        assert shared.returncode == 1
        assert "Error: articles/en/locked: JD118 cannot read the folder" in shared.stderr
        shutil.rmtree(root / ".jiading-cache")
        for env in ({}, {"JIADING_CACHE": "off"}):  # the cold walk and the slow, obvious one
            result = run(root, "validate", env=env)
            assert result.returncode == 1 and LOCKED in result.stdout, result.stdout
            assert "in 1 file" in result.stdout
        result = run(root, "validate", "articles/en/locked/a.md")
        traceless(result)
        assert result.returncode == (2 if mode == 0o000 else 0)  # 0o300: entered, the file named is read
        if mode == 0o000:  # the folder cannot be entered: the file's own look is refused, and said as it is
            assert result.stderr == "Error: articles/en/locked/a.md: cannot read: Permission denied\n"
            assert "no such" not in run(root, "share", "articles/en/locked/a.md").stderr
    assert run(root, "build").returncode == 0  # readable again: the article is back, as it was
    assert tree(root / "public") == built


def test_a_folder_that_can_be_listed_but_not_entered_names_each_file_and_folder(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    article(root, "en/shut/a.md", 1)
    article(root, "en/shut/inner/b.md", 2)
    with modes((root / "articles/en/shut", 0o644)):
        result = run(root, "validate")
        traceless(result)
        assert result.returncode == 1
        assert "articles/en/shut/a.md: error JD100 cannot read the file: Permission denied" in result.stdout
        assert "articles/en/shut/inner: error JD118 cannot read the folder: Permission denied" in result.stdout
        named = run(root, "validate", "articles/en/shut/a.md")
        assert named.returncode == 2
        assert named.stderr == "Error: articles/en/shut/a.md: cannot read: Permission denied\n"


def deep(root: Path, levels: int = 700) -> Path:
    """An article 700 folders below articles/deep: a path of some 4,200 bytes, past the system's limit."""
    folder = os.open(root / "articles", os.O_RDONLY)
    try:
        os.mkdir("deep", dir_fd=folder)
        for _ in range(levels):
            inner = os.open("deep" if _ == 0 else "ddddd", os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
            os.mkdir("ddddd", dir_fd=folder)
        inner = os.open("ddddd", os.O_RDONLY, dir_fd=folder)
        os.close(folder)
        folder = inner
        text = front(id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-000000000009", slug="deep") + "Body.\n"
        handle = os.open("a.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
        os.write(handle, text.encode())
        os.close(handle)
    finally:
        os.close(folder)
    return root / "articles/deep"


def test_a_path_longer_than_the_system_takes_is_an_error_of_every_command(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    article(root, "a.md", 1)
    deep(root)
    for args in (["validate"], ["validate", "articles/deep"], ["build"], ["feed", "build"], ["list"]):
        result = run(root, *args, dropped=False)
        traceless(result)
        assert result.returncode == 1, args
        found = [line for line in (result.stdout + result.stderr).splitlines() if "JD118" in line]
        assert len(found) == 1 and "cannot read the folder: File name too long" in found[0], args
        assert found[0].removeprefix("Error: ").split(": ")[0].startswith("articles/deep/ddddd/ddddd/")
    assert not (root / "public").exists()


def test_both_walks_and_every_look_tell_an_error_from_nothing(tmp_path: Path) -> None:
    """The walk with the kept listings and the full walk find the same things they cannot read, and a look that
    fails for another reason than ENOENT or ENOTDIR raises rather than answer "nothing there"."""
    root = make_site(tmp_path)
    article(root, "a.md", 1)
    deep(root)
    here = Path.cwd()
    os.chdir(root)
    try:
        config = load(root, None)
        full = walked(config)
        kept = listing.walk(config)
        assert full.unreadable == kept.unreadable == listing.walk(config).unreadable
        assert len(full.unreadable) == 1 and full.unreadable[0].why == "File name too long"
    finally:
        os.chdir(here)
    assert exists(root / "articles/a.md") and not exists(root / "articles/none.md")
    assert not exists(root / "articles/a.md/inside")  # ENOTDIR: nothing is there
    with pytest.raises(OSError, match="too long"):
        exists(root / ("x" * 5000))


def test_the_article_store_keeps_an_entry_it_cannot_look_at(tmp_path: Path) -> None:
    from jiading_cli.incremental.articles import _forget_missing

    (tmp_path / "here.md").write_text("x", encoding="utf-8")
    long = os.fspath(tmp_path / ("x" * 5000))
    shard = {os.fspath(tmp_path / "here.md"): 1, os.fspath(tmp_path / "gone.md"): 2, long: 3}
    dirty: set[int] = set()
    _forget_missing([], {0: shard}, dirty)  # type: ignore[dict-item]
    assert sorted(shard) == sorted([os.fspath(tmp_path / "here.md"), long]) and dirty == {0}


# Trees of folders and articles, some made unreadable: a folder shut (000), listed but not entered (644), a file
# shut (000). Every command names each (or a folder it is in that cannot be read) and fails, `list` as the others
# (see also test_unreadable_articles.py); a build writes nothing.
FOLDERS = ("a", "a/b", "a/b/c", "d", "d/e")
SHUTS = st.sampled_from([0o000, 0o644, 0o311])


@settings(max_examples=5)
@given(
    st.lists(st.sampled_from(FOLDERS), min_size=1, max_size=5, unique=True),
    st.dictionaries(st.sampled_from(FOLDERS), SHUTS, min_size=1, max_size=3),
    st.lists(st.sampled_from(FOLDERS), max_size=2, unique=True),
)
def test_whatever_is_made_unreadable_every_command_names_and_fails(
    tmp_path_factory: pytest.TempPathFactory, placed: list[str], shut: dict[str, int], files_shut: list[str]
) -> None:
    root = make_site(tmp_path_factory.mktemp("site"))
    for folder in FOLDERS:
        (root / "articles" / folder).mkdir(parents=True, exist_ok=True)
    articles = [article(root, f"{folder}/n{number}.md", number) for number, folder in enumerate(placed)]
    assert run(root, "build", dropped=False).returncode == 0
    built = tree(root / "public")
    shut_files = [path for path in articles if path.parent.relative_to(root / "articles").as_posix() in files_shut]
    changes = [(path, 0o000) for path in shut_files]
    changes += [(root / "articles" / folder, mode) for folder, mode in sorted(shut.items(), key=lambda x: -len(x[0]))]
    with modes(*changes):
        hidden = [path for path in articles if not readable(root, path)]
        shut_folders = [root / "articles" / f for f, m in shut.items() if not listable(root, root / "articles" / f)]
        for args in (["validate"], ["build"], ["feed", "build"], ["list"]):
            result = run(root, *args)
            traceless(result)
            said = [
                line.removeprefix("Error: ").split(": ")[0]
                for line in (result.stdout + result.stderr).splitlines()
                if " JD100 " in line or " JD118 " in line
            ]
            for path in [*hidden, *shut_folders]:
                relative = path.relative_to(root).as_posix()
                assert any(relative == s or relative.startswith(s + "/") for s in said), (args, relative, said)
            if hidden or shut_folders:
                assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert tree(root / "public") == built


def readable(root: Path, path: Path) -> bool:
    """Whether a process that mode bits stop (owner root: the owner's bits) can read ``path``."""
    for folder in path.relative_to(root).parents:
        if folder != Path(".") and not stat.S_IMODE((root / folder).stat().st_mode) & 0o100:
            return False
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o400)


def listable(root: Path, folder: Path) -> bool:
    """Whether that process can list ``folder`` (it need not enter it: its files are then named, not it)."""
    return readable(root, folder)
