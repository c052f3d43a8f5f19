"""`init` and `new-article` on a file system without hard links (sshfs, a virtual machine's shared folder): each file
is made where it goes, only while nothing is there, and removed again when it cannot be written whole. A new file was
put in place by a hard link to its staged copy alone, so both commands ended in 'cannot write: Operation not
permitted (nothing was written)' where `build` writes."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONFIG, NOW
from jiading_cli.base import files, tempnames
from jiading_cli.cli import app

INIT = ["init", "site", "--yes", "--title", "News", "--base-url", "https://e.com", "--language", "en,zh-CN"]
NEW = ["new-article", "--publish", "--summary", "A new article about the district, for its readers.", "Links gone"]


def _refused(number: int) -> Callable[..., None]:
    def link(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return link


def _everything(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the cache's, and every folder (as ``/``)."""
    found = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))}
    return {
        name: path.read_bytes() if path.is_file() else b"/"
        for name, path in found.items()
        if not name.startswith(".jiading-cache")
    }


def _site(tmp_path: Path) -> Path:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    return tmp_path


def _run(where: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(where)
    monkeypatch.delenv("JIADING_CONFIG", raising=False)
    result = CliRunner().invoke(app, args, env={"JIADING_NOW": NOW})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize("number", sorted(files.NO_LINKS))
@pytest.mark.parametrize("args", [INIT, NEW], ids=["init", "new-article"])
def test_new_files_are_written_where_hard_links_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, args: list[str]
) -> None:
    where = tmp_path if args is INIT else _site(tmp_path)
    monkeypatch.setattr(os, "link", _refused(number))
    code, errors = _run(where, args, monkeypatch)
    assert (code, errors) == (0, "")
    root = tmp_path / "site" if args is INIT else tmp_path
    written = _everything(root)
    assert not [name for name in written if tempnames.is_leftover(name.rsplit("/", 1)[-1])]
    assert all((root / name).stat().st_mode & 0o777 == 0o644 for name in written if (root / name).is_file())
    monkeypatch.undo()
    assert _run(root, ["validate"], monkeypatch)[0] == 0
    if args is NEW:  # made only while nothing is there
        monkeypatch.setattr(os, "link", _refused(number))
        again = _run(root, args, monkeypatch)
        assert again[0] == 1 and "already exists; not overwritten" in again[1]
        assert _everything(root) == written


@pytest.mark.parametrize("args", [INIT, NEW], ids=["init", "new-article"])
def test_a_file_that_cannot_be_written_whole_where_it_goes_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Its staged copy was written; the disk is full when the file itself is."""
    where = tmp_path if args is INIT else _site(tmp_path)
    before = _everything(tmp_path)
    real_fill, calls = files._fill, []

    def fill(fd: int, *rest: object) -> None:
        calls.append(fd)
        if len(calls) == 2:
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fill(fd, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", _refused(errno.EPERM))
    monkeypatch.setattr(files, "_fill", fill)
    code, errors = _run(where, args, monkeypatch)
    assert code == 1 and errors.endswith(": cannot write: No space left on device (nothing was written)\n"), errors
    assert errors.count("\n") == 1
    assert _everything(tmp_path) == before  # no file, no temporary file, no folder made


def test_a_link_refused_for_another_reason_is_said_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", _refused(errno.EIO))
    code, errors = _run(_site(tmp_path), NEW, monkeypatch)
    assert code == 1 and errors.endswith(": cannot write: Input/output error (nothing was written)\n"), errors
    assert not (tmp_path / "articles" / "en").exists()
