"""`jiading init` in a repository that has a ``.gitignore`` already (a new GitHub repository has one): the lines
the site needs are added to it, the file as it was kept byte for byte before them, so that git ignores the cache,
the output and preview folders and a killed run's temporary files; a file ignoring them all is left untouched;
anything other than a regular file there is refused as before; and when the site's files cannot all be written,
the file is put back as it was."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.app import newfiles
from test_init_edges import empty_folder, run

ARGS = ["--yes", "--title", "T", "--base-url", "https://news.example.com", "--language", "en,zh-CN"]
ARGS += ["--timezone", "Asia/Shanghai"]
LINES = st.sampled_from(
    ["__pycache__/", "*.pyc", "# comment", "", "public", "!keep.txt", ".env", "node_modules/", "\t", "/public/", "a b"]
)
ENDINGS = st.sampled_from(["\n", "\r\n", ""])


def init(*extra: str) -> tuple[int, str, str]:
    result = run("init", *ARGS, *extra, ".")
    return result.exit_code, result.stdout, result.stderr


def ignored(root: Path, name: str) -> bool:
    """Whether git, in a repository at ``root``, ignores ``name`` as its .gitignore says."""
    found = subprocess.run(["git", "check-ignore", "-q", "--no-index", name], cwd=root, check=False)
    return found.returncode == 0


pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@settings(max_examples=25, deadline=None)
@given(lines=st.lists(LINES, max_size=6), ending=ENDINGS, last=st.booleans())
def test_the_lines_a_site_needs_are_added_after_the_file_as_it_was(lines: list[str], ending: str, last: bool) -> None:
    with empty_folder() as root:
        subprocess.run(["git", "init", "-q", "."], cwd=root, check=True)
        before = (ending.join(lines) + (ending if last else "")).encode("utf-8")
        (root / ".gitignore").write_bytes(before)
        os.chmod(root / ".gitignore", 0o600)
        code, out, err = init()
        assert code == 0, err
        after = (root / ".gitignore").read_bytes()
        assert after.startswith(before)
        assert (root / ".gitignore").stat().st_mode & 0o777 == 0o600
        for name in (".jiading-cache/x", "public/index.html", "public-preview/x", "articles/.a.md.jiading-1.tmp"):
            assert ignored(root, name), (name, after)
        assert not ignored(root, "articles/en/2026/welcome.md")
        assert ("Added " in out) == (after != before)
        assert "Created .gitignore" not in out


def test_a_file_that_ignores_it_all_is_left_untouched() -> None:
    with empty_folder() as root:
        run("init", *ARGS, ".")
        shutil.rmtree(root / "articles")
        (root / "jiading.toml").unlink()
        shutil.rmtree(root / ".github")
        stat = (root / ".gitignore").stat()
        code, out, _ = init()
        assert code == 0
        assert "Kept .gitignore: it ignores what jiading writes" in out
        assert (root / ".gitignore").stat().st_mtime_ns == stat.st_mtime_ns


def test_a_link_or_a_folder_there_is_refused_as_before() -> None:
    with empty_folder() as root:
        (root / "elsewhere").write_text("x\n")
        (root / ".gitignore").symlink_to("elsewhere")
        code, _, err = init()
        assert code == 1
        assert err.startswith("Error: .gitignore: ")
        assert (root / "elsewhere").read_text() == "x\n"
        assert sorted(p.name for p in root.iterdir()) == [".gitignore", "elsewhere"]


def test_the_file_is_put_back_when_the_site_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    made = newfiles.create_new
    calls: list[Path] = []

    def full(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        made(path, data)

    monkeypatch.setattr(newfiles, "create_new", full)
    with empty_folder() as root:
        (root / ".gitignore").write_bytes(b"*.pyc\n")
        code, _, err = init()
        assert code == 1
        assert "No space left on device" in err
        assert (root / ".gitignore").read_bytes() == b"*.pyc\n"
        assert sorted(p.name for p in root.iterdir()) == [".gitignore"]
