"""A build killed between putting a file in place and putting its manifest in place (``kill -9``, a power cut):
the next build owns the file as if the manifest had listed it, so once no build makes it again it is removed, and
the output folder is a cold build's. Every moment is tried, one rename after another, for `jiading build` and
`jiading feed build`, with the file's tag (its feeds and its list page) dropped before the next build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Site, killed_after, tree
from jiading_cli.base import tempnames

ID = "urn:uuid:00000000-0000-4000-8000-{:012d}"
MARKS = (".jiading-manifest.json.writing", ".jiading-pages.json.writing")


def _articles(site: Site, tagged: bool, title: str = "Park") -> None:
    for n in range(3):
        tags = "[cars]" if tagged and n == 0 else "[]"
        site.article(f"a{n}.md", id=ID.format(n), title=f"{title} {n}", slug=f"park-{n}", tags=tags)


@pytest.mark.parametrize("args", [("build",), ("feed", "build")])
def test_a_file_put_in_place_before_a_kill_is_removed_once_no_build_makes_it(
    site: Site, tmp_path: Path, args: tuple[str, ...]
) -> None:
    renames = 1
    while True:
        for path in (site.root / "public", site.root / ".jiading-cache"):
            files_under = [p for p in path.rglob("*") if p.is_file() or p.is_symlink()] if path.exists() else []
            for p in files_under:
                p.unlink()
        _articles(site, tagged=False)
        assert site.run(*args).exit_code == 0
        _articles(site, tagged=True, title="Hall")  # a tag: new feeds, a new list page, every page changed
        killed = killed_after(site, args, renames)
        _articles(site, tagged=False, title="Field")  # the tag is gone again: nothing makes its files
        result = site.run(*args)
        assert result.exit_code == 0, result.output
        public = site.root / "public"
        assert list(tempnames.leftovers(public)) == [], renames
        assert not any((public / mark).exists() for mark in MARKS), renames
        cold = tmp_path / f"cold{renames}"
        assert site.run(*args, "--out", str(cold), env={"JIADING_CACHE": "off"}).exit_code == 0
        assert tree(public) == tree(cold), f"killed after {renames} renames"
        if not killed:
            break
        renames += 1
    assert renames > 3
