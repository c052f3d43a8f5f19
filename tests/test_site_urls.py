"""Public URLs of a site's files: folders are resolved once per run, with the answers Path.resolve gives."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import Site
from jiading_cli.config import load_config
from jiading_cli.content.site import file_url


def resolved_url(root: Path, path: Path) -> str:
    """The URL from each path resolved whole, as file_url gave it before it kept folders."""
    path = path.resolve()
    for base in ((root / "articles").resolve(), root.resolve()):
        if path.is_relative_to(base):
            return "https://news.example.com/" + quote(path.relative_to(base).as_posix(), safe="/-._~")
    return "https://news.example.com/" + quote(path.name, safe="/-._~")


@pytest.mark.parametrize(
    "relative",
    [
        "articles/images/photo.png",
        "articles/en/../images/photo.png",
        "articles/pictures/photo.png",  # a linked folder
        "articles/images/linked.png",  # a linked file, elsewhere
        "articles/images/missing.png",
        "articles/missing-folder/x.png",
        "outside.png",
        "articles/images/../../outside.png",
    ],
)
def test_a_file_url_is_the_one_its_whole_resolved_path_gives(site: Site, relative: str) -> None:
    root = site.root
    (root / "articles" / "images").mkdir(parents=True)
    (root / "articles" / "en").mkdir()
    (root / "articles" / "images" / "photo.png").write_bytes(b"png")
    (root / "outside.png").write_bytes(b"png")
    (root / "articles" / "pictures").symlink_to(root / "articles" / "images")
    (root / "articles" / "images" / "linked.png").symlink_to(root / "outside.png")
    config = load_config(root)
    assert file_url(config, root / relative) == resolved_url(root, root / relative)
