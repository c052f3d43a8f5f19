"""A build's pages take each article's URL and the files it names from its validation (the report's ``seen``),
rather than reading and parsing every body again: the pages, keys and assets are those worked out from the bodies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from jiading_cli.config import load_config
from jiading_cli.content.markdown import mentions_markdown, render_html
from jiading_cli.pages.build import Built, build_pages
from jiading_cli.validate.site import validate
from pages.sample import NOW, make

RAW = """
<img src="hall.png" srcset="hall.png 1x, signing.png 2x"> and <a href=agreement.pdf>the text</a>.
"""


def _pages(root: Path, validated: bool) -> tuple[dict[str, bytes], Built]:
    config = load_config(root / "jiading.toml")
    now = dt.datetime.fromisoformat(NOW)
    report = validate(config, now)
    assert not report.failed(), report.problems
    seen = dict(zip((a.path for a in report.articles), report.seen, strict=True)) if validated else None
    files: dict[str, bytes] = {}
    built = build_pages(config, report.articles, now, render_html, files.__setitem__, validated=seen)
    return files, built


def _shown(built: Built) -> tuple[Any, ...]:
    return (built.made, built.assets, built.keys, built.records, built.resolved)


@pytest.mark.parametrize("unsafe", [False, True])
def test_the_pages_are_those_made_from_the_bodies(tmp_path: Path, unsafe: bool) -> None:
    make(tmp_path)
    article = tmp_path / "articles/en/2017/finance.md"
    article.write_text(article.read_text(encoding="utf-8") + RAW, encoding="utf-8")
    if unsafe:
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8") + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8")
    files, built = _pages(tmp_path, validated=True)
    again, worked_out = _pages(tmp_path, validated=False)
    assert files == again
    assert _shown(built) == _shown(worked_out)
    assert {Path(asset.source).name for asset in built.assets} >= {"hall.png", "agreement.pdf", "signing.png"}


def test_the_report_holds_each_article_s_url_and_references(tmp_path: Path) -> None:
    make(tmp_path)
    config = load_config(tmp_path / "jiading.toml")
    report = validate(config, dt.datetime.fromisoformat(NOW))
    assert len(report.seen) == len(report.articles) == 3
    english = next(f for a, f in zip(report.articles, report.seen, strict=True) if a.lang == "en" and a.image)
    assert english.url == "https://www.investinjiading.com/en/news/2017/07/financial-industry-to-boost-jiading/"
    assert english.named == ("signing.png", "hall.png", "agreement.pdf", "../2016/park.md")
    assert english.markdown_links
    park = next(f for a, f in zip(report.articles, report.seen, strict=True) if a.path.endswith("park.md"))
    assert not park.markdown_links


@pytest.mark.parametrize(
    ("body", "held"),
    [("plain text", False), ("see [it](a.md)", True), ("see [it](A.MD)", True), ("x.Md", True), ("x.mD", True)],
)
def test_a_body_that_may_link_an_article_s_file_is_told_in_any_case(body: str, held: bool) -> None:
    assert mentions_markdown(body) is held


def test_a_list_shows_an_image_without_reading_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A teaser shows its article's image by URL and alt text alone: a list made in a process that made no page of
    the article reads no image file (each process of a large build makes some of the article pages)."""
    from jiading_cli.base import imagesize
    from jiading_cli.pages.context import Pages

    make(tmp_path)
    config = load_config(tmp_path / "jiading.toml")
    report = validate(config, dt.datetime.fromisoformat(NOW))
    english = next(a for a in report.articles if a.image)
    whole = Pages(config, {"en": "en"}).picture(english)
    assert whole is not None and whole.width

    def refused(path: object) -> None:
        raise AssertionError(f"{path}: read for a list")

    monkeypatch.setattr(imagesize, "size", refused)
    assert Pages(config, {"en": "en"}).shown(english) == (whole.url, "The signing ceremony in Jiading")


def test_an_image_s_size_is_read_once_by_validation_and_shown_by_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation reads each image's header (JD166, JD167); the pages show the width and height it read, as of the
    look whose stat the build holds the file to, and read no image file again."""
    from lxml import html

    from jiading_cli.base import imagesize
    from jiading_cli.validate import images

    make(tmp_path)
    config = load_config(tmp_path / "jiading.toml")
    reads: list[str] = []
    header = imagesize.read_header

    def counted(path: Any) -> Any:
        reads.append(Path(path).name)
        return header(path)

    monkeypatch.setattr(imagesize, "read_header", counted)  # as the pages read a size
    monkeypatch.setattr(images, "read_header", counted)  # as validation reads a header
    files, _ = _pages(tmp_path, validated=True)
    assert reads.count("signing.png") == 1
    english = next(s for s in validate(config, dt.datetime.fromisoformat(NOW)).seen if "signing.png" in s.named)
    size = english.image_size
    page = html.fromstring(files["en/news/2017/07/financial-industry-to-boost-jiading/index.html"])
    assert size is not None
    assert page.xpath("//meta[@property='og:image:width']/@content") == [str(size[0])]
    assert page.xpath("//meta[@property='og:image:height']/@content") == [str(size[1])]
