"""A missing file's hint (a name beside it alike but for case, Unicode form or the spaces at its ends) reads its
folder's names once for every missing file looked for there, never once per file.

Listing the folder and folding every name for each missing file cost files times names: 4,000 articles in one
folder, each linking a file that is not there, took 20.3 s to validate (1,000: 1.75 s); listed once, 1.98 s. The
listing is keyed by what changes when the folder's names do, so a run after a rename (a long `serve`) sees it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Site
from jiading_cli.validate import filecheck

COUNT = 300


def test_a_folder_is_listed_once_for_many_missing_files(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = site.root / "articles" / "files"
    folder.mkdir(parents=True)
    for number in range(COUNT):
        (folder / f"File{number}.pdf").write_bytes(b"%PDF-1.4\n")
    site.article(body="".join(f"[f](files/file{number}.pdf)\n\n" for number in range(COUNT)))
    listed: list[str] = []
    real = os.listdir

    def counted(path: str | os.PathLike[str] = ".") -> list[str]:
        if Path(path).resolve() == folder.resolve():
            listed.append(str(path))
        return real(path)

    monkeypatch.setattr(filecheck.os, "listdir", counted)
    checked = site.run("validate")
    assert checked.exit_code == 1
    assert checked.stdout.count("differs from it only in case") == 50  # the first 50 problems of the file
    assert len(listed) == 1, len(listed)


def test_a_renamed_file_is_seen_by_the_next_run(site: Site) -> None:
    folder = site.root / "articles" / "files"
    folder.mkdir(parents=True)
    (folder / "Plan.pdf").write_bytes(b"%PDF-1.4\n")
    site.article(body="[plan](files/plan.pdf)\n")
    first = site.run("validate")
    assert "'Plan.pdf' differs from it only in case" in first.stdout, first.stdout
    (folder / "Plan.pdf").rename(folder / "PLAN.pdf")
    second = site.run("validate")
    assert "'PLAN.pdf' differs from it only in case" in second.stdout, second.stdout
    (folder / "PLAN.pdf").rename(folder / "plan.pdf")
    assert site.run("validate").exit_code == 0
