"""The site's config is looked for in the current folder, then in each folder above: a look the system refuses (a
folder on the way shut since the shell entered it) ends the search with the reason, as a `jiading.toml` that is no
file does, never going on to a site in a folder above, which every command would then read or write. Runs refused by
mode bits are processes whose capabilities to pass over them are dropped (``setpriv``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_unreadable_folders import SETPRIV, make_site, modes, run, traceless

pytestmark = pytest.mark.skipif(SETPRIV is None, reason="setpriv (util-linux) is needed to drop capabilities")


@pytest.mark.parametrize("command", [("validate",), ("list",), ("new-article", "Open day"), ("build",)])
def test_a_folder_whose_config_cannot_be_looked_for_never_falls_to_the_site_above(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    root = make_site(tmp_path)
    inner = root / "inner"
    inner.mkdir()
    with modes((inner, 0o600)):  # readable, not searchable: what is in it cannot be looked at
        result = run(inner, *command)
    traceless(result)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr == f"Error: {inner}/jiading.toml: cannot tell whether it is there: Permission denied\n"
    assert sorted(path.name for path in (root / "articles").iterdir()) == []  # the site above was left alone
    assert not (root / "public").exists()


def test_a_folder_without_a_config_still_finds_the_site_above(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    inner = root / "inner"
    inner.mkdir()
    result = run(inner, "list")
    traceless(result)
    assert result.returncode == 0, (result.stdout, result.stderr)
