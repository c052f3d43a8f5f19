"""The built pages in a real browser: headless Chromium over the output folder served on loopback.

Screenshots of an English and a Chinese article page are saved under tests/artifacts/ (git-ignored).
CI installs Debian's ``chromium`` (.ci/run); elsewhere the tests are skipped without it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import html

from pages.sample import built

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
EN_PAGE = "/en/news/2017/07/financial-industry-to-boost-jiading/"
ZH_PAGE = "/zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/"

if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join()


def chromium(tmp_path: Path, *args: str) -> str:
    assert BROWSER is not None, "chromium is not installed"
    command = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dom(tmp_path: Path, url: str) -> html.HtmlElement:
    """The page's DOM once loaded and its scripts run."""
    return html.fromstring(chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", url))


def test_share_bar_links_in_the_browser(server: str, tmp_path: Path) -> None:
    doc = dom(tmp_path, server + EN_PAGE)
    links = {a.text: a.get("href") for a in doc.xpath("//nav[@class='sharebar']/ul/li/a")}
    assert list(links) == ["facebook", "linkedin", "email", "tel"]
    assert links["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert links["email"].startswith("mailto:?subject=") and links["tel"] == "tel:+86-10-53270173"
    assert doc.xpath("//nav[@class='sharebar']//summary/text()") == ["more"]
    assert doc.xpath("//button[@class='share-copy']/@hidden") == []  # the script ran: copying is offered


def test_open_graph_tags_are_in_the_dom(server: str, tmp_path: Path) -> None:
    doc = dom(tmp_path, server + EN_PAGE)
    tags = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert tags["og:title"] == "Financial industry to boost Jiading"
    assert tags["og:url"] == "https://www.investinjiading.com" + EN_PAGE
    assert tags["og:image"] == "https://www.investinjiading.com/en/2017/signing.png"
    assert tags["og:locale:alternate"] == "zh_CN"


def test_translation_link_leads_to_the_chinese_page(server: str, tmp_path: Path) -> None:
    english = dom(tmp_path, server + EN_PAGE)
    (target,) = english.xpath("//p[@class='translations']/a/@href")
    assert target == ZH_PAGE
    chinese = dom(tmp_path, server + target)
    assert chinese.xpath("string(//h1)") == "金融业助力嘉定发展"
    assert chinese.xpath("string(//article//time)") == "2017年7月3日"
    assert chinese.xpath("//nav[@class='sharebar']/@aria-label") == ["分享"]
    assert chinese.xpath("//nav[@class='sharebar']//summary/text()") == ["更多"]
    assert chinese.xpath("string(//p[@class='meta']/span[@class='label'])") == "发布时间："


@pytest.mark.parametrize(("name", "path"), [("article-en.png", EN_PAGE), ("article-zh.png", ZH_PAGE)])
def test_screenshots_of_article_pages(server: str, tmp_path: Path, name: str, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    chromium(tmp_path, "--hide-scrollbars", "--window-size=1200,1500", f"--screenshot={target}", server + path)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 10_000  # a page drawn, not a blank


@pytest.mark.parametrize("feed", ["/feed.xml", "/zh-cn/atom.xml"])
def test_a_deployed_feed_reads_as_a_page(server: str, tmp_path: Path, feed: str) -> None:
    doc = dom(tmp_path, server + feed)
    assert doc.xpath("string(//h1[@id='feed-title'])").startswith("Invest in Jiading")
    assert doc.xpath("string(//*[@id='feed-address'])") == "https://www.investinjiading.com" + feed
    items = doc.xpath("//article/h2/a/text()")
    assert ("Financial industry to boost Jiading" if feed == "/feed.xml" else "金融业助力嘉定发展") in items
    assert "This is a news feed." in doc.text_content()


# Writes each link's accessible name, as Chromium computes it for a screen reader, beside it in the DOM
NAMES = "<script>for (const a of document.querySelectorAll('a')) a.dataset.name = a.computedName;</script>"


def names(out: Path, server: str, tmp_path: Path, path: str) -> html.HtmlElement:
    """The page at ``path`` (a copy beside it, with :data:`NAMES` at its end) as Chromium shows it."""
    page = out / path.strip("/") / "index.html"
    copy = page.with_name("names.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", NAMES + "</body>"), encoding="utf-8")
    try:
        url = server + path + "names.html"
        shown = chromium(tmp_path, "--enable-blink-features=ComputedAccessibilityInfo", "--dump-dom", url)
    finally:
        copy.unlink()
    return html.fromstring(shown)


def test_accessible_names_hold_the_catalogues_words_and_what_the_link_shows(
    out: Path, server: str, tmp_path: Path
) -> None:
    english = names(out, server, tmp_path, EN_PAGE)
    (link,) = english.xpath("//p[@class='translations']/a")
    # Chromium puts a space where a visually hidden part begins or ends beside shown text: read as none
    assert link.get("data-name") == "Read this article in 简体中文" and link.text_content().endswith("简体中文")
    assert link.xpath("span[@lang]/@lang") == ["zh-CN"] and link.get("lang") is None  # the link is read in English
    chinese = names(out, server, tmp_path, ZH_PAGE)
    (link,) = chinese.xpath("//p[@class='translations']/a")
    assert link.get("data-name") == "阅读本文的 English 版" and link.xpath("span[@lang]/@lang") == ["en"]
    listed = names(out, server, tmp_path, "/en/")
    (more,) = listed.xpath("//a[@class='more-link']")
    assert more.get("data-name") == "Read more : " + listed.xpath("string(//li[@class='teaser']/h2/a)")
