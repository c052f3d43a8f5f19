"""A file the last build wrote and this one no longer makes is removed only while it is as written: one changed by
hand since (a page saved over in the output folder, its article moved to another URL) is left in place, and the
build says so in one warning line, once; the build succeeds (exit 0)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import CONFIG, NOW, Site, front
from jiading_cli.cli import app

IDS = [f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a{n:02d}" for n in range(4)]
WARNING = "left in place: changed since the last build wrote it, and no build makes it now"


def page(slug: str) -> str:
    return f"public/en/news/2017/07/{slug}/index.html"


def said(path: str) -> str:
    return f"Warning: {path}: {WARNING}\n"


def write(root: Path, n: int, slug: str) -> None:
    (root / "articles" / f"a{n}.md").write_text(front(id=IDS[n], slug=slug, title=f"Article {n}") + "Body.\n")


def test_a_page_saved_over_by_hand_stays_when_its_article_moves_and_the_build_says_so(site: Site) -> None:
    write(site.root, 0, "first")
    assert site.run("build").exit_code == 0
    edited = site.root / page("first")
    edited.write_text(edited.read_text() + "<!-- corrected by hand -->\n")
    before = edited.read_bytes()
    write(site.root, 0, "moved")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert result.stderr == said(page("first"))
    assert edited.read_bytes() == before
    assert (site.root / page("moved")).is_file()
    again = site.run("build")  # said once: the file is no longer the build's
    assert (again.exit_code, again.stderr) == (0, "")
    assert edited.read_bytes() == before


def test_json_names_the_file_left_and_stdout_stays_data(site: Site) -> None:
    write(site.root, 0, "first")
    assert site.run("build").exit_code == 0
    (site.root / page("first")).write_text("mine now\n")
    write(site.root, 0, "moved")
    result = site.run("build", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["left"] == [page("first")]
    assert result.stderr == said(page("first"))


def test_a_feed_file_saved_over_by_hand_is_left_and_said_by_feed_build(site: Site) -> None:
    (site.root / "articles" / "a0.md").write_text(front(id=IDS[0], tags="[parks]") + "Body.\n")
    assert site.run("feed", "build").exit_code == 0
    feed = site.root / "public/tags/parks/feed.xml"
    feed.write_text("<rss>edited</rss>\n")
    (site.root / "articles" / "a0.md").write_text(front(id=IDS[0]) + "Body.\n")
    result = site.run("feed", "build")
    assert result.exit_code == 0, result.output
    assert result.stderr == said("public/tags/parks/feed.xml")
    assert feed.read_text() == "<rss>edited</rss>\n"
    assert not (site.root / "public/tags/parks/atom.xml").exists()  # as written: removed


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--config", str(root), *args], env={"JIADING_NOW": NOW, "JIADING_CONFIG": None})


@settings(max_examples=12, deadline=None)
@given(edited=st.sets(st.integers(0, 3)), moved=st.sets(st.integers(0, 3)))
def test_exactly_the_pages_edited_and_no_longer_made_are_left_and_said(edited: set[int], moved: set[int]) -> None:
    """Four articles; some of their pages edited by hand, some articles moved: each page both edited and moved is
    left with its bytes and said, once, in a line of its own; each moved and not edited is removed; the rest made."""
    with tempfile.TemporaryDirectory() as made:
        root = Path(made)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles").mkdir()
        for n in range(4):
            write(root, n, f"page-{n}")
        assert run(root, "build").exit_code == 0
        for n in edited:
            (root / page(f"page-{n}")).write_text(f"edited {n}\n")
        for n in moved:
            write(root, n, f"moved-{n}")
        result = run(root, "build")
        assert result.exit_code == 0, result.output
        left = sorted(n for n in edited & moved)
        shown = [said(os.path.relpath(root / page(f"page-{n}"))).strip() for n in left]  # from the current folder
        assert sorted(result.stderr.splitlines()) == sorted(shown)
        for n in range(4):
            old = root / page(f"page-{n}")
            if n in moved:
                assert (root / page(f"moved-{n}")).is_file()
                assert old.exists() == (n in edited)
            if n in edited:  # left as edited, or made again by the build
                assert (old.read_text() == f"edited {n}\n") == (n in moved)
        assert run(root, "build").stderr == ""


def test_serve_says_a_page_of_its_preview_left_in_place_once(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """The preview's rebuild says it as a build does: on its own warning line, once, quiet or not."""
    import datetime as dt

    from jiading_cli.app.serve import Session
    from jiading_cli.app.settings import load
    from jiading_cli.cli.paths import Here
    from jiading_cli.cli.serve import told

    write(site.root, 0, "first")
    session = Session(load(site.root), lambda: dt.datetime.fromisoformat(NOW), {})
    assert not session.rebuild().problems
    edited = site.root / page("first").replace("public/", "public-preview/")
    edited.write_text(edited.read_text() + "<!-- corrected by hand -->\n")
    write(site.root, 0, "moved")
    rebuilt = session.rebuild()
    assert rebuilt.left == (page("first").replace("public/", "public-preview/"),)
    told(rebuilt, quiet=True, here=Here(site.root))
    assert capsys.readouterr().err == said(page("first").replace("public/", "public-preview/"))
    again = session.rebuild()
    assert (again.problems, again.left) == ((), ())
