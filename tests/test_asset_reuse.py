"""The files articles name (images, attachments), copied by `jiading build` only when they changed.

A copied file whose source still has the identity it had when it was copied, and which still lies in the
output folder as it was written, is left in place without either file being read; any other is copied
again. Every test checks the built folder against a cold build's (``Rebuilt``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import settle
from jiading_cli.feeds.write import Writer
from pages.sample import make, png, run
from test_page_keys import Rebuilt

IMAGE = "en/2017/signing.png"
PARK = "articles/en/2016/park.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make(tmp_path)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the article files' named files read by the builds, as they happen."""
    from jiading_cli.app import build

    found: list[str] = []
    copying = build._copy

    def copy(writer: Writer, name: str, source: Path, *rest: Any) -> None:
        found.append(source.name)
        copying(writer, name, source, *rest)

    monkeypatch.setattr(build, "_copy", copy)
    return found


def test_an_edited_article_leaves_the_named_files_in_place_unread(
    site: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    park = site / PARK
    rebuilt = Rebuilt(site, monkeypatch, lambda root: park.write_text(park.read_text() + "\nMore.\n"))
    assert reads.count("signing.png") == 2  # the first build and the cold one, not the edited build
    assert rebuilt.changed.isdisjoint({IMAGE, "en/2017/hall.png", "en/2017/agreement.pdf"})


def _rebuilt(root: Path, change: Callable[[Path], object]) -> dict[str, bytes]:
    """The output folder after a build, ``change``, and a build again: as a cold build makes it."""
    settle(root)
    assert run(root, "build").exit_code == 0
    change(root)
    (root / PARK).touch()  # so that the build is not avoided whole
    assert run(root, "build").exit_code == 0
    assert run(root, "build", "--out", "cold").exit_code == 0
    after = {p.relative_to(root / "public").as_posix(): p.read_bytes() for p in (root / "public").rglob("*.*")}
    assert after == {p.relative_to(root / "cold").as_posix(): p.read_bytes() for p in (root / "cold").rglob("*.*")}
    return after


def test_a_named_file_removed_from_the_output_is_copied_again(site: Path) -> None:
    after = _rebuilt(site, lambda root: (root / "public" / IMAGE).unlink())
    assert after[IMAGE] == (site / "articles" / IMAGE).read_bytes()


def test_a_named_file_changed_in_the_output_is_copied_again(site: Path) -> None:
    after = _rebuilt(site, lambda root: (root / "public" / IMAGE).write_bytes(b"not the image"))
    assert after[IMAGE] == (site / "articles" / IMAGE).read_bytes()


def test_a_source_rewritten_with_its_old_size_and_mtime_is_copied_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = site / "articles" / IMAGE

    def rewritten(root: Path) -> None:
        info = source.stat()
        data = bytearray(source.read_bytes())
        data[-20] ^= 0xFF  # the same size
        source.write_bytes(bytes(data))
        os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same mtime; only its ctime tells

    rebuilt = Rebuilt(site, monkeypatch, rewritten)
    assert rebuilt.after[IMAGE][0] == source.read_bytes() != rebuilt.before[IMAGE][0]


def test_a_source_replaced_by_another_file_is_copied_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = site / "articles" / IMAGE

    def replaced(root: Path) -> None:
        png(root / "other.png", "another picture")
        os.replace(root / "other.png", source)

    rebuilt = Rebuilt(site, monkeypatch, replaced)
    assert rebuilt.after[IMAGE][0] == source.read_bytes() != rebuilt.before[IMAGE][0]


def test_without_the_cache_every_named_file_is_read(
    site: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    monkeypatch.setenv("JIADING_CACHE", "off")
    for _ in range(2):
        assert run(site, "build").exit_code == 0
    assert reads.count("signing.png") == 2


def _digested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose bytes the builds read to know their identity, as they happen."""
    from jiading_cli.pages import reuse

    found: list[str] = []
    reading = reuse.read_digest

    def read(path: str) -> tuple[bytes, os.stat_result]:
        found.append(os.path.basename(path))
        return reading(path)

    monkeypatch.setattr(reuse, "read_digest", read)
    return found


def test_a_settled_file_is_known_by_its_stat_and_not_read_again(
    site: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    from jiading_cli.pages import reuse

    monkeypatch.setattr(reuse, "RACY_NS", 0)  # every file settled
    digested = _digested(monkeypatch)
    assert run(site, "build").exit_code == 0
    assert digested.count("signing.png") == 1  # for the page's key; the copy's key finds it by its stat
    digested.clear()
    reads.clear()
    (site / PARK).touch()
    assert run(site, "build").exit_code == 0
    assert digested == reads == []


def test_a_file_changed_just_before_the_build_is_read_every_time(
    site: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    from jiading_cli.pages import reuse

    monkeypatch.setattr(reuse, "RACY_NS", 10**18)  # every file changed a moment before each build
    digested = _digested(monkeypatch)
    for _ in range(2):
        digested.clear()
        (site / PARK).touch()
        assert run(site, "build").exit_code == 0
        assert digested.count("signing.png") == 2  # its digest kept for neither the page's key nor the copy's
    assert reads.count("signing.png") == 1  # copied once: its bytes, as read again, had not changed


def test_a_link_to_an_article_s_file_under_another_name_is_not_published(site: Path) -> None:
    english = site / "articles/en/2017/finance.md"
    (site / "articles/en/2017/park-notes.txt").symlink_to("../2016/park.md")
    english.write_text(english.read_text().replace("(agreement.pdf)", "(park-notes.txt)"))
    result = run(site, "build")
    assert result.exit_code == 0, result.output
    assert not [*(site / "public").rglob("park*")]  # neither under the link's name nor under the article's
    assert (site / "public/en/2017/hall.png").read_bytes() == (site / "articles/en/2017/hall.png").read_bytes()


def test_a_file_made_a_link_since_the_last_build_is_published_where_the_link_leads(site: Path) -> None:
    """A file replaced by a link to another file since the last build is published at that file's URL: the feeds'
    enclosure and the page's card both give it."""
    from lxml import html

    page = site / "public/en/news/2017/07/financial-industry-to-boost-jiading/index.html"
    assert run(site, "build").exit_code == 0
    image = "//meta[@property='og:image']/@content"
    assert html.fromstring(page.read_bytes()).xpath(image) == ["https://www.investinjiading.com/en/2017/signing.png"]
    signing = site / "articles/en/2017/signing.png"
    (site / "articles/images").mkdir()
    signing.rename(site / "articles/images/signing.png")
    signing.symlink_to("../../images/signing.png")
    result = run(site, "build")
    assert result.exit_code == 0, result.output
    assert html.fromstring(page.read_bytes()).xpath(image) == ["https://www.investinjiading.com/images/signing.png"]
    enclosures = (site / "public/en/feed.xml").read_text(encoding="utf-8")
    assert "/images/signing.png" in enclosures and "/en/2017/signing.png" not in enclosures


REFS = ["..", ".", "", "img.png", "a%20b.png", "%2E%2E", "x?y=1", "z#top", "中.png"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("sample"))  # read only: one site for every example


@settings(max_examples=300, deadline=None)
@given(
    folder=st.lists(st.sampled_from(["en", "2017", "..", ".", "a b", "中文"]), max_size=4),
    ref=st.lists(
        st.sampled_from(["..", ".", "", "img.png", "a%20b.png", "%2E%2E", "x?y=1", "z#top", "中.png"]),
        min_size=1,
        max_size=4,
    ),
)
def test_an_image_s_path_as_a_string_is_the_file_pathlib_names(sample: Path, folder: list[str], ref: list[str]) -> None:
    import dataclasses

    from jiading_cli.app.settings import load
    from jiading_cli.content.site import load_file, local_file, local_path
    from jiading_cli.content.targets import is_local_reference
    from jiading_cli.pages.reuse import Inputs, NoReuse

    config = load(sample)
    article = load_file(config, sample / PARK).article
    assert article is not None
    moved = dataclasses.replace(article, path="/".join(["articles", *folder, "park.md"]))
    target = "/".join(ref)
    if is_local_reference(target):
        shown = Inputs(config, NoReuse(), {}, {})._local(moved, target)
        assert shown == os.fspath(local_file(config, moved, target))
        assert local_path(config, moved, target) == os.fspath(local_file(config, moved, target))
    rooted = "/" + target.lstrip("/")  # a site path: in the articles folder, as pathlib joins it
    if is_local_reference(rooted):
        assert local_path(config, moved, rooted) == os.fspath(local_file(config, moved, rooted))
