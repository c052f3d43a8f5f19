"""A site path in a body (``/en/doc.txt``, ``/about``) names the file of the articles folder at that path when there
is one (or it names a ``.md`` file): it is checked, copied and linked as the relative link to that file would be;
otherwise it is a page of the wider site, joined to the base URL and not checked. The decision is looked at each
run, so an incremental build sees a file appear or go at such a path."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import CONFIG, Site, tree

BODY = "[r](/en/doc.txt) [n](/nope.txt) [about](/about) [b](/en/b.md) [x](/en/../en/doc.txt#top)\n"


def lay_out(site: Site) -> None:
    site.write("jiading.toml", CONFIG)
    site.article("en/a.md", BODY, id="urn:uuid:00000000-0000-4000-8000-000000000001", date="2021-03-01")
    site.article("en/b.md", "B.\n", id="urn:uuid:00000000-0000-4000-8000-000000000002", date="2021-03-02")
    (site.root / "articles/en/doc.txt").write_text("doc\n", encoding="utf-8")
    aged(site.root)


def aged(root: Path) -> None:
    past = time.time() - 3600
    for path in (root / "articles").rglob("*"):
        os.utime(path, (past, past), follow_symlinks=False)


def cold(site: Site, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site.root, scratch, ignore=shutil.ignore_patterns(".jiading-cache", "public*"), symlinks=True)
    result = site.run("--config", str(scratch / "jiading.toml"), "build", env={"JIADING_CACHE": "off"})
    assert result.exit_code == 0, result.output
    return tree(scratch / "public")


def test_a_site_path_to_a_file_is_published_and_linked_and_one_to_no_file_is_the_wider_sites(site: Site) -> None:
    lay_out(site)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    public = site.root / "public"
    assert (public / "en/doc.txt").read_text(encoding="utf-8") == "doc\n"
    page = (public / "en/news/2021/03/a/index.html").read_text(encoding="utf-8")
    assert '<a href="/en/doc.txt">r</a>' in page
    assert '<a href="/nope.txt">n</a>' in page and '<a href="/about">about</a>' in page
    assert '<a href="/en/news/2021/03/b/">b</a>' in page
    assert '<a href="/en/doc.txt#top">x</a>' in page  # as the relative link ../en/doc.txt#top is linked
    feed = (public / "feed.xml").read_text(encoding="utf-8")
    assert "https://news.example.com/en/doc.txt" in feed and "https://news.example.com/about" in feed


def test_a_site_path_to_a_file_is_checked_as_a_relative_link_is(site: Site, tmp_path: Path) -> None:
    lay_out(site)
    site.article(
        "en/c.md", "[m](/en/nope.md) [f](/en/secret.txt)\n", id="urn:uuid:00000000-0000-4000-8000-000000000003"
    )
    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (site.root / "articles/en/secret.txt").symlink_to(outside)
    result = site.run("validate")
    assert result.exit_code == 1
    assert "articles/en/c.md:7: error JD162 body: expected the linked file to exist, got '/en/nope.md'" in result.output
    assert (
        "articles/en/c.md:7: error JD164 body: expected a file inside the articles/ folder, got '/en/secret.txt'"
        in (result.output)
    )
    assert "/nope.txt" not in result.output and "/about" not in result.output


def test_an_incremental_build_sees_a_file_appear_or_go_at_a_site_path(site: Site, tmp_path: Path) -> None:
    lay_out(site)
    assert site.run("build").exit_code == 0
    (site.root / "articles/en/doc.txt").unlink()
    (site.root / "articles/about").write_text("about\n", encoding="utf-8")
    aged(site.root)
    assert site.run("build").exit_code == 0
    assert tree(site.root / "public") == cold(site, tmp_path / "cold")
    assert not (site.root / "public/en/doc.txt").exists()
    assert (site.root / "public/about").read_text(encoding="utf-8") == "about\n"
    (site.root / "articles/en/doc.txt").write_text("doc again\n", encoding="utf-8")
    aged(site.root)
    assert site.run("build").exit_code == 0
    assert tree(site.root / "public") == cold(site, tmp_path / "cold")
    assert (site.root / "public/en/doc.txt").read_text(encoding="utf-8") == "doc again\n"
    assert site.run("validate").exit_code == 0
