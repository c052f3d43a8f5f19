"""A template of the site's own that the system will not say is there or not (the templates folder, or a folder
in it, cannot be searched) is an error naming it, exit 1, nothing written: never left out without a word for the
shipped template of that name, a page built in another theme than the site's. Only "nothing there" is the shipped
template's turn. Runs refused by mode bits are processes whose capabilities to pass over them are dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import tree
from pages.sample import make
from test_unreadable_folders import SETPRIV, modes, run, traceless

pytestmark = pytest.mark.skipif(SETPRIV is None, reason="setpriv (util-linux) is needed to drop capabilities")


@pytest.mark.parametrize(("folder", "mode"), [("templates", 0o000), ("templates", 0o600), ("templates/en", 0o000)])
@pytest.mark.parametrize("command", [["build"], ["build", "--include-drafts", "--out", "preview"]])
def test_a_templates_folder_that_cannot_be_searched_fails_the_build(
    tmp_path: Path, folder: str, mode: int, command: list[str]
) -> None:
    root = make(tmp_path)
    (root / "templates/en").mkdir(parents=True)
    (root / "templates/article.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    (root / "templates/en/x.html").write_text("x\n", encoding="utf-8")
    assert run(root, "build", dropped=False).returncode == 0
    before = tree(root / "public")
    (root / "articles/en/2017/finance.md").write_text(
        (root / "articles/en/2017/finance.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    with modes((root / folder, mode)):
        result = run(root, *command)
    traceless(result)
    if folder == "templates/en":  # no page's template is below it: the build goes on, in the site's theme
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "templates/article.html: template: cannot read: Permission denied" in result.stdout + result.stderr
    assert tree(root / "public") == before
    assert not (root / "preview").exists() or not any((root / "preview").rglob("*.html"))
