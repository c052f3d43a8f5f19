"""Whatever stands on the way to the preview folder is a rebuild's problem: `jiading serve` starts, serves the
preview's 404 page with the problem's line, and builds the site once it is gone. A loop of links there ended the
command before it served (exit 1, a code the page gives only for a port it cannot listen on). What stands where the
preview folder itself goes, but a folder, is refused at start (`tests/test_serve_preview_link.py`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from serve.site import free_port, site, start


def _loop_on_the_way(path: Path) -> None:
    """``site.output_dir`` set to ``out/public``, ``out`` a loop of links."""
    config = path.parent / "jiading.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[site]\n", '[site]\noutput_dir = "out/public"\n', 1), encoding="utf-8")
    (path.parent / "out").symlink_to("out")


# What is put on the way to the preview folder, how, and the line the first rebuild gives for it.
OBSTACLES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "a loop of links on the way": (_loop_on_the_way, "out", "a loop of links is in the way of the folder"),
}


@pytest.mark.parametrize("obstacle", sorted(OBSTACLES))
def test_serve_starts_whatever_stands_at_the_preview_folder_and_builds_once_it_is_gone(
    tmp_path: Path, obstacle: str
) -> None:
    root = site(tmp_path)  # site.output_dir as by default, public/
    put, named, line = OBSTACLES[obstacle]
    put(root / "public-preview")
    serving = start(root, "--port", str(free_port()))
    try:
        errors = serving.stderr(line)
        assert f"Error: {named}: cannot write: {line}" in errors, errors
        assert "Traceback" not in errors
        assert serving.get("/")[0] == 404  # the preview's 404 page, which shows the problems
        os.unlink(root / named)
        serving.wait_for(r"rebuilt in .* after ")
        assert serving.get("/")[0] == 200
    finally:
        code, errors = serving.stop()
    assert code == 130 and "Traceback" not in errors
