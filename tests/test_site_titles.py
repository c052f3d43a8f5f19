"""The site's words per language (``site.titles``, ``site.descriptions``, ``site.copyrights``): a Chinese page, its
feeds, its share cards and its email show the site's Chinese title, description and copyright line; the English
ones, the root page and the site feed of every language keep ``site.title``'s; a table that is wrong is named by
its key."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree, html

from jiading_cli.app.settings import load as load_config
from jiading_cli.share.mail import site_title
from pages.sample import make, run

EN_PAGE = "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
ZH_PAGE = "zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html"
WORDS = """\
titles = {zh-CN = "投资嘉定"}
descriptions = {zh = "关于投资上海市嘉定区的新闻。"}
copyrights = {ZH-cn = "© 2017 投资嘉定 版权所有"}
"""


def bilingual(root: Path, words: str = WORDS) -> Path:
    make(root)
    config = root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n[pages]", words + "\n[pages]"), encoding="utf-8")
    return root


def built(root: Path) -> Path:
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root / "public"


def page(out: Path, path: str) -> html.HtmlElement:
    return html.fromstring((out / path).read_bytes())


def publisher(doc: html.HtmlElement) -> str:
    data = json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))
    return str(data["publisher"]["name"])


def test_a_chinese_page_shows_the_sites_chinese_words_and_an_english_one_its_own(tmp_path: Path) -> None:
    out = built(bilingual(tmp_path))
    zh, en = page(out, ZH_PAGE), page(out, EN_PAGE)
    assert zh.xpath("string(//title)") == "金融业助力嘉定发展 | 投资嘉定"
    assert zh.xpath("//meta[@property='og:site_name']/@content") == ["投资嘉定"]
    assert publisher(zh) == "投资嘉定"
    assert zh.xpath("string(//p[@class='copyright'])") == "© 2017 投资嘉定 版权所有"
    assert "投资嘉定" in zh.xpath("string(//header)") and "Invest in Jiading" not in zh.xpath("string(//header)")
    assert en.xpath("string(//title)") == "Financial industry to boost Jiading | Invest in Jiading"
    assert en.xpath("//meta[@property='og:site_name']/@content") == ["Invest in Jiading"]
    assert publisher(en) == "Invest in Jiading"
    assert en.xpath("string(//p[@class='copyright'])") == "© Copyright 2017 Invest in Jiading"
    zh_list = page(out, "zh-cn/index.html")
    assert zh_list.xpath("//meta[@name='description']/@content") == ["关于投资上海市嘉定区的新闻。"]
    assert zh_list.xpath("string(//title)").endswith(" | 投资嘉定")
    root = page(out, "index.html")  # in site.language
    assert root.xpath("string(//title)") == "Invest in Jiading"


def test_an_author_who_is_the_site_in_its_own_language_is_an_organisation(tmp_path: Path) -> None:
    out = built(bilingual(tmp_path))
    data = json.loads(page(out, ZH_PAGE).xpath("string(//script[@type='application/ld+json'])"))
    assert data["author"] == [{"@type": "Organization", "name": "投资嘉定"}]


def test_the_chinese_feeds_carry_the_chinese_words_and_the_site_feed_the_sites(tmp_path: Path) -> None:
    out = built(bilingual(tmp_path))
    rss = etree.parse(str(out / "zh-cn/feed.xml")).getroot()
    assert rss.findtext("channel/title") == "投资嘉定 (zh-CN)"
    assert rss.findtext("channel/description") == "关于投资上海市嘉定区的新闻。"
    assert rss.findtext("channel/copyright") == "© 2017 投资嘉定 版权所有"
    atom = etree.parse(str(out / "zh-cn/atom.xml")).getroot()
    assert atom.findtext("{http://www.w3.org/2005/Atom}rights") == "© 2017 投资嘉定 版权所有"
    assert json.loads((out / "zh-cn/feed.json").read_text(encoding="utf-8"))["title"] == "投资嘉定 (zh-CN)"
    tag = etree.parse(str(out / "tags/jin-rong/feed.xml")).getroot()  # a tag whose articles are all Chinese
    assert tag.findtext("channel/title") == "投资嘉定: 金融"
    site = etree.parse(str(out / "feed.xml")).getroot()
    assert site.findtext("channel/title") == "Invest in Jiading"
    assert site.findtext("channel/copyright") == "© Copyright 2017 Invest in Jiading"
    english = etree.parse(str(out / "en/feed.xml")).getroot()
    assert english.findtext("channel/title") == "Invest in Jiading (en)"


def test_share_cards_and_emails_sign_with_the_title_of_the_articles_language(tmp_path: Path) -> None:
    facebook = '\n[share]\nnetworks = ["facebook"]\n\n[facebook]\npage_id = "1"\ntemplate = "{site}: {title}"\n'
    bilingual(tmp_path, WORDS + facebook)
    result = run(tmp_path, "share", "articles", "--json")
    assert result.exit_code == 0, result.output
    shown = {a["lang"]: a for a in json.loads(result.output)["articles"]}
    assert shown["zh-CN"]["payloads"]["facebook"]["form"]["message"] == "投资嘉定: 金融业助力嘉定发展"
    assert {"property": "og:site_name", "content": "投资嘉定"} in shown["zh-CN"]["opengraph"]
    assert shown["en"]["payloads"]["facebook"]["form"]["message"] == (
        "Invest in Jiading: Financial industry to boost Jiading"
    )
    config = load_config(tmp_path)
    assert site_title(config, "zh-CN") == "投资嘉定"
    assert site_title(config, "zh-Hans-CN") == "Invest in Jiading"  # neither its tag nor its primary language (zh-hans)
    assert site_title(config, "en") == "Invest in Jiading"


def test_email_site_titles_win_over_site_titles_for_email_alone(tmp_path: Path) -> None:
    bilingual(tmp_path, WORDS + '\n[email]\nsite_titles = {zh = "嘉定投资促进"}\n')
    config = load_config(tmp_path)
    assert site_title(config, "zh-CN") == "嘉定投资促进"
    assert config.site.title_in("zh-CN") == "投资嘉定"  # pages, feeds and the networks' {site}


def test_a_wrong_table_is_named_by_its_key(tmp_path: Path) -> None:
    cases = {
        'titles = {en = "A", EN = "B"}': "site.titles.EN: expected each language once, got 'en' and 'EN'",
        'titles = {xx-YYYY = "A"}': "site.titles.xx-YYYY: expected",
        'titles = {zh-CN = "  "}': "site.titles.zh-CN: expected",
        'copyrights = {zh-CN = "a\\nb"}': "site.copyrights.zh-CN: expected one line of text",
        'titles = "投资嘉定"': "site.titles: expected a table of language = title, such as {zh-CN = ",
    }
    for written, said in cases.items():
        bilingual(tmp_path, written + "\n")
        result = run(tmp_path, "validate")
        assert result.exit_code == 2, (written, result.output)
        assert said in result.output, (written, result.output)
        assert "Traceback" not in result.output


def test_with_email_a_title_that_would_forge_a_digest_subject_is_refused(tmp_path: Path) -> None:
    bilingual(tmp_path, 'titles = {zh-CN = "=?utf-8?q?x?="}\n\n[email]\nto = ["a@example.com"]\n')
    result = run(tmp_path, "validate")
    assert result.exit_code == 2, result.output
    assert "JD002 site.titles.zh-CN:" in result.output and "which a digest's subject is made of" in result.output
