"""The benchmark works: its corpus is deterministic and valid, and its smoke run measures every jiading case."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiading_cli.cli import app

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402  (benchmarks/ is not a package)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_seed_writes_byte_identical_sites(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", 40, seed=7)
    corpus.generate(tmp_path / "b", 40, seed=7)
    corpus.generate(tmp_path / "c", 40, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b") != files(tmp_path / "c")
    assert {p.split("/")[0] for p in files(tmp_path / "a")} == {"jiading", "hugo", "pelican"}


def test_the_corpus_is_a_valid_site_with_drafts_scheduled_and_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.generate(tmp_path, 400, kinds=("jiading",))
    monkeypatch.chdir(tmp_path / "jiading")
    result = CliRunner().invoke(app, ["validate"], env={"JIADING_NOW": "2026-01-01T00:00:00+08:00"})
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 2 notes in 400 files" in result.output  # the two scheduled articles
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "jiading" / "articles").rglob("*.md")]
    assert sum("draft: true" in t for t in texts) == 2
    assert sum("lang: zh-CN" in t for t in texts) > 40 and sum("lang: en" in t for t in texts) > 200


def test_the_smoke_benchmark_measures_every_jiading_case(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cases = ("jiading --version", "validate cold", "validate warm", "feed cold", "feed warm", "feed incremental")
    for case in (*cases, "site cold", "site warm", "site incremental"):
        row = next(line for line in result.stdout.splitlines() if line.startswith(f"| {case} |"))
        assert row.endswith("| 1 | ok |"), row
    for peer in ("Hugo (same pages)", "pelican"):  # CI has neither; the smoke run never installs or runs them
        assert f"| {peer} | — | — | 0 | not run |" in result.stdout


def test_an_unknown_peer_is_a_usage_error(tmp_path: Path) -> None:
    run = [sys.executable, str(BENCH / "run.py"), "--peers", "hugo,jekyll", "--work", str(tmp_path)]
    result = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--peers: expected hugo and/or pelican, got 'hugo,jekyll'" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing measured, nothing generated


def test_the_hugo_site_links_translations_and_keeps_the_bare_theme_selectable(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "same", 20, kinds=("hugo",))
    corpus.generate(tmp_path / "bare", 20, kinds=("hugo",), hugo_theme="bare")
    first, second = corpus.item(2017, 0, 20), corpus.item(2017, 1, 20)  # an article and its translation
    key = f"translationKey: {min(first.id, second.id)}"
    same = tmp_path / "same" / "hugo"
    assert key in (same / f"content/en/news/{first.date.year}/{first.slug}.md").read_text(encoding="utf-8")
    assert key in (same / f"content/zh-cn/news/{second.date.year}/{second.slug}.md").read_text(encoding="utf-8")
    config = (same / "hugo.toml").read_text(encoding="utf-8")
    assert "[languages.zh-cn]" in config and "paginate = 20" in config and "disableKinds" in config
    assert 'news = "/news/:year/:month/:slug/"' in config and "robotsTXT" not in config
    bare = tmp_path / "bare" / "hugo"
    assert 'disableKinds = ["sitemap", "robotsTXT", "404"]' in (bare / "hugo.toml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (bare / "layouts" / "_default").iterdir()) == ["list.html", "single.html"]
    assert "translationKey" not in (bare / f"content/{first.folder}/{first.slug}.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_renders_the_same_pages_as_jiading(tmp_path: Path) -> None:
    corpus.generate(tmp_path, 20, kinds=("hugo",))
    site = tmp_path / "hugo"
    result = subprocess.run(
        ["hugo", "--quiet", "--destination", "public"], cwd=site, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stdout + result.stderr
    public = site / "public"
    first, second = corpus.item(2017, 0, 20), corpus.item(2017, 1, 20)
    path = f"en/news/{first.date:%Y/%m}/{first.slug}/"
    other = f"{corpus.BASE_URL}/zh-cn/news/{second.date:%Y/%m}/{second.slug}/"
    page = (public / path / "index.html").read_text(encoding="utf-8")
    url = f"{corpus.BASE_URL}/{path}"
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<link rel="alternate" hreflang="zh-CN" href="{other}">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{url}">' in page
    assert '"@type": "NewsArticle"' in page and f"<h1>{first.title}</h1>" in page
    shared = url.replace(":", "%3A").replace("/", "%2F") + "%3Futm_medium%3Dsocial"
    for target in (
        f"https://www.facebook.com/sharer/sharer.php?u={shared}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={shared}",
        "mailto:?subject=",
        "https://x.com/intent/post?text=",
        f"https://service.weibo.com/share/share.php?url={shared}",
        f"https://t.me/share/url?url={shared}",
    ):
        assert f'href="{target}' in page, target
    assert f'class="share-copy" data-url="{url}"' in page
    items = [corpus.item(2017, n, 20) for n in range(20)]
    english = [a for a in items if a.lang == "en" and not a.draft and a.date < corpus.SCHEDULED_AT]
    assert 10 < len(english) < 20  # one page of the English news list holds them all
    assert (public / "en" / "index.html").read_text(encoding="utf-8").count('class="teaser"') == len(english)
    assert "Sitemap: " in (public / "robots.txt").read_text(encoding="utf-8")
    assert "xhtml:link" in (public / "en" / "sitemap.xml").read_text(encoding="utf-8")
    for feed in ("feed.xml", "atom.xml", "feed.json", "en/feed.xml", "zh-cn/feed.json", "en/404.html"):
        assert (public / feed).is_file(), feed
