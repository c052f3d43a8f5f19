"""Every URL the site gives out — feed links and enclosures, og:url and og:image, links and images in pages,
the sitemap, an email's image and links — resolves to a file in the output folder."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

from jiading_cli.pages import sitemap as sitemap_module
from pages.sample import make, run

BASE = "https://www.investinjiading.com"
EMAIL = '\n[email]\nsender = "Invest in Jiading <news@investinjiading.com>"\nto = ["editor@investinjiading.com"]\n'
REFS = re.compile(r"""(?:src|href)="([^"]+)\"""")


def target(out: Path, url: str, base: str = BASE) -> Path | None:
    """The file serving an in-site URL (absolute or from the root) of a site at ``base``; None for a URL on
    another host. A URL on the site's host outside ``base``'s path is served by no file of the site."""
    origin, url = "https://" + urlsplit(base).netloc, unquote(url)
    if url.startswith("/") and not url.startswith("//"):
        url = origin + url
    if not url.startswith(origin + "/"):
        return None
    if not url.startswith(base + "/"):
        return out / "outside the site's path" / url
    path = urlsplit(url).path[len(urlsplit(base).path) :]
    return out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def from_feeds(out: Path) -> Iterable[str]:
    for rss in out.rglob("feed.xml"):
        tree = etree.parse(str(rss))
        yield from tree.xpath("//item/link/text() | //enclosure/@url")
        for text in tree.xpath("//item/description/text()"):
            yield from REFS.findall(text)
    for atom in out.rglob("atom.xml"):
        tree = etree.parse(str(atom))
        yield from tree.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
    for feed in out.rglob("feed.json"):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            yield item["url"]
            yield from [a["url"] for a in item.get("attachments", [])] + ([item["image"]] if "image" in item else [])
            yield from REFS.findall(item.get("content_html", ""))


def from_pages(out: Path) -> Iterable[str]:
    for page in out.rglob("*.html"):
        doc = html.fromstring(page.read_bytes())
        yield from doc.xpath("//meta[@property='og:url' or @property='og:image' or @name='twitter:image']/@content")
        yield from doc.xpath("//a/@href | //img/@src | //link/@href | //script/@src")
    for name in sorted(out.glob("sitemap*.xml")):  # the sitemap, or its index and parts
        tree = etree.parse(str(name))
        yield from tree.xpath("//*[local-name()='loc']/text() | //*[local-name()='link']/@href")


def from_email(root: Path) -> Iterable[str]:
    result = run(root, "share", "articles/en/2017/finance.md", "--network", "email", "--out", "payloads")
    assert result.exit_code == 0, result.output
    (eml,) = (root / "payloads").rglob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    body = message.get_body(("html",))
    assert body is not None
    found = REFS.findall(body.get_content())
    assert any(ref.endswith("hall.png") for ref in found)
    yield from found


@pytest.mark.parametrize(
    ("base", "per_sitemap"), [(BASE, None), (BASE + "/news", None), (BASE + "/zh/新闻", None), (BASE + "/news", 3)]
)
def test_every_url_given_out_resolves_to_a_file(
    tmp_path: Path, base: str, per_sitemap: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For a site at the host's root and for one below a path (the output folder served at that path); with
    ``per_sitemap``, a sitemap split into parts of that many URLs, its index naming each part by its URL."""
    if per_sitemap is not None:
        monkeypatch.setattr(sitemap_module, "URLS", per_sitemap)
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(BASE, base) + EMAIL, encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    urls = [*from_feeds(out), *from_pages(out), *from_email(tmp_path)]
    local = {unquote(url): target(out, url, base) for url in urls}
    checked = {url: path for url, path in local.items() if path is not None}
    assert f"{base}/en/2017/signing.png" in checked and f"{base}/en/2017/agreement.pdf" in checked
    assert len(checked) > 50
    if per_sitemap is not None:
        assert f"{base}/sitemap-2.xml" in checked
    missing = sorted(url for url, path in checked.items() if not path.is_file())
    assert missing == []


def test_the_crawl_finds_a_missing_file(tmp_path: Path) -> None:
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    (out / "en/2017/signing.png").unlink()
    missing = {u for u in from_pages(out) if (p := target(out, u)) is not None and not p.is_file()}
    assert missing == {f"{BASE}/en/2017/signing.png", "/en/2017/signing.png"}


def test_a_sitemap_no_longer_split_leaves_no_part_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path)
    monkeypatch.setattr(sitemap_module, "URLS", 3)
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    parts = sorted(path.name for path in out.glob("sitemap-*.xml"))
    assert len(parts) > 2 and "<sitemapindex" in (out / "sitemap.xml").read_text(encoding="utf-8")
    monkeypatch.setattr(sitemap_module, "URLS", 50_000)
    result = run(tmp_path, "build")
    assert result.exit_code == 0
    assert sorted(path.name for path in out.glob("sitemap*.xml")) == ["sitemap.xml"]
    assert "<urlset" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{len(parts)} removed" in result.output, result.output
