"""A translation is one both ways: whichever of two articles names the other in ``translations``, each one's page
lists the other as a language version (``hreflang`` in its head and its sitemap entry, a link to read it in that
language, the ``og:locale:alternate`` of its card, which ``share`` makes too), so a search engine, which takes an
``hreflang`` only when the page it names names it back, takes every one. The feeds' items carry the same versions
(``link rel="related"`` in Atom). Drawn graphs of translations (one way, both ways, chains, cycles, drafts), each
edited and built again from the caches the build before left, give the bytes a build without any cache gives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from conftest import CONFIG, Site, settle, tree

LANGS = ("en", "zh-CN", "fr", "de")
ID = "urn:uuid:00000000-0000-4000-8000-0000000001{n:02d}"
Graph = tuple[tuple[int, ...], ...]  # for each article, the articles it names


def write(root: Path, graph: Graph, drafts: frozenset[int], title: str = "") -> None:
    """Article ``n`` in language ``LANGS[n]``, naming the articles ``graph[n]`` lists, each in its language."""
    for n, names in enumerate(graph):
        lang = LANGS[n]
        pairs = {LANGS[m]: ID.format(n=m) for m in names if m != n}
        translations = "".join(f"\n  {key}: {value}" for key, value in pairs.items()) or " {}"
        text = (
            f"---\nid: {ID.format(n=n)}\ntitle: Park {n}{title}\ndate: 2021-05-{1 + n:02d}T09:30:00+08:00\n"
            f"summary: Park {n} opens in Jiading, with room for forty firms.\nlang: {lang}\nslug: park-{n}\n"
            f"draft: {'true' if n in drafts else 'false'}\ntranslations:{translations}\n---\nPark {n} opens.\n"
        )
        path = root / "articles" / lang.lower() / f"park-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def versions(out: Path) -> dict[str, set[str]]:
    """Each article page's URL and the URLs of its language versions (its ``hreflang`` links but x-default)."""
    found = {}
    for page in out.rglob("park-*/index.html"):
        doc = html.fromstring(page.read_bytes())
        (canonical,) = doc.xpath("//link[@rel='canonical']/@href")
        found[canonical] = set(doc.xpath("//head/link[@rel='alternate'][@hreflang!='x-default']/@href")) - {canonical}
    return found


def feed_versions(out: Path) -> dict[str, set[str]]:
    """Each item of the site's Atom feed: its URL and the URLs of the translations it carries."""
    atom = "{http://www.w3.org/2005/Atom}"
    found = {}
    for entry in etree.parse(str(out / "atom.xml")).iter(f"{atom}entry"):
        (url,) = entry.xpath("*[local-name()='link'][@rel='alternate']/@href")
        found[url] = set(entry.xpath("*[local-name()='link'][@rel='related']/@href"))
    return found


def page_locales(out: Path) -> dict[str, list[str]]:
    """Each article page's ``og:locale:alternate``, by its slug."""
    found = {}
    for page in out.rglob("park-*/index.html"):
        doc = html.fromstring(page.read_bytes())
        found[page.parent.name] = doc.xpath("//meta[@property='og:locale:alternate']/@content")
    return found


def card_locales(site: Site, root: Path) -> dict[str, list[str]]:
    """The same, as ``share --out`` writes each published article's card (``opengraph.html``)."""
    out = root.with_name(root.name + "-cards")
    shutil.rmtree(out, ignore_errors=True)
    result = site.run("--config", str(root / "jiading.toml"), "share", "--out", str(out))
    assert result.exit_code == 0, result.output
    found = {}
    for card in out.rglob("opengraph.html"):
        doc = html.fromstring(card.read_bytes())
        found[card.parent.name] = doc.xpath("//meta[@property='og:locale:alternate']/@content")
    return found


def sitemap_versions(out: Path) -> dict[str, set[str]]:
    tree_ = etree.parse(str(out / "sitemap.xml"))
    found = {}
    for url in tree_.xpath("//*[local-name()='url']"):
        loc = url.xpath("string(*[local-name()='loc'])")
        links = url.xpath("*[local-name()='link'][@hreflang!='x-default']/@href")
        found[loc] = set(links) - {loc}
    return found


# At most one article of each language: two of one language joined to the same article are a conflict no page can
# show both ways (each page lists one version of a language), which the graphs leave out
graphs = (
    st.integers(2, len(LANGS))
    .flatmap(
        lambda size: st.lists(st.lists(st.integers(0, size - 1), max_size=3).map(tuple), min_size=size, max_size=size)
    )
    .map(tuple)
)


@pytest.fixture
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("versions")


def built(site: Site, root: Path, cache: bool) -> dict[str, bytes]:
    result = site.run("--config", str(root / "jiading.toml"), "build", env=None if cache else {"JIADING_CACHE": "off"})
    assert result.exit_code == 0, result.output
    return tree(root / "public")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=graphs, second=graphs, drafts=st.frozensets(st.integers(0, 3), max_size=1))
def test_every_language_version_a_page_lists_lists_it_back(
    site: Site, root: Path, first: Graph, second: Graph, drafts: frozenset[int]
) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    write(root, first, frozenset())
    settle(root)
    built(site, root, cache=True)
    for path in (root / "articles").rglob("park-*.md"):
        if int(path.stem.removeprefix("park-")) >= len(second):
            path.unlink()
    write(root, second, drafts, title=" again")
    incremental = built(site, root, cache=True)
    out = root / "public"
    pages = versions(out)
    for url, others in pages.items():
        assert all(url in pages.get(other, set()) for other in others), (url, others)
    assert {loc: links for loc, links in sitemap_versions(out).items() if loc in pages} == pages
    assert feed_versions(out) == pages
    locales = page_locales(out)
    cards = card_locales(site, root)  # a draft's card too: it has no page
    assert {slug: found for slug, found in cards.items() if slug in locales} == locales
    cold = root.with_name(root.name + "-cold")
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    assert built(site, cold, cache=False) == incremental


def test_an_article_named_by_another_alone_lists_it_and_links_it(site: Site) -> None:
    """The English article names the Chinese one; the Chinese one names nothing: its page links the English one."""
    write(site.root, ((1,), ()), frozenset())
    assert site.run("build").exit_code == 0
    out = site.root / "public"
    page = html.fromstring((out / "zh-cn/news/2021/05/park-1/index.html").read_bytes())
    assert page.xpath("//a[@rel='alternate']/@href") == ["/en/news/2021/05/park-0/"]
    assert page.xpath("//head/link[@hreflang]/@hreflang") == ["zh-CN", "en", "x-default"]
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    chinese = next(item for item in feed["items"] if item["url"].endswith("/park-1/"))
    assert chinese["_jiading"]["translations"] == [
        {"language": "en", "url": "https://news.example.com/en/news/2021/05/park-0/"}
    ]
