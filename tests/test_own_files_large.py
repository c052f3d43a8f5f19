"""A file jiading wrote, grown to gigabytes since (sparse, as `truncate -s 2G` makes one, or filled): every store of
`.jiading-cache/`, each manifest of the output folder, every page, asset and feed file in it.

Such a file is never read whole: a store is not used (`base.files.read_own`) and the build makes what a clean build
makes; a manifest is one line naming it, exit 1, nothing written; a file of the output folder is of another length
than the one the build makes or the one it wrote, and is made again, unread. Each build runs in a process of 1 GiB,
where reading one of them whole failed.
"""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

import pytest

from jiading_cli.base.files import OWN_MAX
from test_faults_hostile import _files, _run, _site, _stray

SIZE = 2 << 30  # more than OWN_MAX, and than the process may take
LIMIT = 1 << 30


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _grown(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(SIZE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A site built once with its stores (copied for each case), and what a build without any cache makes."""
    root = _site(tmp_path_factory.mktemp("built") / "site")
    clean = _run(root, "build", cache="off")
    assert clean.returncode == 0, clean.stderr
    good = _files(root / "public")
    shutil.rmtree(root / "public")
    done = _run(root, "build")
    assert done.returncode == 0, done.stderr
    return root, good


def test_the_limit_is_above_what_a_build_writes(built: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = built
    own = [*(root / ".jiading-cache").rglob("*"), *(root / "public").glob(".jiading-*.json")]
    assert max(path.stat().st_size for path in own if path.is_file()) * 1000 < OWN_MAX < SIZE


@pytest.mark.parametrize("command", [("build",), ("feed", "build")])
def test_every_store_grown_to_gigabytes_is_no_store(
    tmp_path: Path, built: tuple[Path, dict[str, bytes]], command: tuple[str, ...]
) -> None:
    """Every file of the cache folder, however deep (the compiled templates' among them), grown at once: the build
    reads none of them whole, uses none, and makes what a clean build makes."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root, symlinks=True)
    stores = sorted(path for path in (root / ".jiading-cache").rglob("*") if path.is_file())
    assert len(stores) > 5
    for store in stores:
        _grown(store)
    (root / "jiading.toml").write_text((root / "jiading.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = _run(root, *command, limit=_limited)
    assert (done.returncode, done.stderr) == (0, "")
    assert _files(root / "public") == built[1]
    again = _run(root, *command)
    assert (again.returncode, again.stderr) == (0, "")


@pytest.mark.parametrize("name", [".jiading-manifest.json", ".jiading-pages.json"])
def test_a_manifest_grown_to_gigabytes_is_one_line_and_nothing_written(
    tmp_path: Path, built: tuple[Path, dict[str, bytes]], name: str
) -> None:
    """A manifest of gigabytes is no manifest a build writes: said in one line naming it, with what to do, exit 1,
    the output folder as it was; removed, the next build makes what a clean build makes."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root, symlinks=True)
    public = root / "public"
    _grown(public / name)
    before = {path.name: path.stat().st_mtime_ns for path in public.rglob("*")}
    (root / "jiading.toml").write_text((root / "jiading.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = _run(root, "build", limit=_limited)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"Error: public/{name}: expected the manifest of the files the last build wrote, found a file of "
        f"{SIZE:,} bytes, larger than any jiading writes (512 MiB); without it none of them is removed when no "
        "longer made: remove public/ and build again, or remove the manifest to keep them (nothing was written)\n"
    )
    assert {path.name: path.stat().st_mtime_ns for path in public.rglob("*")} == before
    assert _stray(root) == []
    (public / name).unlink()
    again = _run(root, "build")
    assert again.returncode == 0, again.stderr
    assert _files(public) == built[1]


@pytest.mark.parametrize("command", [("build",), ("feed", "build")])
def test_every_output_file_grown_to_gigabytes_is_made_again_unread(
    tmp_path: Path, built: tuple[Path, dict[str, bytes]], command: tuple[str, ...]
) -> None:
    """Every file of the output folder but the manifests, grown at once after a build into that folder: none is read
    whole to be compared with what the build makes, nor to be reused as the last build's."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root, symlinks=True)
    first = _run(root, *command)  # the stores of this output folder: each file's as this build wrote it
    assert (first.returncode, first.stderr) == (0, "")
    grown = [path for path in (root / "public").rglob("*") if path.is_file() and not path.name.startswith(".jiading-")]
    assert len(grown) > 20
    for path in grown:
        _grown(path)
    done = _run(root, *command, limit=_limited)
    assert (done.returncode, done.stderr) == (0, "")
    if command == ("build",):
        assert _files(root / "public") == built[1]
    else:  # the feeds made again (the pages, which feed build does not make, are left grown)
        feeds = {name for name in built[1] if name.endswith((".xml", ".json", ".xsl")) and "sitemap" not in name}
        assert {name: (root / "public" / name).read_bytes() for name in feeds} == {
            name: built[1][name] for name in feeds
        }
