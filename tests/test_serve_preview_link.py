"""The preview folder is jiading's own: a symbolic link where it goes is never written or served through. `jiading
serve` refuses one there at start (exit 2, one line), as it does anything else but a folder; one put there while it
serves fails the rebuild in one line, writes nothing where the link leads, and the last good preview is served."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from serve.site import NOW, free_port, site, start


def _site(tmp_path: Path) -> Path:
    (tmp_path / "site").mkdir()
    return site(tmp_path / "site")


def _elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text("not the preview's\n", encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


STANDING: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "a link to a folder": (lambda at, to: at.symlink_to(to, target_is_directory=True), "a symbolic link"),
    "a link to nothing": (lambda at, to: at.symlink_to(to / "nowhere"), "a symbolic link"),
    "a loop of links": (lambda at, _: at.symlink_to(at.name), "a symbolic link"),
    "a file": (lambda at, _: at.touch(), "a file"),
    "a FIFO": (lambda at, _: os.mkfifo(at), "a FIFO"),
}


@pytest.mark.parametrize("standing", sorted(STANDING))
def test_serve_refuses_anything_but_a_folder_where_the_preview_goes(tmp_path: Path, standing: str) -> None:
    root = _site(tmp_path)
    elsewhere = _elsewhere(tmp_path)
    before = _tree(elsewhere)
    put, found = STANDING[standing]
    put(root / "public-preview", elsewhere)
    serving = start(root, "--port", str(free_port()), ready=False)
    try:
        code, errors = serving.ended()
    finally:
        if serving.process.poll() is None:
            serving.process.kill()
    assert code == 2, errors
    assert errors == (
        f"Error: public-preview: expected the preview folder jiading makes, found {found}; "
        "remove it, and jiading makes the folder\n"
    )
    assert _tree(elsewhere) == before


def test_a_link_put_in_the_preview_folder_s_place_while_serving_is_never_written_or_served_through(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    elsewhere = _elsewhere(tmp_path)
    before = _tree(elsewhere)
    serving = start(root, "--port", str(free_port()))
    try:
        assert serving.get("/")[0] == 200
        (root / "public-preview").rename(root / "public-preview-kept")
        (root / "public-preview").symlink_to(elsewhere, target_is_directory=True)
        line = "Error: public-preview: expected the preview folder jiading makes, found a symbolic link"
        errors = serving.stderr(line)
        assert line in errors, errors
        article = next((root / "articles").rglob("park2.md"))
        article.write_text(article.read_text(encoding="utf-8").replace("Text.", "Text again."), encoding="utf-8")
        serving.wait_for(r"rebuild failed")
        assert _tree(elsewhere) == before  # nothing written through the link
        assert serving.get("/secret.txt")[0] == 404  # nor served through it
        status, _, page = serving.get("/")
        assert status == 200 and "Investment forum" in page  # the last good preview, wherever it went
        (root / "public-preview").unlink()
        serving.wait_for(r"rebuilt in ")
        assert serving.get("/")[0] == 200
    finally:
        code, errors = serving.stop()
    assert code == 130 and "Traceback" not in errors
    assert _tree(elsewhere) == before
    assert (root / "public-preview").is_dir() and not (root / "public-preview").is_symlink()


@pytest.mark.parametrize("command", [("build",), ("feed", "build")])
def test_a_preview_build_refuses_a_link_where_the_preview_folder_goes(tmp_path: Path, command: tuple[str, ...]) -> None:
    import subprocess
    import sys

    root = _site(tmp_path)
    elsewhere = _elsewhere(tmp_path)
    before = _tree(elsewhere)
    (root / "public-preview").symlink_to(elsewhere, target_is_directory=True)
    env = {**os.environ, "JIADING_NOW": NOW}
    main = "from jiading_cli.cli import main; main()"
    ran = subprocess.run(
        [sys.executable, "-c", main, *command, "--include-drafts"], cwd=root, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr == (
        "Error: public-preview: expected the preview folder jiading makes, found a symbolic link; "
        "remove it, and jiading makes the folder\n"
    )
    assert _tree(elsewhere) == before
