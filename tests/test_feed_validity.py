"""Every feed the shipped site produces is read by feedparser without complaint and passes
RFC 4287's RELAX NG schema and a JSON Feed 1.1 schema, with the items readers should find."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from feeds.checks import check_atom, check_json, check_rss, read
from jiading_cli.cli import app
from tinyimages import JPEG

REPO = Path(__file__).resolve().parent.parent
EN_ID = "urn:uuid:cbecbde6-b559-4a73-bbe4-ddecca345ec8"
ZH_ID = "urn:uuid:ce354d7b-e9f5-435d-b1a5-b50a54194272"
EN_URL = "https://www.investinjiading.com/en/news/2017/07/financial-industry-to-boost-jiading/"
ZH_URL = "https://www.investinjiading.com/zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site's feeds, built into a scratch folder."""
    out = tmp_path_factory.mktemp("public")
    config = str(REPO / "jiading.toml")
    result = CliRunner().invoke(
        app, ["--config", config, "feed", "build", "--out", str(out), "--now", "2026-01-01T00:00:00+08:00"]
    )
    assert result.exit_code == 0, result.output
    return out


def files(out: Path, name: str) -> list[Path]:
    found = sorted(out.rglob(name))
    assert found
    return found


def test_every_atom_feed_passes_the_rfc_4287_schema(shipped: Path) -> None:
    for path in files(shipped, "atom.xml"):
        check_atom(path.read_bytes())


def test_every_rss_feed_is_read_without_complaint(shipped: Path) -> None:
    for path in files(shipped, "feed.xml"):
        check_rss(path.read_bytes())


def test_every_json_feed_passes_the_json_feed_schema_and_rules(shipped: Path) -> None:
    for path in files(shipped, "feed.json"):
        check_json(path.read_bytes())


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_readers_find_both_articles_with_their_ids_links_and_dates(shipped: Path, name: str) -> None:
    parsed = read((shipped / name).read_bytes())
    assert [(e.id, e.link) for e in parsed.entries] == [(ZH_ID, ZH_URL), (EN_ID, EN_URL)]
    assert parsed.entries[0].published_parsed[:5] == (2017, 7, 3, 10, 30)  # 18:30 +08:00
    assert parsed.entries[1].published_parsed[:5] == (2017, 7, 3, 10, 0)  # 18:00 +08:00
    assert parsed.feed.link == "https://www.investinjiading.com"
    assert parsed.feed.title == "Invest in Jiading"


def test_the_chinese_feed_carries_the_chinese_article_only(shipped: Path) -> None:
    feed = check_json((shipped / "zh-cn" / "feed.json").read_bytes())
    assert feed["language"] == "zh-CN"
    assert [item["id"] for item in feed["items"]] == [ZH_ID]
    assert feed["items"][0]["tags"] == ["新闻", "金融", "创新", "集成电路", "新能源汽车"]


def test_a_local_image_is_an_enclosure_with_its_length_and_type(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "articles", site / "articles")
    shutil.copy(REPO / "jiading.toml", site / "jiading.toml")
    article = site / "articles" / "en" / "2017" / "financial-industry-to-boost-jiading.md"
    (article.parent / "signing.jpg").write_bytes(JPEG.ljust(1237, b"\0"))
    text = article.read_text(encoding="utf-8").replace(
        "lang: en\n", "lang: en\nimage: signing.jpg\nimage_alt: The signing\n"
    )
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(site), "feed", "build", "--now", "2026-01-01T00:00:00Z"])
    assert result.exit_code == 0, result.output
    url = "https://www.investinjiading.com/en/2017/signing.jpg"
    for name in ("feed.xml", "atom.xml"):
        entry = read((site / "public" / "en" / name).read_bytes()).entries[0]
        assert [(e.href, e.length, e.type) for e in entry.enclosures] == [(url, "1237", "image/jpeg")]
    assert check_json((site / "public" / "en" / "feed.json").read_bytes())["items"][0]["image"] == url


@pytest.mark.parametrize("description", ["", " ", "\\u3000", "\\u200b\\ufeff", "\\n\\n"])
def test_a_description_that_shows_nothing_is_the_sites_title_in_every_feed(tmp_path: Path, description: str) -> None:
    """RSS requires a channel's description: a blank one (spaces, zero-width characters) is none, as an empty one."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "articles", site / "articles")
    config = (REPO / "jiading.toml").read_text(encoding="utf-8")
    start = config.index("description = ")
    end = config.index("\n", start)
    (site / "jiading.toml").write_text(f'{config[:start]}description = "{description}"{config[end:]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(site), "feed", "build", "--now", "2026-01-01T00:00:00Z"])
    assert result.exit_code == 0, result.output
    titles = {"en": "Invest in Jiading", "zh-CN": "投资嘉定"}  # the site's in the feed's language (site.titles)
    for path in files(site / "public", "feed.xml"):
        channel = check_rss(path.read_bytes())
        site_feed = path.parent == site / "public"  # of every language: site.title
        title = titles["en" if site_feed else channel.findtext("channel/language") or ""]
        assert channel.findtext("channel/description") == title
    for path in files(site / "public", "atom.xml"):
        feed = read(path.read_bytes()).feed
        assert feed.subtitle == titles["en" if path.parent == site / "public" else feed.language]
