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
from pages.sample import make, png, run

BASE = "https://www.investinjiading.com"
EMAIL = '\n[email]\nsender = "Invest in Jiading <news@investinjiading.com>"\nto = ["editor@investinjiading.com"]\n'
REFS = re.compile(r"""(?<![\w-])(src|href|poster|srcset)=(?:"([^"]+)"|'([^']+)')""")


def in_html(text: str) -> list[str]:
    """Every URL of an element's attribute in some HTML: each of a ``srcset``'s candidates too."""
    found = [(name, double or single) for name, double, single in REFS.findall(text)]
    return [url for name, value in found for url in (srcset(value) if name == "srcset" else [value])]


def srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


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
            yield from in_html(text)
    for atom in out.rglob("atom.xml"):
        tree = etree.parse(str(atom))
        yield from tree.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
    for feed in out.rglob("feed.json"):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            yield item["url"]
            yield from [a["url"] for a in item.get("attachments", [])] + ([item["image"]] if "image" in item else [])
            yield from in_html(item.get("content_html", ""))


def from_pages(out: Path) -> Iterable[str]:
    for page in out.rglob("*.html"):
        doc = html.fromstring(page.read_bytes())
        yield from doc.xpath("//meta[@property='og:url' or @property='og:image' or @name='twitter:image']/@content")
        yield from doc.xpath("//a/@href | //@src | //link/@href | //@poster")
        yield from (url for value in doc.xpath("//@srcset") for url in srcset(value))
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
    found = in_html(body.get_content())
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


RAW_HTML = """
<picture><source srcset="wide.png 2x, hall.png 1x">
<img src="hall.png" srcset="small.png 480w,hall.png 800w" alt="A"></picture>

<video src="clip.mp4" poster='poster.png' controls></video>
"""


def test_files_named_by_raw_html_s_srcset_and_poster_are_published_and_resolve(tmp_path: Path) -> None:
    """With raw HTML kept, each URL its attributes carry (``srcset``'s candidates, ``poster``) is made absolute in
    pages, feeds and email alike, and the file it names is published."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + EMAIL + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8"
    )
    folder = tmp_path / "articles/en/2017"
    with (folder / "finance.md").open("a", encoding="utf-8") as article:
        article.write(RAW_HTML)
    for name in ("wide", "small", "poster"):
        png(folder / f"{name}.png", name)
    (folder / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    names = ("wide.png", "small.png", "poster.png", "clip.mp4")
    wanted = {out / "en/2017" / name for name in names}
    for source in (list(from_pages(out)), list(from_feeds(out)), list(from_email(tmp_path))):
        assert wanted <= {target(out, url) for url in source}
        assert [url for url in source if url.endswith(names) and target(out, url) is None] == []  # none left relative
    urls = [*from_feeds(out), *from_pages(out)]
    missing = sorted(url for url in urls if (path := target(out, url)) is not None and not path.is_file())
    assert missing == []


def test_a_missing_file_named_by_srcset_is_an_error_on_its_line(tmp_path: Path) -> None:
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8")
    with (tmp_path / "articles/en/2017/finance.md").open("a", encoding="utf-8") as article:
        article.write('\n<img src="hall.png" srcset="hall.png 1x, gone.png 2x" alt="A">\n')
    result = run(tmp_path, "validate")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "JD162" in line] == [
        "articles/en/2017/finance.md:22: error JD162 body: expected the linked file to exist, got 'gone.png' "
        "(no such file)"
    ]
