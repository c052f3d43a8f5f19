"""Cached validation gives the same answers as a cold run, and never a stale one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CONFIG, Site, untimed

CACHE = ".jiading-cache/checks.pickle"


def validate(site: Site, *args: str, now: str | None = None) -> str:
    env = {"JIADING_NOW": now} if now else {}
    result = site.run("validate", *args, env=env)
    return untimed(result.stdout)


def test_a_warm_run_reports_exactly_what_a_cold_run_does(site: Site) -> None:
    site.article("a.md", summary="Short", body="[x](missing.md)\n")
    cold = validate(site)
    assert (site.root / CACHE).is_file()
    assert validate(site) == cold
    assert "JD151" in cold and "JD162" in cold


def test_files_an_article_names_are_checked_every_run(site: Site) -> None:
    site.write("articles/report.pdf", "pdf")
    site.article("a.md", body="[r](report.pdf)\n")
    assert "JD162" not in validate(site)
    (site.root / "articles/report.pdf").unlink()
    assert "articles/a.md:7: error JD162 body: expected the linked file to exist, got 'report.pdf'" in validate(site)


def test_the_schedule_follows_the_clock_not_the_cache(site: Site) -> None:
    site.article("a.md", date="2027-01-01T00:00:00+08:00")
    assert "JD112" in validate(site, now="2026-11-27T12:00:00+08:00")
    assert "JD112" not in validate(site, now="2027-06-01T00:00:00+08:00")


def test_a_config_change_is_never_answered_from_the_cache(site: Site) -> None:
    site.article("a.md", summary="A summary of medium length, about fifty characters.")
    assert "JD151" not in validate(site)
    site.write("jiading.toml", CONFIG + "[validate]\nsummary_max = 30\n")
    assert "JD151 summary: expected 20-30 characters" in validate(site)


def test_an_edited_article_is_checked_again(site: Site) -> None:
    path = site.article("a.md", id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10")
    assert "JD120" not in validate(site)
    path.write_text(path.read_text(encoding="utf-8").replace("urn:uuid:", "urn:uuid:x"), encoding="utf-8")
    assert "JD120" in validate(site)


def test_a_corrupt_or_foreign_store_is_ignored(site: Site) -> None:
    site.article("a.md", summary="Short")
    cold = validate(site)
    (site.root / CACHE).write_bytes(b"\x80\x05garbage")
    assert validate(site) == cold
    (site.root / CACHE).write_bytes(b"")
    assert validate(site) == cold


def test_a_store_with_one_letter_changed_is_ignored(site: Site) -> None:
    site.article("a.md", summary="Short")
    cold = validate(site)
    data = (site.root / CACHE).read_bytes()
    assert data.count(b"JD151") == 1
    (site.root / CACHE).write_bytes(data.replace(b"JD151", b"JD152"))  # still unpickles, to a wrong answer
    assert validate(site) == cold


def test_a_warm_feed_build_of_a_chinese_site_does_not_load_pinyin_dictionaries(site: Site) -> None:
    site.article("a.md", tags="[金融, 创新]", category="新闻")
    script = (
        "import sys\nfrom jiading_cli.cli import app\n"
        "try:\n    app(['feed', 'build'])\nexcept SystemExit:\n    pass\n"
        "print('pypinyin' in sys.modules, file=sys.stderr)\n"
    )

    def loads_pinyin() -> bool:
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=site.root,
            capture_output=True,
            text=True,
            check=True,
            env={"JIADING_NOW": "2026-11-27T12:00:00+08:00", "PATH": ""},
        )
        return run.stderr.strip().endswith("True")

    assert loads_pinyin() is True
    assert loads_pinyin() is False
    assert (site.root / "public/tags/jin-rong/feed.xml").is_file()


def test_duplicate_urls_are_found_from_cached_urls_and_follow_the_config(site: Site) -> None:
    site.article("a.md", id="urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", slug="same")
    site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="same")
    cold = validate(site)
    assert "JD122 slug: expected a unique public URL, but articles/a.md has the same: https://news.example.com/" in cold
    assert validate(site) == cold
    site.write("jiading.toml", CONFIG.replace("news.example.com", "www.investinjiading.com"))
    assert "has the same: https://www.investinjiading.com/" in validate(site)


def test_files_named_by_many_articles_are_each_checked(site: Site) -> None:
    site.write("articles/photo.png", "png")
    for n in range(3):
        site.article(
            f"a{n}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}", slug=f"a{n}", body="![p](photo.png)\n"
        )
    assert "JD162" not in validate(site)
    (site.root / "articles/photo.png").unlink()
    assert validate(site).count("JD162 body: expected the linked file to exist, got 'photo.png'") == 3


def test_a_store_written_in_many_parts_is_read_back_whole(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiading_cli.incremental import checks as checkcache
    from jiading_cli.validate import single
    from jiading_cli.validate import site as validation

    monkeypatch.setattr(checkcache, "PART", 1)
    for n in range(3):
        site.article(f"a{n}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}", slug=f"a{n}", summary="Short")
    cold = validate(site, "articles")
    assert cold.count("JD151") == 3

    def refuse(*_: object) -> None:
        raise AssertionError("a content rule ran again although its answer is stored")

    monkeypatch.setattr(validation, "found", refuse)
    monkeypatch.setattr(single, "found", refuse)
    assert validate(site, "articles") == cold
