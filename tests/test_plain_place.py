"""Where a file an article names is published: the plain case's shortcut gives what the general way gives.

A build asks it of every file every article names, so a reference of plain names to a regular file is worked
out without making its URL and reading it back (``content.resolver.plain_place``). Drawn references, over a
site holding links to files and folders, folders where files are looked for, names that differ only in case
and files outside the articles folder, are held to the general way (``pages.assets._place``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config import Config, load_config
from jiading_cli.content.resolver import plain_place
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article
from jiading_cli.pages.assets import _place

NAMES = ["..", "en", "images", "linked", "x.png", "y.png", "l.png", "d", "z.png", "Q.MD", "gone.png", "a.b.c", "-_"]


@pytest.fixture
def world(site: Site) -> tuple[Config, Article]:
    root = site.root
    for name in ("articles/en/x.png", "articles/images/y.png", "z.png", "articles/en/a.b.c", "articles/en/-_"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"file")
    (root / "articles/en/d").mkdir()
    (root / "articles/en/Q.MD").write_text("not an article", encoding="utf-8")
    (root / "articles/en/l.png").symlink_to("x.png")  # published at its target's path
    (root / "articles/linked").symlink_to("images")  # a folder reached through a link
    (root / "articles/en/linked").symlink_to("../../z.png")  # a link out of the articles folder
    path = site.article("en/a.md", title="A", lang="en")
    config = load_config(root)
    article = load_file(config, path).article
    assert article is not None
    return config, article


def _general(config: Config, article: Article, ref: str) -> tuple[str, str] | None:
    lasting, place = _place(config, article, ref, Path(config.root).resolve(), lambda: frozenset({article.path}))
    return place if lasting else None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # read only
@given(parts=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
def test_a_plain_reference_is_published_where_the_general_way_says(
    world: tuple[Config, Article], parts: list[str]
) -> None:
    config, article = world
    ref = "/".join(parts)
    quick = plain_place(config, article.path, ref)
    if quick is not None:
        assert quick == _general(config, article, ref)


@pytest.mark.parametrize(
    ("ref", "target"),
    [
        ("x.png", "en/x.png"),
        ("../images/y.png", "images/y.png"),
        ("../linked/y.png", "images/y.png"),
        ("../../z.png", "z.png"),  # outside the articles folder, inside the site's: below the site's (JD164 says)
    ],
)
def test_the_shortcut_is_taken_for_plain_files_and_folders_reached_through_links(
    world: tuple[Config, Article], ref: str, target: str
) -> None:
    config, article = world
    assert plain_place(config, article.path, ref) == (_general(config, article, ref) or ("", ""))
    assert (plain_place(config, article.path, ref) or ("", ""))[1] == target


@pytest.mark.parametrize("ref", ["l.png", "Q.MD", "d", "gone.png", "linked", "./x.png", "x%2Epng"])
def test_anything_else_is_left_to_the_general_way(world: tuple[Config, Article], ref: str) -> None:
    config, article = world
    assert plain_place(config, article.path, ref) is None
