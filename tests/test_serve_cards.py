"""The share preview's cards, cut and cropped as each network does, its warnings, and the feeds' stylesheet."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from lxml import etree

from feeds.checks import check_atom, check_rss
from jiading_cli.feeds.xmltext import with_stylesheet
from jiading_cli.pages.preview.cards import CARDS, card, columns, image_warnings
from jiading_cli.share.opengraph import Image
from pages.sample import run
from serve.site import site

SPECS = {spec.network: spec for spec in CARDS}
URL = "https://www.investinjiading.com/en/news/a/"


def picture(width: int | None, height: int | None, mime: str = "image/png", alt: str | None = "A hall") -> Image:
    return Image("https://www.investinjiading.com/a.png", width, height, mime, alt, None)


def test_a_chinese_character_is_two_columns() -> None:
    assert columns("Jiading") == 7
    assert columns("嘉定") == 4
    assert columns("嘉定 Jiading，") == 14  # the full-width comma is wide too


@pytest.mark.parametrize(("network", "limit"), [("facebook", 88), ("linkedin", 70), ("x", 70), ("wechat", 64)])
def test_titles_are_cut_at_each_cards_limit(network: str, limit: int) -> None:
    title = "word " * 40
    made = card(SPECS[network], title.strip(), "", URL, picture(1200, 630), "/a.png")
    assert made.title.cut and made.title.text.endswith("…")
    assert limit - 6 <= columns(made.title.text) <= limit


def test_a_chinese_title_is_cut_by_columns_for_wechat() -> None:
    title = "嘉定区人民政府与上海市金融服务办公室签署战略合作备忘录进一步发挥金融服务作用"  # 38 characters
    made = card(SPECS["wechat"], title, "", URL, None, None)
    assert made.title.text == "嘉定区人民政府与上海市金融服务办公室签署战略合作备忘录进一步发…"
    assert columns(made.title.text) == 63  # 31 characters and the ellipsis, one column


def test_a_title_that_fits_is_whole() -> None:
    made = card(SPECS["facebook"], "Financial industry to boost Jiading", "Short.", URL, None, None)
    assert (made.title.text, made.title.cut, made.description and made.description.text) == (
        "Financial industry to boost Jiading", False, "Short.")  # fmt: skip


def test_each_card_crops_to_its_ratio_and_writes_its_domain() -> None:
    made = {n: card(s, "T", "D", URL, picture(1200, 630), "/a.png") for n, s in SPECS.items()}
    assert {n: c.ratio for n, c in made.items()} == {
        "facebook": "1.91 / 1", "linkedin": "1.91 / 1", "x": "2 / 1", "wechat": "1 / 1"}  # fmt: skip
    assert {n: c.domain for n, c in made.items()} == {
        "facebook": "INVESTINJIADING.COM", "linkedin": "investinjiading.com", "x": "From investinjiading.com",
        "wechat": ""}  # fmt: skip
    assert made["x"].description is None and made["linkedin"].description is None  # neither shows one


def test_a_small_image_is_a_thumbnail_or_nothing() -> None:
    facebook = card(SPECS["facebook"], "T", "D", URL, picture(800, 420), "/a.png")
    linkedin = card(SPECS["linkedin"], "T", "D", URL, picture(800, 420), "/a.png")
    tiny = card(SPECS["facebook"], "T", "D", URL, picture(100, 100), "/a.png")
    assert (facebook.large, facebook.image) == (True, "/a.png")
    assert (linkedin.large, linkedin.image) == (False, "/a.png")
    assert tiny.image is None


def test_warnings_for_a_small_webp_image_without_alt_text() -> None:
    messages = [(w.network, w.message) for w in image_warnings(picture(150, 150, "image/webp", None))]
    assert ("linkedin", "LinkedIn does not show WebP images: use JPEG or PNG") in messages
    assert ("facebook", "Facebook shows no image under 200×200 px; this one is 150×150 px") in messages
    assert ("all", "the image has no alt text (image_alt): screen readers read nothing for it") in messages
    assert card(SPECS["linkedin"], "T", "", URL, picture(1200, 630, "image/webp"), "/a.webp").image is None


def test_warnings_for_no_image_and_a_remote_one() -> None:
    assert [w.message for w in image_warnings(None)] == [
        "no image: every card shows text only (set image: in the front matter)"
    ]
    (remote,) = image_warnings(picture(None, None))
    assert remote.message.startswith("the size of https://www.investinjiading.com/a.png is not known")


def test_a_good_image_has_no_warning() -> None:
    assert image_warnings(picture(1200, 630)) == []


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site(tmp_path_factory.mktemp("site"))
    assert run(root, "build").exit_code == 0
    return root / "public"


def test_a_feed_with_the_stylesheet_still_validates_and_reads_the_same(feeds: Path) -> None:
    for name, check in (("feed.xml", check_rss), ("atom.xml", check_atom)):
        styled = (feeds / name).read_bytes()
        assert styled.split(b"\n")[1] == b'<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'
        plain = styled.replace(styled.split(b"\n")[1] + b"\n", b"")
        assert with_stylesheet(styled, "/_jiading/feeds.xsl") == styled  # one stylesheet: the one it names
        assert with_stylesheet(plain, "/feed.xsl") == styled
        check(styled)
        assert feedparser.parse(styled).entries == feedparser.parse(plain).entries


def test_the_stylesheet_link_is_escaped_and_other_bytes_kept() -> None:
    feed = b"<?xml version='1.0' encoding='UTF-8'?>\n<rss/>\n"
    styled = with_stylesheet(feed, '/a"b&c.xsl')
    assert etree.fromstring(styled).getprevious().text == 'type="text/xsl" href="/a&quot;b&amp;c.xsl"'
    assert with_stylesheet(b"<rss/>", "/s.xsl") == b"<rss/>"  # no declaration: not a feed this writes
