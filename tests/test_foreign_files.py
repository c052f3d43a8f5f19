"""A file of yours in the output folder at a name a later build comes to write: a page of your own at
`public/tags/parks/index.html`, and then an article is tagged `parks`.

The build replaced it without a word, listed it in its manifest as its own, and removed it once the tag was gone:
your page lost for good, by a build that never wrote it. A file at a name the build writes, holding other bytes
than the build's, that the last build's manifest (there) does not list is never replaced: one line naming it,
exit 1, the output folder as it was; moved away, the next build makes what a clean build makes. Every name a
build comes to write is tried, for `jiading build` and `jiading feed build`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import front
from test_faults_hostile import _files, _run, _site, _stray

MINE = b"<p>mine, written by hand</p>\n"


def _tagged(root: Path) -> None:
    """A new tag on an old article, and a new article in a new category: pages and feeds at new names."""
    old = root / "articles" / "a00.md"
    old.write_text(old.read_text(encoding="utf-8").replace("tags: [", "tags: [parks, "), encoding="utf-8")
    fresh = front(id="urn:uuid:00000000-0000-4000-8000-000000000099", title="Fresh", category="Fresh", tags="[new]")
    (root / "articles" / "fresh.md").write_text(fresh + "Body.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], tuple[Path, list[str], dict]]:
    """For each command: the site built once, the names its build after :func:`_tagged` newly writes, and what
    a build without any cache makes of that site."""
    found = {}
    for command in [("build",), ("feed", "build")]:
        base = tmp_path_factory.mktemp("site")
        root = _site(base / "site")
        assert _run(root, *command).returncode == 0
        before = set(_files(root / "public"))
        clean = _site(base / "clean")
        _tagged(clean)
        assert _run(clean, *command, cache="off").returncode == 0
        after = _files(clean / "public")
        found[command] = root, sorted(set(after) - before), after
    return found


@pytest.mark.parametrize("command", [("build",), ("feed", "build")], ids=" ".join)
def test_a_file_of_yours_at_any_name_a_build_comes_to_write_is_never_replaced(
    tmp_path: Path, states: dict[tuple[str, ...], tuple[Path, list[str], dict]], command: tuple[str, ...]
) -> None:
    built, new, clean = states[command]
    assert len(new) > 6, new  # the tag's and the category's pages and feeds, the article's page
    for name in new:
        root = tmp_path / name.replace("/", "_")
        shutil.copytree(built, root, symlinks=True)
        _tagged(root)
        mine = root / "public" / name
        mine.parent.mkdir(parents=True, exist_ok=True)
        mine.write_bytes(MINE)
        before = _files(root / "public")
        done = _run(root, *command)
        assert (done.returncode, done.stderr) == (
            1,
            f"Error: public/{name}: cannot write: a file no build wrote is there (the last build's "
            f"{'.jiading-pages.json' if name.endswith('.html') else '.jiading-manifest.json'} does not list it); "
            "move it away, or remove it, and build again\n",
        ), name
        assert _files(root / "public") == before, name
        assert _stray(root) == [], name
        mine.unlink()
        again = _run(root, *command)
        assert again.returncode == 0, again.stderr
        assert _files(root / "public") == clean, name


def test_a_file_the_last_build_wrote_and_a_hand_changed_is_made_again(tmp_path: Path) -> None:
    """A page the manifest lists, saved over by hand, is the build's still: made again, as ever."""
    root = _site(tmp_path / "site")
    assert _run(root, "build").returncode == 0
    page = root / "public" / "index.html"
    made = page.read_bytes()
    page.write_bytes(MINE)
    (root / "jiading.toml").write_text((root / "jiading.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = _run(root, "build")
    assert (done.returncode, done.stderr) == (0, "")
    assert page.read_bytes() == made
