"""`jiading serve` in a real browser: headless Chromium, one tab kept open over the DevTools protocol, on
the home page, an article, its share preview and a feed; an edit shows without a reload by hand.

Screenshots are saved under tests/artifacts/ (git-ignored). CI installs Debian's ``chromium`` (.ci/run);
elsewhere the tests are skipped without it.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve.cdp import Browser
from serve.site import EN_PAGE, LONG_PAGE, LONG_TITLE, Serving, free_port, site, start

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
OLD_PAGE = "/en/news/2016/05/innovation-park/"

if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    running = start(site(tmp_path_factory.mktemp("site")), "--port", str(free_port()))
    yield running
    running.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    assert BROWSER is not None, "chromium is not installed"
    opened = Browser(BROWSER, tmp_path / "profile")
    yield opened
    opened.close()


def shot(browser: Browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    browser.screenshot(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 10_000  # a page drawn, not a blank


def text(browser: Browser, selector: str) -> str:
    found: str = browser.value(f"document.querySelector({selector!r})?.textContent ?? ''")
    return found.strip()


def test_home_page_marks_drafts_and_scheduled_articles(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url)
    assert text(browser, "h1") == "Invest in Jiading"
    assert text(browser, "#jiading-preview").startswith("Preview (jiading serve)")
    marks = "[...document.querySelectorAll('.jiading-mark')].map(m => m.parentNode.textContent).sort()"
    browser.until(marks, ["Draft budgetdraft", "Investment forumscheduled"])
    shot(browser, "serve-home.png")


def test_article_page_leads_to_its_share_preview(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url.rstrip("/") + EN_PAGE)
    assert text(browser, "h1") == "Financial industry to boost Jiading"
    assert text(browser, ".jiading-status") == "published"
    shot(browser, "serve-article.png")
    browser.events.clear()
    browser.value("document.getElementById('jiading-share').click()")
    browser.wait_event("Page.loadEventFired")
    assert browser.value("location.pathname") == "/_jiading/share" + EN_PAGE
    assert text(browser, "h1") == "Share preview: Financial industry to boost Jiading"
    assert text(browser, "#email-headers .subject") == "[Jiading] Financial industry to boost Jiading"


def test_share_preview_shows_cards_cut_as_documented(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url + "_jiading/share" + LONG_PAGE)
    facebook = text(browser, "#card-facebook .title")
    linkedin = text(browser, "#card-linkedin .title")
    assert facebook == "Jiading opens an international innovation park for integrated circuits, new-energy…"
    assert len(facebook) <= 88 < len(LONG_TITLE)
    assert linkedin == "Jiading opens an international innovation park for integrated…" and len(linkedin) <= 70
    assert text(browser, "#card-facebook .domain") == "INVESTINJIADING.COM"
    assert text(browser, "#card-x .domain") == "From investinjiading.com"
    assert text(browser, "#email-headers .subject") == f"[Jiading] {LONG_TITLE}"
    frame = "document.querySelector('.email iframe').contentDocument.querySelector('h1').textContent"
    assert browser.until(frame, LONG_TITLE)
    assert "Authorization: Bearer ***" in text(browser, "#request-linkedin pre")
    shot(browser, "serve-share-preview.png")


def test_the_emails_images_show_from_the_preview(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url + "_jiading/share" + EN_PAGE)
    image = "document.querySelector('.email iframe').contentDocument.querySelector('img')"
    assert browser.until(f"{image}.complete && {image}.naturalWidth > 0", True)
    assert browser.value(f"{image}.getAttribute('src')") == "/en/2017/hall.png"
    assert "https://www.investinjiading.com/en/news/2017/07/" in text(browser, ".email-text")  # as sent


def test_feed_reads_as_a_page(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url + "feed.xml")
    assert text(browser, "#feed-title") == "Invest in Jiading (preview)"
    assert text(browser, "#feed-address") == serving.url + "feed.xml"  # the preview's feed names itself relatively
    items = browser.value("[...document.querySelectorAll('article h2')].map(h => h.textContent)")
    assert "Financial industry to boost Jiading" in items and "金融业助力嘉定发展" in items
    shot(browser, "serve-feed.png")


def test_an_edit_shows_without_a_reload_by_hand(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url.rstrip("/") + OLD_PAGE)
    assert text(browser, "h1") == "A new innovation park opens"
    browser.value("window.untouched = true")
    source = serving.root / "articles/en/2016/park.md"
    source.write_text(source.read_text(encoding="utf-8").replace("A new innovation park opens", "Park opens in May"))
    browser.until("document.querySelector('h1').textContent", "Park opens in May")
    assert browser.value("window.untouched === undefined")  # the page reloaded by itself
    shot(browser, "serve-after-edit.png")


def test_a_failed_rebuild_is_shown_on_the_page(serving: Serving, browser: Browser) -> None:
    browser.open(serving.url.rstrip("/") + OLD_PAGE)
    source = serving.root / "articles/en/2016/park.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2016-05-01T09:00:00+08:00", "date: May"), encoding="utf-8")
    shown = "document.getElementById('jiading-problems')?.hidden === false"
    browser.until(shown, True)
    assert text(browser, "#jiading-problems").startswith("articles/en/2016/park.md:4: error ")
    shot(browser, "serve-problem.png")
    source.write_text(good, encoding="utf-8")
    browser.until(shown, False)


def test_a_stopped_server_is_said_on_the_page(tmp_path: Path, browser: Browser) -> None:
    running = start(site(tmp_path), "--port", str(free_port()))
    browser.open(running.url)
    assert running.stop(signal.SIGKILL)[0] == -signal.SIGKILL  # killed outright: only the page can say so
    note = browser.until("document.querySelector('.jiading-note').textContent.length > 0", True)
    assert note is True
    assert text(browser, ".jiading-note") == "The preview server has stopped: run jiading serve again to see changes."


def test_a_changed_article_s_share_preview_reloads_once_the_edit_is_undone(serving: Serving, browser: Browser) -> None:
    """The page saying an article changed since the last good build, after a failed rebuild: the edit undone, the
    rebuild that follows changes no file, and the page reloads all the same, to the share preview."""
    source = serving.root / "articles/en/2016/park.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2016-05-01T09:00:00+08:00", "date: May"), encoding="utf-8")
    share = "/_jiading/share" + OLD_PAGE
    for _ in range(300):  # the rebuild the edit starts, failed
        code, _, page = serving.get(share)
        if "the last rebuild failed" in page:
            break
        time.sleep(0.1)
    assert code == 409 and "the last rebuild failed" in page, page
    browser.open("/".join(serving.url.split("/")[:3]) + share)
    assert "articles/en/2016/park.md: changed since the last good build" in text(browser, "p")
    browser.until("document.getElementById('jiading-problems')?.hidden === false", True)  # the problems at the top
    browser.value("window.untouched = true")
    source.write_text(good, encoding="utf-8")  # undone: the bytes the last good build read
    browser.until("document.title === 'Changed'", False)
    assert browser.value("window.untouched === undefined")  # the page reloaded by itself
    assert serving.get(share)[0] == 200
