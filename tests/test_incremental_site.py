"""`jiading build` after a few articles changed: the feeds' incremental build ran the rules on the changed
articles, so the pages are made from the articles as loaded, without every article being checked again; a
file that no longer loads sends the build back to validating the whole site."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from pages.sample import make, run

PARK = "articles/en/2016/park.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make(tmp_path)


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many articles each whole-site validation looked at, as they run."""
    from jiading_cli.validate import site

    runs: list[int] = []
    validating = site.validate

    def validate(*args: object, **options: object) -> site.Report:
        report = validating(*args, **options)  # type: ignore[arg-type]  # the caller's own arguments
        runs.append(len(report.articles))
        return report

    monkeypatch.setattr(site, "validate", validate)
    return runs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _age(site: Path) -> None:
    """Every file of the site an hour old, as between two real runs."""
    past = time.time() - 3600
    for path in site.rglob("*"):
        if ".jiading-cache" not in path.parts:
            os.utime(path, (past, past))


@pytest.mark.parametrize("name", ["en/news/2016/05/innovation-park/index.html", "en/2017/hall.png", "sitemap.xml"])
def test_a_page_or_asset_removed_after_a_build_is_made_again(site: Path, name: str) -> None:
    _age(site)
    assert run(site, "build").exit_code == 0
    chinese = site / "articles/zh-cn/2017/finance.md"
    chinese.write_text(chinese.read_text() + "\n再一段。\n")
    _age(site)
    assert run(site, "build").exit_code == 0
    made = (site / "public" / name).read_bytes()
    assert "0 new, 0 changed" in run(site, "build").output  # the build's answer was kept
    (site / "public" / name).unlink()
    assert run(site, "build").exit_code == 0
    assert (site / "public" / name).read_bytes() == made


def test_an_edited_article_is_built_without_checking_every_article_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age(site)
    assert run(site, "build").exit_code == 0
    runs = _checks(monkeypatch)
    chinese = site / "articles/zh-cn/2017/finance.md"
    chinese.write_text(chinese.read_text().replace("签署战略合作备忘录。", "签署了战略合作备忘录。"))
    assert run(site, "build").exit_code == 0
    assert runs == []
    assert (
        "签署了战略合作备忘录"
        in (site / "public/zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html").read_text()
    )
    assert run(site, "build", "--out", "cold").exit_code == 0  # a full build: every article checked
    assert runs == [3]
    assert _files(site / "public") == _files(site / "cold")


def test_an_article_broken_since_the_feeds_were_built_is_reported(site: Path) -> None:
    from jiading_cli.app.settings import load
    from jiading_cli.app.validate import checked
    from jiading_cli.content.site import article_names
    from jiading_cli.incremental.api import open_cache

    config = load(site)
    names = article_names(config)
    good = checked(open_cache(config), names, ["articles/en/2017/signing.png"], {})
    assert good is not None and len(good.articles) == 3 and good.references == ("articles/en/2017/signing.png",)
    (site / PARK).write_text("---\ntitle: [unclosed\n---\n")
    assert checked(open_cache(config), names, [], {}) is None
    result = run(site, "build")
    assert result.exit_code == 1
    assert "park.md" in result.output


@pytest.mark.parametrize(
    "name", ["en/news/2016/05/innovation-park/index.html", "zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html"]
)
def test_a_page_changed_by_another_hand_while_a_build_runs_is_made_again_by_the_next(
    site: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A build stores the stat of each page as it put it in place (the edited article's) or found it as it
    should be (the others'), not a later look: one changed after that (here, just before the build's answer
    is stored) is found by the next build, and made again."""
    from jiading_cli.incremental.avoidance import Memo

    _age(site)
    assert run(site, "build").exit_code == 0
    chinese = site / "articles/zh-cn/2017/finance.md"
    chinese.write_text(chinese.read_text() + "\n再一段。\n")
    _age(site)
    page = site / "public" / name
    remember = Memo.remember
    stored: list[str] = []

    def meddled(self: Memo, *args: Any, **kwargs: Any) -> None:
        if self.command == "site-build":
            stored.extend(args[5])  # the files whose stats the build took as it wrote or checked them
            page.write_bytes(b"changed by hand " + page.read_bytes())
        remember(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Memo, "remember", meddled)
        assert run(site, "build").exit_code == 0
    made = page.read_bytes().removeprefix(b"changed by hand ")
    assert str(page) in stored
    result = run(site, "build")
    assert result.exit_code == 0 and "0 new, 1 changed" in result.output
    assert page.read_bytes() == made
    assert "0 new, 0 changed" in run(site, "build").output  # and its answer is stored again
