"""The masthead and footer: made once per language with `{% chrome %}`, replaceable by a site like any template."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from pages.sample import make, run

EN_PAGE = "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
ZH_PAGE = "zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html"


def page(out: Path, path: str) -> html.HtmlElement:
    return html.fromstring((out / path).read_bytes())


def test_a_sites_masthead_is_on_every_page_in_that_pages_language(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/masthead.html").write_text(
        '<header class="mine">{{ t("home") }} {{ lang }} {{ site.title }}</header>\n', encoding="utf-8"
    )
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    out = tmp_path / "public"
    assert page(out, EN_PAGE).xpath("string(//header[@class='mine'])") == "Home en Invest in Jiading"
    assert page(out, ZH_PAGE).xpath("string(//header[@class='mine'])") == "首页 zh-CN Invest in Jiading"
    assert page(out, "en/index.html").xpath("string(//header[@class='mine'])") == "Home en Invest in Jiading"
    assert page(out, EN_PAGE).xpath("//footer[@class='footer']//a/@href") == ["/feed.xml", "/atom.xml", "/feed.json"]


def test_the_footer_links_the_sites_feeds_in_the_pages_language(tmp_path: Path) -> None:
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    feeds = page(out, ZH_PAGE).xpath("//footer[@class='footer']//a")
    assert [a.get("href") for a in feeds] == ["/feed.xml", "/atom.xml", "/feed.json"]
    heads = page(out, ZH_PAGE).xpath("//link[@rel='alternate'][@type]/@title")[:3]
    assert [a.text for a in feeds] == heads and heads[0] != page(out, EN_PAGE).xpath("string(//footer//a)")


def test_a_chrome_template_sees_only_the_site_the_catalogue_and_the_language(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/footer.html").write_text("<footer>\n{{ head.title }}</footer>\n", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "template: 'head' is undefined" in result.stderr
    assert "Traceback" not in result.output


def test_a_sites_base_without_chrome_still_frames_every_page(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/base.html").write_text(
        '<html lang="{{ lang }}"><head><meta charset="utf-8"></head><body>'
        '<p class="mine">{{ t("home") }}</p>{% block main %}{% endblock %}'
        '{% for feed in head.feeds[:3] %}<a href="{{ feed.href }}">{{ feed.title }}</a>{% endfor %}</body></html>\n',
        encoding="utf-8",
    )
    assert run(tmp_path, "build").exit_code == 0
    doc = page(tmp_path / "public", ZH_PAGE)
    assert doc.xpath("string(//p[@class='mine'])") == "首页" and len(doc.xpath("//body/a")) == 3
