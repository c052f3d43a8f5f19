"""Public URLs of a site's files: folders are resolved once per run, paths joined as strings, with the answers
Path.resolve and pathlib give."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, front
from jiading_cli.base.urls import parse_url
from jiading_cli.config import load_config
from jiading_cli.content.resolver import file_url
from jiading_cli.content.site import asset_url, load_file, local_file, public_url


def resolved_url(root: Path, path: Path) -> str:
    """The URL from each path resolved whole, as file_url gave it before it kept folders."""
    path = path.resolve()
    for base in ((root / "articles").resolve(), root.resolve()):
        if path.is_relative_to(base):
            return "https://news.example.com/" + quote(path.relative_to(base).as_posix(), safe="/-._~")
    return "https://news.example.com/" + quote(path.name, safe="/-._~")


def pathlib_url(root: Path, path: Path) -> str:
    """The URL as file_url gave it with pathlib alone: the folder resolved, the name kept unless a link."""
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", "..") or path.is_symlink():
        path = path.resolve()
    else:
        path = Path(folder).resolve() / name
    for base in ((root / "articles").resolve(), root.resolve()):
        if path.is_relative_to(base):
            return "https://news.example.com/" + quote(path.relative_to(base).as_posix(), safe="/-._~")
    return "https://news.example.com/" + quote(path.name, safe="/-._~")


def outcome(make: Callable[[], str]) -> tuple[str, str]:
    """The URL made, or the error raised (a NUL byte in a path: pathlib and the strings raise alike)."""
    try:
        return "url", make()
    except ValueError as exc:
        return "error", type(exc).__name__


@pytest.mark.parametrize(
    "relative",
    [
        "articles/images/photo.png",
        "articles/en/../images/photo.png",
        "articles/pictures/photo.png",  # a linked folder
        "articles/images/linked.png",  # a linked file, elsewhere
        "articles/images/missing.png",
        "articles/missing-folder/x.png",
        "outside.png",
        "articles/images/../../outside.png",
    ],
)
def test_a_file_url_is_the_one_its_whole_resolved_path_gives(site: Site, relative: str) -> None:
    root = site.root
    (root / "articles" / "images").mkdir(parents=True)
    (root / "articles" / "en").mkdir()
    (root / "articles" / "images" / "photo.png").write_bytes(b"png")
    (root / "outside.png").write_bytes(b"png")
    (root / "articles" / "pictures").symlink_to(root / "articles" / "images")
    (root / "articles" / "images" / "linked.png").symlink_to(root / "outside.png")
    config = load_config(root)
    assert file_url(config, root / relative) == resolved_url(root, root / relative)


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose folders and files have spaces, unicode, dots and links, and articles at several depths."""
    root = tmp_path_factory.mktemp("odd site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for folder in ("articles/en/2017", "articles/中文 新闻", "articles/images/a b", "articles/..x"):
        (root / folder).mkdir(parents=True)
    for name in ("photo.png", "a b.png", "图 1.png", "..png", "a b/c.png"):
        (root / "articles/images" / name).write_bytes(b"png")
    (root / "outside.png").write_bytes(b"png")
    (root / "articles/pictures").symlink_to(root / "articles/images")
    (root / "articles/images/linked.png").symlink_to(root / "outside.png")
    (root / "articles/images/up").symlink_to(root)
    for article in ARTICLES:
        (root / article).write_text(front() + "Body.\n", encoding="utf-8")
    return root


ARTICLES = (
    "articles/a.md",
    "articles/en/2017/a.md",
    "articles/中文 新闻/a.md",
    "articles/..x/a.md",
    "articles/pictures/a.md",
)
PARTS = ["images", "pictures", "photo.png", "a b.png", "a%20b.png", "图 1.png", "%E5%9B%BE%201.png", "..png", "a b",
         "c.png", "linked.png", "up", "missing", "..", ".", "", "..x", "a%2Fb", "%2E%2E", "x\\y", "%00"]  # fmt: skip


@settings(max_examples=400)
@given(
    article=st.sampled_from(ARTICLES),
    names=st.lists(st.sampled_from(PARTS) | st.text(max_size=4), min_size=1, max_size=5),
    tail=st.sampled_from(["", "?w=1", "#top", "?a=b#c", "/", "?"]),
)
def test_an_asset_url_is_the_one_pathlib_gives(odd_site: Path, article: str, names: list[str], tail: str) -> None:
    config = load_config(odd_site)
    written = load_file(config, odd_site / article).article
    assert written is not None
    ref = "/".join(names) + tail
    parts = parse_url(ref)
    query = "" if isinstance(parts, str) else ("?" + parts.query if parts.query else "")
    fragment = "" if isinstance(parts, str) else ("#" + parts.fragment if parts.fragment else "")
    expected = outcome(lambda: pathlib_url(odd_site, local_file(config, written, ref)) + query + fragment)
    assert outcome(lambda: asset_url(config, written, ref)) == expected


@settings(max_examples=200)
@given(names=st.lists(st.sampled_from(PARTS) | st.text(max_size=4), min_size=1, max_size=5))
def test_a_file_url_of_any_path_is_the_one_pathlib_gives(odd_site: Path, names: list[str]) -> None:
    path = odd_site / "articles" / "/".join(names)
    config = load_config(odd_site)
    assert outcome(lambda: file_url(config, path)) == outcome(lambda: pathlib_url(odd_site, path))


def test_an_hour_a_clock_shows_twice_gives_each_its_own_day(site: Site) -> None:
    # 02:30 in Auckland on 7 April 2024 happened twice: at 23:30 on the 6th and at 00:30 on the 7th in Brisbane
    toml = CONFIG.replace("Asia/Shanghai", "Australia/Brisbane") + 'permalink = "/{year}/{month}/{day}/{slug}/"\n'
    (site.root / "jiading.toml").write_text(toml, encoding="utf-8")
    config = load_config(site.root)
    article = load_file(config, site.article(slug="park")).article
    assert article is not None
    twice = dt.datetime(2024, 4, 7, 2, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    urls = [public_url(config, replace(article, date=twice.replace(fold=fold))) for fold in (0, 1, 0, 1)]
    assert urls == [f"https://news.example.com/2024/04/{day}/park/" for day in ("06", "07", "06", "07")]


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("https://例子.测试/新闻", "https://xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB"),
        ("https://Bücher.example:8443/news", "https://xn--bcher-kva.example:8443/news"),
        ("https://www.example.com/新闻/", "https://www.example.com/%E6%96%B0%E9%97%BB"),
    ],
)
def test_an_internationalised_base_url_is_written_as_a_uri_in_every_file(site: Site, given: str, written: str) -> None:
    """Feeds, the sitemap, pages and share cards take URIs: an IDN host in its ASCII form, a path percent-encoded."""
    import re

    from feeds.checks import check_atom, check_json, check_rss

    site.write("jiading.toml", CONFIG.replace("https://news.example.com", given))
    site.article(summary="Jiading signed a memorandum of strategic cooperation on finance with Shanghai.")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    public = site.root / "public"
    urls: list[str] = []
    for path in public.rglob("*"):
        if path.suffix in (".xml", ".json", ".html", ".txt"):
            urls += re.findall(r"https?://[^\s\"'<>]+", path.read_text(encoding="utf-8"))
    site_urls = [url for url in urls if "example" in url or "xn--" in url]
    assert site_urls and all(url.isascii() for url in site_urls), [u for u in site_urls if not u.isascii()][:3]
    assert any(url.startswith(written + "/") for url in site_urls)
    check_rss((public / "feed.xml").read_bytes())
    check_atom((public / "atom.xml").read_bytes())
    check_json((public / "feed.json").read_bytes())


def _spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A base URL written as a browser reads the same (its host's letters in any case, https's port written or not,
    ``:443``, ``:0443`` or a bare ``:``), and the one way it is written in every file."""
    host = draw(st.sampled_from(["news.example.com", "xn--bcher-kva.example", "[2001:db8::1]", "192.0.2.7"]))
    cased = "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in host)
    port = draw(st.sampled_from(["", ":", ":443", ":0443", ":8443"]))
    path = draw(st.sampled_from(["", "/", "/News", "/a/B/"]))
    return f"https://{cased}{port}{path}", f"https://{host}{':8443' if port == ':8443' else ''}{path}"


spellings = st.composite(_spellings)


@settings(max_examples=200, deadline=None)
@given(spellings())
def test_a_base_url_is_read_with_its_host_in_lowercase_and_without_https_own_port(
    tmp_path_factory: pytest.TempPathFactory, spelled: tuple[str, str]
) -> None:
    """Every URL a build makes starts with ``site.base_url``: written with ``:443`` or capitals in its host, the
    canonical URLs, the sitemap and the feeds named another origin than the site's own for the same site."""
    given_url, written = spelled
    root = tmp_path_factory.mktemp("base")
    (root / "jiading.toml").write_text(CONFIG.replace("https://news.example.com", given_url), encoding="utf-8")
    assert load_config(root / "jiading.toml").site.base_url == written


def test_a_site_whose_base_url_is_written_another_way_is_built_into_the_same_bytes(site: Site) -> None:
    site.article(summary="Jiading signed a memorandum of strategic cooperation on finance with Shanghai.")
    built = {}
    for spelled in ("https://news.example.com/news", "https://News.EXAMPLE.com:443/news"):
        site.write("jiading.toml", CONFIG.replace("https://news.example.com", spelled))
        result = site.run("build", "--out", f"out-{len(built)}")
        assert result.exit_code == 0, result.output
        out = site.root / f"out-{len(built)}"
        built[spelled] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        built[spelled] = {name: data for name, data in built[spelled].items() if not name.name.startswith(".")}
    first, second = built.values()
    assert len(first) > 10 and first == second
    assert b"https://news.example.com/news/" in first[Path("sitemap.xml")]


def test_an_articles_internationalised_urls_are_written_as_uris(site: Site) -> None:
    """An article's image and canonical URL, and a link in its body, with an IDN host and a non-ASCII path: every
    file names them as the URIs they stand for."""
    site.article(
        summary="Jiading signed a memorandum of strategic cooperation on finance with Shanghai.",
        image="https://例子.测试/图.png",
        image_alt="A picture",
        canonical_url="https://例子.测试/文章/",
        body="Read [the plan](https://例子.测试/计划?版=1).\n",
    )
    result = site.run("build")
    assert result.exit_code == 0, result.output
    texts = [
        p.read_text(encoding="utf-8")
        for p in (site.root / "public").rglob("*")
        if p.suffix in (".xml", ".json", ".html")
    ]
    assert not any("例子" in text or "%E4%BE%8B" in text for text in texts)
    joined = "\n".join(texts)
    for uri in ("https://xn--fsqu00a.xn--0zwm56d/%E5%9B%BE.png", "https://xn--fsqu00a.xn--0zwm56d/%E6%96%87%E7%AB%A0/"):
        assert uri in joined
