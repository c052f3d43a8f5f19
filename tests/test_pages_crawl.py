"""Every URL the site gives out — feed links and enclosures, og:url and og:image, links and images in pages,
the sitemap, an email's image and links — resolves to a file in the output folder."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from lxml import etree, html

from jiading_cli.content.htmlrefs import candidates
from jiading_cli.pages import sitemap as sitemap_module
from pages.sample import make, png, run

BASE = "https://www.investinjiading.com"
EMAIL = '\n[email]\nsender = "Invest in Jiading <news@investinjiading.com>"\nto = ["editor@investinjiading.com"]\n'
ONE_URL = ("href", "src", "poster", "cite", "data", "action", "formaction", "background", "longdesc", "data-src")
LISTS = ("srcset", "imagesrcset", "data-srcset")


def in_html(text: str) -> list[str]:
    """Every URL of an element's attribute in some HTML, as a browser reads it (character references decoded):
    each of a ``srcset``'s candidates too."""
    if not text.strip():
        return []
    return urls_of(html.fragment_fromstring(text, create_parent="div"))


def urls_of(doc: html.HtmlElement) -> list[str]:
    found: list[str] = []
    for element in doc.iter():
        for name, value in element.attrib.items() if isinstance(element.tag, str) else ():
            name = name.lower().rpartition("}")[2]
            if name in LISTS:
                found += srcset(value)
            elif name in ONE_URL and value.strip():
                found.append(value.strip())
    return found


def srcset(value: str) -> list[str]:
    """Each candidate's URL, as the site's one reader of candidates finds them (a URL may hold a comma)."""
    return [value[start:end] for start, end in candidates(value)]


def target(out: Path, url: str, base: str = BASE) -> Path | None:
    """The file serving an in-site URL (absolute or from the root) of a site at ``base``; None for a URL on
    another host. A URL on the site's host outside ``base``'s path is served by no file of the site. The path is
    split from the query and fragment before it is percent-decoded (``n%231.png`` names ``n#1.png``)."""
    origin = "https://" + urlsplit(base).netloc
    if url.startswith("/") and not url.startswith("//"):
        url = origin + url
    if not url.startswith(origin + "/"):
        return None
    path, root = unquote(urlsplit(url).path), unquote(urlsplit(base).path)
    if not (path + "/").startswith(root.rstrip("/") + "/"):
        return out / "outside the site's path" / path.lstrip("/")
    path = path[len(root.rstrip("/")) :]
    return out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def from_feeds(out: Path) -> Iterable[str]:
    for rss in out.rglob("feed.xml"):
        tree = etree.parse(str(rss))
        yield from tree.xpath("//item/link/text() | //enclosure/@url")
        for text in tree.xpath("//item/description/text() | //item/*[local-name()='encoded']/text()"):
            yield from in_html(text)
    for atom in out.rglob("atom.xml"):
        tree = etree.parse(str(atom))
        yield from tree.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
        for text in tree.xpath("//*[local-name()='entry']/*[local-name()='content' or local-name()='summary']/text()"):
            yield from in_html(text)
    for feed in out.rglob("feed.json"):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            yield item["url"]
            yield from [a["url"] for a in item.get("attachments", [])] + ([item["image"]] if "image" in item else [])
            yield from in_html(item.get("content_html", ""))


def from_pages(out: Path, base: str = BASE) -> Iterable[str]:
    """Every URL the pages and the sitemap give, a relative one joined to its page's URL as a browser joins it (a
    site at ``base``): ``x.png`` on ``en/index.html`` is ``{base}/en/x.png``."""
    for page in out.rglob("*.html"):
        doc = html.fromstring(page.read_bytes())
        yield from doc.xpath("//meta[@property='og:url' or @property='og:image' or @name='twitter:image']/@content")
        where = page.relative_to(out).as_posix().removesuffix("index.html")
        here = f"{base}/{quote(where)}"
        yield from (url if url.startswith(("/", "#")) else urljoin(here, url) for url in urls_of(doc))
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


def raw_html_site(tmp_path: Path, body: str) -> Path:
    """The site with email on and raw HTML kept, ``body`` added to its article; the article's folder."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + EMAIL + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8"
    )
    folder = tmp_path / "articles/en/2017"
    with (folder / "finance.md").open("a", encoding="utf-8") as article:
        article.write(body)
    return folder


def test_files_named_by_raw_html_s_srcset_and_poster_are_published_and_resolve(tmp_path: Path) -> None:
    """With raw HTML kept, each URL its attributes carry (``srcset``'s candidates, ``poster``) is made absolute in
    pages, feeds and email alike, and the file it names is published."""
    folder = raw_html_site(tmp_path, RAW_HTML)
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


LISTED = """
<picture><source srcset="wide.png 2x, hall.png 1x, small.png 480w"></picture>
<img src="hall.png" alt="https://www.investinjiading.com/en/2017/hall.png" srcset="small.png 480w,wide.png 800w">
<link imagesrcset="small.png 1x,  wide.png 2x"> <img data-srcset="small.png 1x,wide.png 2x" src="hall.png">
"""


def test_every_candidate_of_a_srcset_is_given_from_the_root_in_pages_and_absolute_in_feeds_and_email(
    tmp_path: Path,
) -> None:
    """A ``srcset`` lists candidates: each one's URL is rewritten, never the first alone. Pages give the site's
    URLs from its root; feeds and email give them whole; the preview shows the email with them from the root; a
    URL that is no attribute's (an ``alt`` that quotes one) is text and stays as written."""
    from jiading_cli.config import load_config
    from jiading_cli.pages.urls import local

    folder = raw_html_site(tmp_path, LISTED)
    for name in ("wide", "small"):
        png(folder / f"{name}.png", name)
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    page = html.fromstring((out / "en/news/2017/07/financial-industry-to-boost-jiading/index.html").read_bytes())
    lists = [v for name in LISTS for v in page.xpath(f"//@{name}")]
    assert len(lists) == 4
    given = [url for value in lists for url in srcset(value)]
    assert len(given) == 9 and all(url.startswith("/en/2017/") for url in given), given
    assert page.xpath("//img[@srcset]/@alt") == [f"{BASE}/en/2017/hall.png"]
    mail = list(from_email(tmp_path))
    for urls in (list(from_feeds(out)), mail):
        named = [url for url in urls if url.endswith(("wide.png", "small.png"))]
        assert named and all(url.startswith(f"{BASE}/en/2017/") for url in named), named
    (eml,) = (tmp_path / "payloads").rglob("*.eml")
    body = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default).get_body(("html",))
    assert body is not None
    shown = in_html(local(load_config(tmp_path / "jiading.toml"), body.get_content()))
    assert sum(url.endswith(("wide.png", "small.png")) for url in shown) == 8
    assert [url for url in shown if url.startswith(BASE)] == []


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('<img srcset="https://x.org/a.png 1x, https://x.org/b.png 2x">', None),
        (
            '<img srcset="https://x.org/a.png 1x, https://news.example.com/a,b.png 2x,https://news.example.com/c.png">',
            '<img srcset="https://x.org/a.png 1x, /a,b.png 2x,/c.png">',
        ),
        (
            "<a title='https://news.example.com/t' href='https://news.example.com/p?a=1&amp;b=2#f'>",
            "<a title='https://news.example.com/t' href='/p?a=1&amp;b=2#f'>",
        ),
        ("<p>src=&quot;https://news.example.com/x&quot;</p>", None),
    ],
)
def test_local_rewrites_each_url_an_attribute_carries_and_nothing_else(
    tmp_path: Path, written: str, shown: str | None
) -> None:
    from conftest import CONFIG
    from jiading_cli.config import load_config
    from jiading_cli.pages.urls import local

    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    assert local(load_config(tmp_path / "jiading.toml"), written) == (written if shown is None else shown)
